import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange, historyFor } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import type { FrameworksService } from '../frameworks/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import * as q from './queries.ts';
import { initiativeCount } from './lifecycle-queries.ts';
import { parseInitiativeForm, type InitiativeFormValues } from './initiative-form.ts';
import type { InitiativeDetail, InitiativeFundingLine, PlanDetail, PlanStatus } from './types.ts';
import { planCache } from './plan-cache.ts';
import { planDocument } from './plan-document.ts';
import type { Document } from '../../documents/model.ts';

export const EDITABLE: PlanStatus[] = ['draft', 'revising'];

const initiativesOf = (plan: PlanDetail) => plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]);

/** An initiative's leads and supporters as the ids an insert or update takes. */
export function leadFields(i: Pick<InitiativeDetail, 'leads' | 'supports'>) {
  const of = (list: InitiativeDetail['leads'], type: 'organisation' | 'body') => list.filter((l) => l.type === type).map((l) => l.id);
  return { leadIds: of(i.leads, 'organisation'), supportIds: of(i.supports, 'organisation'), leadBodyIds: of(i.leads, 'body'), supportBodyIds: of(i.supports, 'body') };
}

function snapshotOf(i: InitiativeDetail) {
  return {
    name: i.name, priorityId: i.priorityId, objectiveId: i.objectiveId, timingKind: i.timingKind, startsOn: i.startsOn,
    endsOn: i.endsOn, timingText: i.timingText, description: i.description, outcomes: i.outcomes, status: i.status,
    statusReason: i.statusReason, priorityRefs: i.priorityRefs, crimeTypes: i.crimeTypes, wards: i.wards,
    leads: i.leads.map((o) => o.acronym ?? o.name), supports: i.supports.map((o) => o.acronym ?? o.name),
    frameworkItems: i.frameworkItems.map((f) => `${f.frameworkName} ${f.number}`), version: i.version,
  };
}

export interface PlansDeps {
  partnerships: PartnershipsService;
  frameworks: FrameworksService;
  /** The wards of the partnership's districts, by name, that an initiative may target. */
  wardNames(partnership: Partnership): Promise<string[]>;
  /** The funding given to an initiative (from the funding ledger), for its page. */
  initiativeFunding?(partnership: Partnership, initiativeId: number): Promise<InitiativeFundingLine[]>;
  /** The measures (KPIs) that follow these priorities or initiatives, by their id (the measures feature reads them). */
  measuresLinked?(partnershipId: number, kind: 'priority' | 'initiative', ids: number[]): Promise<Map<number, { id: number; name: string }[]>>;
}

const allIn = (ids: number[], records: { id: number }[]) => ids.every((id) => records.some((r) => r.id === id));

