// Partner figures (council ASB, fire and rescue, …) for the assessment period against the period
// before, per dataset and category. Pure rules, no I/O: the analysis service reads the rows.
//
// - Areas: figures may be given for a district, its wards or its LSOAs. For each district, period
//   and category the coarsest level given is used (a district figure over its wards' figures), so a
//   file holding both a total and its breakdown is not counted twice.
// - Periods: a month counts when it falls inside the period; a quarter when all three of its months
//   do (periodCounts). A month whose quarter also counts is left out: the quarter stands for it.
// - Change compares like with like: only the months held in both periods (the same months a year
//   apart), grouped so that a quarter is set against a whole quarter, never against part of one.
import type { Period } from './months.ts';
import { addMonths, monthName } from './months.ts';
import { change } from './change.ts';
import type { AssessmentPartnerFigure } from '../types.ts';

export interface PartnerFigureRow { dataset: string; areaCode: string; period: string; category: string; count: number }
export type AreaLevel = 'lad' | 'ward' | 'lsoa';
/** Where an area code sits: its district and level; undefined when outside the partnership's area. */
export type AreaOf = (code: string) => { lad: string; level: AreaLevel } | undefined;

const QUARTER = /^(\d{4})-Q([1-4])$/;
const LEVEL_ORDER: Record<AreaLevel, number> = { lad: 0, ward: 1, lsoa: 2 };

/** The months a stored period covers: a month is itself; '2022-Q3' is July, August and September 2022. */
export function periodMonths(period: string): string[] {
  const q = QUARTER.exec(period);
  if (!q) return [period];
  const first = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
  return [first, addMonths(first, 1), addMonths(first, 2)];
}

/** Whether a stored period counts in a span of months: a month inside it, or a quarter with all three months inside it. */
export function periodCounts(period: string, months: Iterable<string>): boolean {
  const have = months instanceof Set ? (months as Set<string>) : new Set(months);
  return periodMonths(period).every((m) => have.has(m));
}

/** Months and quarters that can count in these months: what the query asks for. */
export function candidatePeriods(months: string[]): string[] {
  const quarters = months.map((m) => `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`);
  return [...new Set([...months, ...quarters])].sort();
}

/** Months in words, runs joined: 'July 2022 to September 2022 and November 2022'. */
export function monthsText(months: string[]): string {
  const runs: string[] = [];
  const sorted = [...months].sort();
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (sorted[j + 1] === addMonths(sorted[j]!, 1)) j++;
    runs.push(j > i ? `${monthName(sorted[i]!)} to ${monthName(sorted[j]!)}` : monthName(sorted[i]!));
    i = j;
  }
  return runs.length <= 1 ? runs.join('') : `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}`;
}

/** Counted periods of one window, with the months of counted quarters' own months left out. */
function counted(series: Map<string, number>, window: Period): Map<string, number> {
  const inside = new Set(window.months);
  const out = new Map([...series].filter(([p]) => periodCounts(p, inside)));
  for (const p of [...out.keys()]) {
    if (!QUARTER.test(p)) continue;
    for (const m of periodMonths(p)) out.delete(m);
  }
  return out;
}

/**
 * Which periods of each window can be compared. Months are paired by position (for 12-month
 * periods, the same month a year apart); periods that share a month are grouped; a group is
 * compared only when every one of its months is held in both windows.
 */
export function comparable(current: Period, previous: Period, cur: string[], prev: string[]): { current: string[]; previous: string[] } {
  const n = current.months.length;
  const posCur = new Map(current.months.map((m, i) => [m, i]));
  const posPrev = new Map(previous.months.map((m, i) => [m, i]));
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const covered = [new Set<number>(), new Set<number>()];
  const positions = (p: string, pos: Map<string, number>) => periodMonths(p).map((m) => pos.get(m)!).filter((i) => i !== undefined && i < n);
  const link = (ps: number[], side: 0 | 1) => {
    for (const i of ps) { covered[side]!.add(i); parent[find(i)] = find(ps[0]!); }
  };
  for (const p of cur) link(positions(p, posCur), 0);
  for (const p of prev) link(positions(p, posPrev), 1);
  const bad = new Set<number>();
  for (let i = 0; i < n; i++) if (!covered[0]!.has(i) || !covered[1]!.has(i)) bad.add(find(i));
  const ok = (ps: number[]) => ps.length > 0 && !bad.has(find(ps[0]!));
  return { current: cur.filter((p) => ok(positions(p, posCur))), previous: prev.filter((p) => ok(positions(p, posPrev))) };
}

