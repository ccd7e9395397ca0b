// C6: meetings of a partnership's bodies. Coordinators (the bodies' officers) arrange meetings, build
// agendas, record attendance, declarations and minutes. What each person sees follows
// docs/decisions/005-meetings-access.md: Part B (exempt) content only for the body's insiders, minutes
// for the public once published, confirmed minutes locked (changed only by a recorded correction).
import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { PartnershipsService, Partnership, Body } from '../partnerships/service.ts';
import * as q from './queries.ts';
import type { AgendaItemRow, AttendanceRow, CorrectionRow, DeclarationRow, MeetingRow, MinuteRow, ReportRow } from './queries.ts';
import { checkItem, checkMeeting, lines, memberField, parseSubstitute, splitResolutions, type ItemFormValues, type MeetingFormValues, type MinuteFormValues, type Problem } from './forms.ts';
import { templateFor } from './standard-items.ts';
import { checkReportFile, type ReportFile } from './report-files.ts';
import { parseDateParts } from '../plans/initiative-form.ts';

export type { MeetingRow, AgendaItemRow, MinuteRow } from './queries.ts';

/** An agenda item as this person may see it: a withheld (exempt) item keeps only its number and paragraph. */
export interface AgendaItemView {
  id: number; number: number; part: 'A' | 'B'; exemptionParagraph: string | null; standard: string | null;
  title: string | null; description: string | null; withheld: boolean; reports: ReportRow[]; declarations: DeclarationRow[];
}
export interface MinuteView {
  id: number; minuteNumber: number; agendaItemId: number | null; itemNumber: number | null; exempt: boolean;
  title: string | null; text: string | null; resolutions: string[]; withheld: boolean; corrections: CorrectionRow[]; version: number;
}
/**
 * A minute as other features name it (the actions tracker): its number, meeting and body, and whether
 * this person may read it — an exempt minute only for the body's insiders, any minute only once published.
 */
export interface MinuteRef {
  id: number; minuteNumber: number; title: string | null; meetingId: number; meetsOn: string; body: Body; exempt: boolean; readable: boolean;
}

export interface MeetingView extends MeetingRow {
  body: Body; agenda: AgendaItemView[]; attendance: AttendanceRow[]; minutes: MinuteView[];
  /** False when the minutes exist but are not yet published and this person is not an insider. */
  minutesVisible: boolean; minutesLocked: boolean; canEdit: boolean; seesExempt: boolean; confirmedAtMeeting: MeetingRow | null;
}

const EDIT_REFUSAL = 'Only the partnership’s coordinators can arrange meetings and record their minutes.';

/** The bodies' officers: the partnership's coordinators and administrators. */
export const canEditMeetings = (actor: Actor) => actorCan(actor, 'manage_partnership');

/** Who may read a body's exempt (Part B) business and its minutes before they are published. */
export function seesExemptOf(actor: Actor, body: { kind: string }): boolean {
  return canEditMeetings(actor) || (actor.role === 'committee_member' && body.kind === 'scrutiny_committee');
}

function assertCanEdit(actor: Actor) {
  if (!canEditMeetings(actor)) throw new ForbiddenError(EDIT_REFUSAL);
}

