// One ward's crime for the public: the latest 12 months held against the 12 before, by crime type
// and by month, with its rate beside its district's. Every count leaves here already protected
// (protect.ts): the public ward page and the public API never hold a small count to leak.
import type { Db } from '../../../platform/db/types.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import type { Partnership } from '../../partnerships/service.ts';
import type { Geography } from '../geography/lookup.ts';
import { completeness } from './completeness.ts';
import { change, ratePer1000 } from './change.ts';
import { periodLabel, previousPeriod, rolling12To } from './months.ts';
import { monthsLabel } from './rate-basis.ts';
import { ASB } from './summarise.ts';
import { SMALL_NUMBER } from './suppress.ts';
import { protectOne, protectSet, type PublicCount } from './protect.ts';
import { seriesWithDate, POPULATION_SERIES } from './population.ts';
import type { PopulationService } from './population-service.ts';
import * as q from './queries.ts';

export const LOCATION_CAVEAT =
  'police.uk places each crime at one of a set of anonymous map points on or near the street where it happened, never at an address, ' +
  'so a crime near the ward’s edge may be counted in the ward next door.';

export const SUPPRESSION_CAVEAT =
  `Counts of 1 to ${SMALL_NUMBER - 1} are shown as “fewer than ${SMALL_NUMBER}” so that nobody can be identified. Where the other counts ` +
  'and the total would still give such a count away, one more count is withheld as well.';

export interface WardSummary { code: string; name: string; districtCode: string; districtName: string }

export interface WardTypeRow { type: string; count: PublicCount; previousCount: PublicCount; changePct: number | null }

export interface WardProfile {
  ward: WardSummary;
  period: { from: string; to: string; label: string; monthsHeld: string[] };
  previous: { from: string; to: string; label: string; monthsHeld: string[] };
  /** How the change was worked out: over every month, or only those held in both periods. */
  comparison: { months: number; note: string | null };
  crimeTypes: WardTypeRow[];
  total: WardTypeRow;
  asb: WardTypeRow;
  /** Crimes (anti-social behaviour apart) per month over both periods; null where no month is held. */
  monthly: { month: string; crimes: PublicCount | null }[];
  rates: {
    /** Crimes per 1,000 residents over the months of `period` held; null when a population or the total is missing. */
    ward: number | null; district: number | null;
    wardPopulation: number | null; districtPopulation: number | null;
    months: string; fullYear: boolean; populationStatement: string;
  };
  caveats: string[];
}

/** The months held for `months`, and the count of each crime type per month. */
type MonthTypeCounts = Map<string, Map<string, number>>;

const sumOver = (rows: MonthTypeCounts, months: string[], type: string) =>
  months.reduce((s, m) => s + (rows.get(m)?.get(type) ?? 0), 0);
const crimesIn = (rows: MonthTypeCounts, month: string) =>
  [...(rows.get(month) ?? new Map<string, number>())].reduce((s, [t, n]) => (t === ASB ? s : s + n), 0);

/** The change in % shown only when both counts are plain and not small (a rate from a small count would give it away). */
function shownChange(cells: PublicCount[], compared: [number, number]): number | null {
  if (cells.some((c) => c.kind !== 'count')) return null;
  if (compared.some((n) => n > 0 && n < SMALL_NUMBER)) return null;
  return change(compared[0], compared[1]).pctChange;
}

