import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { formValuesFromBody, formValuesFromInitiative, leadChoices, organisationSlots, wardChoices, STATUSES, TIMING_KINDS, type InitiativeFormValues } from './initiative-form.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import type { InitiativeDetail } from './types.ts';
import { INITIATIVE_EDITORS, coordinators } from './access.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formBody, query } from '../../platform/http/schemas.ts';
import { yearLabel } from '../partnerships/years.ts';
import { initiativeParams, planParams } from './params.ts';
import { STATUS_NAMES } from '../delivery/statuses.ts';

export async function initiativeRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  async function renderForm(reply: FastifyReply, scope: Scope, startYear: number, ctx: {
    values: InitiativeFormValues; action: string; heading: string; errors?: FormErrors;
    conflict?: InitiativeDetail; status?: number; partnerOnly?: boolean;
  }) {
    const options = await services.plans.formOptions(scope.partnership, startYear, scope.actor);
    const itemsByFramework = options.frameworks.map((f) => ({ name: f.name, items: f.items }));
    return reply.status(ctx.status ?? 200).page('plans/views/initiative-form.njk', {
      ...scope, pageTitle: ctx.heading, ...options, itemsByFramework, statuses: STATUSES, timingKinds: TIMING_KINDS,
      leadChoices: leadChoices(options.organisations, options.bodies), wardItems: wardChoices(options.wards, ctx.values.wards),
      leadSlots: organisationSlots(ctx.values.leads), supportSlots: organisationSlots(ctx.values.supporters),
      ...(ctx.errors ?? noErrors), values: ctx.values, action: ctx.action, heading: ctx.heading, conflict: ctx.conflict,
      partnerOnly: ctx.partnerOnly ?? false,
      breadcrumbs: [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }, { text: options.plan.year, href: `/p/${scope.partnership.slug}/plans/${options.plan.year}` }],
    });
  }

  app.get('/p/:slug/plans/:year/initiatives/new', { config: { access: coordinators('add initiatives to the plan') }, schema: { params: planParams, querystring: query('priority') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const plan = await services.plans.get(scope.partnership, year, scope.actor);
    // `?priority=` (from "Add an initiative to priority 2") chooses the priority; otherwise the first.
    const asked = request.query.priority;
    const priority = plan.priorities.find((p) => String(p.id) === asked) ?? plan.priorities[0];
    const values = formValuesFromBody({ status: 'planned', timing: 'ongoing', priority: String(priority?.id ?? '') });
    return renderForm(reply, scope, year, { values, action: `/p/${scope.partnership.slug}/plans/${plan.year}/initiatives`, heading: `Add an initiative to the ${plan.year} plan` });
  });

  app.post('/p/:slug/plans/:year/initiatives', { config: { access: coordinators('add initiatives to the plan') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const values = formValuesFromBody(request.body);
    return saveOrShowErrors(() => services.plans.createInitiative(scope.partnership, year, values, scope.actor),
      (id) => reply.redirect(`/p/${scope.partnership.slug}/initiatives/${id}?saved=1`, 303),
      (errors) => {
        const label = yearLabel(year);
        return renderForm(reply, scope, year, { values, action: `/p/${scope.partnership.slug}/plans/${label}/initiatives`,
          heading: `Add an initiative to the ${label} plan`, errors, status: 400 });
      });
  });

  app.get('/p/:slug/initiatives/:id', { config: { access: 'public' }, schema: { params: initiativeParams, querystring: query('saved', 'posted', 'corrected', 'weighed') } }, async (request, reply) => {
    const scope = scopeOf(request);
    // The initiative as the plans service lets this actor see it, with its progress updates.
    const found = await services.delivery.timeline(scope.partnership, request.params.id, scope.actor);
    const { saved, posted, corrected, weighed } = request.query;
    const measures = (await services.plans.linkedMeasures(scope.partnership, 'initiative', [found.initiative.id])).get(found.initiative.id) ?? [];
    return reply.page('plans/views/initiative.njk', {
      ...scope, ...found, measures, pageTitle: found.initiative.name, statusNames: STATUS_NAMES,
      flash: saved ? 'Initiative saved' : posted ? 'Update posted' : corrected ? 'Update corrected' : weighed ? 'Weight saved' : undefined,
      breadcrumbs: [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }, { text: found.plan.year, href: `/p/${scope.partnership.slug}/plans/${found.plan.year}` }],
    });
  });

  app.get('/p/:slug/initiatives/:id/edit', { config: { access: INITIATIVE_EDITORS }, schema: { params: initiativeParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { initiative, plan, cannotEdit } = await services.plans.getInitiative(scope.partnership, request.params.id, scope.actor);
    // A partner editor whose organisation neither leads nor supports it, or a locked plan: say so.
    if (cannotEdit) throw cannotEdit;
    return renderForm(reply, scope, plan.startYear, { values: formValuesFromInitiative(initiative), action: `/p/${scope.partnership.slug}/initiatives/${initiative.id}`,
      heading: `Edit ${initiative.name}`, partnerOnly: !actorCan(scope.actor, 'edit_plan') });
  });

  app.post('/p/:slug/initiatives/:id', { config: { access: INITIATIVE_EDITORS }, schema: { params: initiativeParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const values = formValuesFromBody(request.body);
    return saveOrShowErrors(() => services.plans.updateInitiative(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/initiatives/${id}?saved=1`, 303),
      async (errors, conflict) => {
        const { initiative, plan } = await services.plans.getInitiative(scope.partnership, id, scope.actor);
        // After a conflict the form carries the new version, so saving again is a deliberate choice.
        const shown = conflict ? { ...values, version: String(initiative.version) } : values;
        return renderForm(reply, scope, plan.startYear, { values: shown, action: `/p/${scope.partnership.slug}/initiatives/${id}`,
          heading: `Edit ${initiative.name}`, errors, conflict: conflict ? initiative : undefined, status: conflict ? 409 : 400,
          partnerOnly: !actorCan(scope.actor, 'edit_plan') });
      },
      { conflict: { field: 'name', message: 'Someone else saved this initiative after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } });
  });

  app.get('/p/:slug/initiatives/:id/history', { config: { access: 'public' }, schema: { params: initiativeParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { initiative, plan } = await services.plans.getInitiative(scope.partnership, request.params.id, scope.actor);
    const history = await services.plans.history('initiative', initiative.id, scope.actor);
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${initiative.name}`, heading: initiative.name, history,
      backHref: `/p/${scope.partnership.slug}/initiatives/${initiative.id}`,
      breadcrumbs: [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }, { text: plan.year, href: `/p/${scope.partnership.slug}/plans/${plan.year}` },
        { text: initiative.name, href: `/p/${scope.partnership.slug}/initiatives/${initiative.id}` }],
    });
  });
}
