// Delivery monitoring: progress updates on a plan's initiatives, their corrections, and the roll-up of
// how each objective, priority and plan stands. Which initiatives exist and who may see them is the
// plans service's answer; this feature adds only what was reported about them.
import type { Db } from '../../platform/db/types.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import type { InitiativeDetail, PlanDetail } from '../plans/types.ts';
import { allInitiatives } from '../plans/compare.ts';
import * as q from './queries.ts';
import { recordChange } from '../../platform/audit.ts';
import { rollUpPlan, type PlanRollup } from './rollup.ts';
import { parseUpdateForm, type UpdateFormValues } from './update-form.ts';
import { figureText, type DeliveryStatus, type Figure } from './statuses.ts';

export interface DeliveryDeps { plans: PlansService; partnerships: PartnershipsService }

/** The latest visible update of an initiative, as lists show it. */
export interface LatestStatus { status: DeliveryStatus; progress: number | null; reportedOn: string }

/** An update as a page or the API shows it to this actor. */
export interface UpdateView extends Omit<q.UpdateRow, 'authorName' | 'authorId' | 'figures'> {
  /** Each figure with its value in words ("1,884 people", "4.29 out of 5"). */
  figures: (Figure & { text: string })[];
  /** Only for members of the partnership: the public sees the organisation, not the person. */
  authorName: string | null;
  organisationName: string | null;
  /** The author or a coordinator may correct it. */
  canCorrect: boolean;
}

/** Today's date in the UK, as an ISO date. */
export function ukToday(now = new Date()): string {
  return now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
}

/** Only published plans' updates for publication reach people who may not see the partnership's drafts. */
const publicOnly = (actor: Actor) => !actorCan(actor, 'view_drafts');

