// The assessment of a partnership's area for one period against the period before: reads the
// stored aggregates (analysis-queries.ts), maps LSOAs to wards with the committed geography,
// and applies the pure rules in analysis/ (completeness, change, rank, summarise). The result is
// what the page, the CSV/JSON downloads, the API, the CLI and the scoring workspace all use.
import type { Db } from '../../../platform/db/types.ts';
import { NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { partnershipsService, type Partnership } from '../../partnerships/service.ts';
import { loadGeography, type Geography } from '../geography/lookup.ts';
import { csvDocument } from '../../../platform/csv.ts';
import { formatDate } from '../../../platform/dates.ts';
import { addMonths, monthName, monthRange, periodLabel, periodOf, previousPeriod, rolling12To, type Period } from './months.ts';
import { completeness } from './completeness.ts';
import { change, ratePer1000 } from './change.ts';
import { ASB, crimeTypeTable, hotspots, monthlySeries, rateTable, type CountRow } from './summarise.ts';
import { rankDistricts } from './district-ranks.ts';
import { monthsLabel, rateBasis } from './rate-basis.ts';
import { districtPopulation, isPopulationSeries, POPULATION_SERIES, POPULATION_SERIES_IDS, seriesWithDate, SOURCE_LABEL, type PopulationSeries } from './population.ts';
import { populationService, assessmentYearStartFor, assessmentYearLabel } from './population-service.ts';
import { candidatePeriods, summarisePartnerFigures, type AreaLevel } from './partner-figures.ts';
import * as q from './queries.ts';
import { placePatterns } from './place-search.ts';
import { wardProfiles } from './ward-profile.ts';
import type { AssessmentResult } from '../types.ts';

/** A ward's public figures and how a protected count reads (for the public pages and API). */
export { countText, valueOf, type PublicCount } from './protect.ts';
export type { WardProfile, WardSummary, WardTypeRow } from './ward-profile.ts';

/** The population series an assessment can use (the API documents them). */
export { POPULATION_SERIES_IDS };

export const ANONYMISATION_CAVEAT =
  'police.uk moves each crime to the nearest of a set of anonymous map points (the centre of a street, a public place or a ' +
  'commercial premises) so that victims cannot be identified, and gives its LSOA from that point. Ward figures are therefore ' +
  'approximate: a crime near a ward boundary may be counted in the ward next door.';

/** The source of the partner figures in `sources`. */
export const PARTNER_FIGURES_SOURCE = 'Partner figures';

/** There is no crime data for the period asked for (or none at all). */
export class NoCrimeDataError extends NotFoundError {
  constructor(message: string) {
    super('Crime data');
    this.message = message;
  }
}

export interface AssessOptions {
  /** Last month, 'YYYY-MM': rolling 12 months to this month (or the end of from..to). */
  to?: string;
  /** First month, 'YYYY-MM': 12 months from this month (or the start of from..to). */
  from?: string;
  /** The population series for this assessment ('mid2020', 'census2021'); else the partnership's choice or the default. */
  population?: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkMonth(field: 'to' | 'from', value: string | undefined): void {
  if (value !== undefined && !MONTH.test(value)) throw new ValidationError([{ field, message: `'${value}' is not a month in the form YYYY-MM` }]);
}

function checkPopulation(value: string | undefined): PopulationSeries | undefined {
  if (value === undefined) return undefined;
  if (!isPopulationSeries(value)) {
    throw new ValidationError([{ field: 'population', message: `'${value}' is not a population base: use ${POPULATION_SERIES_IDS.join(' or ')}` }]);
  }
  return value;
}

const spanText = (months: string[]): string => (months.length ? `${monthName(months[0]!)} to ${monthName(months[months.length - 1]!)}` : 'no months');

/** The period asked for, or the latest complete assessment year (the latest with any data if none is complete). */
export function choosePeriod(opts: AssessOptions, available: string[], yearStartMonth: number): Period {
  checkMonth('to', opts.to);
  checkMonth('from', opts.from);
  if (opts.from && opts.to) {
    if (opts.to < opts.from) throw new ValidationError([{ field: 'to', message: 'The last month must be the same as or after the first month' }]);
    const length = monthRange(opts.from, opts.to).length;
    if (length > 24) throw new ValidationError([{ field: 'to', message: 'A period can be at most 24 months long' }]);
    return periodOf(opts.from, length);
  }
  if (opts.from) return periodOf(opts.from, 12);
  if (opts.to) return rolling12To(opts.to);
  const have = new Set(available);
  const last = available[available.length - 1]!;
  let start = assessmentYearStartFor(last, yearStartMonth);
  const latestWithData = start;
  while (start >= addMonths(available[0]!, -11)) {
    const year = periodOf(start, 12);
    if (year.months.every((m) => have.has(m))) return year;
    start = addMonths(start, -12);
  }
  return periodOf(latestWithData, 12);
}

/** A place a resident may mean: police.uk's Location text in one LSOA, with its records summed over the months held. */
export interface PlaceMatch { location: string; lsoaCode: string; crimes: number; asb: number; lastMonth: string }

const MAX_PLACES = 100;

export function analysisService(db: Db, deps: { geography?: () => Promise<Geography>; partnerships?: { list(): Promise<Partnership[]> } } = {}) {
  const geography = deps.geography ?? (() => loadGeography());
  const partnerships = deps.partnerships ?? partnershipsService(db);
  const population = populationService(db);

  /** Months holding crime data for the partnership's districts. */
  const months = (p: Partnership) => q.monthsWithData(db, p.policeForce, p.areas.map((a) => a.code));

  async function assess(partnership: Partnership, opts: AssessOptions = {}): Promise<AssessmentResult> {
    const lads = partnership.areas.map((a) => a.code);
    const available = await months(partnership);
    checkMonth('to', opts.to);
    checkMonth('from', opts.from);
    const requestedBase = checkPopulation(opts.population);
    const areaName = partnership.areas.map((a) => a.name).join(' and ') || partnership.name;
    if (available.length === 0) throw new NoCrimeDataError(`No police.uk crime data has been imported for ${areaName} yet.`);
    if (opts.to && !available.includes(opts.to)) {
      throw new NoCrimeDataError(`There is no crime data for ${areaName} in ${monthName(opts.to)}. Data is held for ${spanText(available)}.`);
    }
    const period = choosePeriod(opts, available, partnership.assessmentYearStartMonth);
    const previous = previousPeriod(period);
    const have = new Set(available);
    const curMonths = period.months.filter((m) => have.has(m));
    const prevMonths = previous.months.filter((m) => have.has(m));
    if (curMonths.length === 0) {
      throw new NoCrimeDataError(`There is no crime data for ${areaName} in ${periodLabel(period)}. Data is held for ${spanText(available)}.`);
    }
    const c = completeness(period, previous, available);

    const g = await geography();
    const lsoas = [...new Set(lads.flatMap((lad) => [...g.lsoasOfLad(lad, 2011), ...g.lsoasOfLad(lad, 2021)]))];
    const allMonths = [...previous.months, ...period.months];
    // Partner figures may be for a district, its wards or its LSOAs (partner-data/parse.ts takes any ONS code).
    const partnerAreas = new Map<string, { lad: string; level: AreaLevel }>();
    for (const lad of lads) {
      partnerAreas.set(lad, { lad, level: 'lad' });
      for (const w of g.wardsOfLad(lad)) partnerAreas.set(w, { lad, level: 'ward' });
      for (const l of [...g.lsoasOfLad(lad, 2011), ...g.lsoasOfLad(lad, 2021)]) partnerAreas.set(l, { lad, level: 'lsoa' });
    }
    const partnerPeriods = candidatePeriods(allMonths);
    const [forceRows, lsoaRows, choice, partnerRows] = await Promise.all([
      q.forceByDistrict(db, partnership.policeForce, allMonths),
      q.lsoaTotals(db, partnership.policeForce, curMonths, lsoas),
      population.choiceFor(partnership, period, requestedBase),
      q.partnerFigures(db, partnership.id, [...partnerAreas.keys()], partnerPeriods),
    ]);
    const partnerFigures = summarisePartnerFigures(partnerRows, (code) => partnerAreas.get(code), period, previous);

    // Population: the chosen series for every district and ward; the override replaces the
    // figure of a single-district partnership's district (and so the area's).
    const series = POPULATION_SERIES[choice.source];
    const sourcePop = (lad: string) => g.population(choice.source, 'lad', lad);
    const areaSourcePop = lads.reduce<number | undefined>((s, lad) => {
      const n = sourcePop(lad);
      return s === undefined || n === undefined ? undefined : s + n;
    }, 0);
    const { population: areaPop } = districtPopulation({ source: choice.source, ladOverride: choice.ladOverride }, areaSourcePop);
    const populationSource = choice.ladOverride ? 'override' : choice.source;
    const populationBasis = choice.ladOverride
      ? `a figure entered by the partnership${choice.note ? ` (${choice.note})` : ''}; wards and other districts: ${SOURCE_LABEL[choice.source]}`
      : SOURCE_LABEL[choice.source];
    const overridden = (lad: string) => Boolean(choice.ladOverride) && lads.length === 1 && lad === lads[0];
    const ladPop = (lad: string) => (overridden(lad) ? choice.ladOverride! : sourcePop(lad));
    const overrideText = choice.ladOverride
      ? ` The rates for ${areaName} itself use a population entered by the partnership: ${choice.ladOverride.toLocaleString('en-GB')}${choice.note ? ` (${choice.note})` : ''}.`
      : '';
    const populationBase = {
      series: series.id, name: series.name, label: series.label, referenceDate: series.referenceDate, published: series.published,
      lsoaPublished: series.lsoaPublished, release: series.release, chosenBy: choice.chosenBy, reason: choice.reason,
      statement: `Rates use the ${seriesWithDate(series)}${choice.chosenBy === 'default' ? ':' : ','} ${choice.reason}.${overrideText}`,
      defaultSeries: choice.defaultSeries, defaultReason: choice.defaultReason,
      override: choice.ladOverride ? { population: choice.ladOverride, note: choice.note } : null,
    };

    // Crime types: counts over every month held; change over matching months only.
    const force: CountRow[] = forceRows.map((r) => ({ month: r.month, area: r.lad, crimeType: r.crimeType, count: r.count }));
    const ladSet = new Set(lads);
    const area = force.filter((r) => ladSet.has(r.area));
    const full = crimeTypeTable(area, force, { current: curMonths, previous: prevMonths }, areaPop);
    const cmp = crimeTypeTable(area, force, c, areaPop);
    const compared = new Map(cmp.rows.map((r) => [r.crimeType, r]));
    const crimeTypes = full.rows.map((r) => {
      const k = compared.get(r.crimeType);
      const comparedCount = k?.count ?? 0;
      const comparedPreviousCount = k?.previousCount ?? 0;
      const ch = change(comparedCount, comparedPreviousCount);
      return {
        type: r.crimeType, count: r.count, previousCount: r.previousCount,
        change: c.current.length ? ch.change : null, changePct: c.current.length ? ch.pctChange : null, forceChangePct: c.current.length ? k?.forcePctChange ?? null : null,
        ratePer1000: r.ratePer1000, comparedCount, comparedPreviousCount,
      };
    });
    const totalsOf = (f: typeof full.total, k: typeof cmp.total) => ({
      count: f.count, previousCount: f.previousCount, comparedCount: k.count, comparedPreviousCount: k.previousCount,
      change: c.current.length ? k.change : null, changePct: c.current.length ? k.pctChange : null, forceChangePct: c.current.length ? k.forcePctChange : null,
      ratePer1000: ratePer1000(f.count, areaPop),
    });
    const crimeTotals = totalsOf(full.total, cmp.total);
    const asbTotals = totalsOf(full.asb, cmp.asb);

    // Districts of the force, ranked by crime rate (ASB excluded).
    const forceLads = [...new Set([...g.ladsOfForce(partnership.policeForce), ...lads])];
    // Ranked only over the same months (the months held in the period): see district-ranks.ts.
    const basis = rateBasis(curMonths);
    const districts = rankDistricts(force, curMonths, forceLads, ladPop).map((d) => ({
      code: d.area, name: g.ladName(d.area) ?? d.area, crimes: d.count, population: d.population, ratePer1000: d.ratePer1000, rank: d.rank,
      populationBase: overridden(d.area) ? 'override' : series.id,
      rateMonths: d.months.length, rateLabel: monthsLabel(d.months), notRanked: d.notRanked,
    }));
    const ranked = districts.filter((d) => d.rank !== null).length;
    const own = lads.length === 1 ? districts.find((d) => d.code === lads[0]) : undefined;

    // Wards: LSOA totals over the period, mapped to wards.
    const wardRows: CountRow[] = [];
    for (const r of lsoaRows) {
      const ward = g.lsoaToWard(r.lsoa);
      if (ward) wardRows.push({ month: '*', area: ward, crimeType: r.crimeType, count: r.count });
    }
    const wardCodes = [...new Set([...lads.flatMap((lad) => g.wardsOfLad(lad)), ...wardRows.map((r) => r.area)])];
    const wardName = (w: string) => g.wardName(w) ?? w;
    const wardPop = (w: string) => g.population(choice.source, 'ward', w);
    const asbByWard = new Map<string, number>();
    for (const r of wardRows) if (r.crimeType === ASB) asbByWard.set(r.area, (asbByWard.get(r.area) ?? 0) + r.count);
    const wards = rateTable(wardRows, ['*'], wardCodes, wardPop).map((w) => ({
      code: w.area, name: wardName(w.area), crimes: w.count, asb: asbByWard.get(w.area) ?? 0, population: w.population, ratePer1000: w.ratePer1000, rank: w.rank,
      populationBase: series.id,
    }));
    const byType = hotspots(wardRows, ['*'], wardName);
    const allCrime = [...wards].filter((w) => w.crimes > 0).sort((a, b) => b.crimes - a.crimes || a.name.localeCompare(b.name)).slice(0, 5);
    const typeOrder = [...crimeTypes.map((t) => t.type), ASB];
    const hotspotList = [
      { type: 'All crime', wards: allCrime.map((w) => ({ code: w.code, name: w.name, count: w.crimes })) },
      ...typeOrder.filter((t) => byType.has(t)).map((t) => ({
        type: t, wards: byType.get(t)!.map((h) => ({ code: h.area, name: wardName(h.area), count: h.count })),
      })),
    ];

    const params = { force: partnership.policeForce, lads, months: allMonths };
    return {
      area: { codes: lads, name: areaName, force: partnership.policeForce },
      period: { from: period.start, to: period.end },
      previous: { from: previous.start, to: previous.end },
      labels: {
        period: periodLabel(period), previous: periodLabel(previous),
        comparedCurrent: c.current.length ? spanText(c.current) : null, comparedPrevious: c.previous.length ? spanText(c.previous) : null,
        assessmentYear: assessmentYearLabel(choice.yearStart),
      },
      completeness: {
        complete: c.complete, missingCurrent: c.missingCurrent, missingPrevious: c.missingPrevious,
        comparedMonths: c.current.length, note: c.note, comparedCurrent: c.current, comparedPrevious: c.previous,
      },
      crimeTypes,
      totalCrimes: crimeTotals.count,
      previousTotalCrimes: crimeTotals.previousCount,
      totalChangePct: crimeTotals.changePct,
      forceTotalChangePct: crimeTotals.forceChangePct,
      totalAsb: asbTotals.count,
      previousTotalAsb: asbTotals.previousCount,
      totals: { crimes: crimeTotals, asb: asbTotals },
      ratePer1000: crimeTotals.ratePer1000,
      population: areaPop,
      populationSource,
      populationBasis,
      populationYearStart: choice.yearStart,
      populationBase,
      rank: own ? { rank: own.rank, of: ranked, over: basis.label } : null,
      rateBasis: basis,
      districtRanking: { months: curMonths, label: basis.label, ranked, unranked: districts.length - ranked },
      districts,
      wards,
      hotspots: hotspotList,
      monthly: monthlySeries(area, allMonths, available),
      monthsHeld: { from: available[0]!, to: available[available.length - 1]! },
      partnerFigures,
      caveat: ANONYMISATION_CAVEAT,
      sources: [
        { name: 'Crime types, totals, districts, force-wide change and monthly series', sql: q.SQL.forceByDistrict, params: `force = '${params.force}', months ${allMonths[0]} to ${allMonths[allMonths.length - 1]}` },
        { name: 'Wards and hotspots', sql: q.SQL.lsoaTotals, params: `force = '${params.force}', months ${spanText(curMonths)}, ${lsoas.length} LSOAs of ${areaName}` },
        { name: 'Months held', sql: q.SQL.months, params: `force = '${params.force}', districts ${lads.join(', ')}` },
        ...(partnerFigures.length ? [{ name: PARTNER_FIGURES_SOURCE, sql: q.SQL.partnerFigures,
          params: `partnership ${partnership.id}, ${partnerAreas.size} district, ward and LSOA codes of ${areaName}, periods ${partnerPeriods[0]} to ${partnerPeriods[partnerPeriods.length - 1]} (quarters only when all three months are in a period)` }] : []),
      ],
    };
  }

  return {
    assess,
    /** Months with crime data for the partnership's area, oldest first. */
    months,
    /** Assessment years (first months) that have any data, newest first. */
    async assessmentYears(partnership: Partnership): Promise<{ start: string; label: string; complete: boolean }[]> {
      const available = await months(partnership);
      const have = new Set(available);
      const starts = [...new Set(available.map((m) => assessmentYearStartFor(m, partnership.assessmentYearStartMonth)))].sort().reverse();
      return starts.map((start) => ({ start, label: assessmentYearLabel(start), complete: periodOf(start, 12).months.every((m) => have.has(m)) }));
    },
    population,

    /**
     * Places in the partnership's area (its districts' LSOAs, either code vintage) matching typed text:
     * "magdalen" finds "On or near Magdalen Street". At most `limit` (1–100), places starting with the
     * text first, then the busiest. The caller maps each LSOA to its ward.
     */
    async placesMatching(partnershipId: number, text: string, limit = 10): Promise<PlaceMatch[]> {
      const patterns = placePatterns(text);
      if (!patterns) return [];
      const partnership = (await partnerships.list()).find((p) => p.id === partnershipId);
      if (!partnership) throw new NotFoundError('Partnership');
      const g = await geography();
      const lsoas = partnership.areas.flatMap((a) => [...g.lsoasOfLad(a.code, 2011), ...g.lsoasOfLad(a.code, 2021)]);
      const n = Math.min(MAX_PLACES, Math.max(1, Math.floor(limit) || 1));
      return q.places(db, partnership.policeForce, lsoas, patterns.starts, patterns.wordStarts, n);
    },
    /** Wards of the partnership's area and each ward's public figures (ward-profile.ts). */
    wards: wardProfiles(db, { geography, population, months }),
  };
}

export type AnalysisService = ReturnType<typeof analysisService>;

/**
 * The crime-type table as CSV (crime types, then the crime total, then ASB on its own line), headed
 * in words, months as people write them (Excel keeps them as text).
 */
export function assessmentCsv(r: AssessmentResult): string {
  // Rates cover the months held and are not annualised (rate-basis.ts): the header names the months when not a full year.
  const header = ['Area', 'Period from', 'Period to', 'Period before from', 'Period before to', 'Crime type', 'Crimes', 'Crimes in the period before',
    'Crimes in the months compared', 'Crimes in the same months a year before', 'Change', '% change', 'Force-wide % change', `Crimes per 1,000 residents${r.rateBasis.suffix}`, 'Population',
    'Population base', 'Population published'];
  const base = [r.area.name, monthName(r.period.from), monthName(r.period.to), monthName(r.previous.from), monthName(r.previous.to)];
  // Which population the rates use: the ONS series and its publication date, or the partnership's own figure.
  const pop = [r.population, r.populationBase.override ? 'The partnership’s own figure' : r.populationBase.name,
    r.populationBase.override ? null : formatDate(r.populationBase.published)];
  const tot = r.totals;
  const rows = [
    ...r.crimeTypes.map((t) => [t.type, t.count, t.previousCount, t.comparedCount, t.comparedPreviousCount, t.change, t.changePct, t.forceChangePct, t.ratePer1000]),
    ['All crime (excluding anti-social behaviour)', tot.crimes.count, tot.crimes.previousCount, tot.crimes.comparedCount, tot.crimes.comparedPreviousCount, tot.crimes.change, tot.crimes.changePct, tot.crimes.forceChangePct, tot.crimes.ratePer1000],
    [ASB, tot.asb.count, tot.asb.previousCount, tot.asb.comparedCount, tot.asb.comparedPreviousCount, tot.asb.change, tot.asb.changePct, tot.asb.forceChangePct, tot.asb.ratePer1000],
  ];
  return csvDocument(header, rows.map((row) => [...base, ...row, ...pop]));
}