/** Today in the UK, as a calendar date. */
export function ukToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function meetingsService(db: Db, deps: { partnerships: PartnershipsService }) {
  async function bodyOf(p: Partnership, bodyId: number): Promise<Body> {
    const body = (await deps.partnerships.bodies(p.id)).find((b) => b.id === bodyId);
    if (!body) throw new NotFoundError('Body');
    return body;
  }

  /**
   * A meeting of one of the partnership's bodies (`bodies`, read before any transaction: the embedded
   * database has one connection, so a query outside the open transaction would wait for it forever).
   */
  async function meetingOf(tx: Queryable, bodies: Body[], meetingId: number, lock = false): Promise<{ meeting: MeetingRow; body: Body }> {
    const meeting = await q.findMeeting(tx, meetingId, lock);
    const body = meeting ? bodies.find((b) => b.id === meeting.bodyId) : undefined;
    if (!meeting || !body) throw new NotFoundError('Meeting');
    return { meeting, body };
  }

  const bodiesOf = (p: Partnership) => deps.partnerships.bodies(p.id);

  const audit = (tx: Queryable, p: Partnership, actor: Actor, recordType: string, recordId: number, action: 'create' | 'update', summary: string, after?: unknown) =>
    recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType, recordId, action, summary, after });

  function agendaView(items: AgendaItemRow[], reports: ReportRow[], declarations: DeclarationRow[], seesExempt: boolean): AgendaItemView[] {
    return items.map((i, index) => {
      const withheld = i.part === 'B' && !seesExempt;
      return {
        id: i.id, number: index + 1, part: i.part, exemptionParagraph: i.exemptionParagraph, standard: i.standard,
        title: withheld ? null : i.title, description: withheld ? null : i.description, withheld,
        reports: withheld ? [] : reports.filter((r) => r.agendaItemId === i.id),
        declarations: withheld ? [] : declarations.filter((d) => d.agendaItemId === i.id),
      };
    });
  }

  function minuteView(m: MinuteRow, agenda: AgendaItemView[], corrections: CorrectionRow[], seesExempt: boolean): MinuteView {
    const item = agenda.find((i) => i.id === m.agendaItemId);
    const exempt = item?.part === 'B';
    const withheld = exempt && !seesExempt;
    return {
      id: m.id, minuteNumber: m.minuteNumber, agendaItemId: m.agendaItemId, itemNumber: item?.number ?? null, exempt,
      title: withheld ? null : m.title, text: withheld ? null : m.text, resolutions: withheld ? [] : m.resolutions, withheld,
      corrections: withheld ? [] : corrections.filter((c) => c.minuteId === m.id), version: m.version,
    };
  }

  async function view(p: Partnership, meetingId: number, actor: Actor): Promise<MeetingView> {
    const { meeting, body } = await meetingOf(db, await bodiesOf(p), meetingId);
    const seesExempt = seesExemptOf(actor, body);
    const [items, reports, declarations, attendance, minutes, corrections] = await Promise.all([
      q.agendaOf(db, meetingId), q.reportsOf(db, meetingId), q.declarationsOf(db, meetingId), q.attendanceOf(db, meetingId),
      q.minutesOf(db, meetingId), q.correctionsOf(db, meetingId),
    ]);
    const agenda = agendaView(items, reports, declarations, seesExempt);
    const minutesVisible = seesExempt || meeting.minutesPublished;
    const confirmedAtMeeting = meeting.minutesConfirmedAt ? await q.findMeeting(db, meeting.minutesConfirmedAt) : null;
    return {
      ...meeting, body, agenda, attendance, confirmedAtMeeting,
      minutes: minutesVisible ? minutes.map((m) => minuteView(m, agenda, corrections, seesExempt)) : [],
      minutesVisible, minutesLocked: meeting.minutesConfirmedOn !== null, canEdit: canEditMeetings(actor), seesExempt,
    };
  }

  async function agendaItemOf(tx: Queryable, bodies: Body[], meetingId: number, itemId: number): Promise<AgendaItemRow> {
    const item = await q.findAgendaItem(tx, itemId);
    if (!item || item.meetingId !== meetingId) throw new NotFoundError('Agenda item');
    await meetingOf(tx, bodies, meetingId);
    return item;
  }

  /** Checks the item named on a minute or declaration form belongs to the meeting; '' is none. */
  async function chosenItem(tx: Queryable, meetingId: number, value: string, fieldName: string, problems: Problem[]): Promise<AgendaItemRow | null> {
    if (!value) return null;
    const item = /^\d{1,9}$/.test(value) ? await q.findAgendaItem(tx, Number(value)) : null;
    if (!item || item.meetingId !== meetingId) { problems.push({ field: fieldName, message: 'Select an item on this meeting’s agenda' }); return null; }
    return item;
  }

  return {
    canEdit: canEditMeetings,
    bodies: (p: Partnership) => deps.partnerships.bodies(p.id),
    body: bodyOf,

    /** The partnership a body belongs to, for addresses that name no partnership; null when there is no such body. */
    async partnershipOfBody(bodyId: number): Promise<string | null> {
      return (await deps.partnerships.bodyById(bodyId))?.partnershipSlug ?? null;
    },

    /** The partnership a meeting belongs to (its slug), or null. */
    async partnershipOfMeeting(meetingId: number): Promise<string | null> {
      const meeting = await q.findMeeting(db, meetingId);
      return meeting ? (await deps.partnerships.bodyById(meeting.bodyId))?.partnershipSlug ?? null : null;
    },

    /** A body's meetings: upcoming (today or later, not held) soonest first; the others newest first. */
    async meetingsOf(p: Partnership, bodyId: number, today = ukToday()) {
      const body = await bodyOf(p, bodyId);
      const all = await q.meetingsOfBody(db, bodyId);
      const upcoming = all.filter((m) => m.meetsOn >= today && m.status !== 'held');
      return { body, upcoming, past: all.filter((m) => !upcoming.includes(m)).reverse() };
    },

    /** Every body's upcoming meetings (for the calendar feed and the meetings page), soonest first. */
    async upcoming(p: Partnership, today = ukToday()) {
      const bodies = await deps.partnerships.bodies(p.id);
      const meetings = await q.meetingsOfBodies(db, bodies.map((b) => b.id));
      return meetings.filter((m) => m.meetsOn >= today && m.status !== 'held').map((m) => ({ ...m, body: bodies.find((b) => b.id === m.bodyId)! }));
    },

    /** The meetings of every body of the partnership, oldest first. */
    async allMeetings(p: Partnership) {
      const bodies = await deps.partnerships.bodies(p.id);
      return { bodies, meetings: await q.meetingsOfBodies(db, bodies.map((b) => b.id)) };
    },

    /** The latest meeting of a body that was held (for the statutory calendar), or null. */
    async lastHeldMeeting(p: Partnership, bodyId: number): Promise<MeetingRow | null> {
      await bodyOf(p, bodyId);
      return (await q.meetingsOfBody(db, bodyId)).filter((m) => m.status === 'held').at(-1) ?? null;
    },

    /** The body's first scheduled meeting on or after `from` (e.g. the first available agenda), or null. */
    async nextScheduledMeeting(p: Partnership, bodyId: number, from = ukToday()): Promise<MeetingRow | null> {
      await bodyOf(p, bodyId);
      return (await q.meetingsOfBody(db, bodyId)).find((m) => m.status === 'scheduled' && m.meetsOn >= from) ?? null;
    },

    meeting: view,

    /** Every minute of the partnership's bodies, as `actor` may know it (title only when readable). */
    async minuteRefs(p: Partnership, actor: Actor): Promise<MinuteRef[]> {
      const bodies = await bodiesOf(p);
      const rows = await q.minuteRefsOfBodies(db, bodies.map((b) => b.id));
      return rows.map((r) => {
        const body = bodies.find((b) => b.id === r.bodyId)!;
        const insider = seesExemptOf(actor, body);
        const readable = insider || (r.minutesPublished && !r.exempt);
        return { id: r.id, minuteNumber: r.minuteNumber, title: readable ? r.title : null, meetingId: r.meetingId, meetsOn: r.meetsOn, body, exempt: r.exempt, readable };
      });
    },

    /** When these meetings of the partnership (or their minutes) last changed, for documents that say "as of"; null when never. */
    async lastChanged(p: Partnership, meetingIds: number[]): Promise<Date | null> {
      const bodies = await bodiesOf(p);
      for (const id of meetingIds) await meetingOf(db, bodies, id);
      return q.lastChangeOf(db, meetingIds);
    },

    /** Whether `actor` is one of the body's insiders (reads its exempt business). */
    seesExempt: seesExemptOf,

    /** A meeting's agenda, numbered, with item ids; exempt items withheld from those who may not see them. */
    async agenda(p: Partnership, meetingId: number, actor: Actor): Promise<AgendaItemView[]> {
      return (await view(p, meetingId, actor)).agenda;
    },

    /** A meeting's minutes with ids and minute numbers, as this person may see them. */
    async minutes(p: Partnership, meetingId: number, actor: Actor): Promise<MinuteView[]> {
      return (await view(p, meetingId, actor)).minutes;
    },

    async createMeeting(p: Partnership, bodyId: number, v: MeetingFormValues, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const body = await bodyOf(p, bodyId);
      const { fields, problems } = checkMeeting(v);
      if (!fields) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const id = await q.insertMeeting(tx, bodyId, fields);
        await audit(tx, p, actor, 'meeting', id, 'create', `${body.name}: meeting on ${fields.meetsOn}`, fields);
        return id;
      });
    },

    async updateMeeting(p: Partnership, meetingId: number, v: MeetingFormValues, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const { fields, problems } = checkMeeting(v);
      if (!fields) throw new ValidationError(problems);
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        const { meeting, body } = await meetingOf(tx, bodies, meetingId, true);
        if (v.version && Number(v.version) !== meeting.version) {
          throw new ValidationError([{ field: 'meetsOn-day', message: 'Someone else changed this meeting after you opened it: check it and save again' }]);
        }
        await q.updateMeeting(tx, meetingId, fields);
        await audit(tx, p, actor, 'meeting', meetingId, 'update', `${body.name}: meeting on ${fields.meetsOn}`, fields);
      });
    },

    /** The standard items this meeting's body offers, and whether each is on the agenda already. */
    async standardItemsFor(p: Partnership, meetingId: number) {
      const { body } = await meetingOf(db, await bodiesOf(p), meetingId);
      const items = await q.agendaOf(db, meetingId);
      return templateFor(body.kind).map((s) => ({ ...s, onAgenda: items.some((i) => i.standard === s.key) }));
    },

    /** Adds the chosen standard items (in template order) after the items already on the agenda. */
    async addStandardItems(p: Partnership, meetingId: number, keys: string[], actor: Actor): Promise<number[]> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      return db.transaction(async (tx) => {
        const { body } = await meetingOf(tx, bodies, meetingId, true);
        const existing = await q.agendaOf(tx, meetingId);
        const chosen = templateFor(body.kind).filter((s) => keys.includes(s.key) && !existing.some((i) => i.standard === s.key));
        if (chosen.length === 0) throw new ValidationError([{ field: 'standard', message: 'Select the standard items to add' }]);
        const ids: number[] = [];
        for (const s of chosen) ids.push(await q.insertAgendaItem(tx, meetingId, { title: s.title, description: s.description, part: 'A', exemptionParagraph: null, standard: s.key }));
        await audit(tx, p, actor, 'meeting', meetingId, 'update', `Standard items added: ${chosen.map((s) => s.title).join(', ')}`);
        return ids;
      });
    },

    /** Adds an item at the end of a meeting's agenda; returns its id. */
    async addAgendaItem(p: Partnership, meetingId: number, v: ItemFormValues, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const { problems, fields } = checkItem(v);
      if (problems.length) throw new ValidationError(problems);
      const bodies = await bodiesOf(p);
      return db.transaction(async (tx) => {
        await meetingOf(tx, bodies, meetingId, true);
        const id = await q.insertAgendaItem(tx, meetingId, fields);
        // The audit trail is read by those who see drafts: an exempt item's title is kept out of it.
        await audit(tx, p, actor, 'meeting', meetingId, 'update', fields.part === 'B' ? 'Exempt item added to the agenda' : `Item added: ${fields.title}`);
        return id;
      });
    },

    /** Attaches an uploaded report (PDF or Word, checked by its content) to an agenda item. */
    async addReport(p: Partnership, meetingId: number, itemId: number, file: ReportFile, maxBytes: number, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const checked = checkReportFile(file, maxBytes);
      const bodies = await bodiesOf(p);
      return db.transaction(async (tx) => {
        await agendaItemOf(tx, bodies, meetingId, itemId);
        const id = await q.insertReport(tx, itemId, checked, actor.userId);
        await audit(tx, p, actor, 'meeting', meetingId, 'update', 'Report attached to an agenda item', { sha256: checked.sha256, size: checked.content.length });
        return id;
      });
    },

    /** A report's file, if this person may see it (a Part B item's reports only for insiders). */
    async report(p: Partnership, meetingId: number, reportId: number, actor: Actor) {
      const row = await q.reportContent(db, reportId);
      if (!row || row.meetingId !== meetingId) throw new NotFoundError('Report');
      const { body } = await meetingOf(db, await bodiesOf(p), meetingId);
      const item = await q.findAgendaItem(db, row.agendaItemId);
      if (item?.part === 'B' && !seesExemptOf(actor, body)) throw new NotFoundError('Report');
      return { fileName: row.fileName, mediaType: row.mediaType, content: Buffer.from(row.content), sha256: row.sha256 };
    },

    /**
     * Records who attended, from the attendance form: each member of the body present, sending
     * apologies or not recorded; others typed one a line (present, apologies, substitutes "A for B", also present).
     */
    async recordAttendance(p: Partnership, meetingId: number, form: Record<string, string>, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const problems: Problem[] = [];
      const rows: Omit<AttendanceRow, 'id'>[] = [];
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        const { body } = await meetingOf(tx, bodies, meetingId, true);
        for (const m of body.members) {
          const choice = form[memberField(m.id)] ?? '';
          if (choice === 'present' || choice === 'apologies') rows.push({ personName: m.personName, bodyMemberId: m.id, kind: choice, substituteFor: null });
          else if (choice !== '') problems.push({ field: memberField(m.id), message: `Select whether ${m.personName} was present` });
        }
        for (const name of lines(form.presentOthers ?? '')) rows.push({ personName: name, bodyMemberId: null, kind: 'present', substituteFor: null });
        for (const name of lines(form.apologiesOthers ?? '')) rows.push({ personName: name, bodyMemberId: null, kind: 'apologies', substituteFor: null });
        for (const line of lines(form.substitutes ?? '')) {
          const s = parseSubstitute(line);
          if (!s) { problems.push({ field: 'substitutes', message: `Write each substitute as “name for member”, like “Councillor Smith for Councillor Jones” (not “${line}”)` }); continue; }
          rows.push({ personName: s.name, bodyMemberId: null, kind: 'substitute', substituteFor: s.forWhom });
        }
        for (const name of lines(form.alsoPresent ?? '')) rows.push({ personName: name, bodyMemberId: null, kind: 'also_present', substituteFor: null });
        if (rows.some((r) => r.personName.length > 200)) problems.push({ field: 'presentOthers', message: 'Each name must be 200 characters or fewer' });
        if (problems.length) throw new ValidationError(problems);
        await q.replaceAttendance(tx, meetingId, rows);
        await audit(tx, p, actor, 'meeting', meetingId, 'update', 'Attendance recorded', rows);
      });
    },

    async addDeclaration(p: Partnership, meetingId: number, v: { agendaItemId: string; personName: string; interest: string }, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      return db.transaction(async (tx) => {
        await meetingOf(tx, bodies, meetingId, true);
        const problems: Problem[] = [];
        const item = await chosenItem(tx, meetingId, v.agendaItemId, 'agendaItemId', problems);
        if (!item && !problems.length) problems.push({ field: 'agendaItemId', message: 'Select the item the interest is in' });
        if (!v.personName.trim()) problems.push({ field: 'personName', message: 'Enter the name of the person declaring the interest' });
        if (!v.interest.trim()) problems.push({ field: 'interest', message: 'Describe the interest' });
        if (problems.length) throw new ValidationError(problems);
        const id = await q.insertDeclaration(tx, item!.id, v.personName.trim(), v.interest.trim());
        await audit(tx, p, actor, 'meeting', meetingId, 'update', 'Declaration of interest recorded');
        return id;
      });
    },

    /** The number the body's next minute will take (as far as anyone can tell before saving), and whether it is the body's first. */
    async nextMinuteNumber(p: Partnership, meetingId: number) {
      const { body } = await meetingOf(db, await bodiesOf(p), meetingId);
      const last = await q.lastMinuteNumber(db, body.id);
      return { next: last === null ? 1 : last + 1, first: last === null };
    },

    /**
     * Records a minute of a held meeting. Its number follows the body's last minute, across meetings;
     * a body's very first minute may start from a given number (its earlier minutes were kept elsewhere).
     */
    async addMinute(p: Partnership, meetingId: number, v: MinuteFormValues, actor: Actor): Promise<{ id: number; minuteNumber: number }> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      return db.transaction(async (tx) => {
        const { meeting, body } = await meetingOf(tx, bodies, meetingId, true);
        if (meeting.minutesConfirmedOn) throw new LockedError('These minutes have been confirmed as a correct record: they can only be corrected.');
        const problems: Problem[] = [];
        if (meeting.status !== 'held' && meeting.status !== 'adjourned') problems.push({ field: 'title', message: 'Record the meeting as held before writing its minutes' });
        const item = await chosenItem(tx, meetingId, v.agendaItemId, 'agendaItemId', problems);
        const title = v.title.trim() || item?.title || '';
        if (!title) problems.push({ field: 'title', message: 'Enter the minute’s title, or select the agenda item it is about' });
        if (title.length > 300) problems.push({ field: 'title', message: 'The title must be 300 characters or fewer' });
        const first = v.firstNumber.trim();
        if (first && !/^[1-9]\d{0,5}$/.test(first)) problems.push({ field: 'firstNumber', message: 'The first minute number must be a whole number from 1' });
        if (problems.length) throw new ValidationError(problems);
        const minuteNumber = await q.takeMinuteNumber(tx, body.id, first ? Number(first) : 1);
        const fields = { agendaItemId: item?.id ?? null, title, text: v.text.trim(), resolutions: splitResolutions(v.resolutions) };
        const id = await q.insertMinute(tx, meetingId, body.id, minuteNumber, fields);
        await audit(tx, p, actor, 'minute', id, 'create', item?.part === 'B' ? `Minute ${minuteNumber} (exempt)` : `Minute ${minuteNumber}: ${title}`);
        return { id, minuteNumber };
      });
    },

    /** A minute and its meeting, for its edit form (insiders only: the form shows exempt text). */
    async minuteForEdit(p: Partnership, minuteId: number, actor: Actor) {
      assertCanEdit(actor);
      const minute = await q.findMinute(db, minuteId);
      if (!minute) throw new NotFoundError('Minute');
      const meeting = await view(p, minute.meetingId, actor);
      return { minute, meeting };
    },

    /** Changes a minute until its meeting's minutes are confirmed; then refused (LockedError). */
    async updateMinute(p: Partnership, minuteId: number, v: MinuteFormValues, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        const minute = await q.findMinute(tx, minuteId, true);
        if (!minute) throw new NotFoundError('Minute');
        const { meeting } = await meetingOf(tx, bodies, minute.meetingId, true);
        if (meeting.minutesConfirmedOn) throw new LockedError('These minutes have been confirmed as a correct record: record a correction instead.');
        const problems: Problem[] = [];
        const item = await chosenItem(tx, meeting.id, v.agendaItemId, 'agendaItemId', problems);
        const title = v.title.trim() || item?.title || '';
        if (!title) problems.push({ field: 'title', message: 'Enter the minute’s title, or select the agenda item it is about' });
        if (v.version && Number(v.version) !== minute.version) problems.push({ field: 'text', message: 'Someone else changed this minute after you opened it: check it and save again' });
        if (problems.length) throw new ValidationError(problems);
        await q.updateMinute(tx, minuteId, { agendaItemId: item?.id ?? null, title, text: v.text.trim(), resolutions: splitResolutions(v.resolutions) });
        await audit(tx, p, actor, 'minute', minuteId, 'update', `Minute ${minute.minuteNumber} changed`);
      });
    },

    /** Corrects confirmed minutes: the wording before and the reason are kept with the minute. */
    async correctMinute(p: Partnership, minuteId: number, v: { text: string; resolutions: string; reason: string }, actor: Actor, today = ukToday()): Promise<void> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        const minute = await q.findMinute(tx, minuteId, true);
        if (!minute) throw new NotFoundError('Minute');
        const { meeting } = await meetingOf(tx, bodies, minute.meetingId);
        if (!meeting.minutesConfirmedOn) throw new ValidationError([{ field: 'reason', message: 'These minutes are not confirmed yet: change the minute instead' }]);
        if (!v.reason.trim()) throw new ValidationError([{ field: 'reason', message: 'Give the reason for the correction' }]);
        await q.insertCorrection(tx, minuteId, { beforeText: minute.text, beforeResolutions: minute.resolutions, reason: v.reason.trim(), recordedOn: today }, actor.userId);
        await q.updateMinute(tx, minuteId, { agendaItemId: minute.agendaItemId, title: minute.title, text: v.text.trim(), resolutions: splitResolutions(v.resolutions) });
        await audit(tx, p, actor, 'minute', minuteId, 'update', `Minute ${minute.minuteNumber} corrected`);
      });
    },

    /**
     * Makes a held meeting's minutes public (Part B minutes stay withheld from the public), recording
     * today as the date, or `on` (null: published on a date not recorded).
     */
    async publishMinutes(p: Partnership, meetingId: number, actor: Actor, on: string | null = ukToday()): Promise<void> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        await meetingOf(tx, bodies, meetingId, true);
        if ((await q.minutesOf(tx, meetingId)).length === 0) throw new ValidationError([{ field: 'publish', message: 'Record at least one minute before publishing the minutes' }]);
        await q.setMinutesPublished(tx, meetingId, on);
        await audit(tx, p, actor, 'meeting', meetingId, 'update', 'Minutes published');
      });
    },

    /**
     * Records that the minutes were confirmed as a correct record (usually at the body's next meeting):
     * from then on they are locked, and published if they were not already.
     */
    async confirmMinutes(p: Partnership, meetingId: number, v: { 'confirmedOn-day': string; 'confirmedOn-month': string; 'confirmedOn-year': string; atMeetingId: string }, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const bodies = await bodiesOf(p);
      await db.transaction(async (tx) => {
        const { meeting, body } = await meetingOf(tx, bodies, meetingId, true);
        const problems: Problem[] = [];
        if (meeting.minutesConfirmedOn) problems.push({ field: 'confirmedOn-day', message: 'These minutes are already confirmed' });
        if ((await q.minutesOf(tx, meetingId)).length === 0) problems.push({ field: 'confirmedOn-day', message: 'Record the minutes before confirming them' });
        const date = parseDateParts(v['confirmedOn-day'], v['confirmedOn-month'], v['confirmedOn-year'], 'The date the minutes were confirmed');
        if (date.problem || !date.value) problems.push({ field: 'confirmedOn-day', message: date.problem ?? 'Enter the date the minutes were confirmed' });
        else if (date.value < meeting.meetsOn) problems.push({ field: 'confirmedOn-day', message: 'The minutes cannot be confirmed before the meeting took place' });
        let at: number | null = null;
        if (v.atMeetingId) {
          const other = /^\d{1,9}$/.test(v.atMeetingId) ? await q.findMeeting(tx, Number(v.atMeetingId)) : null;
          if (!other || other.bodyId !== body.id || other.id === meetingId) problems.push({ field: 'atMeetingId', message: 'Select a meeting of the same body' });
          else at = other.id;
        }
        if (problems.length) throw new ValidationError(problems);
        await q.setMinutesConfirmed(tx, meetingId, date.value!, at);
        await audit(tx, p, actor, 'meeting', meetingId, 'update', `Minutes confirmed as a correct record on ${date.value}`);
      });
    },
  };
}

export type MeetingsService = ReturnType<typeof meetingsService>;
