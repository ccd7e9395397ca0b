import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { newPartnershipValues, type NewPartnershipValues } from './new-partnership.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formBody } from '../../platform/http/schemas.ts';
import { MONTHS } from '../../platform/dates.ts';

// Adding a partnership takes two steps: the form (districts chosen by name), then a check page that
// shows the police force derived from the districts; the partnership is made when that is confirmed.

const FORM = 'partnerships/views/new-partnership.njk';
const CHECK = 'partnerships/views/new-partnership-check.njk';

export async function newPartnershipRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const months = (chosen: string) => MONTHS.map((text, i) => ({ value: String(i + 1), text, selected: String(i + 1) === chosen }));

  /** The form, with a chooser per chosen district and one more left blank for the next. */
  async function showForm(reply: FastifyReply, values: NewPartnershipValues, errors: FormErrors = noErrors, status = 200) {
    const districts = await services.newPartnership.districts();
    const known = new Set(districts.map((d) => d.code));
    const chooser = (chosen: string) => [
      { value: '', text: 'Choose a district' },
      // A code that is not a district stays in its chooser, so what was sent is not lost.
      ...(chosen && !known.has(chosen) ? [{ value: chosen, text: chosen, selected: true }] : []),
      ...districts.map((d) => ({ value: d.code, text: d.label, selected: d.code === chosen })),
    ];
    return reply.status(status).page(FORM, {
      pageTitle: 'Add a partnership', values, ...errors,
      districtChoosers: [...values.areaCodes, ''].map(chooser),
      planMonths: months(values.planYearStartMonth), assessmentMonths: months(values.assessmentYearStartMonth),
    });
  }

  app.get('/partnerships/new', { config: { access: 'instance-admin' } }, async (_request, reply) => {
    return showForm(reply, newPartnershipValues());
  });

  app.post('/partnerships/new', { config: { access: 'instance-admin' }, schema: { body: formBody } }, async (request, reply) => {
    const values = newPartnershipValues(request.body);
    const action = request.body.action;
    // "Add another district" and "Change" go back to the form with everything as it was.
    if (action === 'add-district' || action === 'change') return showForm(reply, values);
    return saveOrShowErrors(
      () => services.newPartnership.review(values, request.user),
      async (review) => {
        if (!review.confirmed) {
          const month = (m: number) => MONTHS[m - 1];
          return reply.page(CHECK, {
            pageTitle: 'Check the new partnership', values, review,
            planMonth: month(review.planYearStartMonth), assessmentMonth: month(review.assessmentYearStartMonth),
          });
        }
        return saveOrShowErrors(
          () => services.newPartnership.create(values, request.user),
          (slug) => reply.redirect(`/p/${slug}/admin`, 303),
          (errors) => showForm(reply, values, errors, 400),
        );
      },
      (errors) => showForm(reply, values, errors, 400),
    );
  });
}
