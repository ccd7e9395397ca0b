import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';

import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { CONFIDENCES, DERIVED_FACTORS, ENTERED_FACTORS, FACTORS, FACTOR_HINTS, FACTOR_LABELS, MAX_WEIGHT, RANKING_RULE, maxTotal, scoreFormValues, type ScoreFormValues } from './rules.ts';
import { formValuesOf } from './service.ts';
import type { IssueScoreRow } from './queries.ts';
import { fmt, periodQuery } from '../analysis/routes.ts';
import { monthName } from '../analysis/months.ts';
import { analysts, coordinators, members } from '../access.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { field, formBody, id, partnershipParams, query, slug } from '../../../platform/http/schemas.ts';

// The scoring workspace pages: the ranked list, one issue's scores, the weights, adoption as a priority.

const factorView = { factors: FACTORS, entered: ENTERED_FACTORS, derivedFactors: DERIVED_FACTORS, labels: FACTOR_LABELS, hints: FACTOR_HINTS, confidences: CONFIDENCES, rankingRule: RANKING_RULE };

export async function scoringRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const base = (scope: Scope) => `/p/${scope.partnership.slug}/assessment`;
  const crumbs = (scope: Scope, extra: { text: string; href: string }[] = []) => [
    { text: 'Assessment', href: base(scope) }, { text: 'Scoring', href: `${base(scope)}/scoring` }, ...extra];

  app.get('/p/:slug/assessment/scoring', { config: { access: members('see the scoring of issues') }, schema: { params: partnershipParams, querystring: query('year', 'to', 'from', 'adopted') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const query = request.query;
    const ws = await services.scoring.workspace(scope.partnership, periodQuery(query), scope.actor);
    const common = { ...scope, ...factorView, fmt, pageTitle: 'Scoring the issues', breadcrumbs: [{ text: 'Assessment', href: base(scope) }] };
    if (ws.noData !== null) return reply.page('assessment/scoring/views/scoring.njk', { ...common, noData: ws.noData, sets: ws.sets });
    const [years, months] = await Promise.all([services.assessment.assessmentYears(scope.partnership), services.assessment.months(scope.partnership)]);
    const chosenYear = years.find((y) => y.start === ws.result.period.from)?.start ?? null;
    const adoptedRow = query.adopted ? ws.ranked.find((r) => String(r.id) === query.adopted && r.adopted) : undefined;
    return reply.page('assessment/scoring/views/scoring.njk', {
      ...common, ...ws,
      years: years.map((y) => ({ value: y.start, text: `${y.label}${y.complete ? '' : ' (incomplete)'}`, selected: y.start === (chosenYear ?? ws.result.period.from) })),
      months: [...months].reverse().map((m) => ({ value: m, text: monthName(m), selected: m === ws.result.period.to })),
      maxTotal: maxTotal(ws.weights), adoptedBanner: adoptedRow ? { label: adoptedRow.label, ...adoptedRow.adopted } : null,
    });
  });

  async function renderIssue(reply: FastifyReply, scope: Scope, id: number, ctx: { values?: ScoreFormValues; errors?: FormErrors; conflict?: IssueScoreRow; status?: number; adoptErrors?: FormErrors } = {}) {
    const found = await services.scoring.issue(scope.partnership, id, scope.actor);
    const values = ctx.values ?? formValuesOf(found.row);
    const errors = ctx.errors ?? ctx.adoptErrors ?? noErrors;
    return reply.status(ctx.status ?? 200).page('assessment/scoring/views/scoring-issue.njk', {
      ...scope, ...found, ...factorView, ...errors, values, fmt, conflict: ctx.conflict, adoptFieldErrors: ctx.adoptErrors?.fieldErrors ?? {},
      pageTitle: `Score ${found.row.label}`, action: `${base(scope)}/scoring/${id}`,
      periodQuery: `from=${found.set.periodFrom}&to=${found.set.periodTo}`,
      breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/assessment/scoring/:issueId', { config: { access: members('see the scoring of issues') }, schema: { params: z.object({ slug, issueId: id('Issue') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderIssue(reply, scope, request.params.issueId);
  });

  app.post('/p/:slug/assessment/scoring/:issueId', { config: { access: analysts('change scores') }, schema: { params: z.object({ slug, issueId: id('Issue') }), body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.issueId;
    const values = scoreFormValues(request.body);
    return saveOrShowErrors(() => services.scoring.saveScores(scope.partnership, id, values, scope.actor),
      (set) => reply.redirect(`${base(scope)}/scoring?from=${set.periodFrom}&to=${set.periodTo}#issue-${id}`, 303),
      (errors, conflict) => {
        if (!conflict) return renderIssue(reply, scope, id, { values, errors, status: 400 });
        const current = conflict.current as IssueScoreRow;
        // The form keeps what was typed but carries the new version, so saving again is a deliberate choice.
        return renderIssue(reply, scope, id, { values: { ...values, version: String(current.version) }, errors, conflict: current, status: 409 });
      },
      { conflict: { field: 'harm', message: 'Someone else saved scores for this issue after you opened it. Their scores are shown below: check them, then save again to replace them with yours.' } });
  });

  app.post('/p/:slug/assessment/scoring/:issueId/adopt', { config: { access: coordinators('adopt an issue as a priority') }, schema: { params: z.object({ slug, issueId: id('Issue') }), body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.issueId;
    const body = (request.body ?? {}) as { priorityId?: string };
    return saveOrShowErrors(
      () => services.scoring.adopt(scope.partnership, id, { priorityId: typeof body.priorityId === 'string' ? body.priorityId : undefined }, scope.actor),
      (done) => reply.redirect(`${base(scope)}/scoring?from=${done.periodFrom}&to=${done.periodTo}&adopted=${id}#adopted`, 303),
      (adoptErrors) => renderIssue(reply, scope, id, { adoptErrors, status: 400 }));
  });

  app.get('/p/:slug/assessment/scoring/:issueId/history', { config: { access: members('see the scoring of issues') }, schema: { params: z.object({ slug, issueId: id('Issue') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const row = await services.scoring.issueRow(scope.partnership, request.params.issueId, scope.actor);
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of the ${row.label} scores`, heading: `${row.label}: scores`, history: await services.scoring.history(row.id),
      backHref: `${base(scope)}/scoring/${row.id}`, breadcrumbs: crumbs(scope, [{ text: row.label, href: `${base(scope)}/scoring/${row.id}` }]),
    });
  });

  async function renderWeights(reply: FastifyReply, scope: Scope, setId: number, ctx: { values?: Record<string, string>; errors?: FormErrors; status?: number } = {}) {
    const found = await services.scoring.weights(scope.partnership, setId, scope.actor);
    const values = ctx.values ?? { ...Object.fromEntries(FACTORS.map((f) => [f, String(found.weights[f])])), version: String(found.set.version) };
    return reply.status(ctx.status ?? 200).page('assessment/scoring/views/scoring-weights.njk', {
      ...scope, ...found, ...factorView, ...(ctx.errors ?? noErrors), values, fmt, maxWeight: MAX_WEIGHT, pageTitle: 'Weights',
      history: await services.scoring.weightsHistory(setId), action: `${base(scope)}/scoring/sets/${setId}/weights`,
      backHref: `${base(scope)}/scoring?from=${found.set.periodFrom}&to=${found.set.periodTo}`, breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/assessment/scoring/sets/:setId/weights', { config: { access: members('see the scoring of issues') }, schema: { params: z.object({ slug, setId: id('Scoring set') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderWeights(reply, scope, request.params.setId);
  });

  app.post('/p/:slug/assessment/scoring/sets/:setId/weights', { config: { access: analysts('change the weights') }, schema: { params: z.object({ slug, setId: id('Scoring set') }), body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const setId = request.params.setId;
    const values = Object.fromEntries([...FACTORS, 'version'].map((f) => [f, field(request.body, f).trim()]));
    return saveOrShowErrors(async () => {
      await services.scoring.saveWeights(scope.partnership, setId, values, scope.actor);
      return (await services.scoring.weights(scope.partnership, setId, scope.actor)).set;
    },
    (set) => reply.redirect(`${base(scope)}/scoring?from=${set.periodFrom}&to=${set.periodTo}`, 303),
    // After a conflict the saved weights are shown, not the ones typed.
    (errors, conflict) => renderWeights(reply, scope, setId, conflict ? { errors, status: 409 } : { values, errors, status: 400 }),
    { conflict: { field: FACTORS[0], message: 'Someone else changed the weights after you opened this page. Their weights are shown; enter yours again to replace them.' } });
  });
}
