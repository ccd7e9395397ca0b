import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams, query } from '../../platform/http/schemas.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { allInitiatives, statusCounts } from '../plans/compare.ts';
import { yearLabel, planYearOf } from './years.ts';
import { rollupRows, TABLE_COLUMNS } from '../delivery/rollup-view.ts';
import { NoCrimeDataError } from '../assessment/analysis/service.ts';
import { workByPriority } from './public-home.ts';

export async function homeRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const params = partnershipParams;

  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const partnerships = await services.partnerships.list();
    if (partnerships.length === 1 && !request.user?.isInstanceAdmin) return reply.redirect(`/p/${partnerships[0].slug}`, 302);
    return reply.page('partnerships/views/index.njk', { pageTitle: 'Partnerships', partnerships });
  });

  app.get('/p/:slug', { config: { access: 'public', publicCache: true }, schema: { params } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plans = await services.plans.list(scope.partnership, scope.actor);
    const currentYear = planYearOf(new Date(), scope.partnership.planYearStartMonth);
    const latest = plans.find((p) => p.status === 'published') ?? plans[0];
    let summary = null;
    if (latest) {
      const plan = await services.plans.get(scope.partnership, latest.startYear, scope.actor);
      const rollup = await services.delivery.rollup(plan, scope.actor);
      summary = {
        plan,
        totals: statusCounts(allInitiatives(plan)),
        priorities: plan.priorities.map((p) => ({ ...p, counts: statusCounts([...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]) })),
        // How each priority is going, by the latest progress updates this visitor may see.
        delivery: rollupRows(plan, rollup),
        // What is being done about each priority, by the latest updates this visitor may see.
        work: workByPriority(plan, rollup.latest),
        members: await services.partnerships.members(scope.partnership.id, plan.startYear),
      };
    }
    const meetings = (await services.meetings.upcoming(scope.partnership)).slice(0, 3);
    // The latest assessment headline, when crime data has been imported (police.uk data is public).
    const assessment = await services.assessment.assess(scope.partnership, {}).catch((err: unknown) => {
      if (err instanceof NoCrimeDataError) return null;
      throw err;
    });
    const logo = await services.partnerships.logoInfo(scope.partnership);
    // The statutory calendar's late and due duties, for the partnership's members.
    const calendar = actorCan(scope.actor, 'read_internal') ? await services.calendar.attention(scope.partnership, scope.actor) : null;
    // What the visitor's organisation still owes in open update rounds (partner editors).
    const owed = await services.rounds.owedBy(scope.partnership, scope.actor);
    return reply.page('partnerships/views/home.njk', {
      assessment, calendar, owed, logo, meetings,
      ...scope, pageTitle: scope.partnership.name, plans: plans.map((p) => ({ ...p, year: yearLabel(p.startYear) })),
      summary, rollupColumns: TABLE_COLUMNS, currentYearLabel: yearLabel(currentYear), canEdit: actorCan(scope.actor, 'edit_plan'),
      // The assessment page is for members until the public ward view exists: no link that bounces the public to sign-in.
      canSeeAssessment: actorCan(scope.actor, 'read_internal'), canImport: actorCan(scope.actor, 'analyse'),
    });
  });

  app.get('/p/:slug/partnership', { config: { access: 'public' }, schema: { params, querystring: query('year') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { year } = request.query;
    const plans = await services.plans.list(scope.partnership, scope.actor);
    const years = plans.map((p) => p.startYear);
    const chosen = years.includes(Number(year)) ? Number(year) : years[0] ?? planYearOf(new Date(), scope.partnership.planYearStartMonth);
    const [members, organisations, bodies] = await Promise.all([
      services.partnerships.members(scope.partnership.id, chosen),
      services.partnerships.organisations(scope.partnership.id),
      services.partnerships.bodies(scope.partnership.id),
    ]);
    return reply.page('partnerships/views/partnership.njk', {
      ...scope, pageTitle: 'Members and bodies', members, organisations, bodies,
      years: years.map((y) => ({ value: y, text: yearLabel(y), selected: y === chosen })), chosenLabel: yearLabel(chosen),
    });
  });

  app.get('/p/:slug/frameworks', { config: { access: 'public' }, schema: { params } }, async (request, reply) => {
    const scope = scopeOf(request);
    const frameworks = await services.frameworks.list(scope.partnership.id);
    return reply.page('partnerships/views/frameworks.njk', { ...scope, pageTitle: 'Frameworks', frameworks,
      canManage: actorCan(scope.actor, 'manage_partnership') });
  });
}
