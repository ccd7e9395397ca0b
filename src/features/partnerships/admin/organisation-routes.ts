// Administration pages: the partnership's organisations.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { Organisation } from '../queries.ts';
import { yearLabel } from '../years.ts';
import { ORGANISATION_KINDS, organisationValues, type OrganisationFormValues } from './form-values.ts';
import { MANAGE, flashQuery, V, adminScope, flashOf, kindItems, type AdminScope } from './route-helpers.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formBody, id, partnershipParams, slug } from '../../../platform/http/schemas.ts';

function organisationForm(reply: FastifyReply, scope: AdminScope, ctx: {
  values: OrganisationFormValues; action: string; heading: string; errors?: FormErrors; conflict?: Organisation; status?: number;
}) {
  return reply.status(ctx.status ?? 200).page(`${V}admin-organisation-form.njk`, {
    ...scope, pageTitle: ctx.heading, heading: ctx.heading, action: ctx.action, values: ctx.values, conflict: ctx.conflict,
    kinds: [{ value: '', text: 'Select the kind' }, ...kindItems(ORGANISATION_KINDS, ctx.values.kind)], ...(ctx.errors ?? noErrors),
    breadcrumbs: [scope.adminCrumb, { text: 'Organisations', href: `${scope.base}/organisations` }],
  });
}

export async function organisationRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;

  app.get('/p/:slug/admin/organisations', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: flashQuery } }, async (request, reply) => {
    const scope = adminScope(request);
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    return reply.page(`${V}admin-organisations.njk`, {
      ...scope, pageTitle: 'Organisations', flash: flashOf(request.query), breadcrumbs: [scope.adminCrumb],
      organisations: organisations.map((o) => ({ ...o, memberYears: o.memberYears.map(yearLabel) })),
    });
  });

  app.get('/p/:slug/admin/organisations/new', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return organisationForm(reply, scope, { values: organisationValues(), action: `${scope.base}/organisations`, heading: 'Add an organisation' });
  });

  app.post('/p/:slug/admin/organisations', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const values = organisationValues(request.body);
    return saveOrShowErrors(() => admin.addOrganisation(scope.partnership, values, scope.actor),
      () => reply.redirect(`${scope.base}/organisations?saved=organisation-added`, 303),
      (errors) => organisationForm(reply, scope, { values, action: `${scope.base}/organisations`, heading: 'Add an organisation', errors, status: 400 }));
  });

  app.get('/p/:slug/admin/organisations/:id/edit', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Organisation') }) } }, async (request, reply) => {
    const scope = adminScope(request);
    const o = await admin.organisation(scope.partnership, request.params.id, scope.actor);
    return organisationForm(reply, scope, {
      values: { name: o.name, acronym: o.acronym ?? '', kind: o.kind, version: String(o.version) },
      action: `${scope.base}/organisations/${o.id}`, heading: `Edit ${o.name}`,
    });
  });

  app.post('/p/:slug/admin/organisations/:id', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Organisation') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const id = request.params.id;
    const values = organisationValues(request.body);
    return saveOrShowErrors(() => admin.updateOrganisation(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`${scope.base}/organisations?saved=organisation-saved`, 303),
      async (errors, conflict) => {
        const saved = await admin.organisation(scope.partnership, id, scope.actor);
        // After a conflict the form carries the saved version, so saving again is a deliberate choice.
        return organisationForm(reply, scope, { values: conflict ? { ...values, version: String(saved.version) } : values,
          action: `${scope.base}/organisations/${id}`, heading: `Edit ${saved.name}`, errors,
          conflict: conflict?.current as Organisation | undefined, status: conflict ? 409 : 400 });
      },
      { conflict: { field: 'name', message: 'Someone else saved this organisation after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } });
  });
}
