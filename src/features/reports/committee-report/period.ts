// The period a committee report looks back over, and the months its crime figures cover. The rule
// is printed in the report, so the committee knows what "the year" means:
// - for a meeting: the twelve months up to and including the meeting day; crime figures for the
//   twelve months to the end of the month before the meeting (police.uk publishes a month in arrears);
// - for a plan year: the plan year itself; crime figures for the twelve months to its last month.
// Either way, where the crime data stops earlier, the figures end at the latest month held.
import { formatDate, MONTHS } from '../../../platform/dates.ts';
import { planYearOf, yearLabel } from '../../partnerships/years.ts';

export interface ReportingPeriod {
  /** First and last day, 'YYYY-MM-DD', both included. */
  from: string;
  to: string;
  /** "8 November 2021 to 7 November 2022". */
  label: string;
  /** How the period was chosen, in a sentence the report prints. */
  rule: string;
  /** Plan years (their start years) the period touches, oldest first. */
  planYears: number[];
  /** The plan year the report is about: the one the meeting falls in, or the year asked for. */
  planYear: number;
  /** The last month the crime figures should cover, 'YYYY-MM', before checking what is held. */
  crimeMonth: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const dateOf = (s: string) => new Date(`${s}T00:00:00Z`);
const monthOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;

function planYearsBetween(from: string, to: string, startMonth: number): number[] {
  const first = planYearOf(dateOf(from), startMonth);
  const last = planYearOf(dateOf(to), startMonth);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export function periodForMeeting(meetsOn: string, planYearStartMonth: number): ReportingPeriod {
  const end = dateOf(meetsOn);
  // The same day a year before (29 February falls back to the 28th), then the day after it.
  const y = end.getUTCFullYear() - 1;
  const day = Math.min(end.getUTCDate(), new Date(Date.UTC(y, end.getUTCMonth() + 1, 0)).getUTCDate());
  const start = new Date(Date.UTC(y, end.getUTCMonth(), day + 1));
  const from = iso(start);
  const crime = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return {
    from, to: meetsOn, label: `${formatDate(from)} to ${formatDate(meetsOn)}`,
    rule: 'It covers the twelve months up to the day of the meeting.',
    planYears: planYearsBetween(from, meetsOn, planYearStartMonth),
    planYear: planYearOf(end, planYearStartMonth),
    crimeMonth: monthOf(crime),
  };
}

export function periodForYear(startYear: number, planYearStartMonth: number): ReportingPeriod {
  const start = new Date(Date.UTC(startYear, planYearStartMonth - 1, 1));
  const end = new Date(Date.UTC(startYear + 1, planYearStartMonth - 1, 0));
  const from = iso(start);
  const to = iso(end);
  return {
    from, to, label: `${formatDate(from)} to ${formatDate(to)}`,
    rule: `It covers the plan year ${yearLabel(startYear)}.`,
    planYears: [startYear], planYear: startYear, crimeMonth: monthOf(end),
  };
}

/** The latest month held at or before `wanted`, or null when none is. */
export function latestMonthHeld(wanted: string, held: readonly string[]): string | null {
  const before = held.filter((m) => m <= wanted).sort();
  return before.length ? before[before.length - 1]! : null;
}

/** "2022-10" → "October 2022". */
export function monthWords(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

/** The month name a partnership's year starts in (4 → "April"), and the one it ends in. */
export function yearBounds(startMonth: number): { first: string; last: string } {
  return { first: MONTHS[startMonth - 1]!, last: MONTHS[(startMonth + 10) % 12]! };
}
