// Everything the committee report says, read through the services of the features that own it.
// The report is a public paper (it goes into the committee's agenda pack), so it reads what the
// public may read, whoever generates it: published plans, updates marked for publication, the
// public agenda. A coordinator adds anything else by editing the sections before publishing.
import { ANONYMOUS } from '../../../platform/auth/actor.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import type { Document, Logo } from '../../../documents/model.ts';
import type { Body, Organisation, Partnership, PartnershipsService } from '../../partnerships/service.ts';
import type { PlansService } from '../../plans/service.ts';
import type { InitiativeDetail, PlanDetail, PriorityDetail } from '../../plans/types.ts';
import type { AnalysisService } from '../../assessment/analysis/service.ts';
import type { AssessmentResult } from '../../assessment/types.ts';
import type { MeasuresService, Measure } from '../../measures/service.ts';
import type { DeliveryService, LatestStatus, UpdateView } from '../../delivery/service.ts';
import type { FundingService } from '../../funding/service.ts';
import type { Stream } from '../../funding/types.ts';
import type { MeetingsService } from '../../meetings/service.ts';
import type { Progress, ReportScope } from '../types.ts';
import { latestMonthHeld, periodForMeeting, periodForYear, type ReportingPeriod } from './period.ts';

/** A term of the partnership's own glossary ("DAPST": "Domestic Abuse Problem Solving Team"). */
export interface GlossaryTerm { term: string; meaning: string }

export interface CommitteeReportDeps {
  partnerships: Pick<PartnershipsService, 'organisations' | 'members' | 'bodies' | 'glossary' | 'logo'>;
  plans: Pick<PlansService, 'list' | 'get' | 'document' | 'linkedMeasures'>;
  assessment: Pick<AnalysisService, 'assess' | 'months'>;
  measures: Pick<MeasuresService, 'list'>;
  delivery: Pick<DeliveryService, 'updatesSince' | 'latest'>;
  funding: Pick<FundingService, 'list'>;
  meetings: Pick<MeetingsService, 'meeting'>;
}

/** An update of the period with the initiative it reports on, as its own plan year records it. */
export interface PeriodUpdate extends UpdateView {
  initiative: InitiativeDetail;
  /** The priority of the initiative in its own plan year. */
  priority: PriorityDetail;
  planYear: number;
}

export interface ReportInputs {
  partnership: Partnership;
  /** The committee the report goes to; null when the partnership records no scrutiny committee. */
  committee: { name: string; meetsOn: string | null } | null;
  period: ReportingPeriod;
  /** The plan of the report's year as the public sees it, and its document for Appendix A. */
  plan: PlanDetail | null;
  planDocument: Document | null;
  /** The plan of the following year, once it is public. */
  nextPlan: PlanDetail | null;
  /** Latest status of each initiative of `plan`. */
  latest: Map<number, LatestStatus>;
  updates: PeriodUpdate[];
  /** The last month the crime figures cover, and the assessment, or why there is none. */
  crimeMonth: string | null;
  assessment: AssessmentResult | null;
  assessmentProblem: string | null;
  measures: Measure[];
  /** The measures that follow each priority of `plan`, by priority id. */
  priorityMeasures: Map<number, Measure[]>;
  streams: Stream[];
  organisations: Organisation[];
  members: { statutory: { id: number; name: string; acronym: string | null }[]; nonStatutory: { id: number; name: string; acronym: string | null }[] };
  bodies: Body[];
  glossary: GlossaryTerm[];
  logo: Logo | undefined;
  /** The newest change among the inputs read. */
  asOf: Date;
}

const READER = ANONYMOUS;

const initiativesWithPriority = (plan: PlanDetail) =>
  plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives].map((i) => ({ initiative: i, priority: p })));

async function committeeOf(deps: CommitteeReportDeps, p: Partnership, scope: ReportScope, bodies: Body[]) {
  if ('meetingId' in scope) {
    const meeting = await deps.meetings.meeting(p, scope.meetingId, READER);
    return { committee: { name: meeting.body.name, meetsOn: meeting.meetsOn }, period: periodForMeeting(meeting.meetsOn, p.planYearStartMonth) };
  }
  const scrutiny = bodies.find((b) => b.kind === 'scrutiny_committee');
  return { committee: scrutiny ? { name: scrutiny.name, meetsOn: null } : null, period: periodForYear(scope.year, p.planYearStartMonth) };
}

