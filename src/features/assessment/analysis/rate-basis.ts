// The months a rate per 1,000 residents covers, and how to say so.
//
// A rate over fewer than 12 months is NOT annualised. Recorded crime rises and falls with the
// seasons (more violence and anti-social behaviour in summer, more burglary in winter evenings),
// so two autumn months multiplied by six would be a guess presented as a yearly figure, and it could
// no longer be checked against the count. The rate stays count ÷ population × 1,000 over the months
// actually held, and everything that shows it names those months whenever they are not a full year.
import { addMonths, monthName } from './months.ts';

export interface RateBasis {
  /** How many months the rate covers. */
  months: number;
  /** The months, oldest first ('YYYY-MM'). */
  list: string[];
  /** True for exactly 12 months: a yearly rate, comparable with the published annual ones. */
  fullYear: boolean;
  /** In words: '12 months, October 2021 to September 2022' or '2 months: August 2022 and September 2022'. */
  label: string;
  /** What to add after "per 1,000 residents" where a rate is shown: '' for a full year, else ' over 2 months (…)'. */
  suffix: string;
}

const listing = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

const contiguous = (months: string[]) => months.every((m, i) => i === 0 || addMonths(months[i - 1]!, 1) === m);

/** "2 months, August 2022 to September 2022"; months with gaps are listed. */
export function monthsLabel(months: string[]): string {
  const list = [...months].sort();
  const n = list.length;
  if (n === 0) return 'no months';
  const count = `${n} month${n === 1 ? '' : 's'}`;
  if (n === 1) return `${count}, ${monthName(list[0]!)}`;
  if (contiguous(list)) return `${count}, ${monthName(list[0]!)} to ${monthName(list[n - 1]!)}`;
  return `${count}: ${listing(list.map(monthName))}`;
}

export function rateBasis(months: string[]): RateBasis {
  const list = [...new Set(months)].sort();
  const fullYear = list.length === 12;
  const label = monthsLabel(list);
  return { months: list.length, list, fullYear, label, suffix: fullYear || list.length === 0 ? '' : ` over ${label.replace(/^(\d+ months?)[,:] /, '$1 (')})` };
}
