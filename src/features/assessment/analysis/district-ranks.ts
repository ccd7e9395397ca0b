// The force's districts ranked by crime rate, like with like: only districts with records for every
// month of the ranking are ranked against each other. A district lacking some of those months keeps
// its rate over the months it has (labelled with them) but no rank, with the reason, so that a rate
// over two months is never ranked beside one over twelve. A district with no record at all in a month
// is taken as not held for that month: every police.uk force file records crime in each of its districts.
import { rateTable, type CountRow } from './summarise.ts';
import { monthsLabel } from './rate-basis.ts';
import { monthName } from './months.ts';

export interface DistrictRate {
  area: string;
  count: number;
  population: number | null;
  ratePer1000: number | null;
  rank: number | null;
  /** The months the rate covers ('YYYY-MM'). */
  months: string[];
  /** Why the district has no rank, or null when it is ranked (or has no population to rank by). */
  notRanked: string | null;
}

const listing = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Every district with its rate; ranks only among those holding all of `months` (1 = highest rate). */
export function rankDistricts(force: CountRow[], months: string[], lads: string[], population: (lad: string) => number | undefined | null): DistrictRate[] {
  const wanted = new Set(months);
  const held = new Map<string, Set<string>>();
  for (const r of force) {
    if (!wanted.has(r.month)) continue;
    const s = held.get(r.area) ?? new Set<string>();
    s.add(r.month);
    held.set(r.area, s);
  }
  const complete = lads.filter((lad) => months.every((m) => held.get(lad)?.has(m)));
  const ranked: DistrictRate[] = rateTable(force, months, complete, population).map((d) => ({ ...d, months: [...months], notRanked: null }));
  const partial: DistrictRate[] = lads.filter((lad) => !complete.includes(lad)).map((lad) => {
    const own = months.filter((m) => held.get(lad)?.has(m));
    const missing = months.filter((m) => !held.get(lad)?.has(m));
    const [row] = rateTable(force, own, [lad], population);
    const notRanked = own.length === 0
      ? `No police.uk records for ${monthsLabel(months).replace(/^\d+ months?[,:] /, '')}`
      : `Not ranked: its rate covers ${monthsLabel(own)}; no records for ${listing(missing.map(monthName))}`;
    return { ...row!, ratePer1000: own.length ? row!.ratePer1000 : null, rank: null, months: own, notRanked };
  });
  partial.sort((a, b) => b.months.length - a.months.length || a.area.localeCompare(b.area));
  return [...ranked, ...partial];
}
