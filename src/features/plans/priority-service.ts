import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange, historyFor } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Partnership } from '../partnerships/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import * as q from './queries.ts';
import { priorityById, objectiveById, objectivesUnder, numberTaken, crossCuttingTaken, initiativesUnder, type PriorityRow, type ObjectiveRow } from './priority-queries.ts';
import * as pq from './priority-queries.ts';
import { parsePriorityForm, parseObjectiveForm, type PriorityFields, type PriorityFormValues, type ObjectiveFormValues } from './priority-form.ts';
import { priorityAnchor, priorityHeading, priorityInText, priorityLabel } from './priority-label.ts';

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);

export * from './priority-form.ts';
export { keyPriorities, priorityLabel, priorityHeading } from './priority-label.ts';
export type { PriorityRow, ObjectiveRow } from './priority-queries.ts';
import { EDITABLE } from './service.ts';

// A plan's key priorities (and its one unnumbered section for work outside them) and the objectives
// under them: add, edit, remove, with history.
// Only draft plans and plans under revision change; only coordinators and administrators change them.

const priorityOf = (p: PriorityRow) => ({ kind: p.kind, number: p.number, title: p.title, commitments: p.commitments, evidence: p.evidence, version: p.version });
const objectiveOf = (o: ObjectiveRow) => ({ title: o.title, order: o.position + 1, version: o.version });
const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

