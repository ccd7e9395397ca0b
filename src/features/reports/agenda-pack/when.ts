// How the pack writes a meeting's day and time: "Monday 7 November 2022", "6pm".
import { formatDate } from '../../../platform/dates.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "2022-11-07" → "Monday 7 November 2022". */
export function dayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]} ${formatDate(date)}`;
}

/** "18:00" → "6pm", "09:30" → "9:30am", "12:00" → "midday" (GOV.UK style). */
export function timeOf(hhmm: string): string {
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  if (min === 0 && h === 12) return 'midday';
  if (min === 0 && h === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${min === 0 ? '' : `:${String(min).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}
