// Everything the assessment report reads, gathered once through the owning features' services:
// the assessment of the year that informs the plan year, its scoring workspace (when the reader may
// see working papers), the import log, and the plan year's priorities. Nothing here writes prose.
import { NotFoundError } from '../../../platform/errors.ts';
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import type { PartnershipsService } from '../../partnerships/service.ts';
import type { Logo } from '../../../documents/model.ts';
import type { AssessmentResult } from '../../assessment/types.ts';
import type { AnalysisService } from '../../assessment/analysis/service.ts';
import { NoCrimeDataError } from '../../assessment/analysis/service.ts';
import type { ScoringService } from '../../assessment/scoring/service.ts';
import type { ImportReport, ImportService } from '../../assessment/import/service.ts';
import type { PlansService } from '../../plans/service.ts';
import type { PlanDetail } from '../../plans/types.ts';
import type { Progress } from '../types.ts';
import type { WardSource } from '../../assessment/analysis/charts/ward-map.ts';
import { assessmentYearFor } from './period.ts';

export interface AssessmentReportDeps {
  assessment: Pick<AnalysisService, 'assess' | 'months'>;
  scoring: Pick<ScoringService, 'workspace' | 'history' | 'weightsHistory'>;
  imports: Pick<ImportService, 'listImports' | 'getImport'>;
  plans: Pick<PlansService, 'get'>;
  partnerships: Pick<PartnershipsService, 'logo'>;
  /** Ward shapes for the map: the partnership's imported boundaries, or the demo's committed ones. */
  wardShapes: WardSource;
}

type Workspace = Awaited<ReturnType<ScoringService['workspace']>>;
export type ScoredWorkspace = Extract<Workspace, { noData: null }>;

export interface AssessmentInputs {
  planYear: number;
  /** The assessment year asked of the analysis (12 months from `from`). */
  period: { from: string; to: string };
  /** Null when there is no crime data for the period; `noData` then says why. */
  result: AssessmentResult | null;
  noData: string | null;
  /** Every month with police.uk data for the area, oldest first. */
  monthsHeld: string[];
  /** Null when the reader may not see the scoring (working papers) or there is no data to score. */
  scoring: ScoredWorkspace | null;
  scoringHidden: boolean;
  /** police.uk and partner imports, newest first, each with its set-aside rows and reasons. */
  imports: ImportReport[];
  plan: PlanDetail | null;
  /** The partnership's logo, when an administrator has uploaded one. */
  logo: Logo | undefined;
  asOf: Date;
}

/** The London wall-clock time the audit history gives ("2022-10-01T14:05:00") as a moment. */
function londonMoment(local: string): Date {
  const asUtc = new Date(`${local}Z`);
  const shown = new Date(asUtc.toLocaleString('en-US', { timeZone: 'Europe/London' }));
  const utcShown = new Date(asUtc.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(asUtc.getTime() - (shown.getTime() - utcShown.getTime()));
}

async function latestScoringChange(deps: AssessmentReportDeps, ws: ScoredWorkspace): Promise<Date[]> {
  const histories = await Promise.all([...ws.ranked.map((r) => deps.scoring.history(r.id)), deps.scoring.weightsHistory(ws.set.id)]);
  // Only what people changed: re-scoring from the data follows the imports, which count already,
  // and would otherwise date the report to the moment the workspace was first opened.
  return histories.flatMap((h) => h.filter((e) => e.userName !== null).slice(0, 1).map((e) => londonMoment(e.at)));
}

export async function gatherInputs(deps: AssessmentReportDeps, partnership: Partnership, planYear: number, actor: Actor, progress: Progress): Promise<AssessmentInputs> {
  const period = assessmentYearFor(planYear, partnership);
  progress('Reading the assessment', 0.05);
  const scoringVisible = actorCan(actor, 'view_drafts');
  let result: AssessmentResult | null = null;
  let noData: string | null = null;
  let scoring: ScoredWorkspace | null = null;
  try {
    if (scoringVisible) {
      // The workspace runs the assessment itself and hands it back with the scores.
      const ws = await deps.scoring.workspace(partnership, { from: period.from }, actor);
      if (ws.noData === null) { scoring = ws; result = ws.result; } else noData = ws.noData;
    } else {
      result = await deps.assessment.assess(partnership, { from: period.from });
    }
  } catch (err) {
    if (!(err instanceof NoCrimeDataError)) throw err;
    noData = err.message;
  }
  progress('Reading the imports and the plan', 0.3);
  const [monthsHeld, importRows, plan, logo] = await Promise.all([
    deps.assessment.months(partnership),
    deps.imports.listImports(partnership),
    deps.plans.get(partnership, planYear, actor).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    }),
    deps.partnerships.logo(partnership),
  ]);
  const imports = await Promise.all(importRows.map((r) => deps.imports.getImport(partnership, r.id)));
  const changes = [
    ...imports.map((i) => new Date(i.finishedAt)),
    ...(scoring ? await latestScoringChange(deps, scoring) : []),
    ...(plan?.publishedAt ? [new Date(plan.publishedAt)] : []),
  ].filter((d) => !Number.isNaN(d.getTime()));
  // With no input at all the report describes the state of things now.
  const asOf = changes.length ? new Date(Math.max(...changes.map((d) => d.getTime()))) : new Date();
  return { planYear, period, result, noData, monthsHeld, scoring, scoringHidden: !scoringVisible, imports, plan, logo, asOf };
}
