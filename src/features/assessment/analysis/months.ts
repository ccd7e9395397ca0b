// Month and period arithmetic on 'YYYY-MM' strings: assessment years, rolling 12 months and the
// period before. Strings (not Dates) avoid time-zone slips and match the stored month column.
import { formatDate, formatMonth } from '../../../platform/dates.ts';

export interface Period {
  /** First month, 'YYYY-MM'. */
  start: string;
  /** Last month, inclusive. */
  end: string;
  /** Every month, in order. */
  months: string[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function assertMonth(m: string): void {
  if (!MONTH.test(m)) throw new RangeError(`'${m}' is not a month in the form YYYY-MM`);
}

export function addMonths(m: string, n: number): string {
  assertMonth(m);
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Months from start to end inclusive (empty when end is before start). */
export function monthRange(start: string, end: string): string[] {
  const out: string[] = [];
  for (let m = start; m <= end; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function periodOf(start: string, length = 12): Period {
  const end = addMonths(start, length - 1);
  return { start, end, months: monthRange(start, end) };
}

/** The 12-month assessment year starting with `startMonth` (e.g. '2021-10' → Oct 2021–Sep 2022). */
export const assessmentYear = (startMonth: string): Period => periodOf(startMonth, 12);

/** 'Rolling 12 months to X': the 12 months ending with X. */
export const rolling12To = (endMonth: string): Period => periodOf(addMonths(endMonth, -11), 12);

/** The period of the same length immediately before. */
export function previousPeriod(p: Period): Period {
  return periodOf(addMonths(p.start, -p.months.length), p.months.length);
}

/** "2022-04" → "April 2022" (the platform's one date helper). */
export const monthName = (m: string): string => formatMonth(m);

export const periodLabel = (p: Period): string => `${monthName(p.start)} to ${monthName(p.end)}`;

/** '2021-06-25' → '25 June 2021'. */
export const dateName = (iso: string): string => formatDate(iso);
