// Update rounds: before a delivery-board meeting the coordinator asks the leads of a plan's
// initiatives for an update by a due date. Who still owes is always worked out afresh from the
// delivery service (no update dated or posted since the round opened), grouped by lead organisation;
// reminders go to each organisation's partner editors through the mailer; the summary is the board's paper.
import type { Db } from '../../platform/db/types.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import type { UsersService } from '../../platform/auth/users-service.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import type { MeetingsService } from '../meetings/service.ts';
import { ukToday, type DeliveryService } from '../delivery/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { formatDate } from '../../platform/dates.ts';
import * as q from './queries.ts';
import { parseRoundForm, type RoundFormValues } from './form.ts';

export interface RoundsDeps {
  plans: PlansService; delivery: DeliveryService; meetings: MeetingsService; users: UsersService; mail: Mailer;
}

/** What the rounds feature calls its messages in the mail record. */
export const ROUND_MAIL = 'update_round';

const MANAGE_REFUSAL = 'Only the partnership’s coordinators can open update rounds and send reminders.';
const SEE_REFUSAL = 'Only members of the partnership who may see its unpublished work can see update rounds.';

/** The whole round as its pages need it, seen by everyone who may see it the same way (the system's view of the plan). */
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };

export interface OwedItem { id: number; name: string; lastReportedOn: string | null }
export interface OwedGroup {
  /** The lead organisation; null for initiatives led only by a body or team of the partnership. */
  organisation: { id: number; name: string } | null;
  items: OwedItem[];
  /** Its partner editors: an organisation with none is shown as "no one to remind". */
  recipients: { name: string; email: string }[];
}

