// The glossary pages: administrators list, add, edit and remove the partnership's terms.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { formBody, partnershipParams } from '../../../platform/http/schemas.ts';
import { MANAGE, V, adminScope, flashOf, flashQuery, recordParams, type AdminScope } from '../admin/route-helpers.ts';
import { MEANING_MAX, TERM_MAX, glossaryValues, type GlossaryFormValues } from './glossary.ts';
import type { GlossaryTerm } from './queries.ts';

const params = recordParams('Glossary entry');

export async function glossaryRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;
  const listCrumbs = (scope: AdminScope) => [scope.adminCrumb, { text: 'Glossary', href: `${scope.base}/glossary` }];

  function termForm(reply: FastifyReply, scope: AdminScope, ctx: {
    values: GlossaryFormValues; action: string; heading: string; errors?: FormErrors; conflict?: GlossaryTerm; status?: number;
  }) {
    return reply.status(ctx.status ?? 200).page(`${V}admin-glossary-form.njk`, {
      ...scope, ...(ctx.errors ?? noErrors), pageTitle: ctx.heading, heading: ctx.heading, action: ctx.action, values: ctx.values,
      conflict: ctx.conflict, termMax: TERM_MAX, meaningMax: MEANING_MAX, breadcrumbs: listCrumbs(scope),
    });
  }

  app.get('/p/:slug/admin/glossary', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: flashQuery } }, async (request, reply) => {
    const scope = adminScope(request);
    const terms = await admin.glossaryTerms(scope.partnership, scope.actor);
    return reply.page(`${V}admin-glossary.njk`, { ...scope, pageTitle: 'Glossary', terms, flash: flashOf(request.query), breadcrumbs: [scope.adminCrumb] });
  });

  app.get('/p/:slug/admin/glossary/new', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return termForm(reply, scope, { values: glossaryValues(), action: `${scope.base}/glossary`, heading: 'Add a term to the glossary' });
  });

  app.post('/p/:slug/admin/glossary', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const values = glossaryValues(request.body);
    return saveOrShowErrors(() => admin.addGlossaryTerm(scope.partnership, values, scope.actor),
      () => reply.redirect(`${scope.base}/glossary?saved=term-added`, 303),
      (errors) => termForm(reply, scope, { values, action: `${scope.base}/glossary`, heading: 'Add a term to the glossary', errors, status: 400 }));
  });

  app.get('/p/:slug/admin/glossary/:id/edit', { config: { access: MANAGE }, schema: { params } }, async (request, reply) => {
    const scope = adminScope(request);
    const t = await admin.glossaryTerm(scope.partnership, request.params.id, scope.actor);
    return termForm(reply, scope, { values: { term: t.term, meaning: t.meaning, version: String(t.version) },
      action: `${scope.base}/glossary/${t.id}`, heading: `Edit ${t.term}` });
  });

  app.post('/p/:slug/admin/glossary/:id', { config: { access: MANAGE }, schema: { params, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const id = request.params.id;
    const values = glossaryValues(request.body);
    return saveOrShowErrors(() => admin.updateGlossaryTerm(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`${scope.base}/glossary?saved=term-saved`, 303),
      async (errors, conflict) => {
        const saved = await admin.glossaryTerm(scope.partnership, id, scope.actor);
        // After a conflict the form carries the saved version, so saving again is a deliberate choice.
        return termForm(reply, scope, { values: conflict ? { ...values, version: String(saved.version) } : values,
          action: `${scope.base}/glossary/${id}`, heading: `Edit ${saved.term}`, errors,
          conflict: conflict ? saved : undefined, status: conflict ? 409 : 400 });
      },
      { conflict: { field: 'term', message: 'Someone else saved this entry after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } });
  });

  app.get('/p/:slug/admin/glossary/:id/remove', { config: { access: MANAGE }, schema: { params } }, async (request, reply) => {
    const scope = adminScope(request);
    const t = await admin.glossaryTerm(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: `Remove ${t.term} from the glossary`, heading: `Remove ${t.term} from the glossary?`,
      text: `${t.term} (${t.meaning}) will no longer be explained in the acronyms list of documents made from now on, unless it is an organisation’s acronym. The change is kept in the partnership’s history.`,
      action: `${scope.base}/glossary/${t.id}/remove`, buttonText: 'Yes, remove this term', cancelHref: `${scope.base}/glossary`,
      breadcrumbs: listCrumbs(scope),
    });
  });

  app.post('/p/:slug/admin/glossary/:id/remove', { config: { access: MANAGE }, schema: { params, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    await admin.removeGlossaryTerm(scope.partnership, request.params.id, scope.actor);
    return reply.redirect(`${scope.base}/glossary?saved=term-removed`, 303);
  });
}
