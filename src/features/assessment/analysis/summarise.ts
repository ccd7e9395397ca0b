// The assessment tables, from aggregated counts (no I/O): per crime type with the previous
// period and the force-wide change, districts ranked by rate, wards with hotspots, and the
// monthly series. Anti-social behaviour is kept apart: never in crime totals or crime rates.
import { change, ratePer1000 } from './change.ts';
import { rankDescending, topN } from './rank.ts';

export const ASB = 'Anti-social behaviour';

/** One stored count: `area` is an LSOA, ward or district code depending on the table. */
export interface CountRow {
  month: string;
  area: string;
  crimeType: string;
  count: number;
}

export interface TypeRow {
  crimeType: string;
  count: number;
  previousCount: number;
  change: number;
  pctChange: number | null;
  forcePctChange: number | null;
  ratePer1000: number | null;
}

export interface Comparison {
  /** Months of the current period to count (from completeness(): matching months only if gaps). */
  current: string[];
  previous: string[];
}

function sumByType(rows: CountRow[], months: string[], filter?: (r: CountRow) => boolean): Map<string, number> {
  const keep = new Set(months);
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!keep.has(r.month) || (filter && !filter(r))) continue;
    out.set(r.crimeType, (out.get(r.crimeType) ?? 0) + r.count);
  }
  return out;
}

const totalCrime = (m: Map<string, number>): number => [...m].reduce((s, [t, n]) => (t === ASB ? s : s + n), 0);

/** Per crime type table for the partnership area, with a crime total (ASB excluded) and ASB apart. */
export function crimeTypeTable(area: CountRow[], force: CountRow[], cmp: Comparison, population?: number | null) {
  const cur = sumByType(area, cmp.current);
  const prev = sumByType(area, cmp.previous);
  const fCur = sumByType(force, cmp.current);
  const fPrev = sumByType(force, cmp.previous);
  const row = (crimeType: string, count: number, previousCount: number, fc: number, fp: number): TypeRow => ({
    crimeType,
    count,
    previousCount,
    ...change(count, previousCount),
    forcePctChange: change(fc, fp).pctChange,
    ratePer1000: ratePer1000(count, population),
  });
  const types = [...new Set([...cur.keys(), ...prev.keys()])].filter((t) => t !== ASB).sort();
  const rows = types
    .map((t) => row(t, cur.get(t) ?? 0, prev.get(t) ?? 0, fCur.get(t) ?? 0, fPrev.get(t) ?? 0))
    .sort((a, b) => b.count - a.count || a.crimeType.localeCompare(b.crimeType));
  return {
    rows,
    total: row('All crime', totalCrime(cur), totalCrime(prev), totalCrime(fCur), totalCrime(fPrev)),
    asb: row(ASB, cur.get(ASB) ?? 0, prev.get(ASB) ?? 0, fCur.get(ASB) ?? 0, fPrev.get(ASB) ?? 0),
  };
}

export interface AreaRateRow {
  area: string;
  count: number;
  population: number | null;
  ratePer1000: number | null;
  rank: number | null;
}

/** Count one crime type (or all crime, ASB excluded, when type is omitted) per area. */
function countByArea(rows: CountRow[], months: string[], type?: string): Map<string, number> {
  const keep = new Set(months);
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!keep.has(r.month)) continue;
    if (type === undefined ? r.crimeType === ASB : r.crimeType !== type) continue;
    out.set(r.area, (out.get(r.area) ?? 0) + r.count);
  }
  return out;
}

/** Every area (e.g. each district of the force) with its count, rate and rank (1 = highest rate). */
export function rateTable(rows: CountRow[], months: string[], areas: string[], population: (area: string) => number | undefined | null, type?: string): AreaRateRow[] {
  const counts = countByArea(rows, months, type);
  const table = areas.map((area) => {
    const count = counts.get(area) ?? 0;
    const pop = population(area) ?? null;
    return { area, count, population: pop, ratePer1000: ratePer1000(count, pop), rank: null as number | null };
  });
  for (const { item, rank } of rankDescending(table, (r) => r.ratePer1000)) item.rank = rank;
  return table.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area.localeCompare(b.area));
}

/** The top `n` areas (wards) for each crime type, by count. */
export function hotspots(rows: CountRow[], months: string[], name: (area: string) => string, n = 5): Map<string, { area: string; count: number }[]> {
  const keep = new Set(months);
  const byType = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!keep.has(r.month)) continue;
    const m = byType.get(r.crimeType) ?? new Map<string, number>();
    m.set(r.area, (m.get(r.area) ?? 0) + r.count);
    byType.set(r.crimeType, m);
  }
  const out = new Map<string, { area: string; count: number }[]>();
  for (const [type, m] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) {
    const items = [...m].map(([area, count]) => ({ area, count }));
    out.set(type, topN(items, (i) => i.count, (i) => name(i.area), n));
  }
  return out;
}

export interface MonthPoint {
  month: string;
  /** null when the month has no data at all (not the same as zero crimes). */
  crimes: number | null;
  asb: number | null;
}

export function monthlySeries(rows: CountRow[], months: string[], available: Iterable<string>): MonthPoint[] {
  const have = new Set(available);
  return months.map((month) => {
    if (!have.has(month)) return { month, crimes: null, asb: null };
    const byType = sumByType(rows, [month]);
    return { month, crimes: totalCrime(byType), asb: byType.get(ASB) ?? 0 };
  });
}