export function wardProfiles(db: Db, deps: { geography: () => Promise<Geography>; population: PopulationService; months: (p: Partnership) => Promise<string[]> }) {
  async function wards(partnership: Partnership): Promise<WardSummary[]> {
    const g = await deps.geography();
    return partnership.areas.flatMap((a) => g.wardsOfLad(a.code).map((code) => ({
      code, name: g.wardName(code) ?? code, districtCode: a.code, districtName: g.ladName(a.code) ?? a.name,
    }))).sort((x, y) => x.name.localeCompare(y.name, 'en-GB', { sensitivity: 'base' }));
  }

  /** A ward of the partnership's area, else "Ward not found". */
  async function ward(partnership: Partnership, code: string): Promise<WardSummary> {
    const found = (await wards(partnership)).find((w) => w.code === code);
    if (!found) throw new NotFoundError('Ward');
    return found;
  }

  /** The ward's figures, protected; `null` when no street-level crime data is held for the ward's area. */
  async function profile(partnership: Partnership, code: string): Promise<WardProfile | null> {
    const w = await ward(partnership, code);
    const available = await deps.months(partnership);
    if (available.length === 0) return null;
    const g = await deps.geography();
    const period = rolling12To(available[available.length - 1]!);
    const before = previousPeriod(period);
    const have = new Set(available);
    const curMonths = period.months.filter((m) => have.has(m));
    const prevMonths = before.months.filter((m) => have.has(m));
    const c = completeness(period, before, available);
    const lsoas = [...g.lsoasOfLad(w.districtCode, 2011), ...g.lsoasOfLad(w.districtCode, 2021)].filter((l) => g.lsoaToWard(l) === w.code);
    const [rows, districtRows, choice] = await Promise.all([
      q.areaMonthTypes(db, partnership.policeForce, [...prevMonths, ...curMonths], [...new Set(lsoas)]),
      q.forceByDistrict(db, partnership.policeForce, curMonths),
      deps.population.choiceFor(partnership, period),
    ]);
    // Street-level detail is held only for the force an import named: without it there are no ward figures, not zeros.
    if (rows.length === 0) return null;
    const counts: MonthTypeCounts = new Map();
    for (const r of rows) {
      const m = counts.get(r.month) ?? new Map<string, number>();
      m.set(r.crimeType, (m.get(r.crimeType) ?? 0) + r.count);
      counts.set(r.month, m);
    }

    // By crime type: each period's column is one protected set with its total.
    const types = [...new Set(rows.map((r) => r.crimeType))].filter((t) => t !== ASB).sort();
    const cur = protectSet(types.map((t) => sumOver(counts, curMonths, t)));
    const prev = protectSet(types.map((t) => sumOver(counts, prevMonths, t)));
    // By month: the same totals split another way, protected on their own.
    const curByMonth = protectSet(curMonths.map((m) => crimesIn(counts, m)));
    const prevByMonth = protectSet(prevMonths.map((m) => crimesIn(counts, m)));
    const totalOf = (a: PublicCount, b: PublicCount): PublicCount => (a.kind === 'count' && b.kind === 'count' ? a : a.kind === 'count' ? b : a);
    const curTotal = totalOf(cur.total, curByMonth.total);
    const prevTotal = totalOf(prev.total, prevByMonth.total);
    const compared = (type: string | null): [number, number] => (type === null
      ? [c.current.reduce((s, m) => s + crimesIn(counts, m), 0), c.previous.reduce((s, m) => s + crimesIn(counts, m), 0)]
      : [sumOver(counts, c.current, type), sumOver(counts, c.previous, type)]);
    const crimeTypes = types.map((type, i) => ({
      type, count: cur.cells[i]!, previousCount: prev.cells[i]!, changePct: c.current.length ? shownChange([cur.cells[i]!, prev.cells[i]!], compared(type)) : null,
    }));
    const asbCells = [protectOne(sumOver(counts, curMonths, ASB)), protectOne(sumOver(counts, prevMonths, ASB))] as const;
    const monthCell = new Map<string, PublicCount>([...curMonths.map((m, i) => [m, curByMonth.cells[i]!] as const), ...prevMonths.map((m, i) => [m, prevByMonth.cells[i]!] as const)]);

    // Rates over the months of the period held, on the population the assessment uses.
    const series = POPULATION_SERIES[choice.source];
    const wardPopulation = g.population(choice.source, 'ward', w.code) ?? null;
    const single = partnership.areas.length === 1;
    const districtPopulation = (single && choice.ladOverride) || g.population(choice.source, 'lad', w.districtCode) || null;
    const districtCrimes = districtRows.filter((r) => r.lad === w.districtCode && r.crimeType !== ASB).reduce((s, r) => s + r.count, 0);
    const wardCrimes = curTotal.kind === 'count' ? curTotal.value : null;
    const missing = [wardPopulation === null ? `the ward (${w.name})` : null, districtPopulation === null ? `the district (${w.districtName})` : null].filter(Boolean);
    const populationStatement = `Rates use the ${seriesWithDate(series)}` +
      (single && choice.ladOverride ? `; for ${w.districtName}, the population the partnership entered (${choice.ladOverride.toLocaleString('en-GB')})` : '') +
      (missing.length ? `. No population is held for ${missing.join(' or ')}, so no rate is given there.` : '.');

    return {
      ward: w,
      period: { from: period.start, to: period.end, label: periodLabel(period), monthsHeld: curMonths },
      previous: { from: before.start, to: before.end, label: periodLabel(before), monthsHeld: prevMonths },
      comparison: { months: c.current.length, note: c.note },
      crimeTypes,
      total: { type: 'All crime (excluding anti-social behaviour)', count: curTotal, previousCount: prevTotal,
        changePct: c.current.length ? shownChange([curTotal, prevTotal], compared(null)) : null },
      asb: { type: ASB, count: asbCells[0], previousCount: asbCells[1],
        changePct: c.current.length ? shownChange([...asbCells], [sumOver(counts, c.current, ASB), sumOver(counts, c.previous, ASB)]) : null },
      monthly: [...before.months, ...period.months].map((month) => ({ month, crimes: monthCell.get(month) ?? null })),
      rates: {
        ward: wardCrimes === null ? null : ratePer1000(wardCrimes, wardPopulation),
        district: ratePer1000(districtCrimes, districtPopulation),
        wardPopulation, districtPopulation,
        months: monthsLabel(curMonths), fullYear: curMonths.length === 12, populationStatement,
      },
      caveats: [LOCATION_CAVEAT, SUPPRESSION_CAVEAT],
    };
  }

  /** The ward each LSOA lies in, among the partnership's wards (others are left out). */
  async function wardsOfLsoas(partnership: Partnership, lsoas: string[]): Promise<Map<string, WardSummary>> {
    const g = await deps.geography();
    const byCode = new Map((await wards(partnership)).map((w) => [w.code, w]));
    const out = new Map<string, WardSummary>();
    for (const l of lsoas) {
      const w = byCode.get(g.lsoaToWard(l) ?? '');
      if (w) out.set(l, w);
    }
    return out;
  }

  return { wards, ward, profile, wardsOfLsoas };
}
