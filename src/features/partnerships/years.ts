// Plan years are stored as the calendar year they start in; people read them as "2022-23".
import { z } from 'zod';

export function yearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** "2022-23" → 2022; anything else (including "2022-24") → null. */
export function parseYearLabel(label: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(label.trim());
  if (!m) return null;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : null;
}

/** The plan year a date falls in, for a partnership whose plan year starts in `startMonth` (1–12). */
export function planYearOf(date: Date, startMonth: number): number {
  const month = date.getUTCMonth() + 1;
  return month >= startMonth ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
}

/** A plan year in a URL path: "2022-23" → 2022; any other text names nothing ("`what` not found"). */
export const planYear = (what = 'Plan') => z.string()
  .regex(/^\d{4}-\d{2}$/, `${what} not found`)
  .transform((label, ctx) => {
    const year = parseYearLabel(label);
    if (year === null) ctx.addIssue({ code: 'custom', message: `${what} not found` });
    return year ?? 0;
  })
  .meta({ description: 'Plan year, e.g. 2022-23', example: '2022-23' });

/**
 * The plan years a chooser offers: every year from the earliest with plans or data to the coming one
 * (the year after this one and after the latest with plans or data), without gaps; newest first.
 * Not a fixed window, so a partnership with older plans or data can still choose their years.
 */
export function offeredYears(withPlansOrData: Iterable<number>, current: number): number[] {
  const years = [...withPlansOrData];
  const from = Math.min(current, ...years);
  const to = Math.max(current + 1, ...years.map((y) => y + 1));
  return Array.from({ length: to - from + 1 }, (_, i) => to - i);
}

/** The plan years that months of data ("2022-09") fall in. */
export function planYearsOfMonths(months: string[], startMonth: number): number[] {
  return [...new Set(months.map((m) => planYearOf(new Date(`${m}-01T12:00:00Z`), startMonth)))];
}
