// C6: the actions and recommendations tracker. A body's officers record on a minute what was promised
// (actions) and what the committee recommended; each stays open until closed with a response (who
// answered, when, what was done). Who reads an item follows its minute (docs/decisions/005): an item of
// an exempt (Part B) minute, or of minutes not yet published, only for the body's insiders.
import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { MeetingsService, MinuteRef } from '../meetings/service.ts';
import { ukToday } from '../meetings/service.ts';
import * as q from './queries.ts';
import type { ActionRow, ReferralRow } from './queries.ts';
import { checkAction, checkClose, checkReferral, checkResponse, type ActionFormValues, type CloseFormValues, type ConcernOption,
  type ReferralFormValues, type ResponseFormValues } from './forms.ts';

export const ACTION_STATUSES = ['open', 'closed', 'overdue'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionView extends ActionRow {
  minute: MinuteRef;
  /** Open, with a due date before today. An item without a due date is never overdue. */
  overdue: boolean;
  status: 'open' | 'closed';
}
export interface ReferralView extends ReferralRow { minute: MinuteRef }

const EDIT_REFUSAL = 'Only the partnership’s coordinators can record actions, responses and referrals.';

export interface ActionsDeps {
  meetings: MeetingsService;
  /** What an action may concern (priorities, initiatives, assessment issues) as this person may see them. */
  concerns?: (p: Partnership, actor: Actor) => Promise<ConcernOption[]>;
  /** The responsible authorities the committee reports to: the partnership's statutory members. */
  authorities?: (p: Partnership) => Promise<string[]>;
  /** Today's date in the UK (YYYY-MM-DD): injectable, so "overdue" can be tested against a fixed day. */
  today?: () => string;
}

export function actionsService(db: Db, deps: ActionsDeps) {
  const today = deps.today ?? (() => ukToday());
  const assertCanEdit = (actor: Actor) => {
    if (!deps.meetings.canEdit(actor)) throw new ForbiddenError(EDIT_REFUSAL);
  };

  const audit = (tx: Queryable, p: Partnership, actor: Actor, recordType: string, recordId: number, action: 'create' | 'update', summary: string) =>
    recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType, recordId, action, summary });

  const viewOf = (row: ActionRow, minute: MinuteRef, day: string): ActionView => ({
    ...row, minute, status: row.closedOn ? 'closed' : 'open', overdue: !row.closedOn && row.dueOn !== null && row.dueOn < day,
  });

  /** The partnership's items this person may read, oldest first. */
  async function visible(p: Partnership, actor: Actor): Promise<ActionView[]> {
    const [rows, minutes] = await Promise.all([q.actionsOf(db, p.id), deps.meetings.minuteRefs(p, actor)]);
    const day = today();
    return rows.flatMap((r) => {
      const minute = minutes.find((m) => m.id === r.minuteId);
      return minute?.readable ? [viewOf(r, minute, day)] : [];
    }).sort((a, b) => a.minute.meetsOn.localeCompare(b.minute.meetsOn) || a.minute.minuteNumber - b.minute.minuteNumber || a.id - b.id);
  }

  /** A minute of the partnership that this person may read (officers read them all). */
  async function readableMinute(p: Partnership, minuteId: number, actor: Actor): Promise<MinuteRef> {
    const minute = (await deps.meetings.minuteRefs(p, actor)).find((m) => m.id === minuteId);
    if (!minute?.readable) throw new NotFoundError('Minute');
    return minute;
  }

  async function get(p: Partnership, id: number, actor: Actor): Promise<ActionView> {
    const found = (await visible(p, actor)).find((a) => a.id === id);
    if (!found) throw new NotFoundError('Action');
    return found;
  }

  async function referrals(p: Partnership, actor: Actor): Promise<ReferralView[]> {
    const [rows, minutes] = await Promise.all([q.referralsOf(db, p.id), deps.meetings.minuteRefs(p, actor)]);
    return rows.flatMap((r) => {
      const minute = minutes.find((m) => m.id === r.minuteId);
      return minute?.readable ? [{ ...r, minute }] : [];
    });
  }

  async function referral(p: Partnership, id: number, actor: Actor): Promise<ReferralView> {
    const found = (await referrals(p, actor)).find((r) => r.id === id);
    if (!found) throw new NotFoundError('Referral');
    return found;
  }

  const authorities = (p: Partnership) => deps.authorities?.(p) ?? Promise.resolve([]);

  const matches = (a: ActionView, status: ActionStatus | undefined) =>
    !status || (status === 'overdue' ? a.overdue : a.status === status);

  /** Whether the item belongs to an exempt minute: its audit summary then says nothing of it. */
  const summaryOf = (minute: MinuteRef, text: string) => (minute.exempt ? `${text} (exempt minute ${minute.minuteNumber})` : `${text} (minute ${minute.minuteNumber})`);

  return {
    canEdit: (actor: Actor) => deps.meetings.canEdit(actor),
    today,

    /** The tracker: items this person may read, by status (open, closed, overdue) and body. */
    async list(p: Partnership, actor: Actor, filter: { status?: ActionStatus; bodyId?: number } = {}): Promise<ActionView[]> {
      return (await visible(p, actor)).filter((a) => matches(a, filter.status) && (!filter.bodyId || a.bodyId === filter.bodyId));
    },

    get,

    /** The items recorded on a meeting's minutes, by minute id. */
    async forMeeting(p: Partnership, meetingId: number, actor: Actor): Promise<Map<number, ActionView[]>> {
      const byMinute = new Map<number, ActionView[]>();
      for (const a of await visible(p, actor)) {
        if (a.minute.meetingId !== meetingId) continue;
        byMinute.set(a.minuteId, [...(byMinute.get(a.minuteId) ?? []), a]);
      }
      return byMinute;
    },

    /**
     * The tracker as the standing item of a meeting: the body's items from its earlier meetings that are
     * still open, and those closed since the body's previous meeting (what has been answered since).
     */
    async trackerFor(p: Partnership, meeting: { id: number; bodyId: number; meetsOn: string }, actor: Actor): Promise<ActionView[]> {
      const all = (await visible(p, actor)).filter((a) => a.bodyId === meeting.bodyId);
      const earlier = all.filter((a) => a.minute.meetsOn < meeting.meetsOn);
      const { past, upcoming } = await deps.meetings.meetingsOf(p, meeting.bodyId);
      const previous = [...past, ...upcoming].map((m) => m.meetsOn).filter((d) => d < meeting.meetsOn).sort().at(-1) ?? null;
      return earlier.filter((a) => a.status === 'open' || (previous !== null && a.closedOn! >= previous));
    },

    /** What the form offers to link an item to. */
    concernOptions: (p: Partnership, actor: Actor) => deps.concerns?.(p, actor) ?? Promise.resolve([]),

    /** The minute an item is being recorded on, for its form (officers only). */
    async minuteFor(p: Partnership, minuteId: number, actor: Actor): Promise<MinuteRef> {
      assertCanEdit(actor);
      return readableMinute(p, minuteId, actor);
    },

    /** Records an action or recommendation on a minute; returns its id. */
    async record(p: Partnership, minuteId: number, v: ActionFormValues, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const minute = await readableMinute(p, minuteId, actor);
      const { fields, problems } = checkAction(v, await deps.concerns?.(p, actor) ?? []);
      if (!fields) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const id = await q.insertAction(tx, p.id, minute.body.id, minute.id, fields, actor.userId);
        await audit(tx, p, actor, 'action', id, 'create', summaryOf(minute, fields.kind === 'action' ? 'Action recorded' : 'Recommendation recorded'));
        return id;
      });
    },

    /** Closes an open item with its response: who answered, when, what was done. All three are needed. */
    async close(p: Partnership, id: number, v: CloseFormValues, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const item = await get(p, id, actor);
      const problems: { field: string; message: string }[] = [];
      if (item.closedOn) problems.push({ field: 'response', message: 'This item is already closed' });
      const checked = checkClose(v, item.minute.meetsOn, today());
      problems.push(...checked.problems);
      if (problems.length || !checked.fields) throw new ValidationError(problems);
      await db.transaction(async (tx) => {
        const row = await q.findAction(tx, p.id, id, true);
        if (!row) throw new NotFoundError('Action');
        if (row.closedOn) throw new ValidationError([{ field: 'response', message: 'This item is already closed' }]);
        if (v.version && Number(v.version) !== row.version) throw new ValidationError([{ field: 'response', message: 'Someone else changed this item after you opened it: check it and save again' }]);
        await q.closeAction(tx, id, checked.fields!, actor.userId);
        await audit(tx, p, actor, 'action', id, 'update', summaryOf(item.minute, `Closed with a response dated ${checked.fields!.closedOn}`));
      });
    },

    // ---- s.19(8): where the committee's report or recommendations were sent ---------------------

    authorities,
    referrals,
    referral,

    /** The referrals of a meeting's minutes, by minute id. */
    async referralsForMeeting(p: Partnership, meetingId: number, actor: Actor): Promise<Map<number, ReferralView[]>> {
      const byMinute = new Map<number, ReferralView[]>();
      for (const r of await referrals(p, actor)) {
        if (r.minute.meetingId === meetingId) byMinute.set(r.minuteId, [...(byMinute.get(r.minuteId) ?? []), r]);
      }
      return byMinute;
    },

    /** Records that the report or recommendations of a minute were sent to an authority, and when. */
    async recordReferral(p: Partnership, minuteId: number, v: ReferralFormValues, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const minute = await readableMinute(p, minuteId, actor);
      const { fields, problems } = checkReferral(v, await authorities(p), minute.meetsOn, today());
      if (!fields) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const id = await q.insertReferral(tx, p.id, minute.body.id, minute.id, fields.authority, fields.sentOn, actor.userId);
        await audit(tx, p, actor, 'referral', id, 'create', summaryOf(minute, `Sent to ${fields.authority} on ${fields.sentOn}`));
        return id;
      });
    },

    /** Records when an authority responded and what it said. */
    async recordReferralResponse(p: Partnership, id: number, v: ResponseFormValues, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const found = await referral(p, id, actor);
      if (found.respondedOn) throw new ValidationError([{ field: 'response', message: 'A response is already recorded for this referral' }]);
      const { fields, problems } = checkResponse(v, found.sentOn, today());
      if (!fields) throw new ValidationError(problems);
      await db.transaction(async (tx) => {
        const row = await q.findReferral(tx, p.id, id, true);
        if (!row || row.respondedOn) throw new ValidationError([{ field: 'response', message: 'A response is already recorded for this referral' }]);
        await q.recordReferralResponse(tx, id, fields.respondedOn, fields.response);
        await audit(tx, p, actor, 'referral', id, 'update', summaryOf(found.minute, `${found.authority} responded on ${fields.respondedOn}`));
      });
    },
  };
}

export type ActionsService = ReturnType<typeof actionsService>;
