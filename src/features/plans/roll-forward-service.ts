import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { allInitiatives, shouldCarry } from './compare.ts';
import * as q from './queries.ts';
import * as lq from './lifecycle-queries.ts';
import { insertObjective, insertPriority, prioritiesWithObjectives } from './priority-queries.ts';
import { inPlanOrder, outlineRollForward, resolveFates, type DraftPriority, type OutlinePriority, type PriorityFate, type RollForwardOutline } from './roll-forward.ts';
import { leadFields, type PlansService } from './service.ts';
import { priorityHeading, priorityInText } from './priority-label.ts';
import type { PlanDetail } from './types.ts';

// Roll a plan forward into next year's draft: create the draft, or fill the one already started
// (say by adopting issues from the assessment), mapping each of this year's priorities onto it.

export interface RollForwardChoice {
  /** What becomes of each of this year's priorities, by id; any not given get the default. */
  fates?: Map<number, PriorityFate>;
  /** The initiatives ticked to carry; by default the ongoing ones. */
  carry?: number[];
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

export function rollForwardService(db: Db, deps: { plans: PlansService; partnerships: PartnershipsService }) {
  /** The outline for a choice, or the problems that stop it; `draft` is null when next year has no plan yet. */
  function work(plan: PlanDetail, draft: DraftPriority[] | null, choice: RollForwardChoice) {
    const nextYear = yearLabel(plan.startYear + 1);
    const { fates, problems } = resolveFates(plan, draft, choice.fates ?? new Map(), nextYear);
    const all = allInitiatives(plan);
    const carry = new Set(choice.carry ?? all.filter(shouldCarry).map((i) => i.id));
    const known = new Set(all.map((i) => i.id));
    if ([...carry].some((id) => !known.has(id))) {
      problems.push({ field: 'carry', message: `Tick only initiatives of the ${plan.year} plan` });
    }
    return { fates, ticked: carry, problems, outline: outlineRollForward(plan, draft, fates, carry) };
  }

  return {
    /** What rolling forward would do with this choice (by default: the ongoing initiatives, priorities matched by title), without changing anything. */
    async preview(partnership: Partnership, startYear: number, actor: Actor, choice: RollForwardChoice = {}) {
      const plan = await deps.plans.get(partnership, startYear, actor);
      // Next year's draft is unpublished: only members who may see drafts plan with it.
      if (!actorCan(actor, 'view_drafts')) throw new ForbiddenError('Only members of the partnership can plan next year’s draft.');
      const all = allInitiatives(plan);
      let nextYearExists = false;
      let draftId: number | null = null;
      try { draftId = await draftToFill(db, partnership.id, startYear + 1, all.map((i) => i.id)); } catch { nextYearExists = true; }
      const draft = draftId === null ? null : await prioritiesWithObjectives(db, draftId);
      return {
        plan, carry: all.filter(shouldCarry), leave: all.filter((i) => !shouldCarry(i)), nextYearExists, nextYearDraft: draftId !== null,
        draft, ...work(plan, draft, choice),
      };
    },

    /**
     * Create next year's draft — or fill the one already started — with this year's priorities as
     * mapped, their objectives and the ticked initiatives, each linked back to its record this year.
     * Everything is checked before anything is written, and it all happens in one transaction.
     */
    async rollForward(partnership: Partnership, startYear: number, carryIds: number[], actor: Actor, fates?: Map<number, PriorityFate>): Promise<number> {
      if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError('Only a coordinator or administrator can roll the plan forward.');
      const plan = await deps.plans.get(partnership, startYear, actor);
      const label = yearLabel(startYear + 1);
      try {
        return await db.transaction(async (tx) => {
          // Lock the partnership's plans: two submissions at once must not both create or fill the year.
          await lq.lockPlans(tx, partnership.id);
          const target = await draftToFill(tx, partnership.id, startYear + 1, allInitiatives(plan).map((i) => i.id));
          const draft = target === null ? null : await prioritiesWithObjectives(tx, target);
          const { problems, fates: resolved, outline } = work(plan, draft, { fates, carry: carryIds });
          if (problems.length) throw new ValidationError(problems);

          // The "other vulnerabilities and opportunities" text goes with the section outside the key priorities.
          const otherSection = outline.retired.some((r) => r.kind === 'cross_cutting') ? '' : plan.otherSection;
          const planId = target ?? await newDraft(tx, partnership.id, startYear + 1, plan.introduction, otherSection);
          if (target !== null) await lq.fillEmptyText(tx, target, plan.introduction, otherSection);
          // Next year starts with this year's members (the partnerships feature keeps them).
          await deps.partnerships.carryMembers(tx, partnership.id, startYear + 1, startYear);
          for (const f of plan.frameworks) await lq.addPlanFramework(tx, planId, f.id);

          const audit = { partnershipId: partnership.id, userId: actor.userId };
          await writeOutline(tx, audit, planId, plan, outline);
          await recordChange(tx, { ...audit, recordType: 'plan', recordId: planId, action: 'roll_forward',
            summary: `Rolled forward from ${plan.year}${target ? ' into the draft already started' : ''}, carrying ${outline.carriedCount} initiative${outline.carriedCount === 1 ? '' : 's'}${mappingSummary(plan, outline)}`,
            after: { from: plan.year, priorities: [...plan.priorities].sort(inPlanOrder).map((p) => ({ priority: priorityHeading(p), becomes: describeFate(resolved.get(p.id)!, landing(outline, p.id)) })), carried: outline.carriedCount } });
          return planId;
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ValidationError([{ field: 'fate', message: `The ${label} draft’s priorities changed while this was being saved. Nothing was saved: check the list and try again.` }]);
        }
        throw err;
      }
    },
  };
}

export type RollForwardPreview = Awaited<ReturnType<ReturnType<typeof rollForwardService>['preview']>>;

type Audit = { partnershipId: number; userId: number | null };

/** Create the priorities, objectives and initiatives the outline adds, each with its history. */
async function writeOutline(tx: Queryable, audit: Audit, planId: number, plan: PlanDetail, outline: RollForwardOutline) {
  let position = await lq.initiativeCount(tx, planId);
  const next = yearLabel(plan.startYear + 1);
  for (const p of outline.priorities) {
    let priorityId = p.existingId;
    if (priorityId === null) {
      const from = plan.priorities.find((x) => x.id === p.carriedFrom!.id)!;
      priorityId = await insertPriority(tx, planId, { kind: p.kind, number: p.number, title: from.title, commitments: from.commitments, evidence: from.evidence });
      await recordChange(tx, { ...audit, recordType: 'priority', recordId: priorityId, action: 'create',
        summary: `Carried from ${priorityInText(from)} of the ${plan.year} plan as ${priorityInText(p)} of the ${next} plan`,
        after: { number: p.number, title: from.title, commitments: from.commitments, evidence: from.evidence } });
    }
    const objectiveIds = new Map<string, number>();
    for (const o of p.objectives) {
      if (o.existingId !== null) { objectiveIds.set(o.key, o.existingId); continue; }
      const id = await insertObjective(tx, priorityId, o.title, o.position);
      objectiveIds.set(o.key, id);
      await recordChange(tx, { ...audit, recordType: 'objective', recordId: id, action: 'create',
        summary: `Carried from the ${plan.year} plan under ${priorityInText(p)}`, after: { title: o.title, order: o.position + 1 } });
    }
    for (const { source: i, objectiveKey, priorityRefs } of p.initiatives) {
      const id = await q.insertInitiative(tx, planId, {
        priorityId, objectiveId: objectiveKey ? objectiveIds.get(objectiveKey)! : null, name: i.name, timingKind: i.timingKind,
        startsOn: i.startsOn, endsOn: i.endsOn, timingText: i.timingText, description: i.description, outcomes: i.outcomes,
        // Delayed work stays delayed, with its reason, until someone updates it.
        status: i.status === 'planned' || i.status === 'delayed' ? i.status : 'active',
        statusReason: i.status === 'delayed' ? i.statusReason : null, priorityRefs,
        crimeTypes: i.crimeTypes, wards: i.wards, ...leadFields(i),
        frameworkItemIds: i.frameworkItems.map((f) => f.id), previousInitiativeId: i.id,
      }, position++);
      const was = plan.priorities.find((x) => x.id === i.priorityId)!;
      await recordChange(tx, { ...audit, recordType: 'initiative', recordId: id, action: 'create',
        summary: `Carried from the ${plan.year} plan${was.kind === p.kind && was.number === p.number ? '' : ` (was under ${priorityInText(was)})`}`,
        after: { name: i.name, priority: priorityHeading(p), priorityRefs } });
    }
    if (p.existingId !== null && p.mergedIn.length) {
      await recordChange(tx, { ...audit, recordType: 'priority', recordId: p.existingId, action: 'update',
        summary: `${capitalise(p.mergedIn.map((m) => `${priorityInText(m)} of the ${plan.year} plan`).join(' and '))} merged into it: ${p.initiatives.length} initiative${p.initiatives.length === 1 ? '' : 's'} carried`,
        after: { mergedFrom: p.mergedIn.map((m) => `${priorityHeading(m)} (${plan.year})`) } });
    }
  }
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);

/** Where one of this year's priorities lands in the outline; null when it is retired. */
function landing(outline: RollForwardOutline, sourceId: number): OutlinePriority | null {
  return outline.priorities.find((x) => x.carriedFrom?.id === sourceId || x.mergedIn.some((m) => m.id === sourceId)) ?? null;
}

function describeFate(fate: PriorityFate, target: OutlinePriority | null): string {
  if (fate.kind === 'retire' || !target) return 'retired';
  return fate.kind === 'merge' ? `merged into ${priorityInText(target)}` : priorityInText(target);
}

/** "; priority 1 became priority 3, priority 2 merged into priority 1, the section outside the key priorities retired". */
function mappingSummary(plan: PlanDetail, outline: RollForwardOutline): string {
  const parts = [...plan.priorities].sort(inPlanOrder).flatMap((p) => {
    const target = landing(outline, p.id);
    if (!target) return [`${priorityInText(p)} retired`];
    if (target.existingId !== null && p.kind === 'cross_cutting' && target.kind === 'cross_cutting') return [`${priorityInText(p)} joined the draft’s`];
    if (target.existingId !== null) return [`${priorityInText(p)} merged into ${priorityInText(target)}`];
    return target.kind === p.kind && target.number === p.number ? [] : [`${priorityInText(p)} became ${priorityInText(target)}`];
  });
  return parts.length ? `; ${parts.join(', ')}` : '';
}

/** Next year's plan to roll into: null when there is none; refused when it is not a draft or was already rolled into. */
async function draftToFill(tx: Queryable, partnershipId: number, startYear: number, sourceInitiativeIds: number[]): Promise<number | null> {
  const existing = await q.findPlan(tx, partnershipId, startYear);
  if (!existing) return null;
  const label = yearLabel(startYear);
  if (existing.status !== 'draft') throw new ValidationError([{ field: 'carry', message: `There is already a ${label} plan, and it is ${existing.status}` }]);
  if (await lq.carriedFrom(tx, existing.id, sourceInitiativeIds) > 0) throw new ValidationError([{ field: 'carry', message: `There is already a ${label} plan, and this plan has been rolled into it` }]);
  return existing.id;
}

function newDraft(tx: Queryable, partnershipId: number, startYear: number, introduction: string, otherSection: string): Promise<number> {
  return lq.insertPlan(tx, partnershipId, startYear, introduction, otherSection);
}

