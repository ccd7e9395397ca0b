// Dates recorded as precisely as the source gives them: "2020-05-14", or "2020-05" when only the month
// is known ("May 2020"). A missing day is never filled in: comparisons take the earliest or the latest
// day the record allows, whichever is the cautious reading.
import { MONTHS, formatDate, formatMonth } from './dates.ts';

/** "YYYY-MM-DD" or "YYYY-MM". */
export type PartialDate = string;

const pad = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const isPartialDate = (v: unknown): v is PartialDate => typeof v === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(v);
export const hasDay = (v: PartialDate) => v.length === 10;

/** The first day the record allows ("2020-05" → "2020-05-01"). */
export const earliestDay = (v: PartialDate) => (hasDay(v) ? v : `${v}-01`);

/** The last day the record allows ("2020-05" → "2020-05-31"). */
export function latestDay(v: PartialDate): string {
  if (hasDay(v)) return v;
  const [y, m] = v.split('-').map(Number);
  return `${v}-${pad(daysInMonth(y!, m!))}`;
}

/** The same date `n` months later, at the same precision (31 January + 1 month → 28 or 29 February). */
export function addMonthsTo(v: PartialDate, n: number): PartialDate {
  const total = Number(v.slice(0, 4)) * 12 + Number(v.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return hasDay(v) ? `${y}-${pad(m)}-${pad(Math.min(Number(v.slice(8, 10)), daysInMonth(y, m)))}` : `${y}-${pad(m)}`;
}

/** True when `later` may fall after `limit`, both read at the precision they share (month when either lacks a day). */
export function isAfter(later: PartialDate, limit: PartialDate): boolean {
  if (hasDay(later) && hasDay(limit)) return later > limit;
  return later.slice(0, 7) > limit.slice(0, 7);
}

/** "14 May 2020" or "May 2020". */
export const formatPartialDate = (v: PartialDate | null | undefined): string => (!v ? '' : hasDay(v) ? formatDate(v) : formatMonth(v));

/**
 * A GOV.UK date input whose day may be left blank: day, month and year → "YYYY-MM-DD", or
 * "YYYY-MM" without a day, or null when all three are blank; otherwise a problem in words.
 */
export function parsePartialDate(day: string, month: string, year: string, label: string): { value: PartialDate | null; problem?: string } {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return { value: null };
  if (!m || !y) return { value: null, problem: `${label} must include a month and year` };
  const mn = /^\d{1,2}$/.test(m) ? Number(m) : MONTHS.findIndex((x) => x.toLowerCase().startsWith(m.toLowerCase()) && m.length >= 3) + 1;
  const yn = /^\d{4}$/.test(y) ? Number(y) : NaN;
  if (!(mn >= 1 && mn <= 12) || !(yn >= 1990 && yn <= 2100)) return { value: null, problem: `${label} must be a real date` };
  if (!d) return { value: `${yn}-${pad(mn)}` };
  const dn = /^\d{1,2}$/.test(d) ? Number(d) : NaN;
  if (!(dn >= 1 && dn <= daysInMonth(yn, mn))) return { value: null, problem: `${label} must be a real date` };
  return { value: `${yn}-${pad(mn)}-${pad(dn)}` };
}

/** The boxes of a date input filled from a stored date (the day blank when it is not known). */
export function partialDateBoxes(v: PartialDate | null): { day: string; month: string; year: string } {
  if (!v) return { day: '', month: '', year: '' };
  return { day: hasDay(v) ? String(Number(v.slice(8, 10))) : '', month: String(Number(v.slice(5, 7))), year: v.slice(0, 4) };
}