async function planOf(deps: CommitteeReportDeps, p: Partnership, scope: ReportScope, period: ReportingPeriod) {
  const listed = (await deps.plans.list(p, READER)).map((x) => x.startYear);
  // A year asked for must exist (the caller is told it does not); a meeting uses the latest public plan up to its year.
  const year = 'year' in scope ? scope.year : listed.filter((y) => y <= period.planYear).sort((a, b) => b - a)[0];
  if (year === undefined) return { plan: null, planDocument: null, nextPlan: null, listed };
  const [plan, planDocument] = await Promise.all([deps.plans.get(p, year, READER), deps.plans.document(p, year, READER)]);
  const nextPlan = listed.includes(year + 1) ? await deps.plans.get(p, year + 1, READER) : null;
  return { plan, planDocument, nextPlan, listed };
}

async function updatesOf(deps: CommitteeReportDeps, p: Partnership, period: ReportingPeriod, listed: number[], plans: Map<number, PlanDetail>) {
  const since = new Date(`${period.from}T00:00:00Z`);
  const out: PeriodUpdate[] = [];
  for (const year of period.planYears.filter((y) => listed.includes(y))) {
    const plan = plans.get(year) ?? await deps.plans.get(p, year, READER);
    const byId = new Map(initiativesWithPriority(plan).map((x) => [x.initiative.id, x]));
    for (const u of await deps.delivery.updatesSince(p, year, since, READER)) {
      const found = byId.get(u.initiativeId);
      if (!found || u.reportedOn < period.from || u.reportedOn > period.to) continue;
      out.push({ ...u, ...found, planYear: year });
    }
  }
  // Oldest first, so achievements read in the order they happened.
  return out.sort((a, b) => a.reportedOn.localeCompare(b.reportedOn) || a.id - b.id);
}

async function assessmentOf(deps: CommitteeReportDeps, p: Partnership, period: ReportingPeriod) {
  const held = await deps.assessment.months(p);
  const crimeMonth = latestMonthHeld(period.crimeMonth, held);
  if (!crimeMonth) return { crimeMonth: null, assessment: null, assessmentProblem: 'No police.uk crime data is held for the period of this report.' };
  try {
    return { crimeMonth, assessment: await deps.assessment.assess(p, { to: crimeMonth }), assessmentProblem: null };
  } catch (err) {
    if (err instanceof NotFoundError) return { crimeMonth, assessment: null, assessmentProblem: err.message };
    throw err;
  }
}

/** The end of a month 'YYYY-MM' as a moment: crime data for a month is complete only then. */
const endOfMonth = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1) - 1);

export async function readInputs(deps: CommitteeReportDeps, p: Partnership, scope: ReportScope, progress: Progress): Promise<ReportInputs> {
  const bodies = await deps.partnerships.bodies(p.id);
  const { committee, period } = await committeeOf(deps, p, scope, bodies);
  progress('The plan', 0.1);
  const { plan, planDocument, nextPlan, listed } = await planOf(deps, p, scope, period);
  progress('Updates of the period', 0.25);
  const plans = new Map(plan ? [[plan.startYear, plan]] : []);
  const [updates, latest] = await Promise.all([
    updatesOf(deps, p, period, listed, plans),
    plan ? deps.delivery.latest(plan, READER) : Promise.resolve(new Map<number, LatestStatus>()),
  ]);
  progress('Crime figures', 0.4);
  const crime = await assessmentOf(deps, p, period);
  progress('Measures, funding and members', 0.55);
  const [measures, streams, organisations, members, glossary, logo] = await Promise.all([
    deps.measures.list(p), deps.funding.list(p, READER), deps.partnerships.organisations(p.id),
    deps.partnerships.members(p.id, plan?.startYear ?? period.planYear), deps.partnerships.glossary(p), deps.partnerships.logo(p),
  ]);
  const linked = plan ? await deps.plans.linkedMeasures(p, 'priority', plan.priorities.map((x) => x.id)) : new Map<number, { id: number }[]>();
  const byId = new Map(measures.map((m) => [m.id, m]));
  const priorityMeasures = new Map([...linked].map(([id, refs]) => [id, refs.map((r) => byId.get(r.id)).filter((m): m is Measure => !!m)]));
  const stamps = [
    ...updates.flatMap((u) => [u.createdAt, u.correctedAt]), ...streams.map((s) => s.updatedAt),
    plan?.publishedAt ?? null, nextPlan?.publishedAt ?? null,
  ].filter((s): s is string => !!s).map((s) => new Date(s).getTime());
  if (crime.assessment) stamps.push(endOfMonth(crime.assessment.monthsHeld.to).getTime());
  const asOf = new Date(stamps.length ? Math.max(...stamps) : Date.parse(`${period.to}T00:00:00Z`));
  return { partnership: p, committee, period, plan, planDocument, nextPlan, latest, updates, ...crime, measures, priorityMeasures, streams, organisations, members, bodies, glossary, logo, asOf };
}
