// The meetings feature's tables: meetings, agenda items and their reports, attendance,
// declarations of interest, minutes (with their per-body counter) and corrections to minutes.
import type { Queryable } from '../../platform/db/types.ts';

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled', 'adjourned'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ATTENDANCE_KINDS = ['present', 'apologies', 'substitute', 'also_present'] as const;
export type AttendanceKind = (typeof ATTENDANCE_KINDS)[number];

export interface MeetingRow {
  id: number; bodyId: number; meetsOn: string; startsAt: string | null; venue: string; remoteLink: string;
  status: MeetingStatus; minutesPublished: boolean; minutesPublishedOn: string | null; minutesConfirmedOn: string | null;
  minutesConfirmedAt: number | null; version: number;
}
export interface AgendaItemRow {
  id: number; meetingId: number; position: number; title: string; description: string;
  part: 'A' | 'B'; exemptionParagraph: string | null; standard: string | null;
}
export interface ReportRow { id: number; agendaItemId: number; fileName: string; mediaType: string; sizeBytes: number; sha256: string; uploadedAt: string }
export interface AttendanceRow { id: number; personName: string; bodyMemberId: number | null; kind: AttendanceKind; substituteFor: string | null }
export interface DeclarationRow { id: number; agendaItemId: number; personName: string; interest: string }
export interface MinuteRow {
  id: number; meetingId: number; bodyId: number; agendaItemId: number | null; minuteNumber: number;
  title: string; text: string; resolutions: string[]; version: number;
}
export interface CorrectionRow { id: number; minuteId: number; beforeText: string; beforeResolutions: string[]; reason: string; recordedOn: string }

const MEETING = `m.id, m.body_id AS "bodyId", m.meets_on AS "meetsOn", m.starts_at AS "startsAt", m.venue, m.remote_link AS "remoteLink",
  m.status, m.minutes_published AS "minutesPublished", m.minutes_published_on AS "minutesPublishedOn", m.minutes_confirmed_on AS "minutesConfirmedOn",
  m.minutes_confirmed_at AS "minutesConfirmedAt", m.version`;

export interface MeetingFields { meetsOn: string; startsAt: string | null; venue: string; remoteLink: string; status: MeetingStatus }

export async function insertMeeting(q: Queryable, bodyId: number, f: MeetingFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO meetings (body_id, meets_on, starts_at, venue, remote_link, status) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [bodyId, f.meetsOn, f.startsAt, f.venue, f.remoteLink, f.status],
  );
  return row.id;
}

export async function updateMeeting(q: Queryable, id: number, f: MeetingFields): Promise<void> {
  await q.query('UPDATE meetings SET meets_on = $2, starts_at = $3, venue = $4, remote_link = $5, status = $6, version = version + 1 WHERE id = $1',
    [id, f.meetsOn, f.startsAt, f.venue, f.remoteLink, f.status]);
}

export async function findMeeting(q: Queryable, id: number, lock = false): Promise<MeetingRow | null> {
  const [row] = await q.query<MeetingRow>(`SELECT ${MEETING} FROM meetings m WHERE m.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

export async function meetingsOfBody(q: Queryable, bodyId: number): Promise<MeetingRow[]> {
  return q.query<MeetingRow>(`SELECT ${MEETING} FROM meetings m WHERE m.body_id = $1 ORDER BY m.meets_on, m.starts_at NULLS FIRST, m.id`, [bodyId]);
}

export async function meetingsOfBodies(q: Queryable, bodyIds: number[]): Promise<MeetingRow[]> {
  return q.query<MeetingRow>(
    `SELECT ${MEETING} FROM meetings m WHERE m.body_id = ANY($1::int[]) ORDER BY m.meets_on, m.starts_at NULLS FIRST, m.id`, [bodyIds],
  );
}

export async function setMinutesPublished(q: Queryable, id: number, on: string | null): Promise<void> {
  await q.query('UPDATE meetings SET minutes_published = true, minutes_published_on = $2, version = version + 1 WHERE id = $1 AND NOT minutes_published', [id, on]);
}

export async function setMinutesConfirmed(q: Queryable, id: number, on: string, atMeetingId: number | null): Promise<void> {
  await q.query(`UPDATE meetings SET minutes_confirmed_on = $2, minutes_confirmed_at = $3,
                 minutes_published_on = CASE WHEN minutes_published THEN minutes_published_on ELSE $2 END,
                 minutes_published = true, version = version + 1 WHERE id = $1`, [id, on, atMeetingId]);
}

// ---- Agenda --------------------------------------------------------------------------------------

const ITEM = `i.id, i.meeting_id AS "meetingId", i.position, i.title, i.description, i.part, i.exemption_paragraph AS "exemptionParagraph", i.standard`;

export async function agendaOf(q: Queryable, meetingId: number): Promise<AgendaItemRow[]> {
  return q.query<AgendaItemRow>(`SELECT ${ITEM} FROM agenda_items i WHERE i.meeting_id = $1 ORDER BY i.position`, [meetingId]);
}

export async function findAgendaItem(q: Queryable, id: number): Promise<AgendaItemRow | null> {
  const [row] = await q.query<AgendaItemRow>(`SELECT ${ITEM} FROM agenda_items i WHERE i.id = $1`, [id]);
  return row ?? null;
}

export interface AgendaItemFields { title: string; description: string; part: 'A' | 'B'; exemptionParagraph: string | null; standard: string | null }

/** Adds the item at the end of the agenda (the caller holds the meeting's row lock). */
export async function insertAgendaItem(q: Queryable, meetingId: number, f: AgendaItemFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO agenda_items (meeting_id, position, title, description, part, exemption_paragraph, standard)
     VALUES ($1, (SELECT COALESCE(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $2, $3, $4, $5, $6) RETURNING id`,
    [meetingId, f.title, f.description, f.part, f.exemptionParagraph, f.standard],
  );
  return row.id;
}

