// The "open an update round" form: its values as typed, and their checking.
import { field, type FormBody } from '../../platform/http/schemas.ts';

export interface RoundFormValues {
  title: string; plan: string; meeting: string;
  'dueOn-day': string; 'dueOn-month': string; 'dueOn-year': string;
}

export const emptyRoundForm = (plan = ''): RoundFormValues =>
  ({ title: '', plan, meeting: '', 'dueOn-day': '', 'dueOn-month': '', 'dueOn-year': '' });

export const roundFormFromBody = (body: FormBody): RoundFormValues => ({
  title: field(body, 'title'), plan: field(body, 'plan'), meeting: field(body, 'meeting'),
  'dueOn-day': field(body, 'dueOn-day'), 'dueOn-month': field(body, 'dueOn-month'), 'dueOn-year': field(body, 'dueOn-year'),
});

function isoDate(d: string, m: string, y: string): string | null {
  [d, m, y] = [d.trim(), m.trim(), y.trim()];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : null;
}

export interface RoundFields { title: string; planStartYear: number; meetingId: number | null; dueOn: string }

/**
 * The fields, or every problem in form order. `today` (ISO) is the earliest due date unless
 * `recorded` (a round held before it was kept here); plans and meetings are the choices offered.
 */
export function parseRoundForm(v: RoundFormValues, ctx: { today: string; recorded: boolean; planYears: number[]; meetingIds: number[] }):
  { ok: true; fields: RoundFields } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const title = v.title.trim();
  if (!title) errors.push({ field: 'title', message: 'Enter a name for the round, for example “Updates for the delivery board in March”' });
  else if (title.length > 200) errors.push({ field: 'title', message: 'The name of the round must be 200 characters or fewer' });
  const planStartYear = Number(v.plan);
  if (!ctx.planYears.includes(planStartYear)) errors.push({ field: 'plan', message: 'Choose the plan whose initiatives the round asks about' });
  let meetingId: number | null = null;
  if (v.meeting.trim()) {
    meetingId = Number(v.meeting);
    if (!ctx.meetingIds.includes(meetingId)) errors.push({ field: 'meeting', message: 'Choose one of the partnership’s meetings, or none' });
  }
  const dueOn = isoDate(v['dueOn-day'], v['dueOn-month'], v['dueOn-year']);
  if (!dueOn) errors.push({ field: 'dueOn-day', message: 'Enter the date updates are due as a real date, for example 28 2 2023' });
  else if (!ctx.recorded && dueOn < ctx.today) errors.push({ field: 'dueOn-day', message: 'The date updates are due must be today or later' });
  if (errors.length || !dueOn) return { ok: false, errors };
  return { ok: true, fields: { title, planStartYear, meetingId, dueOn } };
}
