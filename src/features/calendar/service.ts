// The statutory calendar of a partnership: gathers the records each duty is computed from (through
// the owning features' services) and hands them, with today's date, to the pure computation in
// duties.ts. Its one record of its own is the day each plan was sent to the Police and Crime Commissioner.
import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import type { MeetingsService } from '../meetings/service.ts';
import type { AnalysisService } from '../assessment/analysis/service.ts';
import type { ImportService } from '../assessment/import/service.ts';
import { parseDateParts } from '../plans/initiative-form.ts';
import { yearLabel } from '../partnerships/years.ts';
import { lastMonthOf, needingAttention, statutoryCalendar, type CalendarRecords } from './duties.ts';
import * as q from './queries.ts';

export interface CalendarDeps {
  partnerships: PartnershipsService; plans: PlansService; meetings: MeetingsService;
  assessment: Pick<AnalysisService, 'months'>; assessmentImport: Pick<ImportService, 'partnerPeriods'>;
  /** Today in the UK as YYYY-MM-DD: the calendar's clock (tests give their own). */
  today: () => string;
}

export interface PccSentValues { startYear: string; 'sentOn-day': string; 'sentOn-month': string; 'sentOn-year': string }

const REFUSAL = 'Only the partnership’s coordinators can record when the plan was sent to the Police and Crime Commissioner.';

export function calendarService(db: Db, deps: CalendarDeps) {
  async function records(p: Partnership, actor: Actor): Promise<CalendarRecords> {
    const scrutiny = (await deps.partnerships.bodies(p.id)).filter((b) => b.kind === 'scrutiny_committee');
    const [plans, pccSent, committees, crimeMonths, partnerPeriods] = await Promise.all([
      deps.plans.list(p, actor),
      q.pccSentOf(db, p.id),
      Promise.all(scrutiny.map(async (b) => {
        const last = await deps.meetings.lastHeldMeeting(p, b.id);
        return { id: b.id, name: b.name, lastHeld: last ? { id: last.id, meetsOn: last.meetsOn } : null };
      })),
      deps.assessment.months(p),
      deps.assessmentImport.partnerPeriods(p),
    ]);
    return {
      planYearStartMonth: p.planYearStartMonth, assessmentYearStartMonth: p.assessmentYearStartMonth,
      plans: plans.map((x) => ({ startYear: x.startYear, status: x.status, approved: x.approved, approvedOn: x.approvedOn,
        approvedByBodyName: x.approvedByBodyName, publishedAt: x.publishedAt })),
      pccSent, committees, crimeMonths,
      partnerData: partnerPeriods.map((d) => ({
        dataset: d.dataset,
        latestPeriod: d.periods.reduce((a, b) => (lastMonthOf(b) >= lastMonthOf(a) ? b : a)),
      })),
    };
  }

  return {
    /** The calendar's today (YYYY-MM-DD). */
    today: () => deps.today(),

    /** Every duty with its state on `today`, as this person may see the records (drafts only for those who see drafts). */
    async duties(p: Partnership, actor: Actor, today = deps.today()) {
      return statutoryCalendar(await records(p, actor), today);
    },

    /** For the coordinator's home: what is late, due, not recorded, and what is due next. */
    async attention(p: Partnership, actor: Actor, today = deps.today()) {
      return needingAttention(statutoryCalendar(await records(p, actor), today));
    },

    /** The plan years that can be marked as sent (those with a plan), newest first, with any day recorded. */
    async pccChoices(p: Partnership, actor: Actor) {
      const [plans, sent] = await Promise.all([deps.plans.list(p, actor), q.pccSentOf(db, p.id)]);
      return plans.map((x) => ({ startYear: x.startYear, label: yearLabel(x.startYear), sentOn: sent.find((s) => s.startYear === x.startYear)?.sentOn ?? null }));
    },

    /** Records the day a plan year's plan was sent to the Police and Crime Commissioner (a later record replaces it). */
    async recordPccSent(p: Partnership, v: PccSentValues, actor: Actor, today = deps.today()): Promise<{ startYear: number; sentOn: string }> {
      if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError(REFUSAL);
      const problems: { field: string; message: string }[] = [];
      const plans = await deps.plans.list(p, actor);
      const startYear = Number(v.startYear);
      if (!plans.some((x) => String(x.startYear) === v.startYear)) problems.push({ field: 'startYear', message: 'Select the plan that was sent' });
      const date = parseDateParts(v['sentOn-day'], v['sentOn-month'], v['sentOn-year'], 'The date it was sent');
      if (date.problem) problems.push({ field: 'sentOn-day', message: date.problem });
      else if (!date.value) problems.push({ field: 'sentOn-day', message: 'Enter the date the plan was sent' });
      else if (date.value > today) problems.push({ field: 'sentOn-day', message: 'The date it was sent must be today or in the past' });
      if (problems.length) throw new ValidationError(problems);
      const sentOn = date.value!;
      await db.transaction(async (tx) => {
        const before = await q.recordPccSent(tx, p.id, startYear, sentOn, actor.userId);
        // The record is one per plan year: the year stands for its id in the history.
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'plan_sent_to_pcc', recordId: startYear,
          action: before ? 'update' : 'create', summary: `Plan ${yearLabel(startYear)} sent to the Police and Crime Commissioner on ${sentOn}`,
          before: before ? { sentOn: before } : undefined, after: { sentOn } });
      });
      return { startYear, sentOn };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
