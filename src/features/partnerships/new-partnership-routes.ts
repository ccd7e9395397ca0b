import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { noErrors, saveOrShowErrors } from '../../platform/http/forms.ts';
import { newPartnershipValues } from './new-partnership.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formBody } from '../../platform/http/schemas.ts';
import { MONTHS } from '../../platform/dates.ts';

export async function newPartnershipRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const months = (chosen: string) => MONTHS.map((text, i) => ({ value: String(i + 1), text, selected: String(i + 1) === chosen }));
  const view = (values: ReturnType<typeof newPartnershipValues>) => ({
    pageTitle: 'Add a partnership', values,
    planMonths: months(values.planYearStartMonth), assessmentMonths: months(values.assessmentYearStartMonth),
  });

  app.get('/partnerships/new', { config: { access: 'instance-admin' } }, async (_request, reply) => {
    return reply.page('partnerships/views/new-partnership.njk', { ...view(newPartnershipValues()), ...noErrors });
  });

  app.post('/partnerships/new', { config: { access: 'instance-admin' }, schema: { body: formBody } }, async (request, reply) => {
    const values = newPartnershipValues(request.body);
    return saveOrShowErrors(
      () => services.newPartnership.create(values, request.user),
      (slug) => reply.redirect(`/p/${slug}/admin`, 303),
      (errors) => reply.status(400).page('partnerships/views/new-partnership.njk', { ...view(values), ...errors }),
    );
  });
}
