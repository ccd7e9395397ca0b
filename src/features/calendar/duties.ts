// The statutory calendar as a pure function of the partnership's records and today's date: each
// recurring duty with its state and the date it is (next) due. No database, no clock: the service
// gathers the records, and tests give any day they like.
//
// One rule for every duty's state: the last cycle whose due date has passed must be done, else the
// duty is "late"; when it is done, the next cycle is "due" from 30 days before its due date until it
// is done. Without the record a duty is computed from, its state is "not recorded" (never guessed).
import { formatDate, formatMonth, MONTHS } from '../../platform/dates.ts';
import { yearLabel } from '../partnerships/years.ts';

export type DutyState = 'done' | 'due' | 'late' | 'not_recorded';

/** A duty falls "due" this many days before its due date. */
export const DUE_WINDOW_DAYS = 30;

export interface PlanRecord {
  startYear: number; status: string; approved: boolean; approvedOn: string | null;
  approvedByBodyName: string | null; publishedAt: string | null;
}
export interface CommitteeRecord { id: number; name: string; lastHeld: { id: number; meetsOn: string } | null }

export interface CalendarRecords {
  /** First month (1–12) of the plan year and of the assessment year. */
  planYearStartMonth: number; assessmentYearStartMonth: number;
  plans: PlanRecord[];
  /** Plans recorded as sent to the Police and Crime Commissioner: plan year → date sent. */
  pccSent: { startYear: number; sentOn: string }[];
  /** The partnership's scrutiny committees, each with its last held meeting. */
  committees: CommitteeRecord[];
  /** Months (YYYY-MM) with police.uk crime data held. */
  crimeMonths: string[];
  /** Each partner dataset's latest period (YYYY-MM or YYYY-Qn). */
  partnerData: { dataset: string; latestPeriod: string }[];
}

export interface Duty {
  key: string; title: string;
  /** The law behind the duty, as named on its row. */
  regulation: string;
  state: DutyState;
  /** The date the duty is next due, or was due and missed; null when nothing can be computed. */
  dueOn: string | null;
  /** What the records say, in a sentence. */
  detail: string;
  /** The record the state was computed from, as a path under the partnership (`/meetings/12`). */
  source: { path: string; text: string } | null;
  /** False for a duty whose records are not kept here yet (shown, never counted as needing attention). */
  kept: boolean;
}

