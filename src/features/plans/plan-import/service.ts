// Import an existing plan: read the file or text, propose a plan, keep the proposal for the person's
// review, and on acceptance write it as a draft plan in one transaction, with its history.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';
import type { Partnership, PartnershipsService } from '../../partnerships/service.ts';
import type { Framework, FrameworksService } from '../../frameworks/service.ts';
import { parseYearLabel, yearLabel } from '../../partnerships/years.ts';
import * as q from '../queries.ts';
import * as lq from '../lifecycle-queries.ts';
import { insertObjective, insertPriority } from '../priority-queries.ts';
import { readDocxTables, looksLikeZip } from './read-docx.ts';
import { readPdfTables, looksLikePdf } from './read-pdf.ts';
import { readPastedText } from './read-text.ts';
import { proposePlan, problemsOf, type PlanProposal, type ProposedInitiative } from './propose.ts';
import { UnreadablePlanError } from './source.ts';
import type { Party } from './match-leads.ts';
import { parseTiming } from './timing.ts';
import * as pq from './queries.ts';

/** How long a proposal waits for review before it is thrown away. */
const PENDING_HOURS = 24;

export type PlanSource = { kind: 'file'; name: string; bytes: Buffer } | { kind: 'text'; text: string };

/** A coordinator's corrections to one proposed initiative, from the review form. */
export interface InitiativeEdit { include: boolean; name: string; leads: string[]; timing: string }

/** "organisation:3" / "body:2": how a lead is chosen on the review page. */
export const partyKey = (p: Pick<Party, 'type' | 'id'>) => `${p.type}:${p.id}`;

function requireCoordinator(actor: Actor) {
  if (!actorCan(actor, 'edit_plan') || actor.userId === null) throw new ForbiddenError('Only the partnership’s coordinators and administrators can import a plan.');
}