function noteFor(missingCurrent: string[], missingPrevious: string[], compared: number): string | null {
  if (!missingCurrent.length && !missingPrevious.length) return null;
  const parts = [
    missingCurrent.length ? `No figures for ${monthsText(missingCurrent)}` : '',
    missingPrevious.length ? `${missingCurrent.length ? 'and, in the period before, for' : 'No figures in the period before for'} ${monthsText(missingPrevious)}` : '',
  ].filter(Boolean);
  return `${parts.join(' ')}${compared ? ', so the change compares the months held in both periods.' : ', so no change can be shown.'}`;
}

/** One line per dataset and category with figures in either period, by dataset then largest first. */
export function summarisePartnerFigures(rows: PartnerFigureRow[], areaOf: AreaOf, current: Period, previous: Period): AssessmentPartnerFigure[] {
  // Coarsest level per district, dataset, category and period; then sum to dataset × category × period.
  const best = new Map<string, number>();
  const placed = rows.flatMap((r) => {
    const a = areaOf(r.areaCode);
    if (!a) return [];
    const k = `${r.dataset}\u0000${r.category}\u0000${r.period}\u0000${a.lad}`;
    best.set(k, Math.min(best.get(k) ?? 9, LEVEL_ORDER[a.level]));
    return [{ ...r, k, level: LEVEL_ORDER[a.level] }];
  });
  const series = new Map<string, { dataset: string; category: string; byPeriod: Map<string, number> }>();
  for (const r of placed) {
    if (r.level !== best.get(r.k)) continue;
    const key = `${r.dataset}\u0000${r.category}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { dataset: r.dataset, category: r.category, byPeriod: new Map() }));
    s.byPeriod.set(r.period, (s.byPeriod.get(r.period) ?? 0) + r.count);
  }

  const out: AssessmentPartnerFigure[] = [];
  for (const s of series.values()) {
    const cur = counted(s.byPeriod, current);
    const prev = counted(s.byPeriod, previous);
    if (cur.size === 0 && prev.size === 0) continue;
    const sum = (m: Map<string, number>, ps: Iterable<string>) => [...ps].reduce((t, p) => t + (m.get(p) ?? 0), 0);
    const missing = (m: Map<string, number>, w: Period) => {
      const held = new Set([...m.keys()].flatMap(periodMonths));
      return w.months.filter((x) => !held.has(x));
    };
    const cmp = comparable(current, previous, [...cur.keys()], [...prev.keys()]);
    const comparedCount = sum(cur, cmp.current);
    const comparedPreviousCount = sum(prev, cmp.previous);
    const ch = change(comparedCount, comparedPreviousCount);
    const missingCurrent = missing(cur, current);
    const missingPrevious = missing(prev, previous);
    const canCompare = cmp.current.length > 0;
    out.push({
      dataset: s.dataset, category: s.category,
      count: sum(cur, cur.keys()), previousCount: sum(prev, prev.keys()), comparedCount, comparedPreviousCount,
      change: canCompare ? ch.change : null, changePct: canCompare ? ch.pctChange : null,
      periods: [...cur.keys()].sort(), previousPeriods: [...prev.keys()].sort(),
      comparedPeriods: cmp.current.sort(), comparedPreviousPeriods: cmp.previous.sort(),
      comparedLabel: canCompare ? monthsText(cmp.current.flatMap(periodMonths)) : null,
      missingCurrent, missingPrevious, note: noteFor(missingCurrent, missingPrevious, cmp.current.length),
    });
  }
  return out.sort((a, b) => a.dataset.localeCompare(b.dataset) || b.count - a.count || a.category.localeCompare(b.category));
}
