import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, id, slug } from '../../platform/http/schemas.ts';
import type { Access } from '../../platform/http/access.ts';
import { initiativeParams } from '../plans/params.ts';
import { DELIVERY_STATUSES, FIGURE_UNITS, NEEDS_REASON, STATUS_NAMES, UNIT_NAMES } from './statuses.ts';
import { emptyUpdateForm, updateFormFromBody, updateFormFromRow, type UpdateFormValues } from './update-form.ts';
import { ukToday } from './service.ts';

/** Partner editors too: which initiatives they may report on is the delivery service's decision. */
const REPORTERS: Access = {
  permission: 'edit_initiative',
  refusal: 'Only the partnership’s coordinators, and partner editors for the initiatives their organisation leads or supports, can post progress updates.',
};

const updateParams = z.object({ slug, id: id('Update') });

export async function deliveryRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  function renderForm(reply: FastifyReply, scope: Scope, ctx: {
    initiative: { id: number; name: string }; plan: { year: string }; values: UpdateFormValues; action: string; heading: string;
    errors?: FormErrors; status?: number; correcting?: boolean;
  }) {
    const base = `/p/${scope.partnership.slug}`;
    return reply.status(ctx.status ?? 200).page('delivery/views/update-form.njk', {
      ...scope, pageTitle: ctx.heading, ...(ctx.errors ?? noErrors), values: ctx.values, action: ctx.action, heading: ctx.heading,
      initiative: ctx.initiative, plan: ctx.plan, correcting: ctx.correcting ?? false,
      statuses: DELIVERY_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], needsReason: NEEDS_REASON.includes(s) })),
      units: FIGURE_UNITS.map((u) => ({ value: u, text: UNIT_NAMES[u] })),
      breadcrumbs: [{ text: 'Plans', href: `${base}/plans` }, { text: ctx.plan.year, href: `${base}/plans/${ctx.plan.year}` },
        { text: ctx.initiative.name, href: `${base}/initiatives/${ctx.initiative.id}` }],
    });
  }

  app.get('/p/:slug/initiatives/:id/updates/new', { config: { access: REPORTERS }, schema: { params: initiativeParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { initiative, plan } = await services.delivery.forNewUpdate(scope.partnership, request.params.id, scope.actor);
    return renderForm(reply, scope, { initiative, plan, values: emptyUpdateForm(ukToday()),
      action: `/p/${scope.partnership.slug}/initiatives/${initiative.id}/updates`, heading: `Post an update on ${initiative.name}` });
  });

  app.post('/p/:slug/initiatives/:id/updates', { config: { access: REPORTERS }, schema: { params: initiativeParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const initiativeId = request.params.id;
    const adding = field(request.body, 'action') === 'add-figure';
    const values = updateFormFromBody(request.body, { addFigure: adding });
    const again = async (errors?: FormErrors) => {
      const { initiative, plan } = await services.delivery.forNewUpdate(scope.partnership, initiativeId, scope.actor);
      return renderForm(reply, scope, { initiative, plan, values, errors, status: errors ? 400 : 200,
        action: `/p/${scope.partnership.slug}/initiatives/${initiative.id}/updates`, heading: `Post an update on ${initiative.name}` });
    };
    // "Add another figure" without JavaScript: the same form again, with one more row and nothing lost.
    if (adding) return again();
    return saveOrShowErrors(() => services.delivery.post(scope.partnership, initiativeId, values, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/initiatives/${initiativeId}?posted=1#updates`, 303),
      (errors) => again(errors));
  });

  app.get('/p/:slug/updates/:id/edit', { config: { access: REPORTERS }, schema: { params: updateParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { update, initiative, plan } = await services.delivery.forCorrection(scope.partnership, request.params.id, scope.actor);
    return renderForm(reply, scope, { initiative, plan, values: updateFormFromRow(update), correcting: true,
      action: `/p/${scope.partnership.slug}/updates/${update.id}`, heading: `Correct an update on ${initiative.name}` });
  });

  app.post('/p/:slug/updates/:id', { config: { access: REPORTERS }, schema: { params: updateParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const updateId = request.params.id;
    const adding = field(request.body, 'action') === 'add-figure';
    const values = updateFormFromBody(request.body, { addFigure: adding });
    const again = async (errors?: FormErrors, conflict = false) => {
      const { update, initiative, plan } = await services.delivery.forCorrection(scope.partnership, updateId, scope.actor);
      // After a conflict the form carries the new version, so saving again is a deliberate choice.
      return renderForm(reply, scope, { initiative, plan, values: conflict ? { ...values, version: String(update.version) } : values,
        errors, status: conflict ? 409 : errors ? 400 : 200, correcting: true,
        action: `/p/${scope.partnership.slug}/updates/${updateId}`, heading: `Correct an update on ${initiative.name}` });
    };
    if (adding) return again();
    return saveOrShowErrors(() => services.delivery.correct(scope.partnership, updateId, values, scope.actor),
      (initiativeId) => reply.redirect(`/p/${scope.partnership.slug}/initiatives/${initiativeId}?corrected=1#update-${updateId}`, 303),
      (errors, conflict) => again(errors, Boolean(conflict)),
      { conflict: { field: 'narrative', message: 'Someone else corrected this update after you opened it. Their version is now in the form’s history: check it, then save again to replace it with yours.' } });
  });

  const WEIGHERS: Access = { permission: 'edit_plan', refusal: 'Only the partnership’s coordinators and administrators can change how much an initiative counts.' };
  async function renderWeight(reply: FastifyReply, scope: Scope, initiativeId: number, value: string | null, errors?: FormErrors) {
    const found = await services.delivery.timeline(scope.partnership, initiativeId, scope.actor);
    const base = `/p/${scope.partnership.slug}`;
    return reply.status(errors ? 400 : 200).page('delivery/views/weight.njk', {
      ...scope, pageTitle: `How much ${found.initiative.name} counts`, ...(errors ?? noErrors), initiative: found.initiative, plan: found.plan,
      value: value ?? String(found.weight),
      breadcrumbs: [{ text: 'Plans', href: `${base}/plans` }, { text: found.plan.year, href: `${base}/plans/${found.plan.year}` },
        { text: found.initiative.name, href: `${base}/initiatives/${initiativeId}` }],
    });
  }

  app.get('/p/:slug/initiatives/:id/weight', { config: { access: WEIGHERS }, schema: { params: initiativeParams } }, async (request, reply) =>
    renderWeight(reply, scopeOf(request), request.params.id, null));

  app.post('/p/:slug/initiatives/:id/weight', { config: { access: WEIGHERS }, schema: { params: initiativeParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const value = field(request.body, 'weight');
    return saveOrShowErrors(() => services.delivery.setWeight(scope.partnership, request.params.id, value, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/initiatives/${request.params.id}?weighed=1#updates`, 303),
      (errors) => renderWeight(reply, scope, request.params.id, value, errors));
  });

  app.get('/p/:slug/updates/:id/history', { config: { access: 'public' }, schema: { params: updateParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { update, initiative, plan, corrections } = await services.delivery.corrections(scope.partnership, request.params.id, scope.actor);
    const base = `/p/${scope.partnership.slug}`;
    return reply.page('delivery/views/corrections.njk', {
      ...scope, pageTitle: `Corrections to an update on ${initiative.name}`, update, initiative, corrections,
      statusNames: STATUS_NAMES, unitNames: UNIT_NAMES,
      breadcrumbs: [{ text: 'Plans', href: `${base}/plans` }, { text: plan.year, href: `${base}/plans/${plan.year}` },
        { text: initiative.name, href: `${base}/initiatives/${initiative.id}` }],
    });
  });
}
