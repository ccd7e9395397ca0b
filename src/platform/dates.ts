// Dates as people write them (GOV.UK style): "1 April 2022", "April 2022", "April 2022 to March
// 2023", "1 April 2022 at 2:05pm". One helper for pages, documents and messages. Calendar dates
// ("2022-04-01") are shown as stored; moments in time are shown in UK time, whatever the server's.

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type DateLike = string | Date | null | undefined;

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
});

/** Year, month, day (and hour, minute in UK time for a moment); null when it is not a date. */
function partsOf(value: DateLike): { y: number; m: number; d: number; h?: number; min?: number } | null {
  if (value === null || value === undefined || value === '') return null;
  const calendar = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (calendar) return { y: Number(calendar[1]), m: Number(calendar[2]), d: Number(calendar[3]) };
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const p = Object.fromEntries(ukParts.formatToParts(date).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute! };
}

/** "2022-04-01" (or a moment on that day in the UK) → "1 April 2022"; anything else as given. */
export function formatDate(value: DateLike): string {
  const p = partsOf(value);
  if (!p) return value ? String(value) : '';
  return `${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
}

/** "2:05pm", "midday", "midnight" (GOV.UK style). */
function formatTime(h: number, min: number): string {
  if (min === 0 && h === 12) return 'midday';
  if (min === 0 && h === 0) return 'midnight';
  return `${h % 12 === 0 ? 12 : h % 12}:${String(min).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`;
}

/** A moment → "1 April 2022 at 2:05pm" in UK time; a calendar date → "1 April 2022". */
export function formatDateTime(value: DateLike): string {
  const p = partsOf(value);
  if (!p) return value ? String(value) : '';
  const day = `${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
  return p.h === undefined ? day : `${day} at ${formatTime(p.h, p.min!)}`;
}

/** "2022-04" → "April 2022"; a calendar quarter, "2022-Q3" → "July to September 2022". */
export function formatMonth(value: string | null | undefined): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(value ?? '');
  if (q) return `${MONTHS[(Number(q[2]) - 1) * 3]} to ${MONTHS[(Number(q[2]) - 1) * 3 + 2]} ${q[1]}`;
  const m = /^(\d{4})-(\d{2})/.exec(value ?? '');
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) return value ?? '';
  return `${MONTHS[month - 1]} ${m[1]}`;
}

/** "2022-04", "2023-03" → "April 2022 to March 2023"; a single month when both are the same. */
export function formatPeriod(from: string, to: string): string {
  return from === to ? formatMonth(from) : `${formatMonth(from)} to ${formatMonth(to)}`;
}

/** True for a stored calendar date or moment ("2022-04-01", "2022-04-01T10:05:00.000Z"). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(value);
}
