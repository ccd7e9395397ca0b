// The statutory calendar page: every duty of the partnership with its state, due date, the law behind
// it and the record it was computed from; coordinators record here when the plan went to the PCC.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, partnershipParams, query } from '../../platform/http/schemas.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { formatDate } from '../../platform/dates.ts';
import { yearLabel } from '../partnerships/years.ts';
import type { PccSentValues } from './service.ts';

const MEMBERS: Access = { permission: 'read_internal', refusal: 'Only members of the partnership can see its statutory calendar.' };
const COORDINATORS: Access = { permission: 'edit_plan', refusal: 'Only the partnership’s coordinators can record when the plan was sent to the Police and Crime Commissioner.' };

export const STATE_TAGS = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  due: { text: 'Due', classes: 'govuk-tag--yellow' },
  late: { text: 'Late', classes: 'govuk-tag--red' },
  not_recorded: { text: 'Not recorded', classes: 'govuk-tag--grey' },
} as const;

export async function calendarRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  const render = async (reply: FastifyReply, scope: Scope, values: Partial<PccSentValues>, errors: FormErrors, status = 200, recorded?: string) => {
    const [duties, choices] = await Promise.all([
      services.calendar.duties(scope.partnership, scope.actor),
      services.calendar.pccChoices(scope.partnership, scope.actor),
    ]);
    const canRecord = actorCan(scope.actor, 'edit_plan');
    return reply.status(status).page('calendar/views/calendar.njk', {
      ...scope, ...errors, pageTitle: 'Statutory calendar', duties, stateTags: STATE_TAGS, canRecord, values,
      flash: recorded ? `Recorded: the plan for ${recorded} was sent to the Police and Crime Commissioner` : undefined,
      today: formatDate(services.calendar.today()),
      planChoices: [{ value: '', text: 'Select a plan' }, ...choices.map((c) => ({ value: String(c.startYear), selected: values.startYear === String(c.startYear),
        text: `${c.label}${c.sentOn ? ` (recorded as sent on ${formatDate(c.sentOn)})` : ''}` }))],
    });
  };

  app.get('/p/:slug/calendar', { config: { access: MEMBERS }, schema: { params: partnershipParams, querystring: query('recorded') } }, async (request, reply) => {
    const recorded = /^\d{4}$/.test(request.query.recorded ?? '') ? yearLabel(Number(request.query.recorded)) : undefined;
    return render(reply, scopeOf(request), {}, noErrors, 200, recorded);
  });

  app.post('/p/:slug/calendar/pcc', { config: { access: COORDINATORS }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values: PccSentValues = { startYear: field(request.body, 'startYear'), 'sentOn-day': field(request.body, 'sentOn-day'),
      'sentOn-month': field(request.body, 'sentOn-month'), 'sentOn-year': field(request.body, 'sentOn-year') };
    return saveOrShowErrors(() => services.calendar.recordPccSent(scope.partnership, values, scope.actor),
      (saved) => reply.redirect(`/p/${scope.partnership.slug}/calendar?recorded=${saved.startYear}#pcc`, 303),
      (errors) => render(reply, scope, values, errors, 400));
  });
}
