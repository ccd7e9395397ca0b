import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { ValidationError } from '../../platform/errors.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import type { Access } from '../../platform/http/access.ts';
import type { EditableItem, EditableSection } from './service.ts';
import { FRAMEWORK_KINDS, checkFramework, frameworkValues, itemChange, itemValues, type FrameworkFormValues, type ItemFormValues } from './framework-form.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formBody, id, partnershipParams, slug } from '../../platform/http/schemas.ts';

// C2: coordinators and administrators add frameworks and keep their items' wording up to date.

/** Adding frameworks and changing their items: the partnership's coordinators and administrators. */
const MANAGERS: Access = { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators and administrators can change its frameworks.' };

export async function frameworkRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const crumbs = (scope: Scope) => [{ text: 'Frameworks', href: `/p/${scope.partnership.slug}/frameworks` }];

  const renderNew = (reply: FastifyReply, scope: Scope, values: FrameworkFormValues, errors: FormErrors, status = 200) =>
    reply.status(status).page('frameworks/views/new-framework.njk', {
      ...scope, ...errors, pageTitle: 'Add a framework', values, breadcrumbs: crumbs(scope),
      kinds: FRAMEWORK_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k], checked: values.kind === k })),
    });

  app.get('/p/:slug/frameworks/new', { config: { access: MANAGERS }, schema: { params: partnershipParams } }, async (request, reply) => renderNew(reply, scopeOf(request), frameworkValues(), noErrors));

  app.post('/p/:slug/frameworks/new', { config: { access: MANAGERS }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = frameworkValues(request.body);
    return saveOrShowErrors(
      async () => {
        const checked = checkFramework(values);
        if (!checked.ok) throw new ValidationError(checked.errors);
        return services.frameworks.create(scope.partnership.id, checked.framework, scope.actor);
      },
      ({ id }) => reply.redirect(`/p/${scope.partnership.slug}/frameworks#framework-${id}`, 303),
      (errors) => renderNew(reply, scope, values, errors, 400),
    );
  });

  const renderItem = (reply: FastifyReply, scope: Scope, item: EditableItem, values: ItemFormValues, errors: FormErrors,
    status = 200, conflict?: EditableItem) => reply.status(status).page('frameworks/views/edit-item.njk', {
    ...scope, ...errors, pageTitle: `Change ${item.number}. ${item.title}`, item, values, conflict, breadcrumbs: crumbs(scope),
  });

  app.get('/p/:slug/frameworks/items/:id/edit', { config: { access: MANAGERS }, schema: { params: z.object({ slug, id: id('Framework item') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const item = await services.frameworks.getItem(scope.partnership.id, request.params.id);
    const values = { title: item.title, commitments: item.commitments.join('\n'), outcome: item.outcome ?? '', version: String(item.version) };
    return renderItem(reply, scope, item, values, noErrors);
  });

  app.post('/p/:slug/frameworks/items/:id/edit', { config: { access: MANAGERS }, schema: { params: z.object({ slug, id: id('Framework item') }), body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const item = await services.frameworks.getItem(scope.partnership.id, id);
    const values = itemValues(request.body);
    return saveOrShowErrors(
      () => services.frameworks.updateItem(scope.partnership.id, id, itemChange(values), scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/frameworks#framework-${item.frameworkId}`, 303),
      (errors, conflict) => {
        if (!conflict) return renderItem(reply, scope, item, values, errors, 400);
        const saved = conflict.current as EditableItem;
        // The form now carries the saved version, so saving again is a deliberate choice.
        return renderItem(reply, scope, saved, { ...values, version: String(saved.version) }, errors, 409, saved);
      },
      { conflict: { field: 'title', message: 'Someone else saved this item after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } },
    );
  });

  // ---- A section of a framework: its commitments and its one outcome ----

  const renderSection = (reply: FastifyReply, scope: Scope, section: EditableSection, values: ItemFormValues, errors: FormErrors,
    status = 200, conflict?: EditableSection) => reply.status(status).page('frameworks/views/edit-section.njk', {
    ...scope, ...errors, pageTitle: `Change the section ${section.title}`, section, values, conflict, breadcrumbs: crumbs(scope),
  });

  app.get('/p/:slug/frameworks/sections/:id/edit', { config: { access: MANAGERS }, schema: { params: z.object({ slug, id: id('Framework section') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const section = await services.frameworks.getSection(scope.partnership.id, request.params.id);
    const values = { title: section.title, commitments: section.commitments.join('\n'), outcome: section.outcome ?? '', version: String(section.version) };
    return renderSection(reply, scope, section, values, noErrors);
  });

  app.post('/p/:slug/frameworks/sections/:id/edit', { config: { access: MANAGERS }, schema: { params: z.object({ slug, id: id('Framework section') }), body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const section = await services.frameworks.getSection(scope.partnership.id, id);
    const values = itemValues(request.body);
    return saveOrShowErrors(
      () => services.frameworks.updateSection(scope.partnership.id, id, itemChange(values), scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/frameworks#framework-${section.frameworkId}`, 303),
      (errors, conflict) => {
        if (!conflict) return renderSection(reply, scope, section, values, errors, 400);
        const saved = conflict.current as EditableSection;
        return renderSection(reply, scope, saved, { ...values, version: String(saved.version) }, errors, 409, saved);
      },
      { conflict: { field: 'title', message: 'Someone else saved this section after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } },
    );
  });

  app.get('/p/:slug/frameworks/sections/:id/history', { config: { access: 'public' }, schema: { params: z.object({ slug, id: id('Framework section') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const section = await services.frameworks.getSection(scope.partnership.id, request.params.id);
    const heading = `${section.frameworkName}: ${section.title}`;
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${heading}`, heading, history: await services.frameworks.sectionHistory(section.id, scope.actor),
      backHref: `/p/${scope.partnership.slug}/frameworks#framework-${section.frameworkId}`, breadcrumbs: crumbs(scope),
    });
  });

  app.get('/p/:slug/frameworks/items/:id/history', { config: { access: 'public' }, schema: { params: z.object({ slug, id: id('Framework item') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const item = await services.frameworks.getItem(scope.partnership.id, request.params.id);
    const heading = `${item.frameworkName}: ${item.number}. ${item.title}`;
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${heading}`, heading, history: await services.frameworks.history(item.id, scope.actor),
      backHref: `/p/${scope.partnership.slug}/frameworks#framework-${item.frameworkId}`, breadcrumbs: crumbs(scope),
    });
  });
}

const KIND_NAMES: Record<(typeof FRAMEWORK_KINDS)[number], string> = {
  pcc_plan: 'Police and Crime Plan', county_strategy: 'County strategy', council_plan: 'Council plan', other: 'Other',
};