export function prioritiesService(db: Db) {
  function requireEditor(actor: Actor, what: string) {
    if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError(`Only a coordinator or administrator can ${what}.`);
  }

  function assertEditable(plan: q.PlanRow) {
    if (!EDITABLE.includes(plan.status)) {
      throw new LockedError(`The ${yearLabel(plan.startYear)} plan is ${plan.status}. Start a revision to change it.`);
    }
  }

  /** Unpublished text (drafts, approvals in waiting, revisions in progress) only for those who may see drafts. */
  function assertCanSee(actor: Actor, plan: q.PlanRow) {
    if (plan.status !== 'published' && !actorCan(actor, 'view_drafts')) throw new NotFoundError('Priority');
  }

  const withYear = (plan: q.PlanRow) => ({ ...plan, year: yearLabel(plan.startYear) });

  async function forEdit(partnership: Partnership, id: number, actor: Actor) {
    requireEditor(actor, 'change priorities');
    const { priority, plan } = await loadPriority(db, partnership, id);
    assertEditable(plan);
    // A key priority may become the plan's section for work outside the key priorities while it has none.
    const canChooseKind = priority.kind === 'cross_cutting' || !(await crossCuttingTaken(db, plan.id, id));
    return { priority: await detail(db, priority), plan: withYear(plan), canChooseKind };
  }

  async function planFor(qx: Queryable, partnership: Partnership, startYear: number) {
    const plan = await q.findPlan(qx, partnership.id, startYear);
    if (!plan) throw new NotFoundError('Plan');
    return plan;
  }

  /** A priority and its plan, as long as both belong to this partnership. */
  async function loadPriority(qx: Queryable, partnership: Partnership, id: number) {
    const priority = await priorityById(qx, id);
    if (!priority) throw new NotFoundError('Priority');
    const plan = await q.findPlanById(qx, priority.planId);
    if (!plan || plan.partnershipId !== partnership.id) throw new NotFoundError('Priority');
    return { priority, plan };
  }

  async function loadObjective(qx: Queryable, partnership: Partnership, priorityId: number, objectiveId: number) {
    const found = await loadPriority(qx, partnership, priorityId);
    const objective = await objectiveById(qx, objectiveId);
    if (!objective || objective.priorityId !== priorityId) throw new NotFoundError('Objective');
    return { ...found, objective };
  }

  /** Initiatives cite the plan's priorities by number ("1 & 2"): keep those references right when a number changes or goes. */
  async function rewriteRefs(tx: Queryable, partnership: Partnership, actor: Actor, planId: number, from: number | null, to: number | null, summary?: string) {
    if (from === null || from === to) return; // the unnumbered section is never cited by number
    for (const r of await pq.initiativesCiting(tx, planId, from)) {
      const refs = [...new Set(r.priorityRefs.map((n) => (n === from ? to : n)).filter((n): n is number => n !== null))].sort((a, b) => a - b);
      await pq.setPriorityRefs(tx, r.id, refs);
      await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative', recordId: r.id, action: 'update',
        summary: summary ?? (to === null ? `Priority ${from} was deleted or moved outside the key priorities` : `Priority ${from} was renumbered ${to}`),
        before: { priorityRefs: r.priorityRefs }, after: { priorityRefs: refs } });
    }
  }

  async function detail(qx: Queryable, priority: PriorityRow) {
    const objectives = await objectivesUnder(qx, priority.id);
    const initiatives = await initiativesUnder(qx, 'priority_id', priority.id);
    return {
      ...priority,
      objectives: objectives.map((o) => ({ ...o, order: o.position + 1, initiativeCount: initiatives.filter((i) => i.objectiveId === o.id).length })),
      initiativeCount: initiatives.length,
    };
  }

  return {
    /** Where these priorities are: number, title, plan year and status (for lists that link to them). */
    async places(partnership: Partnership, ids: number[]) {
      return (await pq.prioritiesInPlans(db, partnership.id, ids)).map((p) => ({ ...p, year: yearLabel(p.startYear) }));
    },

    /** The plan a new priority would join, and the next free number to offer. */
    async forNew(partnership: Partnership, startYear: number, actor: Actor) {
      requireEditor(actor, 'add priorities');
      const plan = await planFor(db, partnership, startYear);
      assertEditable(plan);
      const priorities = await q.prioritiesOf(db, plan.id);
      return { plan: withYear(plan), nextNumber: Math.max(0, ...priorities.map((p) => p.number ?? 0)) + 1,
        canAddCrossCutting: !priorities.some((p) => p.kind === 'cross_cutting') };
    },

    async createPriority(partnership: Partnership, startYear: number, form: PriorityFormValues, actor: Actor): Promise<number> {
      requireEditor(actor, 'add priorities');
      const plan = await planFor(db, partnership, startYear);
      assertEditable(plan);
      const parsed = parsePriorityForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const f = parsed.fields;
      const duplicate = duplicateError(f, yearLabel(startYear));
      try {
        return await db.transaction(async (tx) => {
          if (await taken(tx, plan.id, f, null)) throw duplicate;
          const row = { id: await pq.insertPriority(tx, plan.id, f) };
          const created = (await priorityById(tx, row.id))!;
          await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'priority', recordId: row.id, action: 'create',
            summary: `Added ${f.kind === 'key' ? `priority ${f.number}` : 'the section for work outside the key priorities'} to the ${yearLabel(startYear)} plan`, after: priorityOf(created) });
          return row.id;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate; // someone took the number between our check and the insert
        throw err;
      }
    },

    /** A priority with its objectives and how many initiatives sit under each, for anyone who may see its plan. */
    async get(partnership: Partnership, id: number, actor: Actor) {
      const { priority, plan } = await loadPriority(db, partnership, id);
      assertCanSee(actor, plan);
      return { priority: await detail(db, priority), plan: withYear(plan), canEdit: actorCan(actor, 'edit_plan') && EDITABLE.includes(plan.status) };
    },

    /** As `get`, for the edit pages: refused unless the actor may change this plan now. */
    forEdit,

    async updatePriority(partnership: Partnership, id: number, form: PriorityFormValues, actor: Actor): Promise<void> {
      requireEditor(actor, 'change priorities');
      const { plan } = await loadPriority(db, partnership, id);
      assertEditable(plan);
      const parsed = parsePriorityForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const f = parsed.fields;
      const duplicate = duplicateError(f, yearLabel(plan.startYear));
      try {
        await db.transaction(async (tx) => {
          if (await taken(tx, plan.id, f, id)) throw duplicate;
          const before = (await priorityById(tx, id))!; // as stored just before this save, for the history
          if (!await pq.updatePriority(tx, id, Number(form.version), f)) throw new ConflictError(await priorityById(tx, id));
          const current = (await priorityById(tx, id))!;
          if (before.number !== f.number) await rewriteRefs(tx, partnership, actor, plan.id, before.number, f.number);
          await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'priority', recordId: id, action: 'update',
            before: priorityOf(before), after: priorityOf(current) });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate;
        throw err;
      }
    },

    /** Deleting is for priorities added by mistake: one that still has initiatives is refused. */
    async deletePriority(partnership: Partnership, id: number, version: number, actor: Actor): Promise<{ planYear: string }> {
      requireEditor(actor, 'delete priorities');
      const { priority, plan } = await loadPriority(db, partnership, id);
      assertEditable(plan);
      await db.transaction(async (tx) => {
        const initiatives = await initiativesUnder(tx, 'priority_id', id);
        if (initiatives.length) throw new LockedError(deleteRefusal(priority, initiatives.length));
        const objectives = await objectivesUnder(tx, id);
        if (!await pq.deletePriority(tx, id, version)) throw new ConflictError(await priorityById(tx, id));
        for (const o of objectives) {
          await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'objective', recordId: o.id, action: 'delete',
            summary: `Deleted with ${priorityLabel(priority).toLowerCase()}`, before: objectiveOf(o) });
        }
        await rewriteRefs(tx, partnership, actor, plan.id, priority.number, null);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'priority', recordId: id, action: 'delete',
          summary: `Deleted ${priorityLabel(priority).toLowerCase()} from the ${yearLabel(plan.startYear)} plan`, before: priorityOf(priority) });
      });
      return { planYear: yearLabel(plan.startYear) };
    },

    /**
     * Move everything under a priority to another of the same plan, then delete it: its objectives join
     * the other's (same title: merged into it; otherwise added after its last), its initiatives follow,
     * and initiatives citing its number cite the other's. For priorities a roll forward left doubled.
     */
    async mergePriority(partnership: Partnership, id: number, intoId: number, version: number, actor: Actor): Promise<{ planYear: string; anchor: string }> {
      requireEditor(actor, 'merge priorities');
      const { priority, plan } = await loadPriority(db, partnership, id);
      assertEditable(plan);
      const into = await priorityById(db, intoId);
      if (!into || into.planId !== plan.id || into.id === id) {
        throw new ValidationError([{ field: 'into', message: `Choose another priority of the ${yearLabel(plan.startYear)} plan to merge ${priorityInText(priority)} into` }]);
      }
      const audit = { partnershipId: partnership.id, userId: actor.userId };
      await db.transaction(async (tx) => {
        const objectives = await objectivesUnder(tx, id);
        const initiatives = await initiativesUnder(tx, 'priority_id', id);
        const targets = await objectivesUnder(tx, intoId);
        let nextPosition = Math.max(-1, ...targets.map((o) => o.position)) + 1;
        const objectiveMap = new Map<number, number>();
        for (const o of objectives) {
          const twin = targets.find((x) => x.title.trim().toLowerCase() === o.title.trim().toLowerCase());
          if (twin) { objectiveMap.set(o.id, twin.id); continue; }
          await pq.moveObjective(tx, o.id, intoId, nextPosition);
          await recordChange(tx, { ...audit, recordType: 'objective', recordId: o.id, action: 'update',
            summary: `Moved from ${priorityInText(priority)} to ${priorityInText(into)}`, before: objectiveOf(o), after: { ...objectiveOf(o), order: nextPosition + 1 } });
          objectiveMap.set(o.id, o.id);
          nextPosition += 1;
        }
        for (const i of initiatives) {
          const objectiveId = i.objectiveId === null ? null : objectiveMap.get(i.objectiveId) ?? null;
          await pq.moveInitiative(tx, i.id, intoId, objectiveId);
          await recordChange(tx, { ...audit, recordType: 'initiative', recordId: i.id, action: 'update',
            summary: `Moved from ${priorityInText(priority)} to ${priorityInText(into)}`, before: { priorityId: id, objectiveId: i.objectiveId }, after: { priorityId: intoId, objectiveId } });
        }
        // A stale page (the priority changed since it was opened) undoes all of the above here.
        if (!await pq.deletePriority(tx, id, version)) throw new ConflictError(await priorityById(tx, id));
        for (const o of objectives.filter((x) => objectiveMap.get(x.id) !== x.id)) {
          await recordChange(tx, { ...audit, recordType: 'objective', recordId: o.id, action: 'delete',
            summary: `Merged into the objective of the same title under ${priorityInText(into)}`, before: objectiveOf(o) });
        }
        await rewriteRefs(tx, partnership, actor, plan.id, priority.number, into.kind === 'key' ? into.number : null,
          `${capitalise(priorityInText(priority))} was merged into ${priorityInText(into)}`);
        await recordChange(tx, { ...audit, recordType: 'priority', recordId: id, action: 'delete',
          summary: `Merged into ${priorityInText(into)} of the ${yearLabel(plan.startYear)} plan`, before: priorityOf(priority) });
        await recordChange(tx, { ...audit, recordType: 'priority', recordId: intoId, action: 'update',
          summary: `${capitalise(priorityInText(priority))}, ${priority.title}, merged into it: ${initiatives.length} initiative${initiatives.length === 1 ? '' : 's'} moved`,
          after: { mergedFrom: priorityHeading(priority) } });
      });
      return { planYear: yearLabel(plan.startYear), anchor: priorityAnchor(into) };
    },

    // ---- Objectives ----

    /** The priority a new objective would join, and the order to offer (last). */
    async forNewObjective(partnership: Partnership, priorityId: number, actor: Actor) {
      const found = await forEdit(partnership, priorityId, actor);
      return { ...found, nextPosition: Math.max(0, ...found.priority.objectives.map((o) => o.order)) + 1 };
    },

    async createObjective(partnership: Partnership, priorityId: number, form: ObjectiveFormValues, actor: Actor): Promise<number> {
      requireEditor(actor, 'add objectives');
      const { priority, plan } = await loadPriority(db, partnership, priorityId);
      assertEditable(plan);
      const parsed = parseObjectiveForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      return db.transaction(async (tx) => {
        const row = { id: await pq.insertObjective(tx, priorityId, parsed.fields.title, parsed.fields.position) };
        const created = (await objectiveById(tx, row.id))!;
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'objective', recordId: row.id, action: 'create',
          summary: `Added under ${priorityLabel(priority).toLowerCase()} of the ${yearLabel(plan.startYear)} plan`, after: objectiveOf(created) });
        return row.id;
      });
    },

    /** An objective with its priority, plan and the initiatives under it, for anyone who may see the plan. */
    async getObjective(partnership: Partnership, priorityId: number, objectiveId: number, actor: Actor) {
      const { priority, plan, objective } = await loadObjective(db, partnership, priorityId, objectiveId);
      assertCanSee(actor, plan);
      const initiatives = await initiativesUnder(db, 'objective_id', objectiveId);
      return { objective: { ...objective, order: objective.position + 1 }, priority, plan: withYear(plan), initiatives };
    },

    async forEditObjective(partnership: Partnership, priorityId: number, objectiveId: number, actor: Actor) {
      requireEditor(actor, 'change objectives');
      const { priority, plan, objective } = await loadObjective(db, partnership, priorityId, objectiveId);
      assertEditable(plan);
      const initiatives = await initiativesUnder(db, 'objective_id', objectiveId);
      return { objective: { ...objective, order: objective.position + 1 }, priority, plan: withYear(plan), initiatives };
    },

    async updateObjective(partnership: Partnership, priorityId: number, objectiveId: number, form: ObjectiveFormValues, actor: Actor): Promise<void> {
      requireEditor(actor, 'change objectives');
      const { plan } = await loadObjective(db, partnership, priorityId, objectiveId);
      assertEditable(plan);
      const parsed = parseObjectiveForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await db.transaction(async (tx) => {
        const before = (await objectiveById(tx, objectiveId))!;
        if (!await pq.updateObjective(tx, objectiveId, Number(form.version), parsed.fields.title, parsed.fields.position)) throw new ConflictError(await objectiveById(tx, objectiveId));
        const after = (await objectiveById(tx, objectiveId))!;
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'objective', recordId: objectiveId, action: 'update',
          before: objectiveOf(before), after: objectiveOf(after) });
      });
    },

    /** Remove an objective; its initiatives stay in the plan, directly under the priority. */
    async removeObjective(partnership: Partnership, priorityId: number, objectiveId: number, version: number, actor: Actor): Promise<{ movedCount: number }> {
      requireEditor(actor, 'remove objectives');
      const { priority, plan, objective } = await loadObjective(db, partnership, priorityId, objectiveId);
      assertEditable(plan);
      return db.transaction(async (tx) => {
        if (!await pq.deleteObjective(tx, objectiveId, version)) throw new ConflictError(await objectiveById(tx, objectiveId));
        // The foreign key would set objective_id to null by itself; doing it here bumps versions and records it.
        const moved = await pq.detachFromObjective(tx, objectiveId);
        for (const m of moved) {
          await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative', recordId: m.id, action: 'update',
            summary: `Objective “${objective.title}” removed; kept under ${priorityLabel(priority).toLowerCase()}`,
            before: { objectiveId }, after: { objectiveId: null } });
        }
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'objective', recordId: objectiveId, action: 'delete',
          summary: `Removed from ${priorityLabel(priority).toLowerCase()}${moved.length ? `; its ${moved.length} initiative${moved.length === 1 ? '' : 's'} stay under it` : ''}`,
          before: objectiveOf(objective) });
        return { movedCount: moved.length };
      });
    },

    history(recordType: 'priority' | 'objective', id: number, actor: Actor) {
      assertCanSeeHistory(actor);
      return historyFor(db, recordType, id);
    },
  };
}

export function deleteRefusal(p: Pick<PriorityRow, 'kind' | 'number'>, count: number): string {
  return `${priorityLabel(p)} still has ${count} initiative${count === 1 ? '' : 's'}. Move ${count === 1 ? 'it' : 'them'} to another priority or remove ${count === 1 ? 'it' : 'them'} before deleting ${p.kind === 'key' ? 'the priority' : 'the section'}.`;
}

/** A key priority's number, or the one section outside the key priorities, is already in the plan. */
function taken(tx: Queryable, planId: number, f: PriorityFields, exceptId: number | null): Promise<boolean> {
  return f.number === null ? crossCuttingTaken(tx, planId, exceptId) : numberTaken(tx, planId, f.number, exceptId);
}

function duplicateError(f: PriorityFields, year: string): ValidationError {
  return f.number === null
    ? new ValidationError([{ field: 'kind', message: `The ${year} plan already has a section for work outside the key priorities. Add this work there, or make it a key priority.` }])
    : new ValidationError([{ field: 'number', message: `There is already a priority ${f.number} in the ${year} plan. Choose another number.` }]);
}

export type PrioritiesService = ReturnType<typeof prioritiesService>;