// ---- Reports -------------------------------------------------------------------------------------

const REPORT = `r.id, r.agenda_item_id AS "agendaItemId", r.file_name AS "fileName", r.media_type AS "mediaType",
  r.size_bytes AS "sizeBytes", r.sha256, r.uploaded_at AS "uploadedAt"`;

export async function reportsOf(q: Queryable, meetingId: number): Promise<ReportRow[]> {
  return q.query<ReportRow>(`SELECT ${REPORT} FROM agenda_reports r JOIN agenda_items i ON i.id = r.agenda_item_id WHERE i.meeting_id = $1 ORDER BY r.id`, [meetingId]);
}

export async function insertReport(q: Queryable, itemId: number, r: { fileName: string; mediaType: string; sha256: string; content: Buffer }, userId: number | null): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO agenda_reports (agenda_item_id, file_name, media_type, size_bytes, sha256, content, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [itemId, r.fileName, r.mediaType, r.content.length, r.sha256, r.content, userId],
  );
  return row.id;
}

export async function reportContent(q: Queryable, reportId: number): Promise<(ReportRow & { meetingId: number; content: Uint8Array }) | null> {
  const [row] = await q.query<ReportRow & { meetingId: number; content: Uint8Array }>(
    `SELECT ${REPORT}, i.meeting_id AS "meetingId", r.content FROM agenda_reports r JOIN agenda_items i ON i.id = r.agenda_item_id WHERE r.id = $1`, [reportId],
  );
  return row ?? null;
}

// ---- Attendance and declarations ---------------------------------------------------------------

export async function attendanceOf(q: Queryable, meetingId: number): Promise<AttendanceRow[]> {
  return q.query<AttendanceRow>(
    `SELECT id, person_name AS "personName", body_member_id AS "bodyMemberId", kind, substitute_for AS "substituteFor"
       FROM meeting_attendance WHERE meeting_id = $1 ORDER BY position, id`, [meetingId],
  );
}

export async function replaceAttendance(q: Queryable, meetingId: number, rows: Omit<AttendanceRow, 'id'>[]): Promise<void> {
  await q.query('DELETE FROM meeting_attendance WHERE meeting_id = $1', [meetingId]);
  let position = 0;
  for (const r of rows) {
    await q.query(
      'INSERT INTO meeting_attendance (meeting_id, person_name, body_member_id, kind, substitute_for, position) VALUES ($1, $2, $3, $4, $5, $6)',
      [meetingId, r.personName, r.bodyMemberId, r.kind, r.substituteFor, position++],
    );
  }
}

export async function declarationsOf(q: Queryable, meetingId: number): Promise<DeclarationRow[]> {
  return q.query<DeclarationRow>(
    `SELECT d.id, d.agenda_item_id AS "agendaItemId", d.person_name AS "personName", d.interest
       FROM interest_declarations d JOIN agenda_items i ON i.id = d.agenda_item_id WHERE i.meeting_id = $1 ORDER BY i.position, d.id`, [meetingId],
  );
}

export async function insertDeclaration(q: Queryable, itemId: number, personName: string, interest: string): Promise<number> {
  const [row] = await q.query<{ id: number }>('INSERT INTO interest_declarations (agenda_item_id, person_name, interest) VALUES ($1, $2, $3) RETURNING id',
    [itemId, personName, interest]);
  return row.id;
}

// ---- Minutes -------------------------------------------------------------------------------------

const MINUTE = `n.id, n.meeting_id AS "meetingId", n.body_id AS "bodyId", n.agenda_item_id AS "agendaItemId", n.minute_number AS "minuteNumber",
  n.title, n.text, n.resolutions, n.version`;

