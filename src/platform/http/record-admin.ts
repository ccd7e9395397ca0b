// The administration pages every simple register shares: a list, an "add" form, an "edit" form that
// saves only if nobody else saved since it was opened, and a confirmed removal. A feature gives what
// differs (its views, its form values and its service calls); the routes, status codes, redirects,
// flash messages and conflict handling are the same everywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './access.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from './forms.ts';
import { formBody, id, partnershipParams, query, slug } from './schemas.ts';
import { scopeOf, type Scope } from './scope.ts';

export type AdminPage = Scope & { base: string; listHref: string; breadcrumbs: { text: string; href: string }[] };

export interface RecordAdmin<V extends { version: string }, R extends { id: number; version: number }> {
  /** The list's path under the partnership, e.g. `admin/help` → /p/:slug/admin/help. */
  path: string;
  /** What one record is called, for "… not found" and the headings: "service". */
  noun: string;
  /** The list's title and crumb: "Where to get help". */
  title: string;
  access: Access;
  views: { list: string; form: string };
  /** Form values from a posted body (all text, so the form shows again as it was filled in), or blank ones. */
  valuesOf(body?: Record<string, unknown>): V;
  valuesOfRecord(r: R): V;
  nameOf(r: R): string;
  list(scope: Scope): Promise<Record<string, unknown>>;
  one(scope: Scope, id: number): Promise<R>;
  add(scope: Scope, v: V): Promise<number>;
  update(scope: Scope, id: number, v: V): Promise<void>;
  remove(scope: Scope, id: number): Promise<void>;
  /** What the removal page says will happen. */
  removalText(r: R): string;
  /** More for the form's view (choice lists…). */
  formContext?(scope: Scope, v: V): Promise<Record<string, unknown>>;
  /** The field the "someone else saved" message is shown against. */
  conflictField: string;
}

const FLASHES: Record<string, (noun: string) => string> = {
  added: (n) => `The ${n} is added`, saved: (n) => `The ${n} is saved`, removed: (n) => `The ${n} is removed`,
};

export async function recordAdminRoutes<V extends { version: string }, R extends { id: number; version: number }>(
  plain: FastifyInstance, spec: RecordAdmin<V, R>,
) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const config = { access: spec.access };
  const listUrl = `/p/:slug/${spec.path}`;
  const params = z.object({ slug, id: id(spec.noun.replace(/^./, (c) => c.toUpperCase())) });

  const pageOf = (request: FastifyRequest): AdminPage => {
    const scope = scopeOf(request);
    const listHref = `/p/${scope.partnership.slug}/${spec.path}`;
    return { ...scope, base: `/p/${scope.partnership.slug}`, listHref, breadcrumbs: [{ text: spec.title, href: listHref }] };
  };

  async function form(reply: FastifyReply, page: AdminPage, ctx: { values: V; action: string; heading: string; errors?: FormErrors; conflict?: R; status?: number }) {
    return reply.status(ctx.status ?? 200).page(spec.views.form, {
      ...page, ...(ctx.errors ?? noErrors), ...(await spec.formContext?.(page, ctx.values)),
      pageTitle: ctx.heading, heading: ctx.heading, action: ctx.action, values: ctx.values, conflict: ctx.conflict,
    });
  }

  app.get(listUrl, { config, schema: { params: partnershipParams, querystring: query('saved') } }, async (request, reply) => {
    const page = pageOf(request);
    const flash = FLASHES[request.query.saved ?? '']?.(spec.noun);
    return reply.page(spec.views.list, { ...page, ...(await spec.list(page)), pageTitle: spec.title, flash, breadcrumbs: [] });
  });

  const addHeading = `Add a ${spec.noun}`;
  app.get(`${listUrl}/new`, { config, schema: { params: partnershipParams } }, async (request, reply) => {
    const page = pageOf(request);
    return form(reply, page, { values: spec.valuesOf(), action: page.listHref, heading: addHeading });
  });

  app.post(listUrl, { config, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const page = pageOf(request);
    const values = spec.valuesOf(request.body);
    return saveOrShowErrors(() => spec.add(page, values),
      () => reply.redirect(`${page.listHref}?saved=added`, 303),
      (errors) => form(reply, page, { values, action: page.listHref, heading: addHeading, errors, status: 400 }));
  });

  app.get(`${listUrl}/:id/edit`, { config, schema: { params } }, async (request, reply) => {
    const page = pageOf(request);
    const r = await spec.one(page, request.params.id);
    return form(reply, page, { values: spec.valuesOfRecord(r), action: `${page.listHref}/${r.id}`, heading: `Edit ${spec.nameOf(r)}` });
  });

  app.post(`${listUrl}/:id`, { config, schema: { params, body: formBody } }, async (request, reply) => {
    const page = pageOf(request);
    const recordId = request.params.id;
    const values = spec.valuesOf(request.body);
    return saveOrShowErrors(() => spec.update(page, recordId, values),
      () => reply.redirect(`${page.listHref}?saved=saved`, 303),
      async (errors, conflict) => {
        const saved = await spec.one(page, recordId);
        // After a conflict the form carries the saved version, so saving again is a deliberate choice.
        return form(reply, page, {
          values: conflict ? { ...values, version: String(saved.version) } : values, action: `${page.listHref}/${recordId}`,
          heading: `Edit ${spec.nameOf(saved)}`, errors, conflict: conflict ? saved : undefined, status: conflict ? 409 : 400,
        });
      },
      { conflict: { field: spec.conflictField, message: `Someone else saved this ${spec.noun} after you opened it. Their version is shown above the form: check it, then save again to replace it with yours.` } });
  });

  app.get(`${listUrl}/:id/remove`, { config, schema: { params } }, async (request, reply) => {
    const page = pageOf(request);
    const r = await spec.one(page, request.params.id);
    return reply.page('record-remove.njk', {
      ...page, pageTitle: `Remove ${spec.nameOf(r)}`, heading: `Remove ${spec.nameOf(r)}?`, text: spec.removalText(r),
      action: `${page.listHref}/${r.id}/remove`, buttonText: `Yes, remove this ${spec.noun}`, cancelHref: page.listHref,
    });
  });

  app.post(`${listUrl}/:id/remove`, { config, schema: { params, body: formBody } }, async (request, reply) => {
    const page = pageOf(request);
    await spec.remove(page, request.params.id);
    return reply.redirect(`${page.listHref}?saved=removed`, 303);
  });
}