/** The framework of a kind in force during the plan year (the latest to start, when several are). */
function frameworkFor(frameworks: Framework[], kind: string, startYear: number, startMonth: number): Framework | null {
  const from = `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
  const to = `${startYear + 1}-${String(startMonth).padStart(2, '0')}-01`;
  const fits = frameworks.filter((f) => f.kind === kind && (!f.startsOn || f.startsOn < to) && (!f.endsOn || f.endsOn >= from));
  return fits.sort((a, b) => (b.startsOn ?? '').localeCompare(a.startsOn ?? ''))[0] ?? null;
}

export function planImportService(db: Db, deps: { partnerships: PartnershipsService; frameworks: FrameworksService }) {
  async function parties(partnershipId: number): Promise<Party[]> {
    const [orgs, bodies] = await Promise.all([deps.partnerships.organisations(partnershipId), deps.partnerships.bodies(partnershipId)]);
    return [
      ...orgs.map((o) => ({ type: 'organisation' as const, id: o.id, name: o.name, acronym: o.acronym })),
      ...bodies.map((b) => ({ type: 'body' as const, id: b.id, name: b.name, acronym: null })),
    ];
  }

  /** The file's tables: its type is told by its content, not its name. */
  async function tablesOf(source: PlanSource) {
    if (source.kind === 'text') return readPastedText(source.text);
    if (looksLikePdf(source.bytes)) return readPdfTables(source.bytes);
    if (looksLikeZip(source.bytes)) return readDocxTables(source.bytes);
    throw new UnreadablePlanError('The file is neither a Word document (.docx) nor a PDF. An older Word file (.doc) can be saved as .docx from Word.');
  }

  return {
    parties,

    /** Read and propose; keep the proposal for review. Nothing else is written. Returns the import's id. */
    async stage(partnership: Partnership, source: PlanSource, actor: Actor): Promise<string> {
      requireCoordinator(actor);
      const proposal = proposePlan(await tablesOf(source), await parties(partnership.id));
      if (!proposal.initiatives.length) throw new UnreadablePlanError('The tables were read but no projects or initiatives were found in them.');
      const id = randomBytes(16).toString('hex');
      await pq.deleteExpired(db);
      await pq.insertPending(db, { id, partnershipId: partnership.id, userId: actor.userId!, sourceName: source.kind === 'file' ? source.name : 'Pasted text', proposal, hours: PENDING_HOURS });
      return id;
    },

    /** The proposal waiting for this person's review, with the frameworks its references would link to. */
    async pending(partnership: Partnership, id: string, actor: Actor) {
      requireCoordinator(actor);
      const row = await pq.findPending(db, id, partnership.id, actor.userId!);
      if (!row) throw new NotFoundError('Plan import');
      return row;
    },

    async discard(partnership: Partnership, id: string, actor: Actor) {
      requireCoordinator(actor);
      const row = await pq.findPending(db, id, partnership.id, actor.userId!);
      if (row) await pq.deletePending(db, id);
    },

    /**
     * The frameworks a plan of that year links its PCC and strategy references to: those of the latest
     * earlier plan (plans carry them on), else those in force during the year.
     */
    async frameworksFor(partnership: Partnership, startYear: number) {
      const all = await deps.frameworks.list(partnership.id);
      const earlier = (await q.listPlans(db, partnership.id, false)).filter((p) => p.startYear < startYear).sort((a, b) => b.startYear - a.startYear)[0];
      const carried = earlier ? new Set(await q.planFrameworkIds(db, earlier.id)) : null;
      const pick = (kind: string) => (carried ? all.find((f) => f.kind === kind && carried.has(f.id)) : undefined)
        ?? frameworkFor(all, kind, startYear, partnership.planYearStartMonth);
      return { pcc: pick('pcc_plan'), strategy: pick('county_strategy') };
    },

    /**
     * Accept the reviewed proposal into a new draft plan for `yearText` ("2024-25"): refused if that
     * year has a plan. Priorities, objectives and initiatives are written in one transaction, with
     * the history of each, and the pending import is removed in the same transaction.
     */
    async accept(partnership: Partnership, id: string, yearText: string, edits: InitiativeEdit[], actor: Actor): Promise<{ planId: number; startYear: number; count: number }> {
      requireCoordinator(actor);
      const row = await pq.findPending(db, id, partnership.id, actor.userId!);
      if (!row) throw new NotFoundError('Plan import');
      const startYear = parseYearLabel(yearText);
      if (startYear === null) throw new ValidationError([{ field: 'year', message: 'Enter the plan year in the form 2024-25' }]);
      const label = yearLabel(startYear);
      if (await q.findPlan(db, partnership.id, startYear)) {
        throw new ValidationError([{ field: 'year', message: `There is already a ${label} plan. Choose another year, or add to that plan from its page.` }]);
      }
      const proposal = row.proposal;
      const known = new Map((await parties(partnership.id)).map((p) => [partyKey(p), p]));
      const chosen = proposal.initiatives.map((initiative, n) => ({ initiative, edit: edits[n] ?? defaultEdit(initiative) })).filter((c) => c.edit.include);
      const problems = chosen.flatMap(({ edit }, n) => [
        ...(edit.name.trim() ? [] : [{ field: `i${n}-name`, message: `Enter the name of initiative ${n + 1}` }]),
        ...(edit.leads.some((k) => k && !known.has(k)) ? [{ field: `i${n}-lead0`, message: `Choose the leads of “${edit.name}” from the list` }] : []),
      ]);
      if (!chosen.length) problems.push({ field: 'year', message: 'Include at least one initiative' });
      if (problems.length) throw new ValidationError(problems);
      const { pcc, strategy } = await this.frameworksFor(partnership, startYear);
      const pccItems = new Map((pcc?.items ?? []).map((i) => [i.number, i.id]));
      const strandItems = new Map((strategy?.items ?? []).map((i) => [i.title.toLowerCase(), i.id]));

      const planId = await db.transaction(async (tx) => {
        await lq.lockPlans(tx, partnership.id);
        if (await q.findPlan(tx, partnership.id, startYear)) throw new ValidationError([{ field: 'year', message: `There is already a ${label} plan.` }]);
        const planId = await lq.insertPlan(tx, partnership.id, startYear, '', '');
        for (const f of [pcc, strategy]) if (f) await lq.addPlanFramework(tx, planId, f.id);
        await deps.partnerships.carryMembers(tx, partnership.id, startYear);
        const audit = { partnershipId: partnership.id, userId: actor.userId };
        const priorityIds = new Map<number | null, number>();
        const objectiveIds = new Map<string, number>();
        for (const p of proposal.priorities) {
          const used = chosen.filter((c) => c.initiative.priority === p.number);
          if (!used.length && p.number === null) continue;
          const kind = p.number === null ? 'cross_cutting' : 'key';
          const pid = await insertPriority(tx, planId, { kind, number: p.number, title: p.title, commitments: [], evidence: '' });
          priorityIds.set(p.number, pid);
          let position = 0;
          for (const title of p.objectives.filter((o) => used.some((c) => c.initiative.objective === o))) {
            objectiveIds.set(`${p.number}:${title}`, await insertObjective(tx, pid, title, position++));
          }
        }
        let position = 0;
        for (const { initiative: i, edit } of chosen) {
          const leads = edit.leads.filter(Boolean).map((k) => known.get(k)!);
          const supports = i.supports.flatMap((s) => (s.match ? [s.match] : []));
          const ids = (list: Party[], type: Party['type']) => [...new Set(list.filter((p) => p.type === type).map((p) => p.id))];
          const timing = parseTiming(edit.timing);
          const priorityId = priorityIds.get(i.priority) ?? [...priorityIds.values()][0]!;
          const frameworkItemIds = [
            ...i.pccRefs.flatMap((n) => (pccItems.has(String(n)) ? [pccItems.get(String(n))!] : [])),
            ...i.strands.flatMap((s) => (strandItems.has(s.toLowerCase()) ? [strandItems.get(s.toLowerCase())!] : [])),
          ];
          const initiativeId = await q.insertInitiative(tx, planId, {
            priorityId, objectiveId: i.objective ? objectiveIds.get(`${i.priority}:${i.objective}`) ?? null : null,
            name: edit.name.trim(), timingKind: timing.kind, startsOn: timing.startsOn, endsOn: timing.endsOn, timingText: timing.text,
            description: i.description, outcomes: i.outcomes, status: i.status, statusReason: i.statusReason,
            priorityRefs: i.priorityRefs, crimeTypes: [], wards: [],
            leadIds: ids(leads, 'organisation'), supportIds: ids(supports, 'organisation'), leadBodyIds: ids(leads, 'body'), supportBodyIds: ids(supports, 'body'),
            frameworkItemIds: [...new Set(frameworkItemIds)], previousInitiativeId: null,
          }, position++);
          await recordChange(tx, { ...audit, recordType: 'initiative', recordId: initiativeId, action: 'create',
            summary: `Imported from ${row.sourceName}`, after: { name: edit.name.trim(), leads: leads.map((l) => l.acronym ?? l.name), timing: edit.timing, source: i.source } });
        }
        await recordChange(tx, { ...audit, recordType: 'plan', recordId: planId, action: 'create',
          summary: `Created the ${label} plan by importing ${row.sourceName}: ${chosen.length} initiative${chosen.length === 1 ? '' : 's'}`,
          after: { startYear, source: row.sourceName, priorities: proposal.priorities.map((p) => p.title), initiatives: chosen.length } });
        await pq.deletePending(tx, id);
        return planId;
      });
      return { planId, startYear, count: chosen.length };
    },
  };
}

/** The proposal as it stands, before any correction: leads are the exact matches. */
export function defaultEdit(i: ProposedInitiative): InitiativeEdit {
  return { include: true, name: i.name, leads: i.leads.map((l) => (l.match ? partyKey(l.match) : '')), timing: i.timing.text ?? timingWords(i) };
}

/** Timing as words the parser reads back the same. */
function timingWords(i: ProposedInitiative): string {
  const t = i.timing;
  switch (t.kind) {
    case 'ongoing': return 'Ongoing';
    case 'various': return 'Various dates';
    case 'business_as_usual': return 'Business as usual';
    case 'dates': {
      const fmt = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      if (t.startsOn && t.endsOn) return `${fmt(t.startsOn)} to ${fmt(t.endsOn)}`;
      if (t.startsOn) return `From ${fmt(t.startsOn)}`;
      if (t.endsOn) return `By ${fmt(t.endsOn)}`;
      return '';
    }
    default: return '';
  }
}

export { problemsOf, type PlanProposal };
