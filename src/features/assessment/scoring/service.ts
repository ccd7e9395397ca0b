// The scoring workspace: one scoring set per assessment period, one scored issue per crime type,
// anti-social behaviour and each partner category, volume and trend derived from the assessment, the rest scored by
// people with a confidence and a rationale; the ranked list; adopting an issue as a priority of
// next year's draft plan. Every change to a score, the weights or an adoption is in the history.
import type { Db, Queryable } from '../../../platform/db/types.ts';
import { recordChange, historyFor } from '../../../platform/audit.ts';
import { ConflictError, ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';
import type { PlansService } from '../../plans/service.ts';
import type { planLifecycleService } from '../../plans/lifecycle-service.ts';
import { keyPriorities, type PrioritiesService } from '../../plans/priority-service.ts';
import type { PriorityDetail } from '../../plans/types.ts';
import { NoCrimeDataError, type AssessOptions } from '../analysis/service.ts';
import type { AssessmentResult } from '../types.ts';
import * as q from './queries.ts';
import { formatPeriod } from '../../../platform/dates.ts';
import {
  DEFAULT_WEIGHTS, FACTORS, derivedScores, draftIssueEvidence, issuesFrom, nextPlanYear, parseScoreForm, parseWeights, rankIssues,
  weightsOf, type DerivedFactor, type ScoreFields, type ScoreFormValues, type Scores, type Weights,
} from './rules.ts';

export interface ScoringDeps {
  assess(partnership: Partnership, opts: AssessOptions): Promise<AssessmentResult>;
  plans: Pick<PlansService, 'list' | 'get'>;
  lifecycle: Pick<ReturnType<typeof planLifecycleService>, 'create'>;
  priorities: Pick<PrioritiesService, 'createPriority' | 'forEdit' | 'updatePriority' | 'places'>;
}

const EDITABLE_PLAN = ['draft', 'revising'];

export const scoresOf = (fields: ScoreFields): Scores => Object.fromEntries(FACTORS.map((f) => [f, fields[f].score])) as Scores;

/** The record as History shows it: one flat field per score, confidence and rationale. */
function snapshot(row: q.IssueScoreRow) {
  const out: Record<string, unknown> = {};
  for (const f of FACTORS) {
    out[f] = row.fields[f].score;
    if (f === 'volume' || f === 'trend') out[`${f}FromData`] = row.fields[f].derived;
    out[`${f}Confidence`] = row.fields[f].confidence;
    out[`${f}Rationale`] = row.fields[f].rationale;
  }
  return { ...out, version: row.version };
}

/** Form values for an issue as stored: volume and trend read "data" while they follow the data. */
export function formValuesOf(row: q.IssueScoreRow): ScoreFormValues {
  const v: ScoreFormValues = { version: String(row.version) };
  for (const f of FACTORS) {
    const x = row.fields[f];
    v[f] = x.derived ? 'data' : x.score === null ? '' : String(x.score);
    v[`${f}Confidence`] = x.confidence ?? '';
    v[`${f}Rationale`] = x.rationale ?? '';
  }
  return v;
}

export function scoringService(db: Db, deps: ScoringDeps) {
  function assertCanRead(actor: Actor) {
    // Scores and rationales are the partnership's working papers, not public.
    if (!actorCan(actor, 'view_drafts')) throw new NotFoundError('Page');
  }
  function assertCanScore(actor: Actor) {
    if (!actorCan(actor, 'analyse')) throw new ForbiddenError('Only analysts, coordinators and administrators can change scores.');
  }
  function assertCanAdopt(actor: Actor) {
    if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError('Only a coordinator or administrator can adopt an issue as a priority.');
  }

  /** The set for the assessment's period with a row per issue it shows; derived scores kept up to date with the data. */
  async function prepare(partnership: Partnership, result: AssessmentResult) {
    return db.transaction(async (tx) => {
      const { set } = await q.ensureSet(tx, partnership.id, result.period.from, result.period.to, DEFAULT_WEIGHTS);
      const existing = new Map((await q.issuesOfSet(tx, set.id)).map((r) => [r.issueKey, r]));
      for (const issue of issuesFrom(result)) {
        const d = derivedScores(issue);
        const row = existing.get(issue.key);
        if (!row) {
          const id = await q.insertIssue(tx, set.id, issue.key, issue.label, d.volume.score, d.trend.score);
          if (id !== null) {
            await recordChange(tx, { partnershipId: partnership.id, userId: null, recordType: 'issue_score', recordId: id, action: 'create',
              summary: `Volume and trend scored from the data for ${formatPeriod(result.period.from, result.period.to)}`,
              after: { volume: d.volume.score, trend: d.trend.score } });
          }
          continue;
        }
        for (const f of ['volume', 'trend'] as const) {
          if (await q.refreshDerived(tx, row.id, f, d[f].score)) {
            await recordChange(tx, { partnershipId: partnership.id, userId: null, recordType: 'issue_score', recordId: row.id, action: 'update',
              summary: `${f === 'volume' ? 'Volume' : 'Trend'} re-scored from the latest data`, before: { [f]: row.fields[f].score }, after: { [f]: d[f].score } });
          }
        }
      }
      return set;
    });
  }

  async function loadIssue(qx: Queryable, partnership: Partnership, id: number) {
    const row = await q.findIssue(qx, id);
    if (!row || row.partnershipId !== partnership.id) throw new NotFoundError('Issue');
    const set = (await q.findSetById(qx, row.setId))!;
    return { row, set };
  }

  async function figuresFor(partnership: Partnership, set: q.ScoringSetRow, key: string) {
    const result = await deps.assess(partnership, { from: set.periodFrom, to: set.periodTo });
    return { result, figures: issuesFrom(result).find((i) => i.key === key) ?? null };
  }

  /** Next year's plan as adoption sees it: its year, and the plan if it exists yet. */
  async function targetPlan(partnership: Partnership, periodTo: string, actor: Actor) {
    const plans = await deps.plans.list(partnership, actor);
    const startYear = nextPlanYear(plans, periodTo, partnership.planYearStartMonth);
    const row = plans.find((p) => p.startYear === startYear) ?? null;
    return { startYear, year: yearLabel(startYear), exists: !!row, editable: !row || EDITABLE_PLAN.includes(row.status), status: row?.status ?? null, plans };
  }

  async function adoptedMap(partnership: Partnership, rows: q.IssueScoreRow[]) {
    const ids = rows.map((r) => r.adoptedPriorityId).filter((x): x is number => x !== null);
    return new Map((await deps.priorities.places(partnership, ids)).map((p) => [p.id, p]));
  }

  /** A new priority with the next free number; if two people take that number at once, the next. */
  async function addPriority(partnership: Partnership, startYear: number, title: string, evidence: string, actor: Actor) {
    for (let attempt = 0; ; attempt++) {
      const plan = await deps.plans.get(partnership, startYear, actor);
      const number = Math.max(0, ...plan.priorities.map((p) => p.number ?? 0)) + 1;
      try {
        const id = await deps.priorities.createPriority(partnership, startYear, { number: String(number), title, commitments: '', evidence, version: '' }, actor);
        return { id, number, title };
      } catch (err) {
        if (!(err instanceof ValidationError) || !err.errors.some((e) => e.field === 'number') || attempt >= 3) throw err;
      }
    }
  }

  return {
    /** The ranked list for the period asked for (by default the assessment's own choice of period). */
    async workspace(partnership: Partnership, opts: AssessOptions, actor: Actor) {
      assertCanRead(actor);
      let result: AssessmentResult;
      try {
        result = await deps.assess(partnership, opts);
      } catch (err) {
        if (err instanceof NoCrimeDataError) return { noData: err.message, sets: await q.listSets(db, partnership.id) } as const;
        throw err;
      }
      const set = await prepare(partnership, result);
      const rows = await q.issuesOfSet(db, set.id);
      const figures = new Map(issuesFrom(result).map((i) => [i.key, i]));
      const weights = weightsOf(set.weights);
      const adopted = await adoptedMap(partnership, rows);
      // Why a derived score is missing (the data cannot give a trend), per issue, for the page and the report.
      const unknownReasonsOf = (key: string): Partial<Record<DerivedFactor, string>> => {
        const f = figures.get(key);
        const trend = f ? derivedScores(f).trend : null;
        return trend && trend.score === null ? { trend: trend.reason } : {};
      };
      const ranked = rankIssues(rows.map((r) => ({
        ...r, scores: scoresOf(r.fields), figures: figures.get(r.issueKey) ?? null, unknownReasons: unknownReasonsOf(r.issueKey),
        entered: (['harm', 'vulnerability', 'communityConcern', 'partnershipPosition'] as const).filter((f) => r.fields[f].score !== null).length,
        adopted: r.adoptedPriorityId ? adopted.get(r.adoptedPriorityId) ?? null : null,
      })), weights);
      const unknownReasons = [...new Set(ranked.flatMap((r) => r.unknown.map((f) => r.unknownReasons[f] ?? `${f} cannot be worked out from the data`)))];
      return {
        noData: null as null, result, set, weights, ranked, unknownReasons, sets: await q.listSets(db, partnership.id),
        target: await targetPlan(partnership, set.periodTo, actor),
        canScore: actorCan(actor, 'analyse'), canAdopt: actorCan(actor, 'edit_plan'),
      };
    },

    /** One issue with its figures, derived scores, drafted evidence and where adopting would put it. */
    async issue(partnership: Partnership, id: number, actor: Actor) {
      assertCanRead(actor);
      const { row, set } = await loadIssue(db, partnership, id);
      const { result, figures } = await figuresFor(partnership, set, row.issueKey);
      const derived = figures ? derivedScores(figures) : null;
      const target = await targetPlan(partnership, set.periodTo, actor);
      const targetPriorities = target.exists && actorCan(actor, 'edit_plan')
        ? keyPriorities((await deps.plans.get(partnership, target.startYear, actor)).priorities).map((p) => ({ id: p.id, number: p.number, title: p.title }))
        : [];
      const adopted = (await adoptedMap(partnership, [row])).get(row.adoptedPriorityId ?? 0) ?? null;
      return {
        row, set, result, figures, derived, target, targetPriorities, adopted, weights: weightsOf(set.weights),
        evidence: figures ? draftIssueEvidence(figures, result) : null,
        canScore: actorCan(actor, 'analyse'), canAdopt: actorCan(actor, 'edit_plan'),
      };
    },

    async saveScores(partnership: Partnership, id: number, values: ScoreFormValues, actor: Actor): Promise<{ periodFrom: string; periodTo: string }> {
      assertCanScore(actor);
      const { row: before, set } = await loadIssue(db, partnership, id);
      const { figures } = await figuresFor(partnership, set, before.issueKey);
      // If the data no longer shows the issue, "from the data" keeps the last derived score.
      const derived = figures ? { volume: derivedScores(figures).volume.score, trend: derivedScores(figures).trend.score }
        : { volume: before.fields.volume.score ?? 1, trend: before.fields.trend.score };
      const parsed = parseScoreForm(values, derived);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await db.transaction(async (tx) => {
        if (!(await q.updateScores(tx, id, Number(values.version), parsed.fields))) throw new ConflictError(await q.findIssue(tx, id));
        const after = (await q.findIssue(tx, id))!;
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'issue_score', recordId: id, action: 'update',
          before: snapshot(before), after: snapshot(after) });
      });
      return { periodFrom: set.periodFrom, periodTo: set.periodTo };
    },

    async weights(partnership: Partnership, setId: number, actor: Actor) {
      assertCanRead(actor);
      const set = await q.findSetById(db, setId);
      if (!set || set.partnershipId !== partnership.id) throw new NotFoundError('Scoring');
      return { set, weights: weightsOf(set.weights), canScore: actorCan(actor, 'analyse') };
    },

    async saveWeights(partnership: Partnership, setId: number, form: Record<string, unknown>, actor: Actor): Promise<Weights> {
      assertCanScore(actor);
      const set = await q.findSetById(db, setId);
      if (!set || set.partnershipId !== partnership.id) throw new NotFoundError('Scoring');
      const parsed = parseWeights(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await db.transaction(async (tx) => {
        if (!(await q.updateWeights(tx, setId, Number(form.version), parsed.weights))) throw new ConflictError(await q.findSetById(tx, setId));
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'scoring_set', recordId: setId, action: 'update',
          summary: 'Weights changed', before: { ...weightsOf(set.weights), version: set.version }, after: { ...parsed.weights, version: set.version + 1 } });
      });
      return parsed.weights;
    },

    /**
     * Adopt the issue as a priority of next year's plan: a new priority with the next free number and
     * the drafted evidence, or (when chosen, or when the issue or a priority of the same title is
     * already there) a link to an existing priority, whose evidence gains the draft if it lacks it.
     */
    async adopt(partnership: Partnership, id: number, choice: { priorityId?: string }, actor: Actor) {
      assertCanAdopt(actor);
      const { row, set } = await loadIssue(db, partnership, id);
      const { result, figures } = await figuresFor(partnership, set, row.issueKey);
      if (!figures) throw new LockedError(`${row.label} is no longer in the assessment for this period, so its evidence cannot be drafted.`);
      const evidence = draftIssueEvidence(figures, result);
      const target = await targetPlan(partnership, set.periodTo, actor);
      if (!target.editable) throw new LockedError(`The ${target.year} plan is ${target.status}. Start a revision to add priorities to it.`);
      if (!target.exists) {
        // Carry the frameworks in force from the latest plan, as the plan maps to them; no priorities yet.
        const latest = target.plans.filter((p) => p.startYear < target.startYear).sort((a, b) => b.startYear - a.startYear)[0];
        const frameworkIds = latest ? (await deps.plans.get(partnership, latest.startYear, actor)).frameworks.map((f) => f.id) : [];
        try {
          await deps.lifecycle.create(partnership, { startYear: target.startYear, introduction: '', otherSection: '', frameworkIds, priorities: [] }, actor);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err; // someone else created it a moment ago: use theirs
        }
      }
      // An issue becomes a key priority: the unnumbered section for other work is not offered.
      const priorities = keyPriorities((await deps.plans.get(partnership, target.startYear, actor)).priorities) as (PriorityDetail & { number: number })[];
      const chosen = choice.priorityId && choice.priorityId !== 'new' ? priorities.find((p) => String(p.id) === choice.priorityId) : undefined;
      if (choice.priorityId && choice.priorityId !== 'new' && !chosen) {
        throw new ValidationError([{ field: 'priorityId', message: `Select a priority of the ${target.year} plan, or a new one` }]);
      }
      const sameTitle = (t: string) => t.trim().toLowerCase() === row.label.trim().toLowerCase();
      const existing = chosen ?? priorities.find((p) => p.id === row.adoptedPriorityId) ?? priorities.find((p) => sameTitle(p.title));

      let priority: { id: number; number: number; title: string };
      let created = false;
      if (existing) {
        priority = existing;
        if (existing.id !== row.adoptedPriorityId && !existing.evidence.includes(evidence)) {
          const { priority: current } = await deps.priorities.forEdit(partnership, existing.id, actor);
          await deps.priorities.updatePriority(partnership, existing.id, {
            number: String(current.number), title: current.title, commitments: current.commitments.join('\n'),
            evidence: current.evidence ? `${current.evidence}\n\n${evidence}` : evidence, version: String(current.version),
          }, actor);
        }
      } else {
        priority = await addPriority(partnership, target.startYear, row.label, evidence, actor);
        created = true;
      }
      if (row.adoptedPriorityId !== priority.id) {
        await db.transaction(async (tx) => {
          await q.setAdoptedPriority(tx, id, priority.id);
          await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'issue_score', recordId: id, action: 'update',
            summary: `${created ? 'Adopted as' : 'Linked to'} priority ${priority.number} of the ${target.year} plan`,
            before: { adoptedPriority: row.adoptedPriorityId ? `priority id ${row.adoptedPriorityId}` : null },
            after: { adoptedPriority: `${priority.number}. ${priority.title} (${target.year})` } });
        });
      }
      return { periodFrom: set.periodFrom, periodTo: set.periodTo, year: target.year, startYear: target.startYear, priorityId: priority.id, number: priority.number, title: priority.title, created, label: row.label };
    },

    history: (id: number) => historyFor(db, 'issue_score', id),
    weightsHistory: (setId: number) => historyFor(db, 'scoring_set', setId),
    /** The stored scores of one issue, for pages that need only those. */
    async issueRow(partnership: Partnership, id: number, actor: Actor) {
      assertCanRead(actor);
      return (await loadIssue(db, partnership, id)).row;
    },
  };
}

export type ScoringService = ReturnType<typeof scoringService>;
