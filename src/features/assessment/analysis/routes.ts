// The Strategic Assessment pages (the analysis, the population choice) and its JSON API. The
// routes parse and check who is asking; the figures come from the analysis service, the charts
// and the map from ./charts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { actorCan } from '../../../platform/auth/actor.ts';
import { assessmentCsv, NoCrimeDataError, type AssessOptions } from './service.ts';
import { assessmentYearLabel, defaultSourceForYear } from './population-service.ts';
import { POPULATION_SERIES, POPULATION_SERIES_IDS, SOURCE_LABEL, DEFAULT_RULE } from './population.ts';
import { dateName, monthName } from './months.ts';
import { suppressSmall } from './suppress.ts';
import { assessmentCharts, shortMonth } from './charts/assessment-charts.ts';
import { wardRateMap } from './charts/ward-map.ts';
import type { AssessmentResult } from '../types.ts';
import { ASSESSMENT_PAGE, analysts } from '../access.ts';
import { Assessment } from './api-schema.ts';
import { assessmentFor } from './audience.ts';
import { ErrorBody } from '../../api/schemas.ts';
import { optionalSession } from '../../api/openapi.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { field, formBody, partnershipParams, query } from '../../../platform/http/schemas.ts';

/** The period in an assessment address; the service checks each is a month (with a clear message). */
export const periodQuerySchema = query('year', 'to', 'from', 'population');

/**
 * ?year=YYYY-MM (an assessment year's first month), ?to=YYYY-MM (rolling 12 months), ?from=YYYY-MM,
 * and ?population=SERIES (the population base; blank for the partnership's choice or the default).
 */
export function periodQuery(query: { year?: string; to?: string; from?: string; population?: string }): AssessOptions {
  const pick = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const year = pick(query.year);
  const to = pick(query.to);
  const from = pick(query.from) ?? year;
  const population = pick(query.population);
  return { ...(from ? { from } : {}), ...(to && !year ? { to } : {}), ...(population ? { population } : {}) };
}

/** The population bases offered on the assessment page: the partnership's choice or default, then each series. */
function populationOptions(chosen: string | undefined) {
  return [
    { value: '', text: 'The partnership’s choice for the year, or the default', selected: !chosen },
    ...POPULATION_SERIES_IDS.map((id) => ({ value: id, text: `${POPULATION_SERIES[id].label}, published ${dateName(POPULATION_SERIES[id].published)}`, selected: chosen === id })),
  ];
}

/** Number formats for the page (en-GB), passed to the template as `fmt`. */
export const fmt = {
  num: (n: number | null | undefined): string => (n === null || n === undefined ? '–' : n.toLocaleString('en-GB')),
  rate: (n: number | null | undefined): string => (n === null || n === undefined ? '–' : n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })),
  pct: (n: number | null | undefined): string => {
    if (n === null || n === undefined) return '–';
    const r = Math.round(n * 10) / 10;
    return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
  },
  signed: (n: number | null | undefined): string => (n === null || n === undefined ? '–' : `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString('en-GB')}`),
  month: (m: string): string => monthName(m),
  /** '2021-06-25' → '25 June 2021'. */
  date: (d: string): string => dateName(d),
  shortMonth,
  /** For the later public site: counts of 1–4 shown as "fewer than 5". */
  publicCount: (n: number): string => suppressSmall(n).text,
};

function download(reply: FastifyReply, slug: string, result: AssessmentResult, format: 'json' | 'csv') {
  const name = `${slug}-assessment-${result.period.from}-to-${result.period.to}`;
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(result, null, 2));
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(assessmentCsv(result));
}

