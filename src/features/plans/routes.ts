import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { filterPlan, initiativesCsv, isFiltered, parsePlanFilter } from './plan-filter.ts';
import { allInitiatives } from './compare.ts';
import { initiativeRoutes } from './initiative-routes.ts';
import { lifecycleRoutes, doneMessage } from './lifecycle-routes.ts';
import { priorityRoutes } from './priority-routes.ts';
import { newPlanRoutes } from './new-plan-routes.ts';
import { planImportRoutes } from './plan-import/routes.ts';
import { EDITABLE } from './service.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { partnershipParams, query } from '../../platform/http/schemas.ts';
import { planParams } from './params.ts';
import { DELIVERY_STATUSES, STATUS_NAMES } from '../delivery/statuses.ts';
import { rollupRows, TABLE_COLUMNS } from '../delivery/rollup-view.ts';

export async function planRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/p/:slug/plans', { config: { access: 'public', publicCache: true }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plans = await services.plans.list(scope.partnership, scope.actor);
    return reply.page('plans/views/list.njk', { ...scope, pageTitle: 'Annual Partnership Plans', plans, canEdit: actorCan(scope.actor, 'edit_plan') });
  });

  app.get('/p/:slug/plans/:year', { config: { access: 'public', publicCache: true }, schema: { params: planParams, querystring: query('format', 'done', 'lead', 'status', 'item', 'priority', 'update') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const plan = await services.plans.get(scope.partnership, year, scope.actor);
    // How each initiative stands by its latest update this visitor may see, rolled up per priority.
    const rollup = await services.delivery.rollup(plan, scope.actor);
    const query = request.query;
    const filter = parsePlanFilter(query);
    const shown = filterPlan(plan, filter, (id) => rollup.latest.get(id)?.status ?? null);
    if (query.format === 'csv') {
      return reply.type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${scope.partnership.slug}-plan-${plan.year}.csv"`)
        .send(initiativesCsv(shown));
    }
    const all = allInitiatives(plan);
    const leadOrgs = [...new Map(all.flatMap((i) => i.leads).map((o) => [o.id, o])).values()].sort((a, b) => a.name.localeCompare(b.name));
    // The plan's own list: while a revision is under way the public's is the published one.
    const frameworks = await services.frameworks.withIds(scope.partnership.id, plan.frameworks.map((f) => f.id));
    const revisions = await services.lifecycle.revisions(plan.id, scope.actor);
    const measures = Object.fromEntries(await services.plans.linkedMeasures(scope.partnership, 'priority', plan.priorities.map((p) => p.id)));
    return reply.page('plans/views/plan.njk', {
      ...scope, pageTitle: `Annual Partnership Plan ${plan.year}`, plan: shown, filter, filtered: isFiltered(filter),
      latest: Object.fromEntries(rollup.latest), statusNames: STATUS_NAMES, deliveryStatuses: [...DELIVERY_STATUSES, 'no_update'],
      rollupRows: rollupRows(plan, rollup), rollupColumns: TABLE_COLUMNS,
      shownCount: allInitiatives(shown).length, totalCount: all.length, leadOrgs, frameworks, revisions, measures,
      canEdit: actorCan(scope.actor, 'edit_plan'), editable: EDITABLE.includes(plan.status), canSeeHistory: actorCan(scope.actor, 'view_drafts'),
      flash: doneMessage(query.done),
      query: new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'format' && k !== 'done' && v) as [string, string][]).toString(),
      breadcrumbs: [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }],
    });
  });

  await app.register(initiativeRoutes, { services });
  await app.register(lifecycleRoutes, { services });
  await app.register(priorityRoutes, { services });
  await app.register(newPlanRoutes, { services });
  await app.register(planImportRoutes, { services });
}
