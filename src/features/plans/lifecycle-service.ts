import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { ForbiddenError, LockedError, NotFoundError, ValidationError, ConflictError } from '../../platform/errors.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { rollForwardService } from './roll-forward-service.ts';
import { unfinishedItems } from './publish-checks.ts';
import * as q from './queries.ts';
import * as lq from './lifecycle-queries.ts';
import { insertObjective, insertPriority } from './priority-queries.ts';
import { EDITABLE, type PlansService } from './service.ts';
import type { PlanDetail, PriorityKind } from './types.ts';
import { formatDate } from '../../platform/dates.ts';

export interface NewPlan {
  startYear: number; introduction: string; otherSection: string; frameworkIds: number[];
  /** Key priorities are numbered; the one section for work outside them (kind cross_cutting) has number null. */
  priorities: { kind?: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string; objectives: string[] }[];
}

/** How an approval or publication was recorded: when it happened, or null when the source gives no date. */
export interface RecordedOn { on: string | null }

function requireCoordinator(actor: Actor, what: string) {
  if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError(`Only a coordinator or administrator can ${what}.`);
}

/** Plan-level changes: create, edit text, approve, publish, revise, roll forward. */
export function planLifecycleService(db: Db, deps: { plans: PlansService; partnerships: PartnershipsService }) {
  async function rowFor(partnership: Partnership, startYear: number) {
    const row = await q.findPlan(db, partnership.id, startYear);
    if (!row) throw new NotFoundError('Plan');
    return row;
  }

  const roll = rollForwardService(db, deps);

  return {
    /** The new plan's id, its priorities' ids by number (null: the section outside the key priorities) and objectives' by "number:title". */
    async create(partnership: Partnership, plan: NewPlan, actor: Actor): Promise<{ planId: number; priorityIds: Map<number | null, number>; objectiveIds: Map<string, number> }> {
      requireCoordinator(actor, 'create a plan');
      if (await q.findPlan(db, partnership.id, plan.startYear)) {
        throw new ValidationError([{ field: 'startYear', message: `There is already a ${yearLabel(plan.startYear)} plan` }]);
      }
      return db.transaction(async (tx) => {
        const row = { id: await lq.insertPlan(tx, partnership.id, plan.startYear, plan.introduction, plan.otherSection) };
        for (const f of plan.frameworkIds) await lq.addPlanFramework(tx, row.id, f);
        // A year with no members yet starts with the latest earlier year's (the partnerships feature keeps them).
        await deps.partnerships.carryMembers(tx, partnership.id, plan.startYear);
        const priorityIds = new Map<number | null, number>();
        const objectiveIds = new Map<string, number>();
        for (const p of plan.priorities) {
          const kind = p.kind ?? 'key';
          const pr = { id: await insertPriority(tx, row.id, { kind, number: kind === 'key' ? p.number : null, title: p.title, commitments: p.commitments, evidence: p.evidence }) };
          priorityIds.set(kind === 'key' ? p.number : null, pr.id);
          let position = 0;
          for (const title of p.objectives) {
            objectiveIds.set(`${kind === 'key' ? p.number : null}:${title}`, await insertObjective(tx, pr.id, title, position++));
          }
        }
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'create',
          summary: `Created the ${yearLabel(plan.startYear)} plan`, after: plan });
        return { planId: row.id, priorityIds, objectiveIds };
      });
    },

    async updateText(partnership: Partnership, startYear: number, input: { introduction: string; otherSection: string; version: number }, actor: Actor) {
      requireCoordinator(actor, 'change the plan');
      const row = await rowFor(partnership, startYear);
      if (!['draft', 'revising'].includes(row.status)) throw new LockedError(`The ${yearLabel(startYear)} plan is ${row.status}. Start a revision to change it.`);
      await db.transaction(async (tx) => {
        if (!await lq.updateText(tx, row.id, input.version, input.introduction, input.otherSection)) throw new ConflictError(await q.findPlanById(tx, row.id));
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'update',
          before: { introduction: row.introduction, otherSection: row.otherSection }, after: { introduction: input.introduction, otherSection: input.otherSection } });
      });
    },

    /**
     * Record the approval: which body approved the plan and when. For a plan approved before it was
     * kept here either may be unknown (null); pages and documents then say it was not recorded.
     */
    async approve(partnership: Partnership, startYear: number, input: { bodyId: number | null; approvedOn: string | null }, actor: Actor) {
      requireCoordinator(actor, 'record approval');
      const row = await rowFor(partnership, startYear);
      if (row.status !== 'draft' && row.status !== 'revising') throw new LockedError(`The ${yearLabel(startYear)} plan is already ${row.status}.`);
      if (input.bodyId !== null) {
        const bodies = await deps.partnerships.bodies(partnership.id);
        if (!bodies.some((b) => b.id === input.bodyId)) throw new ValidationError([{ field: 'bodyId', message: 'Select the body that approved the plan' }]);
      }
      await db.transaction(async (tx) => {
        await lq.markApproved(tx, row.id, input.bodyId, input.approvedOn);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'approve',
          summary: input.approvedOn ? `Approved on ${formatDate(input.approvedOn)}` : `Approved; ${input.bodyId === null ? 'body and date' : 'date'} not recorded`,
          before: { status: row.status }, after: { status: 'approved', approvedOn: input.approvedOn } });
      });
    },

    /** The plan as it would be published, and what looks unfinished in it, for the confirmation page. */
    async publishReview(partnership: Partnership, startYear: number, actor: Actor) {
      const plan = await deps.plans.get(partnership, startYear, actor); // a draft the actor may not see is "not found"
      requireCoordinator(actor, 'publish the plan');
      if (plan.status === 'published') throw new LockedError(`The ${plan.year} plan is already published.`);
      return { plan, unfinished: unfinishedItems(plan, EDITABLE.includes(plan.status)) };
    },

    /**
     * Publish deliberately, whatever looks unfinished (recorded in the history). `version` is the plan's
     * version the coordinator confirmed: if the plan changed since, they are asked again. Published here
     * and now, it is dated now; a plan published elsewhere before it was kept here is `recorded` with the
     * date it was published, or none when that is not known.
     */
    async publish(partnership: Partnership, startYear: number, actor: Actor, opts: { version?: number; recorded?: RecordedOn } = {}) {
      requireCoordinator(actor, 'publish the plan');
      const row = await rowFor(partnership, startYear);
      if (row.status === 'published') throw new LockedError(`The ${yearLabel(startYear)} plan is already published.`);
      const plan = await deps.plans.get(partnership, startYear, actor);
      const unfinished = unfinishedItems(plan, EDITABLE.includes(plan.status)).map((u) => u.text);
      await db.transaction(async (tx) => {
        const { recorded } = opts;
        if (!await lq.markPublished(tx, row.id, row.status, opts.version ?? null, recorded)) throw new ConflictError(await q.findPlanById(tx, row.id));
        const what = `${row.revision > 0 ? `Published revision ${row.revision}` : 'Published'}${recorded && !recorded.on ? '; publication date not recorded' : ''}`;
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'publish',
          summary: unfinished.length ? `${what}, with ${unfinished.length} thing${unfinished.length === 1 ? '' : 's'} unfinished: ${unfinished.join('; ')}` : what,
          before: { status: row.status }, after: { status: 'published', ...(unfinished.length ? { unfinished } : {}) } });
      });
    },

    /** The only way to change a published plan: keep the plan as it stood, then reopen it for editing. */
    async startRevision(partnership: Partnership, startYear: number, reason: string, actor: Actor) {
      requireCoordinator(actor, 'revise the plan');
      if (!reason.trim()) throw new ValidationError([{ field: 'reason', message: 'Enter why the published plan needs to change' }]);
      const row = await rowFor(partnership, startYear);
      if (row.status !== 'published') throw new LockedError('Only a published plan is revised; this one can be edited directly.');
      const snapshot: PlanDetail = await deps.plans.get(partnership, startYear, actor);
      await db.transaction(async (tx) => {
        const revision = row.revision + 1;
        await lq.startRevision(tx, row.id, revision, reason.trim(), actor.userId, snapshot);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'revise',
          summary: `Revision ${revision} started: ${reason.trim()}`, before: { status: 'published' }, after: { status: 'revising' } });
      });
    },

    /** Why and by whom the published plan was reopened: the partnership's own record, not for the public. */
    async revisions(planId: number, actor: Actor) {
      if (!actorCan(actor, 'view_drafts')) return [];
      return lq.revisions(db, planId);
    },

    /** Roll forward: see roll-forward-service.ts. */
    rollForwardPreview: roll.preview,
    rollForward: roll.rollForward,
  };
}
