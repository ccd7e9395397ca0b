// The meetings feature's forms: what each sends (text fields), and how it becomes checked values.
import { field, type FormBody } from '../../platform/http/schemas.ts';
import { parseDateParts } from '../plans/initiative-form.ts';
import { MEETING_STATUSES, type MeetingFields, type MeetingStatus } from './queries.ts';

export interface Problem { field: string; message: string }

const text = (body: FormBody | undefined, key: string) => (body ? field(body, key) : '');

// ---- A meeting -----------------------------------------------------------------------------------

export const MEETING_FIELDS = ['meetsOn-day', 'meetsOn-month', 'meetsOn-year', 'startsAt', 'venue', 'remoteLink', 'status', 'version'] as const;
export type MeetingFormValues = Record<(typeof MEETING_FIELDS)[number], string>;

export const meetingValues = (body?: FormBody): MeetingFormValues =>
  Object.fromEntries(MEETING_FIELDS.map((k) => [k, text(body, k)])) as MeetingFormValues;

export function meetingFormOf(m: { meetsOn: string; startsAt: string | null; venue: string; remoteLink: string; status: string; version: number }): MeetingFormValues {
  const [y, mo, d] = m.meetsOn.split('-');
  return { 'meetsOn-day': String(Number(d)), 'meetsOn-month': String(Number(mo)), 'meetsOn-year': y!, startsAt: m.startsAt ?? '', venue: m.venue,
    remoteLink: m.remoteLink, status: m.status, version: String(m.version) };
}

/** "18:00", "18.00", "6pm", "6:30 pm" → "18:00"; '' → null; anything else undefined. */
export function parseTime(value: string): string | null | undefined {
  const v = value.trim().toLowerCase().replace(/\s+/g, '');
  if (!v) return null;
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(v);
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (m[3]) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (m[3] === 'pm' ? 12 : 0);
  } else if (m[2] === undefined) return undefined;
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

export function checkMeeting(v: MeetingFormValues): { fields?: MeetingFields; problems: Problem[] } {
  const problems: Problem[] = [];
  const date = parseDateParts(v['meetsOn-day'], v['meetsOn-month'], v['meetsOn-year'], 'The date of the meeting');
  if (date.problem) problems.push({ field: 'meetsOn-day', message: date.problem });
  else if (!date.value) problems.push({ field: 'meetsOn-day', message: 'Enter the date of the meeting' });
  const startsAt = parseTime(v.startsAt);
  if (startsAt === undefined) problems.push({ field: 'startsAt', message: 'Enter the start time like 18:00 or 6pm' });
  const venue = v.venue.trim();
  const remoteLink = v.remoteLink.trim();
  if (venue.length > 500) problems.push({ field: 'venue', message: 'The venue must be 500 characters or fewer' });
  if (remoteLink && !isWebLink(remoteLink)) problems.push({ field: 'remoteLink', message: 'Enter the remote link as a web address starting https://' });
  if (!(MEETING_STATUSES as readonly string[]).includes(v.status)) problems.push({ field: 'status', message: 'Select the status of the meeting' });
  if (problems.length) return { problems };
  return { fields: { meetsOn: date.value!, startsAt: startsAt ?? null, venue, remoteLink, status: v.status as MeetingStatus }, problems };
}

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && value.length <= 1000;
  } catch {
    return false;
  }
}

// ---- An agenda item ------------------------------------------------------------------------------

export const ITEM_FIELDS = ['title', 'description', 'part', 'exemptionParagraph'] as const;
export type ItemFormValues = Record<(typeof ITEM_FIELDS)[number], string>;
export const itemValues = (body?: FormBody): ItemFormValues => Object.fromEntries(ITEM_FIELDS.map((k) => [k, text(body, k)])) as ItemFormValues;

/** Paragraphs 1–7 of Schedule 12A to the Local Government Act 1972 (England): what makes information exempt. */
export const EXEMPTION_PARAGRAPHS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export function checkItem(v: ItemFormValues) {
  const problems: Problem[] = [];
  const title = v.title.trim();
  if (!title) problems.push({ field: 'title', message: 'Enter the title of the item' });
  else if (title.length > 300) problems.push({ field: 'title', message: 'The title must be 300 characters or fewer' });
  if (v.part !== 'A' && v.part !== 'B') problems.push({ field: 'part', message: 'Select whether the item is in Part A (public) or Part B (exempt)' });
  const paragraph = v.exemptionParagraph.trim();
  if (v.part === 'B' && !(EXEMPTION_PARAGRAPHS as readonly string[]).includes(paragraph)) {
    problems.push({ field: 'exemptionParagraph', message: 'Select the paragraph of Schedule 12A that makes the item exempt' });
  }
  if (v.description.length > 20000) problems.push({ field: 'description', message: 'The description must be 20,000 characters or fewer' });
  return { problems, fields: { title, description: v.description.trim(), part: v.part as 'A' | 'B', exemptionParagraph: v.part === 'B' ? paragraph : null, standard: null } };
}

// ---- A minute ------------------------------------------------------------------------------------

export const MINUTE_FIELDS = ['agendaItemId', 'title', 'text', 'resolutions', 'firstNumber', 'version'] as const;
export type MinuteFormValues = Record<(typeof MINUTE_FIELDS)[number], string>;
export const minuteValues = (body?: FormBody): MinuteFormValues => Object.fromEntries(MINUTE_FIELDS.map((k) => [k, text(body, k)])) as MinuteFormValues;

/** Resolutions are written one a paragraph: a blank line starts the next. */
export function splitResolutions(value: string): string[] {
  return value.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((r) => r.trim()).filter(Boolean);
}

export const joinResolutions = (list: string[]) => list.join('\n\n');

// ---- Attendance ----------------------------------------------------------------------------------

/** A member's choice on the attendance form: `member-<id>` = present | apologies | '' (not recorded). */
export const memberField = (id: number) => `member-${id}`;

/** "Councillor Smith for Councillor Jones" → the substitute and whom they replace. */
export function parseSubstitute(line: string): { name: string; forWhom: string } | null {
  const m = /^(.+?)\s+(?:substituting\s+for|for)\s+(.+)$/i.exec(line.trim());
  return m ? { name: m[1]!.trim(), forWhom: m[2]!.trim() } : null;
}

export const lines = (value: string) => value.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
