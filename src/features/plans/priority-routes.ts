import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { noErrors, saveOrShowErrors, toFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import { formBody, query } from '../../platform/http/schemas.ts';
import { priorityAnchor, priorityHeading, priorityLabel } from './priority-label.ts';
import type { PriorityKind } from './types.ts';
import { coordinators } from './access.ts';
import { objectiveParams, planParams, priorityParams } from './params.ts';
import {
  objectiveValuesFrom, objectiveValuesFromBody, priorityValuesFrom, priorityValuesFromBody,
  type ObjectiveFormValues, type ObjectiveRow, type PriorityFormValues, type PriorityRow,
} from './priority-service.ts';

const editHeading = (p: { kind: PriorityKind; number: number | null; title: string }) =>
  (p.kind === 'key' ? `Edit priority ${p.number}: ${p.title}` : `Edit the section “${p.title}”`);

// Key priorities and their objectives: add, edit, delete, history. The rules (who, when, which
// numbers, what happens to initiatives) live in the priorities service; these routes parse, call, render.

const FLASH: Record<string, string> = {
  added: 'Priority added. You can now add its objectives.',
  saved: 'Priority saved',
  'objective-added': 'Objective added',
  'objective-saved': 'Objective saved',
  'objective-removed': 'Objective removed. Its initiatives stay under the priority.',
};

const CONFLICT_MESSAGE = 'Someone else saved this after you opened it. Their version is shown below: check it, then save again to replace it with yours.';

function planHref(scope: Scope, plan: { year: string }) { return `/p/${scope.partnership.slug}/plans/${plan.year}`; }
function priorityHref(scope: Scope, id: number) { return `/p/${scope.partnership.slug}/priorities/${id}`; }

function crumbs(scope: Scope, plan: { year: string }, priority?: { id: number; kind: PriorityKind; number: number | null }) {
  return [
    { text: 'Plans', href: `/p/${scope.partnership.slug}/plans` },
    { text: plan.year, href: planHref(scope, plan) },
    ...(priority ? [{ text: priorityLabel(priority), href: `${planHref(scope, plan)}#${priorityAnchor(priority)}` }] : []),
  ];
}

export async function priorityRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const priorities = services.priorities;

  // ---- Add and edit a priority ----

  async function renderPriorityForm(reply: FastifyReply, scope: Scope, ctx: {
    plan: { year: string }; values: PriorityFormValues; action: string; heading: string;
    priority?: Awaited<ReturnType<typeof priorities.forEdit>>['priority']; errors?: FormErrors; conflict?: PriorityRow | null;
    status?: number; flash?: string; canChooseKind?: boolean;
  }) {
    return reply.status(ctx.status ?? 200).page('plans/views/priority-form.njk', {
      ...scope, pageTitle: ctx.heading, heading: ctx.heading, plan: ctx.plan, priority: ctx.priority, values: ctx.values,
      // The choice of kind is offered while the plan has no section outside its key priorities, or to that section itself.
      offerKind: ctx.canChooseKind ?? false,
      action: ctx.action, conflict: ctx.conflict ?? undefined, flash: ctx.flash, ...(ctx.errors ?? noErrors),
      backHref: planHref(scope, ctx.plan), breadcrumbs: crumbs(scope, ctx.plan),
    });
  }

  app.get('/p/:slug/plans/:year/priorities/new', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { plan, nextNumber, canAddCrossCutting } = await priorities.forNew(scope.partnership, request.params.year, scope.actor);
    return renderPriorityForm(reply, scope, { plan, values: { kind: 'key', number: String(nextNumber), title: '', commitments: '', evidence: '', version: '' },
      action: `${planHref(scope, plan)}/priorities`, heading: `Add a priority to the ${plan.year} plan`, canChooseKind: canAddCrossCutting });
  });

  app.post('/p/:slug/plans/:year/priorities', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const values = priorityValuesFromBody(request.body);
    return saveOrShowErrors(() => priorities.createPriority(scope.partnership, year, values, scope.actor),
      (id) => reply.redirect(`${priorityHref(scope, id)}/edit?done=added`, 303),
      async (errors) => {
        const { plan, canAddCrossCutting } = await priorities.forNew(scope.partnership, year, scope.actor);
        return renderPriorityForm(reply, scope, { plan, values, action: `${planHref(scope, plan)}/priorities`,
          heading: `Add a priority to the ${plan.year} plan`, errors, status: 400, canChooseKind: canAddCrossCutting });
      });
  });

  app.get('/p/:slug/priorities/:id/edit', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: priorityParams, querystring: query('done') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { priority, plan, canChooseKind } = await priorities.forEdit(scope.partnership, request.params.id, scope.actor);
    const { done } = request.query;
    return renderPriorityForm(reply, scope, { plan, priority, values: priorityValuesFrom(priority), action: priorityHref(scope, priority.id),
      heading: editHeading(priority), flash: done ? FLASH[done] : undefined, canChooseKind });
  });

  app.post('/p/:slug/priorities/:id', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: priorityParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const values = priorityValuesFromBody(request.body);
    return saveOrShowErrors(() => priorities.updatePriority(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`${priorityHref(scope, id)}/edit?done=saved`, 303),
      async (errors, conflict) => {
        const { priority, plan, canChooseKind } = await priorities.forEdit(scope.partnership, id, scope.actor);
        // After a conflict the form carries the saved version number, so saving again is a deliberate choice.
        return renderPriorityForm(reply, scope, {
          plan, priority, action: priorityHref(scope, id), heading: editHeading(priority), canChooseKind,
          values: conflict ? { ...values, version: String(priority.version) } : values,
          errors, conflict: conflict ? priority : undefined, status: conflict ? 409 : 400,
        });
      },
      { conflict: { field: 'title', message: CONFLICT_MESSAGE } });
  });

  // ---- Delete a priority ----

  async function renderDelete(reply: FastifyReply, scope: Scope, id: number, extra: { errors?: FormErrors; status?: number; into?: string } = {}) {
    const { priority, plan } = await priorities.forEdit(scope.partnership, id, scope.actor);
    // The other priorities of the plan, to merge this one into instead of deleting what is under it.
    const others = (await services.plans.get(scope.partnership, plan.startYear, scope.actor)).priorities.filter((p) => p.id !== id);
    return reply.status(extra.status ?? 200).page('plans/views/priority-delete.njk', {
      ...scope, pageTitle: `Delete ${priorityLabel(priority).toLowerCase()}`, plan, priority, ...(extra.errors ?? noErrors),
      mergeItems: [{ value: '', text: 'Choose a priority' }, ...others.map((p) => ({ value: String(p.id), text: priorityHeading(p), selected: String(p.id) === extra.into }))],
      action: `${priorityHref(scope, id)}/delete`, mergeAction: `${priorityHref(scope, id)}/merge`,
      backHref: `${priorityHref(scope, id)}/edit`, breadcrumbs: crumbs(scope, plan, priority),
    });
  }

  app.get('/p/:slug/priorities/:id/delete', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: priorityParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderDelete(reply, scope, request.params.id);
  });

  app.post('/p/:slug/priorities/:id/delete', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: priorityParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    try {
      const { planYear } = await priorities.deletePriority(scope.partnership, id, Number((request.body).version), scope.actor);
      return reply.redirect(`/p/${scope.partnership.slug}/plans/${planYear}`, 303);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return renderDelete(reply, scope, id, { errors: toFormErrors([{ field: 'confirm', message: 'Someone else changed this priority after you opened the page. Check it below, then confirm again.' }]), status: 409 });
    }
  });

  app.post('/p/:slug/priorities/:id/merge', { config: { access: coordinators('change the plan’s priorities') }, schema: { params: priorityParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const body = request.body;
    const into = typeof body.into === 'string' ? body.into : '';
    try {
      const { planYear, anchor } = await priorities.mergePriority(scope.partnership, id, /^\d{1,9}$/.test(into) ? Number(into) : 0, Number(body.version), scope.actor);
      return reply.redirect(`/p/${scope.partnership.slug}/plans/${planYear}#${anchor}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return renderDelete(reply, scope, id, { errors: toFormErrors(err.errors), status: 400, into });
      if (!(err instanceof ConflictError)) throw err;
      return renderDelete(reply, scope, id, { errors: toFormErrors([{ field: 'into', message: 'Someone else changed this priority after you opened the page. Check it below, then merge again.' }]), status: 409, into });
    }
  });

  // ---- History ----

  app.get('/p/:slug/priorities/:id/history', { config: { access: 'public' }, schema: { params: priorityParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { priority, plan } = await priorities.get(scope.partnership, request.params.id, scope.actor);
    const history = await priorities.history('priority', priority.id, scope.actor);
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${priorityLabel(priority).toLowerCase()}`, heading: priorityHeading(priority), history,
      backHref: `${planHref(scope, plan)}#${priorityAnchor(priority)}`, breadcrumbs: crumbs(scope, plan, priority),
    });
  });

  // ---- Objectives under a priority ----

  async function renderObjectiveForm(reply: FastifyReply, scope: Scope, ctx: {
    plan: { year: string }; priority: { id: number; kind: PriorityKind; number: number | null; title: string }; values: ObjectiveFormValues; action: string; heading: string;
    objectiveId?: number; errors?: FormErrors; conflict?: ObjectiveRow | null; status?: number;
  }) {
    return reply.status(ctx.status ?? 200).page('plans/views/objective-form.njk', {
      ...scope, pageTitle: ctx.heading, heading: ctx.heading, plan: ctx.plan, priority: ctx.priority, values: ctx.values, action: ctx.action,
      objectiveId: ctx.objectiveId, conflict: ctx.conflict ? { ...ctx.conflict, order: ctx.conflict.position + 1 } : undefined,
      ...(ctx.errors ?? noErrors), backHref: `${priorityHref(scope, ctx.priority.id)}/edit#objectives`, breadcrumbs: crumbs(scope, ctx.plan, ctx.priority),
    });
  }

  app.get('/p/:slug/priorities/:id/objectives/new', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: priorityParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { priority, plan, nextPosition } = await priorities.forNewObjective(scope.partnership, request.params.id, scope.actor);
    return renderObjectiveForm(reply, scope, { plan, priority, values: { title: '', position: String(nextPosition), version: '' },
      action: `${priorityHref(scope, priority.id)}/objectives`, heading: `Add an objective to ${priorityLabel(priority).toLowerCase()}` });
  });

  app.post('/p/:slug/priorities/:id/objectives', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: priorityParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const values = objectiveValuesFromBody(request.body);
    return saveOrShowErrors(() => priorities.createObjective(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`${priorityHref(scope, id)}/edit?done=objective-added#objectives`, 303),
      async (errors) => {
        const { priority, plan } = await priorities.forEdit(scope.partnership, id, scope.actor);
        return renderObjectiveForm(reply, scope, { plan, priority, values, action: `${priorityHref(scope, id)}/objectives`,
          heading: `Add an objective to ${priorityLabel(priority).toLowerCase()}`, errors, status: 400 });
      });
  });

  app.get('/p/:slug/priorities/:id/objectives/:objectiveId/edit', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: objectiveParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { objective, priority, plan } = await priorities.forEditObjective(scope.partnership, request.params.id, request.params.objectiveId, scope.actor);
    return renderObjectiveForm(reply, scope, { plan, priority, values: objectiveValuesFrom(objective), objectiveId: objective.id,
      action: `${priorityHref(scope, priority.id)}/objectives/${objective.id}`, heading: `Edit an objective of ${priorityLabel(priority).toLowerCase()}` });
  });

  app.post('/p/:slug/priorities/:id/objectives/:objectiveId', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: objectiveParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const [id, oid] = [request.params.id, request.params.objectiveId];
    const values = objectiveValuesFromBody(request.body);
    return saveOrShowErrors(() => priorities.updateObjective(scope.partnership, id, oid, values, scope.actor),
      () => reply.redirect(`${priorityHref(scope, id)}/edit?done=objective-saved#objectives`, 303),
      async (errors, conflict) => {
        const { objective, priority, plan } = await priorities.forEditObjective(scope.partnership, id, oid, scope.actor);
        return renderObjectiveForm(reply, scope, {
          plan, priority, objectiveId: oid, action: `${priorityHref(scope, id)}/objectives/${oid}`, heading: `Edit an objective of ${priorityLabel(priority).toLowerCase()}`,
          values: conflict ? { ...values, version: String(objective.version) } : values,
          errors, conflict: conflict ? objective : undefined, status: conflict ? 409 : 400,
        });
      },
      { conflict: { field: 'title', message: CONFLICT_MESSAGE } });
  });

  async function renderRemove(reply: FastifyReply, scope: Scope, id: number, oid: number, extra: { errors?: FormErrors; status?: number } = {}) {
    const { objective, priority, plan, initiatives } = await priorities.forEditObjective(scope.partnership, id, oid, scope.actor);
    return reply.status(extra.status ?? 200).page('plans/views/objective-remove.njk', {
      ...scope, pageTitle: `Remove an objective of ${priorityLabel(priority).toLowerCase()}`, plan, priority, objective, initiatives, ...(extra.errors ?? noErrors),
      action: `${priorityHref(scope, id)}/objectives/${oid}/remove`, backHref: `${priorityHref(scope, id)}/edit#objectives`,
      breadcrumbs: crumbs(scope, plan, priority),
    });
  }

  app.get('/p/:slug/priorities/:id/objectives/:objectiveId/remove', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: objectiveParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderRemove(reply, scope, request.params.id, request.params.objectiveId);
  });

  app.post('/p/:slug/priorities/:id/objectives/:objectiveId/remove', { config: { access: coordinators('change the plan’s objectives') }, schema: { params: objectiveParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const [id, oid] = [request.params.id, request.params.objectiveId];
    try {
      await priorities.removeObjective(scope.partnership, id, oid, Number((request.body).version), scope.actor);
      return reply.redirect(`${priorityHref(scope, id)}/edit?done=objective-removed#objectives`, 303);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return renderRemove(reply, scope, id, oid, { errors: toFormErrors([{ field: 'confirm', message: 'Someone else changed this objective after you opened the page. Check it below, then confirm again.' }]), status: 409 });
    }
  });

  app.get('/p/:slug/priorities/:id/objectives/:objectiveId/history', { config: { access: 'public' }, schema: { params: objectiveParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { objective, priority, plan } = await priorities.getObjective(scope.partnership, request.params.id, request.params.objectiveId, scope.actor);
    const history = await priorities.history('objective', objective.id, scope.actor);
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of an objective of ${priorityLabel(priority).toLowerCase()}`, heading: objective.title, history,
      backHref: `${planHref(scope, plan)}#${priorityAnchor(priority)}`, breadcrumbs: crumbs(scope, plan, priority),
    });
  });
}