export function deliveryService(db: Db, deps: DeliveryDeps) {
  /**
   * Coordinators report on any initiative; partner editors on those their organisation leads or
   * supports (an organisation, never a body that happens to share its id).
   */
  function assertCanReport(actor: Actor, i: InitiativeDetail) {
    if (actorCan(actor, 'edit_plan')) return;
    if (actorCan(actor, 'edit_initiative') && actor.organisationId !== null
      && [...i.leads, ...i.supports].some((o) => o.type === 'organisation' && o.id === actor.organisationId)) return;
    throw new ForbiddenError('Only a coordinator, or a partner editor of an organisation that leads or supports this initiative, can post updates on it.');
  }

  const canCorrect = (actor: Actor, u: Pick<q.UpdateRow, 'authorId'>) =>
    actorCan(actor, 'edit_plan') || (actor.userId !== null && u.authorId === actor.userId && actorCan(actor, 'edit_initiative'));

  async function organisationNames(partnershipId: number) {
    const orgs = await deps.partnerships.organisations(partnershipId);
    return new Map(orgs.map((o) => [o.id, o.name]));
  }

  function view(u: q.UpdateRow, actor: Actor, orgs: Map<number, string>): UpdateView {
    const { authorId: _, ...rest } = u;
    return { ...rest, figures: u.figures.map((f) => ({ ...f, text: figureText(f) })), authorName: actorCan(actor, 'read_internal') ? u.authorName : null,
      organisationName: u.organisationId === null ? null : orgs.get(u.organisationId) ?? null, canCorrect: canCorrect(actor, u) };
  }

  /** The update and its initiative, if this actor may see both. */
  async function visibleUpdate(partnership: Partnership, id: number, actor: Actor) {
    const u = await q.findUpdate(db, id);
    if (!u || u.partnershipId !== partnership.id || (publicOnly(actor) && !u.forPublication)) throw new NotFoundError('Update');
    const found = await deps.plans.getInitiative(partnership, u.initiativeId, actor).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw new NotFoundError('Update');
      throw err;
    });
    return { update: u, ...found };
  }

  async function latest(plan: PlanDetail, actor: Actor): Promise<Map<number, LatestStatus>> {
    const rows = await q.latestOfPlan(db, plan.id, publicOnly(actor));
    return new Map(rows.map(({ initiativeId, ...l }) => [initiativeId, l]));
  }

  /** An update to correct, if this actor is its author or a coordinator. */
  async function forCorrection(partnership: Partnership, id: number, actor: Actor) {
    const found = await visibleUpdate(partnership, id, actor);
    if (!canCorrect(actor, found.update)) throw new ForbiddenError('Only the person who posted this update, or a coordinator, can correct it.');
    return found;
  }

  return {
    /** An initiative's updates, newest first, as this actor may see them (the plans service decides whether the initiative is visible). */
    async timeline(partnership: Partnership, initiativeId: number, actor: Actor) {
      const found = await deps.plans.getInitiative(partnership, initiativeId, actor);
      const [rows, orgs, weights] = await Promise.all([q.updatesOf(db, initiativeId, publicOnly(actor)), organisationNames(partnership.id),
        q.weightsOf(db, [initiativeId])]);
      let canPost = true;
      try { assertCanReport(actor, found.initiative); } catch { canPost = false; }
      return { ...found, updates: rows.map((u) => view(u, actor, orgs)), canPost, weight: weights.get(initiativeId) ?? 1,
        canWeigh: actorCan(actor, 'edit_plan') };
    },

    /** The latest visible status of each initiative of a plan the actor sees (as `plans.get` gave it). */
    latest,

    /** The plan's roll-up: counts and progress per objective, priority and the plan, from what the actor may see. */
    async rollup(plan: PlanDetail, actor: Actor): Promise<PlanRollup & { latest: Map<number, LatestStatus> }> {
      const statuses = await latest(plan, actor);
      const weights = await q.weightsOf(db, allInitiatives(plan).map((i) => i.id));
      const result = rollUpPlan(plan, (i) => {
        const l = statuses.get(i.id);
        return { id: i.id, status: l?.status ?? null, progress: l?.progress ?? null, weight: weights.get(i.id) ?? 1 };
      });
      return { ...result, latest: statuses };
    },

    /** Whether this actor may post on the initiative (the page offers the link only then). */
    async forNewUpdate(partnership: Partnership, initiativeId: number, actor: Actor) {
      const found = await deps.plans.getInitiative(partnership, initiativeId, actor);
      assertCanReport(actor, found.initiative);
      return found;
    },

    /**
     * Post an update as `actor`, from their organisation. `recorded` is for updates reported before
     * they were kept here (the demo): the organisation that reported, and the date is also when it was recorded.
     */
    async post(partnership: Partnership, initiativeId: number, form: UpdateFormValues, actor: Actor,
      recorded?: { organisationId: number | null }): Promise<number> {
      const { initiative, plan } = await deps.plans.getInitiative(partnership, initiativeId, actor);
      assertCanReport(actor, initiative);
      const parsed = parseUpdateForm(form, ukToday());
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      // Recorded in the audit log too: the plan's public pages are cached against the partnership's latest change.
      return db.transaction(async (tx) => {
        const id = await q.insertUpdate(tx, {
          ...parsed.fields, partnershipId: partnership.id, planId: plan.id, initiativeId, authorId: actor.userId,
          organisationId: recorded ? recorded.organisationId : actor.organisationId,
          createdAt: recorded ? `${parsed.fields.reportedOn}T12:00:00Z` : undefined,
        });
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative_update', recordId: id, action: 'create',
          summary: `Progress update on ${initiative.name}` });
        return id;
      });
    },

    forCorrection,

    /** Correct an update, keeping what it said before; a ConflictError if someone corrected it since the form was opened. */
    async correct(partnership: Partnership, id: number, form: UpdateFormValues, actor: Actor): Promise<number> {
      const { update } = await forCorrection(partnership, id, actor);
      const parsed = parseUpdateForm(form, ukToday());
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const version = Number(form.version);
      await db.transaction(async (tx) => {
        const before: q.UpdateFields = { reportedOn: update.reportedOn, status: update.status, reason: update.reason, narrative: update.narrative,
          progress: update.progress, figures: update.figures, forPublication: update.forPublication };
        if (!await q.correctUpdate(tx, id, version, parsed.fields)) throw new ConflictError(await q.findUpdate(tx, id));
        await q.insertCorrection(tx, id, version, before, actor.userId);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative_update', recordId: id, action: 'update',
          summary: 'Progress update corrected' });
      });
      return update.initiativeId;
    },

    /** What an update said before each correction: for members who may see drafts (earlier wording may never have been public). */
    async corrections(partnership: Partnership, id: number, actor: Actor) {
      assertCanSeeHistory(actor);
      const found = await visibleUpdate(partnership, id, actor);
      return { ...found, corrections: await q.correctionsOf(db, id) };
    },

    /**
     * The initiatives of a plan still being delivered (neither the plan nor their latest update says
     * completed or cancelled) with no update dated or posted since `since`, with their lead
     * organisations: whom an update round is waiting for. Two reads: the plan (cached) and one query.
     */
    async awaitingUpdateSince(partnership: Partnership, startYear: number, since: Date, actor: Actor) {
      const plan = await deps.plans.get(partnership, startYear, actor);
      const [reported, statuses] = await Promise.all([q.reportedSince(db, plan.id, since), latest(plan, actor)]);
      return allInitiatives(plan)
        .filter((i) => i.status !== 'completed' && i.status !== 'cancelled')
        .filter((i) => !['completed', 'cancelled'].includes(statuses.get(i.id)?.status ?? ''))
        .filter((i) => !reported.has(i.id))
        .map((i) => ({ id: i.id, name: i.name, leads: i.leads.filter((l) => l.type === 'organisation'), lastReportedOn: statuses.get(i.id)?.reportedOn ?? null }));
    },

    /** The plan's updates since `since` that this actor may see, newest first, with their initiative's name (an update round's new figures and exceptions). */
    async updatesSince(partnership: Partnership, startYear: number, since: Date, actor: Actor) {
      const plan = await deps.plans.get(partnership, startYear, actor);
      const names = new Map(allInitiatives(plan).map((i) => [i.id, i.name]));
      const [rows, orgs] = await Promise.all([q.updatesOfPlanSince(db, plan.id, since, publicOnly(actor)), organisationNames(partnership.id)]);
      // Only updates on initiatives of the plan as this actor sees it (a revision's additions stay unseen by the public).
      return rows.filter((u) => names.has(u.initiativeId)).map((u) => ({ ...view(u, actor, orgs), initiativeName: names.get(u.initiativeId)! }));
    },

    /** How much an initiative counts in the roll-up (coordinators only). */
    async setWeight(partnership: Partnership, initiativeId: number, value: string, actor: Actor) {
      if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError('Only the partnership’s coordinators can change how much an initiative counts.');
      await deps.plans.getInitiative(partnership, initiativeId, actor);
      const v = value.trim();
      if (!/^\d{1,4}(\.\d{1,2})?$/.test(v) || Number(v) > 1000) {
        throw new ValidationError([{ field: 'weight', message: 'Enter the weight as a number from 0 to 1,000, for example 1 or 2.5' }]);
      }
      await db.transaction(async (tx) => {
        await q.setWeight(tx, initiativeId, Number(v));
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative_weight', recordId: initiativeId, action: 'update',
          summary: `Weight in the roll-up set to ${Number(v)}` });
      });
    },
  };
}

export type DeliveryService = ReturnType<typeof deliveryService>;