export function plansService(db: Db, deps: PlansDeps) {
  const cache = planCache();

  /** The plan as stored now: from the cache when nothing in the partnership has changed since it was built. */
  async function current(partnership: Partnership, row: q.PlanRow): Promise<PlanDetail> {
    const key = `${row.id}:${row.version}:${await cache.stamp(db, partnership.id)}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const plan = await assemble(db, partnership, row);
    cache.set(key, plan);
    return plan;
  }

  async function assemble(qx: Queryable, partnership: Partnership, row: q.PlanRow): Promise<PlanDetail> {
    const [priorities, objectives, initiatives, members, frameworks] = await Promise.all([
      q.prioritiesOf(qx, row.id), q.objectivesOf(qx, row.id), q.initiativesWhere(qx, 'plan', row.id),
      deps.partnerships.members(partnership.id, row.startYear), frameworksOf(qx, partnership, row.id),
    ]);
    return {
      id: row.id, partnershipId: partnership.id, partnershipName: partnership.name, partnershipShortName: partnership.shortName,
      year: yearLabel(row.startYear), startYear: row.startYear, status: row.status, revision: row.revision,
      introduction: row.introduction, otherSection: row.otherSection, approved: row.approved, approvedByBodyName: row.approvedByBodyName,
      approvedOn: row.approvedOn, publishedAt: row.publishedAt, members, version: row.version,
      frameworks: frameworks.map((f) => ({ id: f.id, name: f.name, kind: f.kind, versionLabel: f.versionLabel })),
      priorities: priorities.map((p) => ({
        ...p,
        objectives: objectives.filter((o) => o.priorityId === p.id).map(({ priorityId: _, ...o }) => ({
          ...o, initiatives: initiatives.filter((i) => i.objectiveId === o.id),
        })),
        initiatives: initiatives.filter((i) => i.priorityId === p.id && i.objectiveId === null),
      })),
    };
  }

  /**
   * What someone who may not see drafts sees of a plan: the plan itself once published; while a
   * revision is under way (revising, or approved and waiting to be published again) the plan as it
   * was last published; before its first publication, nothing.
   */
  function publicView(row: { status: PlanStatus; revision: number }): 'live' | 'last-published' | 'hidden' {
    if (row.status === 'published') return 'live';
    return row.revision > 0 ? 'last-published' : 'hidden';
  }

  function assertCanSee(actor: Actor, row: { status: PlanStatus; revision: number }) {
    if (!actorCan(actor, 'view_drafts') && publicView(row) === 'hidden') throw new NotFoundError('Plan');
  }

  /** What the public sees of a plan under revision: the plan as it stood when the revision began. */
  async function publicSnapshot(planId: number): Promise<PlanDetail> {
    const snapshot = await q.latestSnapshot(db, planId);
    if (!snapshot) throw new NotFoundError('Plan');
    // Snapshots taken before plans could be published unapproved were all of approved plans.
    return { ...snapshot, approved: snapshot.approved ?? true };
  }

  const seesLivePlan = (actor: Actor, row: { status: PlanStatus; revision: number }) =>
    actorCan(actor, 'view_drafts') || publicView(row) === 'live';

  async function planRow(partnership: Partnership, startYear: number, actor: Actor) {
    const row = await q.findPlan(db, partnership.id, startYear);
    if (!row) throw new NotFoundError('Plan');
    assertCanSee(actor, row);
    return row;
  }

  /** The same initiative in other years, each as the actor may see it (a draft year not at all). */
  async function relatedYears(id: number, actor: Actor) {
    const visible = await Promise.all((await q.relatedYears(db, id)).map(async (r) => {
      const plan = { status: r.planStatus, revision: r.planRevision };
      if (seesLivePlan(actor, plan)) return r;
      if (publicView(plan) === 'hidden') return null;
      const published = initiativesOf(await publicSnapshot(r.planId)).find((i) => i.id === r.id);
      return published ? { ...r, name: published.name, status: published.status } : null;
    }));
    return visible.filter((r) => r !== null).map(({ id: rid, startYear, name, status }) => ({ id: rid, startYear, name, status, year: yearLabel(startYear) }));
  }

  function assertEditable(row: q.PlanRow) {
    if (!EDITABLE.includes(row.status)) {
      throw new LockedError(`The ${yearLabel(row.startYear)} plan is ${row.status}. Start a revision to change it.`);
    }
  }

  async function loadInitiative(qx: Queryable, partnership: Partnership, id: number) {
    const [initiative] = await q.initiativesWhere(qx, 'id', id);
    if (!initiative) throw new NotFoundError('Initiative');
    const plan = await q.findPlanById(qx, initiative.planId);
    if (!plan || plan.partnershipId !== partnership.id) throw new NotFoundError('Initiative');
    return { initiative, plan };
  }

  function assertCanEditInitiative(actor: Actor, i: InitiativeDetail | null) {
    if (actorCan(actor, 'edit_plan')) return;
    // Only an organisation lead or supporter counts: a body's id may equal an organisation's.
    if (i && actorCan(actor, 'edit_initiative') && actor.organisationId !== null
      && [...i.leads, ...i.supports].some((o) => o.type === 'organisation' && o.id === actor.organisationId)) return;
    throw new ForbiddenError(i ? 'Only the coordinator or the organisations that lead or support this initiative can change it.'
      : 'Only a coordinator can add initiatives to the plan.');
  }

  /** The frameworks the plan maps to: the mapping is the plan's, the frameworks their own feature's. */
  async function frameworksOf(qx: Queryable, partnership: Partnership, planId: number) {
    return deps.frameworks.withIds(partnership.id, await q.planFrameworkIds(qx, planId));
  }

  /**
   * Ids posted by a form must belong to this plan and partnership, whatever the browser sent.
   * Checked before the write's transaction: organisations, bodies and frameworks are read through
   * their own services, which do not run inside this feature's transaction.
   */
  async function checkReferences(partnership: Partnership, planId: number, v: q.InitiativeFields) {
    const problems: { field: string; message: string }[] = [];
    if (!await q.priorityInPlan(db, v.priorityId, planId)) problems.push({ field: 'priority', message: 'Select the priority this initiative sits under' });
    if (v.objectiveId) {
      if (!await q.objectiveInPriority(db, v.objectiveId, v.priorityId)) problems.push({ field: 'objective', message: 'Select an objective of the chosen priority, or none' });
    }
    const orgIds = [...v.leadIds, ...v.supportIds];
    if (orgIds.length && !allIn(orgIds, await deps.partnerships.organisations(partnership.id))) {
      problems.push({ field: 'leads', message: 'Select organisations from the list' });
    }
    const bodyIds = [...v.leadBodyIds, ...v.supportBodyIds];
    if (bodyIds.length && !allIn(bodyIds, await deps.partnerships.bodies(partnership.id))) {
      problems.push({ field: 'leads', message: 'Select organisations, bodies and teams from the list' });
    }
    if (v.frameworkItemIds.length && !allIn(v.frameworkItemIds, (await frameworksOf(db, partnership, planId)).flatMap((f) => f.items))) {
      problems.push({ field: 'frameworkItems', message: 'Select framework items from the list' });
    }
    if (problems.length) throw new ValidationError(problems);
  }

  return {
    /** The measures that follow these priorities or initiatives (none where no measures feature is given). */
    async linkedMeasures(partnership: Partnership, kind: 'priority' | 'initiative', ids: number[]) {
      return deps.measuresLinked ? deps.measuresLinked(partnership.id, kind, ids) : new Map<number, { id: number; name: string }[]>();
    },

    /** Every year with a plan, drafts included: for choosing years in administration, not for display. */
    startYears: (partnershipId: number) => q.planYears(db, partnershipId),

    async list(partnership: Partnership, actor: Actor) {
      const plans = await q.listPlans(db, partnership.id, !actorCan(actor, 'view_drafts'));
      return Promise.all(plans.map(async (p) => {
        if (seesLivePlan(actor, p)) return p;
        // Under revision: the list says what the last published version said, nothing of the work in progress.
        const s = await publicSnapshot(p.id);
        return { ...p, status: 'published' as const, revision: s.revision, introduction: s.introduction, otherSection: s.otherSection,
          approved: s.approved, approvedByBodyName: s.approvedByBodyName, approvedOn: s.approvedOn, publishedAt: s.publishedAt, initiativeCount: initiativesOf(s).length };
      }));
    },

    /** The plan as a document (the plan's own download, and the appendix of the committee report). */
    async document(partnership: Partnership, startYear: number, actor: Actor): Promise<Document> {
      const row = await planRow(partnership, startYear, actor);
      const doc = planDocument(seesLivePlan(actor, row) ? await current(partnership, row) : await publicSnapshot(row.id));
      const logo = await deps.partnerships.logo(partnership);
      return logo ? { ...doc, logo } : doc;
    },

    async get(partnership: Partnership, startYear: number, actor: Actor): Promise<PlanDetail> {
      const row = await planRow(partnership, startYear, actor);
      return seesLivePlan(actor, row) ? current(partnership, row) : publicSnapshot(row.id);
    },

    async getInitiative(partnership: Partnership, id: number, actor: Actor) {
      const { initiative: live, plan } = await loadInitiative(db, partnership, id);
      assertCanSee(actor, plan);
      let initiative = live;
      if (!seesLivePlan(actor, plan)) {
        const published = initiativesOf(await publicSnapshot(plan.id)).find((i) => i.id === id);
        if (!published) throw new NotFoundError('Initiative');
        initiative = published;
      }
      const [related, funding] = await Promise.all([relatedYears(id, actor), deps.initiativeFunding?.(partnership, id) ?? []]);
      // Why this actor may not change it now (their organisation's, or the plan is locked), for the edit page to say.
      let cannotEdit: ForbiddenError | LockedError | null = null;
      try {
        assertCanEditInitiative(actor, initiative);
        assertEditable(plan);
      } catch (err) {
        if (!(err instanceof ForbiddenError || err instanceof LockedError)) throw err;
        cannotEdit = err;
      }
      return { initiative, plan: { ...plan, year: yearLabel(plan.startYear) }, related, funding, canEdit: cannotEdit === null, cannotEdit,
        canSeeHistory: actorCan(actor, 'view_drafts') };
    },

    history(recordType: 'plan' | 'initiative', id: number, actor: Actor) {
      assertCanSeeHistory(actor);
      return historyFor(db, recordType, id);
    },

    async createInitiative(partnership: Partnership, startYear: number, form: InitiativeFormValues, actor: Actor): Promise<number> {
      assertCanEditInitiative(actor, null);
      const row = await planRow(partnership, startYear, actor);
      assertEditable(row);
      const parsed = parseInitiativeForm(form, { wards: await deps.wardNames(partnership) });
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await checkReferences(partnership, row.id, parsed.fields);
      return db.transaction(async (tx) => {
        const id = await q.insertInitiative(tx, row.id, parsed.fields, await initiativeCount(tx, row.id));
        const [created] = await q.initiativesWhere(tx, 'id', id);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative', recordId: id,
          action: 'create', summary: `Added to the ${yearLabel(startYear)} plan`, after: snapshotOf(created) });
        return id;
      });
    },

    async updateInitiative(partnership: Partnership, id: number, form: InitiativeFormValues, actor: Actor): Promise<void> {
      const { initiative, plan } = await loadInitiative(db, partnership, id);
      assertCanSee(actor, plan);
      assertCanEditInitiative(actor, initiative);
      assertEditable(plan);
      // Wards it already names stay choosable, even if no longer in the list.
      const parsed = parseInitiativeForm(form, { wards: [...await deps.wardNames(partnership), ...initiative.wards] });
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const fields = { ...parsed.fields, previousInitiativeId: initiative.previousInitiativeId };
      if (!actorCan(actor, 'edit_plan')) {
        // Partner editors cannot hand the initiative to other organisations or move it in the plan.
        Object.assign(fields, leadFields(initiative), { priorityId: initiative.priorityId, objectiveId: initiative.objectiveId });
      }
      const version = Number(form.version);
      await checkReferences(partnership, plan.id, fields);
      await db.transaction(async (tx) => {
        const saved = await q.updateInitiative(tx, id, version, fields);
        if (!saved) {
          const [current] = await q.initiativesWhere(tx, 'id', id);
          throw new ConflictError(current);
        }
        const [after] = await q.initiativesWhere(tx, 'id', id);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'initiative', recordId: id,
          action: 'update', before: snapshotOf(initiative), after: snapshotOf(after) });
      });
    },

    async formOptions(partnership: Partnership, startYear: number, actor: Actor) {
      // The form lists the plan as it is now, revision or draft: only for those who may change initiatives.
      if (!actorCan(actor, 'edit_initiative')) throw new ForbiddenError('Only the coordinator or the organisations that lead or support an initiative can change it.');
      const row = await planRow(partnership, startYear, actor);
      const [priorities, objectives, organisations, bodies, frameworks, wards] = await Promise.all([
        q.prioritiesOf(db, row.id), q.objectivesOf(db, row.id), deps.partnerships.organisations(partnership.id),
        deps.partnerships.bodies(partnership.id), frameworksOf(db, partnership, row.id), deps.wardNames(partnership),
      ]);
      // Scrutiny committees hold the partnership to account; they do not deliver its initiatives.
      const leadBodies = bodies.filter((b) => b.kind !== 'scrutiny_committee').map((b) => ({ id: b.id, name: b.name, kind: b.kind }));
      return { plan: { ...row, year: yearLabel(row.startYear) }, priorities, objectives, organisations, bodies: leadBodies, frameworks, wards };
    },
  };
}

export type PlansService = ReturnType<typeof plansService>;