// ---- Calendar dates as "YYYY-MM-DD" strings ------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/** The same day `n` months later; the month's last day when it is shorter (29 Feb + 12 months → 28 Feb). */
export function addMonths(date: string, n: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return iso(y, m, Math.min(Number(date.slice(8, 10)), daysInMonth(y, m)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

const dayBefore = (date: string) => new Date(toUtc(date) - 86_400_000).toISOString().slice(0, 10);
const lastDayOfMonth = (y: number, m: number) => iso(y, m, daysInMonth(y, m));

/** The state of a cycle that is not done yet, due on `dueOn`. */
function openState(dueOn: string, today: string): DutyState {
  if (today > dueOn) return 'late';
  return daysBetween(today, dueOn) <= DUE_WINDOW_DAYS ? 'due' : 'done';
}

/** State of a yearly duty whose last passed cycle is done: "due" while the next is open and near. */
const nextCycleState = (nextDone: boolean, nextDueOn: string, today: string): DutyState =>
  nextDone ? 'done' : openState(nextDueOn, today);

// ---- The duties ----------------------------------------------------------------------------------

const REG = {
  strategy: 'Crime and Disorder Act 1998 s.5–7; the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007',
  scrutiny: 'Police and Justice Act 2006 s.19; the Crime and Disorder (Overview and Scrutiny) Regulations 2009',
  pcc: 'Police Reform and Social Responsibility Act 2011 s.10',
  information: 'Crime and Disorder Act 1998 s.17A (sharing of information)',
  pspo: 'Anti-social Behaviour, Crime and Policing Act 2014 s.59–60',
};

/** A scrutiny committee must meet to review the partnership at least once in every 12 months. */
export function committeeDuty(c: CommitteeRecord, today: string): Duty {
  const base = { key: `committee-${c.id}`, title: `${c.name} has met to scrutinise the partnership in the last 12 months`, regulation: REG.scrutiny, kept: true };
  if (!c.lastHeld) {
    return { ...base, state: 'not_recorded', dueOn: null, detail: `No held meeting of the ${c.name} is recorded.`, source: { path: `/bodies/${c.id}/meetings`, text: `Meetings of the ${c.name}` } };
  }
  const dueOn = addMonths(c.lastHeld.meetsOn, 12);
  return {
    ...base, state: openState(dueOn, today), dueOn,
    detail: `Last held meeting: ${formatDate(c.lastHeld.meetsOn)}.`,
    source: { path: `/meetings/${c.lastHeld.id}`, text: `Meeting of ${formatDate(c.lastHeld.meetsOn)}` },
  };
}

/** The plan year a day falls in, its first day, and the day before it (when the plan is due). */
function planYears(r: CalendarRecords, today: string) {
  const month = Number(today.slice(5, 7));
  const current = month >= r.planYearStartMonth ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  const dueOn = (startYear: number) => dayBefore(iso(startYear, r.planYearStartMonth, 1));
  return { current, next: current + 1, dueOn };
}

const isPublished = (p: PlanRecord) => p.publishedAt !== null || p.status === 'published' || p.status === 'revising';

/** The plan for each plan year is approved and published before the year begins. */
export function planDuty(r: CalendarRecords, today: string): Duty {
  const { current, next, dueOn } = planYears(r, today);
  const base = { key: 'plan', title: 'Partnership plan approved and published before the plan year', regulation: REG.strategy, kept: true };
  const plan = r.plans.find((p) => p.startYear === current);
  const label = yearLabel(current);
  const source = { path: `/plans/${label}`, text: `Plan ${label}` };
  if (!plan) return { ...base, state: 'not_recorded', dueOn: dueOn(current), detail: `No plan for ${label} is recorded here.`, source: null };
  const approval = plan.approved
    ? `approved${plan.approvedByBodyName ? ` by the ${plan.approvedByBodyName}` : ''}${plan.approvedOn ? ` on ${formatDate(plan.approvedOn)}` : ''}`
    : 'no approval recorded';
  if (!isPublished(plan)) {
    return { ...base, state: 'late', dueOn: dueOn(current), detail: `The plan for ${label} is not published (${approval}).`, source };
  }
  const published = plan.publishedAt ? `published on ${formatDate(plan.publishedAt)}` : 'published';
  if (!plan.approved) {
    return { ...base, state: 'not_recorded', dueOn: dueOn(current), detail: `The plan for ${label} was ${published}; no approval is recorded.`, source };
  }
  const following = r.plans.find((p) => p.startYear === next);
  const nextDone = !!following && following.approved && isPublished(following);
  const nextLabel = yearLabel(next);
  return {
    ...base, state: nextCycleState(nextDone, dueOn(next), today), dueOn: dueOn(next),
    detail: `The plan for ${label} was ${approval} and ${published}. ${nextDone ? `The plan for ${nextLabel} is published too.` : `The plan for ${nextLabel} is due by ${formatDate(dueOn(next))}.`}`,
    source: nextDone ? { path: `/plans/${nextLabel}`, text: `Plan ${nextLabel}` } : source,
  };
}

/** The plan is sent to the Police and Crime Commissioner; the coordinator records when. */
export function pccDuty(r: CalendarRecords, today: string): Duty {
  const { current, next, dueOn } = planYears(r, today);
  const base = { key: 'pcc', title: 'Partnership plan sent to the Police and Crime Commissioner', regulation: REG.pcc, kept: true };
  const label = yearLabel(current);
  const sent = (year: number) => r.pccSent.find((s) => s.startYear === year);
  const now = sent(current);
  if (!now) {
    const planExists = r.plans.some((p) => p.startYear === current);
    return { ...base, state: 'not_recorded', dueOn: dueOn(current),
      detail: planExists ? `No date is recorded for sending the plan for ${label}.` : `No plan for ${label} is recorded here.`,
      source: planExists ? { path: `/plans/${label}`, text: `Plan ${label}` } : null };
  }
  const following = sent(next);
  return {
    ...base, state: nextCycleState(!!following, dueOn(next), today), dueOn: dueOn(next),
    detail: `The plan for ${label} was sent on ${formatDate(now.sentOn)}.${following ? ` The plan for ${yearLabel(next)} was sent on ${formatDate(following.sentOn)}.` : ''}`,
    source: { path: `/plans/${label}`, text: `Plan ${label}` },
  };
}

/** The assessment year ending on `end` (a YYYY-MM month): its twelve months. */
const monthsEndingIn = (end: string) => Array.from({ length: 12 }, (_, i) => addMonths(`${end}-01`, i - 11).slice(0, 7));

/** A strategic assessment for each year to (usually) 30 September, ready before the plan year it informs. */
export function assessmentDuty(r: CalendarRecords, today: string): Duty {
  const endMonth = r.assessmentYearStartMonth === 1 ? 12 : r.assessmentYearStartMonth - 1;
  const endOf = (y: number) => `${y}-${pad(endMonth)}`;
  // Due the day before the first plan year that starts after the assessment year ends.
  const dueOf = (y: number) => {
    const planStartYear = r.planYearStartMonth > endMonth ? y : y + 1;
    return dayBefore(iso(planStartYear, r.planYearStartMonth, 1));
  };
  let year = Number(today.slice(0, 4)) + 1;
  while (dueOf(year) >= today) year -= 1; // the last assessment year whose due date has passed
  const yearEndText = (y: number) => `${daysInMonth(y, endMonth)} ${MONTHS[endMonth - 1]} ${y}`;
  const base = { key: 'assessment', title: `Strategic assessment for the year to ${daysInMonth(2001, endMonth)} ${MONTHS[endMonth - 1]}`, regulation: REG.strategy, kept: true };
  const held = new Set(r.crimeMonths);
  const have = (y: number) => monthsEndingIn(endOf(y)).filter((m) => held.has(m)).length;
  const source = { path: '/assessment', text: 'The assessment' };
  if (r.crimeMonths.length === 0) return { ...base, state: 'not_recorded', dueOn: dueOf(year), detail: 'No crime data is held for an assessment.', source: null };
  const detailOf = (y: number) => `Crime data held for ${have(y)} of the 12 months to ${yearEndText(y)}.`;
  if (have(year) < 12) return { ...base, state: 'late', dueOn: dueOf(year), detail: detailOf(year), source };
  const nextDone = have(year + 1) === 12;
  return { ...base, state: nextCycleState(nextDone, dueOf(year + 1), today), dueOn: dueOf(year + 1), detail: `${detailOf(year)} ${detailOf(year + 1)}`, source };
}

/** The last month a partner period covers: a month itself, or a quarter's third month. */
export function lastMonthOf(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  return q ? `${q[1]}-${pad(Number(q[2]) * 3)}` : period.slice(0, 7);
}

/** Partner data for each calendar quarter, due by the end of the month after the quarter. */
export function partnerDataDuty(r: CalendarRecords, today: string): Duty {
  const base = { key: 'partner-data', title: 'Quarterly partner data received', regulation: REG.information, kept: true };
  // Quarters by their last month; each due on the last day of the month that follows.
  const dueOfQuarter = (endMonth: string) => {
    const after = addMonths(`${endMonth}-01`, 1);
    return lastDayOfMonth(Number(after.slice(0, 4)), Number(after.slice(5, 7)));
  };
  const month = Number(today.slice(5, 7));
  let quarterEnd = `${today.slice(0, 4)}-${pad(Math.ceil(month / 3) * 3)}`;
  while (dueOfQuarter(quarterEnd) >= today) quarterEnd = addMonths(`${quarterEnd}-01`, -3).slice(0, 7);
  const nextQuarterEnd = addMonths(`${quarterEnd}-01`, 3).slice(0, 7);
  const source = { path: '/assessment/imports', text: 'Data imports' };
  if (r.partnerData.length === 0) return { ...base, state: 'not_recorded', dueOn: dueOfQuarter(quarterEnd), detail: 'No partner data is held.', source: null };
  // The dataset furthest behind sets the state: every dataset is expected each quarter.
  const latest = [...r.partnerData].sort((a, b) => lastMonthOf(a.latestPeriod).localeCompare(lastMonthOf(b.latestPeriod)));
  const furthestBehind = lastMonthOf(latest[0]!.latestPeriod);
  const detail = `Latest period held: ${latest.map((d) => `${d.dataset}, ${formatMonth(d.latestPeriod)}`).join('; ')}.`;
  if (furthestBehind < quarterEnd) return { ...base, state: 'late', dueOn: dueOfQuarter(quarterEnd), detail, source };
  return { ...base, state: nextCycleState(furthestBehind >= nextQuarterEnd, dueOfQuarter(nextQuarterEnd), today), dueOn: dueOfQuarter(nextQuarterEnd), detail, source };
}

/** Public Spaces Protection Orders: no register is kept here yet, so nothing is computed. */
export const pspoDuty = (): Duty => ({
  key: 'pspo', title: 'Public Spaces Protection Orders reviewed before they expire (at most three years)', regulation: REG.pspo,
  state: 'not_recorded', dueOn: null, detail: 'The register of orders is not yet kept here.', source: null, kept: false,
});

/** Every duty of the partnership on `today` (YYYY-MM-DD), in the order of the statutory year. */
export function statutoryCalendar(r: CalendarRecords, today: string): Duty[] {
  return [
    assessmentDuty(r, today),
    planDuty(r, today),
    pccDuty(r, today),
    ...(r.committees.length ? r.committees.map((c) => committeeDuty(c, today)) : [{
      key: 'committee', title: 'The crime and disorder committee has met to scrutinise the partnership in the last 12 months', regulation: REG.scrutiny,
      state: 'not_recorded' as const, dueOn: null, detail: 'No scrutiny committee is recorded among the partnership’s bodies.', source: { path: '/partnership', text: 'Members and bodies' }, kept: true,
    }]),
    partnerDataDuty(r, today),
    pspoDuty(),
  ];
}

/** What the home page shows: the late and unrecorded duties, and the duties due, soonest first. */
export function needingAttention(duties: Duty[]) {
  const byDue = (a: Duty, b: Duty) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999');
  return {
    late: duties.filter((d) => d.state === 'late').sort(byDue),
    due: duties.filter((d) => d.state === 'due').sort(byDue),
    notRecorded: duties.filter((d) => d.state === 'not_recorded' && d.kept),
    next: duties.filter((d) => d.state === 'done' && d.dueOn).sort(byDue)[0] ?? null,
  };
}