export async function minutesOf(q: Queryable, meetingId: number): Promise<MinuteRow[]> {
  return q.query<MinuteRow>(`SELECT ${MINUTE} FROM minutes n WHERE n.meeting_id = $1 ORDER BY n.minute_number`, [meetingId]);
}

export async function findMinute(q: Queryable, id: number, lock = false): Promise<MinuteRow | null> {
  const [row] = await q.query<MinuteRow>(`SELECT ${MINUTE} FROM minutes n WHERE n.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

/**
 * The body's next minute number, taken in the caller's transaction. The counter row stays locked
 * until the transaction ends, so two saves at once get consecutive numbers, never the same one.
 * A body's first minute may start from `firstNumber` (its minutes were numbered before CSP Hub).
 */
export async function takeMinuteNumber(q: Queryable, bodyId: number, firstNumber: number): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    `INSERT INTO minute_counters (body_id, last_number) VALUES ($1, $2)
     ON CONFLICT (body_id) DO UPDATE SET last_number = minute_counters.last_number + 1 RETURNING last_number AS n`,
    [bodyId, firstNumber],
  );
  return row.n;
}

export async function lastMinuteNumber(q: Queryable, bodyId: number): Promise<number | null> {
  const [row] = await q.query<{ n: number }>('SELECT last_number AS n FROM minute_counters WHERE body_id = $1', [bodyId]);
  return row?.n ?? null;
}

export interface MinuteFields { agendaItemId: number | null; title: string; text: string; resolutions: string[] }

export async function insertMinute(q: Queryable, meetingId: number, bodyId: number, number: number, f: MinuteFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO minutes (meeting_id, body_id, agenda_item_id, minute_number, title, text, resolutions)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [meetingId, bodyId, f.agendaItemId, number, f.title, f.text, JSON.stringify(f.resolutions)],
  );
  return row.id;
}

export async function updateMinute(q: Queryable, id: number, f: MinuteFields): Promise<void> {
  await q.query('UPDATE minutes SET agenda_item_id = $2, title = $3, text = $4, resolutions = $5, version = version + 1 WHERE id = $1',
    [id, f.agendaItemId, f.title, f.text, JSON.stringify(f.resolutions)]);
}

export async function insertCorrection(q: Queryable, minuteId: number, c: { beforeText: string; beforeResolutions: string[]; reason: string; recordedOn: string }, userId: number | null) {
  await q.query(
    'INSERT INTO minute_corrections (minute_id, before_text, before_resolutions, reason, recorded_on, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)',
    [minuteId, c.beforeText, JSON.stringify(c.beforeResolutions), c.reason, c.recordedOn, userId],
  );
}

export async function correctionsOf(q: Queryable, meetingId: number): Promise<CorrectionRow[]> {
  return q.query<CorrectionRow>(
    `SELECT c.id, c.minute_id AS "minuteId", c.before_text AS "beforeText", c.before_resolutions AS "beforeResolutions", c.reason, c.recorded_on AS "recordedOn"
       FROM minute_corrections c JOIN minutes n ON n.id = c.minute_id WHERE n.meeting_id = $1 ORDER BY c.id`, [meetingId],
  );
}

/**
 * When these meetings last changed: the newest audited change to the meetings themselves (agenda,
 * reports, attendance, publication) or to their minutes; null when none is recorded.
 */
export async function lastChangeOf(q: Queryable, meetingIds: number[]): Promise<Date | null> {
  const [row] = await q.query<{ at: Date | string | null }>(
    `SELECT max(a.at) AS at FROM audit_log a
      WHERE (a.record_type = 'meeting' AND a.record_id = ANY($1::int[]))
         OR (a.record_type = 'minute' AND a.record_id IN (SELECT id FROM minutes WHERE meeting_id = ANY($1::int[])))`, [meetingIds],
  );
  return row?.at ? new Date(row.at) : null;
}

/** Every minute of these bodies with its meeting's date and publication, and whether it is about a Part B item. */
export interface MinuteRefRow {
  id: number; meetingId: number; bodyId: number; minuteNumber: number; title: string; meetsOn: string; minutesPublished: boolean; exempt: boolean;
}

export async function minuteRefsOfBodies(q: Queryable, bodyIds: number[]): Promise<MinuteRefRow[]> {
  return q.query<MinuteRefRow>(
    `SELECT n.id, n.meeting_id AS "meetingId", n.body_id AS "bodyId", n.minute_number AS "minuteNumber", n.title,
            m.meets_on AS "meetsOn", m.minutes_published AS "minutesPublished", COALESCE(i.part = 'B', false) AS exempt
       FROM minutes n JOIN meetings m ON m.id = n.meeting_id LEFT JOIN agenda_items i ON i.id = n.agenda_item_id
      WHERE n.body_id = ANY($1::int[]) ORDER BY n.body_id, n.minute_number`, [bodyIds],
  );
}
