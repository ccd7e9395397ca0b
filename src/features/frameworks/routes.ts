import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { ValidationError } from '../../platform/errors.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { idParam } from '../partnerships/admin/route-helpers.ts';
import type { EditableItem, EditableSection } from './service.ts';
import { FRAMEWORK_KINDS, checkFramework, frameworkValues, itemChange, itemValues, type FrameworkFormValues, type ItemFormValues } from './framework-form.ts';

// C2: coordinators and administrators add frameworks and keep their items' wording up to date.

/** Adding frameworks and changing their items: the partnership's coordinators and administrators. */
const MANAGERS = { config: { access: { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators and administrators can change its frameworks.' } } } as const;

export async function frameworkRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const crumbs = (scope: Scope) => [{ text: 'Frameworks', href: `/p/${scope.partnership.slug}/frameworks` }];

  const renderNew = (reply: FastifyReply, scope: Scope, values: FrameworkFormValues, errors: FormErrors, status = 200) =>
    reply.status(status).page('frameworks/views/new-framework.njk', {
      ...scope, ...errors, pageTitle: 'Add a framework', values, breadcrumbs: crumbs(scope),
      kinds: FRAMEWORK_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k], checked: values.kind === k })),
    });

  app.get('/p/:slug/frameworks/new', MANAGERS, async (request, reply) => renderNew(reply, scopeOf(request), frameworkValues(), noErrors));

  app.post('/p/:slug/frameworks/new', MANAGERS, async (request, reply) => {
    const scope = scopeOf(request);
    const values = frameworkValues(request.body as Record<string, unknown>);
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

  app.get('/p/:slug/frameworks/items/:id/edit', MANAGERS, async (request, reply) => {
    const scope = scopeOf(request);
    const item = await services.frameworks.getItem(scope.partnership.id, idParam(request.params, 'id', 'Framework item'));
    const values = { title: item.title, commitments: item.commitments.join('\n'), outcome: item.outcome ?? '', version: String(item.version) };
    return renderItem(reply, scope, item, values, noErrors);
  });

  app.post('/p/:slug/frameworks/items/:id/edit', MANAGERS, async (request, reply) => {
    const scope = scopeOf(request);
    const id = idParam(request.params, 'id', 'Framework item');
    const item = await services.frameworks.getItem(scope.partnership.id, id);
    const values = itemValues(request.body as Record<string, unknown>);
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

  app.get('/p/:slug/frameworks/sections/:id/edit', MANAGERS, async (request, reply) => {
    const scope = scopeOf(request);
    const section = await services.frameworks.getSection(scope.partnership.id, idParam(request.params, 'id', 'Framework section'));
    const values = { title: section.title, commitments: section.commitments.join('\n'), outcome: section.outcome ?? '', version: String(section.version) };
    return renderSection(reply, scope, section, values, noErrors);
  });

  app.post('/p/:slug/frameworks/sections/:id/edit', MANAGERS, async (request, reply) => {
    const scope = scopeOf(request);
    const id = idParam(request.params, 'id', 'Framework section');
    const section = await services.frameworks.getSection(scope.partnership.id, id);
    const values = itemValues(request.body as Record<string, unknown>);
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

  app.get('/p/:slug/frameworks/sections/:id/history', { config: { access: 'public' } }, async (request, reply) => {
    const scope = scopeOf(request);
    const section = await services.frameworks.getSection(scope.partnership.id, idParam(request.params, 'id', 'Framework section'));
    const heading = `${section.frameworkName}: ${section.title}`;
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${heading}`, heading, history: await services.frameworks.sectionHistory(section.id, scope.actor),
      backHref: `/p/${scope.partnership.slug}/frameworks#framework-${section.frameworkId}`, breadcrumbs: crumbs(scope),
    });
  });

  app.get('/p/:slug/frameworks/items/:id/history', { config: { access: 'public' } }, async (request, reply) => {
    const scope = scopeOf(request);
    const item = await services.frameworks.getItem(scope.partnership.id, idParam(request.params, 'id', 'Framework item'));
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