export function roundsService(db: Db, deps: RoundsDeps) {
  const mayManage = (actor: Actor) => { if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError(MANAGE_REFUSAL); };
  const maySee = (actor: Actor) => { if (!actorCan(actor, 'view_drafts')) throw new ForbiddenError(SEE_REFUSAL); };

  async function round(partnership: Partnership, id: number) {
    const r = await q.findRound(db, partnership.id, id);
    if (!r) throw new NotFoundError('Update round');
    return r;
  }

  async function meetingChoices(partnership: Partnership) {
    const { bodies, meetings } = await deps.meetings.allMeetings(partnership);
    const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
    return meetings.map((m) => ({ id: m.id, meetsOn: m.meetsOn, text: `${bodyName.get(m.bodyId) ?? 'Meeting'}, ${formatDate(m.meetsOn)}` }));
  }

  /** Initiatives owed in the round, grouped by lead organisation (an initiative with two leads is owed by both), with whom to remind. */
  async function owed(partnership: Partnership, r: q.RoundRow): Promise<OwedGroup[]> {
    const items = await deps.delivery.awaitingUpdateSince(partnership, r.planStartYear, new Date(r.openedAt), SYSTEM);
    const groups = new Map<number | null, OwedGroup>();
    for (const i of items) {
      const item = { id: i.id, name: i.name, lastReportedOn: i.lastReportedOn };
      const leads = i.leads.length ? i.leads.map((l) => ({ id: l.id, name: l.name })) : [null];
      for (const lead of leads) {
        const key = lead?.id ?? null;
        if (!groups.has(key)) groups.set(key, { organisation: lead, items: [], recipients: [] });
        groups.get(key)!.items.push(item);
      }
    }
    const orgIds = [...groups.keys()].filter((k): k is number => k !== null);
    for (const e of await deps.users.partnerEditorsOf(partnership.id, orgIds)) groups.get(e.organisationId)?.recipients.push({ name: e.name, email: e.email });
    return [...groups.values()].sort((a, b) => (a.organisation?.name ?? '\uffff').localeCompare(b.organisation?.name ?? '\uffff'));
  }

  const withLabels = (r: q.RoundRow, today = ukToday()) => ({ ...r, planYear: yearLabel(r.planStartYear), overdue: r.closedAt === null && r.dueOn < today });

  return {
    /** The partnership's rounds, newest first. */
    async list(partnership: Partnership, actor: Actor) {
      maySee(actor);
      return (await q.roundsOf(db, partnership.id)).map((r) => withLabels(r));
    },

    /** What the "open a round" form offers: plans that are being delivered (approved or published) and the partnership's meetings. */
    async choices(partnership: Partnership, actor: Actor) {
      mayManage(actor);
      const plans = (await deps.plans.list(partnership, actor)).filter((p) => p.status !== 'draft');
      return { plans: plans.map((p) => ({ startYear: p.startYear, year: yearLabel(p.startYear) })), meetings: await meetingChoices(partnership) };
    },

    /**
     * Open a round. `recorded` is for a round held before it was kept here (the demo): when it opened,
     * and its due date may then be in the past.
     */
    async open(partnership: Partnership, form: RoundFormValues, actor: Actor, recorded?: { openedAt: string }): Promise<number> {
      mayManage(actor);
      const [plans, meetings] = await Promise.all([deps.plans.list(partnership, actor), meetingChoices(partnership)]);
      const live = plans.filter((p) => p.status !== 'draft');
      const parsed = parseRoundForm(form, { today: ukToday(), recorded: Boolean(recorded), planYears: live.map((p) => p.startYear), meetingIds: meetings.map((m) => m.id) });
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const plan = await deps.plans.get(partnership, parsed.fields.planStartYear, actor);
      return q.insertRound(db, { partnershipId: partnership.id, planId: plan.id, planStartYear: plan.startYear, title: parsed.fields.title,
        dueOn: parsed.fields.dueOn, meetingId: parsed.fields.meetingId, openedBy: actor.userId, openedAt: recorded?.openedAt });
    },

    /** A round with who still owes, grouped by lead organisation, and the reminders sent so far. */
    async get(partnership: Partnership, id: number, actor: Actor) {
      maySee(actor);
      const r = await round(partnership, id);
      const [groups, meetings, reminders] = await Promise.all([owed(partnership, r), meetingChoices(partnership),
        deps.mail.about(partnership, { kind: ROUND_MAIL, id: r.id })]);
      const owedCount = new Set(groups.flatMap((g) => g.items.map((i) => i.id))).size;
      return { round: withLabels(r), meeting: meetings.find((m) => m.id === r.meetingId) ?? null, groups, owedCount,
        reminders, canManage: actorCan(actor, 'edit_plan') };
    },

    /**
     * The board's paper: how the plan's initiatives stand (by their latest update), the exceptions
     * (off track, at risk, delayed, and owed past the due date) and the figures reported since the round opened.
     */
    async summary(partnership: Partnership, id: number, actor: Actor) {
      maySee(actor);
      const r = await round(partnership, id);
      const plan = await deps.plans.get(partnership, r.planStartYear, actor);
      const [rollup, updates, groups, meetings] = await Promise.all([deps.delivery.rollup(plan, actor),
        deps.delivery.updatesSince(partnership, r.planStartYear, new Date(r.openedAt), actor), owed(partnership, r), meetingChoices(partnership)]);
      const labelled = withLabels(r);
      const names = new Map<number, string>();
      for (const p of plan.priorities) for (const i of [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]) names.set(i.id, i.name);
      const exceptions = [...rollup.latest].filter(([, l]) => ['off_track', 'at_risk', 'delayed'].includes(l.status))
        .map(([initiativeId, l]) => ({ id: initiativeId, name: names.get(initiativeId) ?? '', status: l.status, reportedOn: l.reportedOn }))
        .filter((e) => e.name).sort((a, b) => a.name.localeCompare(b.name));
      const overdue = labelled.overdue ? [...new Map(groups.flatMap((g) => g.items.map((i) => [i.id, { ...i, leads: groups.filter((h) => h.items.some((x) => x.id === i.id)).map((h) => h.organisation?.name ?? 'No lead organisation') }]))).values()] : [];
      return { round: labelled, plan, meeting: meetings.find((m) => m.id === r.meetingId) ?? null, rollup, counts: rollup.plan.counts,
        exceptions, overdue, updates, figures: updates.filter((u) => u.figures.length > 0), answered: new Set(updates.map((u) => u.initiativeId)).size };
    },

    /**
     * What the actor's organisation owes in the partnership's open rounds, for their home page:
     * partner editors (and anyone else with an organisation who may report) only.
     */
    async owedBy(partnership: Partnership, actor: Actor) {
      if (actor.organisationId === null || !actorCan(actor, 'edit_initiative')) return [];
      const rounds = await q.roundsOf(db, partnership.id, true);
      const result = [];
      for (const r of rounds) {
        const mine = (await owed(partnership, r)).find((g) => g.organisation?.id === actor.organisationId);
        if (mine) result.push({ round: withLabels(r), items: mine.items });
      }
      return result;
    },

    /**
     * Remind every lead organisation's partner editors of what they owe: one message per person,
     * composed from the round's template and sent (or kept in the outbox). Organisations with no
     * one to remind are returned by name, so the page can say so.
     */
    async remind(partnership: Partnership, id: number, actor: Actor, links: { base: string }) {
      mayManage(actor);
      const r = await round(partnership, id);
      if (r.closedAt) throw new ValidationError([{ field: 'remind', message: 'This round is closed: open a new one to ask for updates again.' }]);
      const groups = await owed(partnership, r);
      const outcome = { sent: 0, kept: 0, failed: 0, noOneToRemind: [] as string[] };
      for (const g of groups) {
        if (!g.organisation) continue;
        if (g.recipients.length === 0) { outcome.noOneToRemind.push(g.organisation.name); continue; }
        for (const person of g.recipients) {
          const result = await deps.mail.send({
            partnershipId: partnership.id, to: person.email, template: 'rounds/mail/reminder.njk', concerns: { kind: ROUND_MAIL, id: r.id },
            data: { name: person.name, organisation: g.organisation.name, partnershipName: partnership.name, round: r.title, due: r.dueOn,
              planYear: yearLabel(r.planStartYear),
              items: g.items.map((i) => ({ name: i.name, link: `${links.base}/p/${partnership.slug}/initiatives/${i.id}/updates/new` })) },
          });
          outcome[result.status === 'sent' ? 'sent' : result.status === 'kept' ? 'kept' : 'failed']++;
        }
      }
      return outcome;
    },

    /** Close a round: leads no longer see it as owed. */
    async close(partnership: Partnership, id: number, actor: Actor) {
      mayManage(actor);
      await round(partnership, id);
      await q.closeRound(db, id);
    },
  };
}

export type RoundsService = ReturnType<typeof roundsService>;