export async function assessmentRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const a = services.assessment;

  app.get('/p/:slug/assessment', { config: { access: ASSESSMENT_PAGE }, schema: { params: partnershipParams, querystring: query('year', 'to', 'from', 'population', 'format') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const query = request.query;
    const opts = periodQuery(query);
    const base = `/p/${scope.partnership.slug}/assessment`;
    const common = { ...scope, pageTitle: 'Strategic assessment of crime', canChoosePopulation: actorCan(scope.actor, 'analyse'),
      canSeeScoring: actorCan(scope.actor, 'view_drafts'), canSeeImports: actorCan(scope.actor, 'view_drafts'),
      canImport: actorCan(scope.actor, 'analyse'), base };
    let result: AssessmentResult;
    try {
      result = await a.assess(scope.partnership, opts);
    } catch (err) {
      if (err instanceof NoCrimeDataError && !opts.to && !opts.from) return reply.page('assessment/analysis/views/assessment-empty.njk', { ...common, message: err.message });
      throw err;
    }
    if (query.format === 'json' || query.format === 'csv') return download(reply, scope.partnership.slug, result, query.format);
    const [charts, map, years, months] = await Promise.all([
      assessmentCharts(result),
      wardRateMap(result.area.codes, result.area.name, result.wards, services.boundaries.wards),
      a.assessmentYears(scope.partnership),
      a.months(scope.partnership),
    ]);
    const own = new Set(result.area.codes);
    const chosenYear = opts.from && !opts.to ? opts.from : null;
    const chosenTo = !chosenYear ? result.period.to : null;
    const periodParams: Record<string, string> = chosenYear ? { year: chosenYear } : { to: result.period.to };
    const periodQs = new URLSearchParams({ ...periodParams, ...(opts.population ? { population: opts.population } : {}) }).toString();
    return reply.page('assessment/analysis/views/assessment.njk', {
      ...common, pageTitle: `Strategic assessment of crime: ${result.area.name}`, r: result, charts, map, fmt,
      years: years.map((y) => ({ value: y.start, text: `${y.label}${y.complete ? '' : ' (incomplete)'}`, selected: y.start === (chosenYear ?? result.period.from) })),
      months: [...months].reverse().map((m) => ({ value: m, text: monthName(m), selected: m === (chosenTo ?? result.period.to) })),
      isOwn: (code: string) => own.has(code),
      force: scope.partnership.policeForce.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' '),
      jsonHref: `${base}?${periodQs}&format=json`, csvHref: `${base}?${periodQs}&format=csv`,
      populationHref: `${base}/population`,
      periodParams: Object.entries(periodParams).map(([name, value]) => ({ name, value })),
      populationOptions: populationOptions(opts.population),
      canLoadBoundaries: actorCan(scope.actor, 'manage_partnership'), boundariesHref: `${base}/boundaries`,
    });
  });

  // ---- The population used for rates, per assessment year ----

  async function renderPopulation(reply: FastifyReply, scope: Scope, values: Record<string, string>, errors: FormErrors = noErrors, status = 200, flash?: string) {
    const [choices, years] = await Promise.all([a.population.list(scope.partnership.id), a.assessmentYears(scope.partnership)]);
    const starts = [...new Set([...years.map((y) => y.start), ...choices.map((c) => c.yearStart)])].sort().reverse();
    return reply.status(status).page('assessment/analysis/views/assessment-population.njk', {
      ...scope, pageTitle: 'Population used for rates', values, ...errors, flash,
      assessmentHref: `/p/${scope.partnership.slug}/assessment`,
      choices: choices.map((c) => ({ ...c, label: assessmentYearLabel(c.yearStart), sourceLabel: SOURCE_LABEL[c.source], override: c.ladOverride ? c.ladOverride.toLocaleString('en-GB') : '' })),
      years: starts.map((s) => ({ value: s, text: assessmentYearLabel(s), selected: s === values.yearStart })),
      sources: POPULATION_SERIES_IDS.map((id) => ({ value: id, text: SOURCE_LABEL[id], hint: `Figures for ${dateName(POPULATION_SERIES[id].referenceDate)}. ${POPULATION_SERIES[id].release}.`, checked: id === values.source })),
      defaultRule: DEFAULT_RULE,
      breadcrumbs: [{ text: 'Strategic assessment', href: `/p/${scope.partnership.slug}/assessment` }],
    });
  }

  app.get('/p/:slug/assessment/population', { config: { access: analysts('choose the population used for rates') }, schema: { params: partnershipParams, querystring: query('year', 'saved') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { year, saved } = request.query;
    const years = await a.assessmentYears(scope.partnership);
    const yearStart = year ?? (years.find((y) => y.complete) ?? years[0])?.start ?? '';
    const current = (await a.population.list(scope.partnership.id)).find((c) => c.yearStart === yearStart);
    return renderPopulation(reply, scope, {
      yearStart, source: current?.source ?? (/^\d{4}-(0[1-9]|1[0-2])$/.test(yearStart) ? defaultSourceForYear(yearStart) : ''),
      ladOverride: current?.ladOverride ? String(current.ladOverride) : '', note: current?.note ?? '',
    }, noErrors, 200, saved ? 'Population choice saved' : undefined);
  });

  app.post('/p/:slug/assessment/population', { config: { access: analysts('choose the population used for rates') }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const str = (k: string) => field(request.body, k);
    const values = { yearStart: str('yearStart'), source: str('source'), ladOverride: str('ladOverride'), note: str('note') };
    return saveOrShowErrors(() => a.population.set(scope.partnership, values, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/assessment/population?year=${encodeURIComponent(values.yearStart)}&saved=1`, 303),
      (errors) => renderPopulation(reply, scope, values, errors, 400));
  });

  // ---- JSON API: public police.uk figures, no sign-in needed; partner figures as on the page ----

  app.get('/api/v1/partnerships/:slug/assessment', {
    config: { access: 'public' },
    schema: {
      operationId: 'getAssessment', summary: "Strategic assessment of crime for the partnership's area", tags: ['assessment'], security: optionalSession,
      description: 'Twelve months of police.uk crime against the twelve before: by crime type with the force-wide change, rates per 1,000, '
        + 'every district of the force ranked, wards and hotspots, and the monthly series. Anti-social behaviour is kept out of crime totals. '
        + 'Without `to`, `from` or `year`, the latest complete assessment year. Partner figures only for members of the partnership.',
      params: partnershipParams, querystring: periodQuerySchema,
      response: { 200: Assessment, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { partnership, actor } = scopeOf(request);
    return assessmentFor(await a.assess(partnership, periodQuery(request.query)), actor);
  });
}
