// The statutory calendar's computation, a pure function of (records, today), at its boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths, assessmentDuty, committeeDuty, daysBetween, lastMonthOf, needingAttention, partnerDataDuty, pccDuty, planDuty,
  statutoryCalendar, type CalendarRecords, type PlanRecord,
} from './duties.ts';

const committee = (meetsOn: string | null) => ({ id: 7, name: 'Crime and Disorder Committee', lastHeld: meetsOn ? { id: 42, meetsOn } : null });
const published = (startYear: number, over: Partial<PlanRecord> = {}): PlanRecord => ({
  startYear, status: 'published', approved: true, approvedOn: `${startYear}-03-10`, approvedByBodyName: 'Strategic Board', publishedAt: `${startYear}-03-20T10:00:00Z`, ...over,
});
const records = (over: Partial<CalendarRecords> = {}): CalendarRecords => ({
  planYearStartMonth: 4, assessmentYearStartMonth: 10, plans: [], pccSent: [], committees: [], crimeMonths: [], partnerData: [], ...over,
});
/** The months from `from` to `to` (YYYY-MM), both included. */
const monthsFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(`${m}-01`, 1).slice(0, 7)) out.push(m);
  return out;
};

test('date arithmetic: months keep the day, or the month’s last day; days between', () => {
  assert.equal(addMonths('2021-09-14', 12), '2022-09-14');
  assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
  assert.equal(addMonths('2022-01-31', 1), '2022-02-28');
  assert.equal(addMonths('2022-11-01', -3), '2022-08-01');
  assert.equal(daysBetween('2022-12-31', '2023-01-30'), 30);
  assert.equal(daysBetween('2023-01-30', '2022-12-31'), -30);
  assert.equal(lastMonthOf('2022-Q3'), '2022-09');
  assert.equal(lastMonthOf('2022-05'), '2022-05');
});

test('the committee is late when its last held meeting is over 12 months old, due inside 30 days, not recorded when none was held', () => {
  const held = committee('2022-05-25');
  const on = (today: string) => committeeDuty(held, today);
  assert.equal(on('2022-06-01').state, 'done');
  assert.equal(on('2022-06-01').dueOn, '2023-05-25');
  assert.equal(on('2023-04-24').state, 'done', '31 days before the anniversary');
  assert.equal(on('2023-04-25').state, 'due', '30 days before');
  assert.equal(on('2023-05-25').state, 'due', 'exactly 12 months: it has still met within the last 12 months');
  assert.equal(on('2023-05-26').state, 'late', 'one day over 12 months');
  assert.equal(on('2026-12-02').state, 'late');
  assert.equal(on('2023-05-26').dueOn, '2023-05-25', 'a late duty shows the date it was due');
  assert.deepEqual(on('2023-05-26').source, { path: '/meetings/42', text: 'Meeting of 25 May 2022' });
  assert.match(on('2023-05-26').detail, /Last held meeting: 25 May 2022/);

  const never = committeeDuty(committee(null), '2023-05-26');
  assert.equal(never.state, 'not_recorded');
  assert.equal(never.dueOn, null);
  assert.match(never.detail, /No held meeting of the Crime and Disorder Committee is recorded/);

  const leap = committeeDuty(committee('2024-02-29'), '2025-02-28');
  assert.equal(leap.dueOn, '2025-02-28');
  assert.equal(leap.state, 'due');
  assert.equal(committeeDuty(committee('2024-02-29'), '2025-03-01').state, 'late');
});

test('the plan: late when the year began without it published, due inside 30 days of the next year, not recorded without a plan or an approval', () => {
  assert.equal(planDuty(records(), '2022-06-01').state, 'not_recorded');
  assert.match(planDuty(records(), '2022-06-01').detail, /No plan for 2022-23 is recorded here/);

  const draft = planDuty(records({ plans: [published(2022, { status: 'draft', publishedAt: null, approved: false, approvedOn: null })] }), '2022-06-01');
  assert.equal(draft.state, 'late');
  assert.equal(draft.dueOn, '2022-03-31');
  assert.match(draft.detail, /not published \(no approval recorded\)/);

  const noApproval = planDuty(records({ plans: [published(2022, { approved: false, approvedOn: null })] }), '2022-06-01');
  assert.equal(noApproval.state, 'not_recorded');
  assert.match(noApproval.detail, /was published on 20 March 2022; no approval is recorded/);

  const done = records({ plans: [published(2022)] });
  assert.equal(planDuty(done, '2022-06-01').state, 'done');
  assert.equal(planDuty(done, '2022-06-01').dueOn, '2023-03-31');
  assert.match(planDuty(done, '2022-06-01').detail, /approved by the Strategic Board on 10 March 2022 and published on 20 March 2022/);
  assert.equal(planDuty(done, '2023-02-28').state, 'done', '31 days before the next plan year');
  assert.equal(planDuty(done, '2023-03-01').state, 'due', '30 days before');
  assert.equal(planDuty(done, '2023-03-31').state, 'due', 'the last day of the year');
  assert.equal(planDuty(done, '2023-04-01').state, 'not_recorded', 'the new year has no plan');
  const both = records({ plans: [published(2022), published(2023)] });
  assert.equal(planDuty(both, '2023-03-25').state, 'done', 'next year’s plan already published');
  assert.equal(planDuty(both, '2023-04-01').dueOn, '2024-03-31');
});

test('the plan sent to the Police and Crime Commissioner is computed only from the date recorded', () => {
  const plans = [published(2022)];
  const none = pccDuty(records({ plans }), '2022-06-01');
  assert.equal(none.state, 'not_recorded');
  assert.match(none.detail, /No date is recorded for sending the plan for 2022-23/);
  const sent = pccDuty(records({ plans, pccSent: [{ startYear: 2022, sentOn: '2022-04-05' }] }), '2022-06-01');
  assert.equal(sent.state, 'done');
  assert.equal(sent.dueOn, '2023-03-31');
  assert.match(sent.detail, /sent on 5 April 2022/);
  assert.equal(pccDuty(records({ plans, pccSent: [{ startYear: 2022, sentOn: '2022-04-05' }] }), '2023-03-10').state, 'due');
});

test('the strategic assessment: all twelve months to 30 September held by the day before the plan year', () => {
  const year2021 = monthsFrom('2020-10', '2021-09');
  // On 1 December 2022 the year to September 2021 was due by 31 March 2022; the year to September 2022 is due by 31 March 2023.
  const done = assessmentDuty(records({ crimeMonths: year2021 }), '2022-12-01');
  assert.equal(done.state, 'done');
  assert.equal(done.dueOn, '2023-03-31');
  assert.match(done.detail, /12 of the 12 months to 30 September 2021.*0 of the 12 months to 30 September 2022/);
  assert.equal(assessmentDuty(records({ crimeMonths: year2021 }), '2023-03-01').state, 'due');
  assert.equal(assessmentDuty(records({ crimeMonths: year2021 }), '2023-04-01').state, 'late');
  assert.equal(assessmentDuty(records({ crimeMonths: [...year2021, ...monthsFrom('2021-10', '2022-09')] }), '2023-04-01').state, 'done');
  const gap = assessmentDuty(records({ crimeMonths: year2021.filter((m) => m !== '2021-02') }), '2022-12-01');
  assert.equal(gap.state, 'late');
  assert.equal(gap.dueOn, '2022-03-31');
  assert.match(gap.detail, /11 of the 12 months to 30 September 2021/);
  assert.equal(assessmentDuty(records(), '2022-12-01').state, 'not_recorded');
});

test('quarterly partner data: every dataset’s quarter by the end of the month after it', () => {
  const data = (...periods: string[]) => records({ partnerData: periods.map((p, i) => ({ dataset: `set-${i}`, latestPeriod: p })) });
  // On 1 December 2022 the July–September quarter was due by 31 October; October–December is due by 31 January.
  assert.equal(partnerDataDuty(data('2022-Q3'), '2022-12-01').state, 'done');
  assert.equal(partnerDataDuty(data('2022-Q3'), '2022-12-01').dueOn, '2023-01-31');
  assert.equal(partnerDataDuty(data('2022-09'), '2022-12-01').state, 'done', 'monthly figures to September cover the quarter');
  assert.equal(partnerDataDuty(data('2022-Q3'), '2023-01-01').state, 'due');
  assert.equal(partnerDataDuty(data('2022-Q3'), '2023-02-01').state, 'late');
  const behind = partnerDataDuty(data('2022-Q4', '2022-Q2'), '2022-12-01');
  assert.equal(behind.state, 'late', 'one dataset a quarter behind');
  assert.equal(behind.dueOn, '2022-10-31');
  assert.match(behind.detail, /set-1, April to June 2022/);
  assert.equal(partnerDataDuty(data('2022-Q3'), '2022-10-31').state, 'done', 'on 31 October the July–September quarter is due that day: April–June counts');
  assert.equal(partnerDataDuty(data('2022-Q2'), '2022-10-31').state, 'due');
  assert.equal(partnerDataDuty(records(), '2022-12-01').state, 'not_recorded');
});

test('every duty names its law; the orders register is shown as not kept here; the home lists what needs attention', () => {
  const duties = statutoryCalendar(records({ committees: [committee('2021-09-14')], plans: [published(2022)] }), '2022-12-01');
  assert.deepEqual(duties.map((d) => d.key), ['assessment', 'plan', 'pcc', 'committee-7', 'partner-data', 'pspo']);
  const law = Object.fromEntries(duties.map((d) => [d.key, d.regulation]));
  assert.match(law.assessment!, /Crime and Disorder Act 1998 s\.5–7; the Crime and Disorder \(Formulation and Implementation of Strategy\) Regulations 2007/);
  assert.match(law.plan!, /Formulation and Implementation of Strategy\) Regulations 2007/);
  assert.match(law['committee-7']!, /Police and Justice Act 2006 s\.19; the Crime and Disorder \(Overview and Scrutiny\) Regulations 2009/);
  assert.match(law.pcc!, /Police Reform and Social Responsibility Act 2011 s\.10/);
  assert.match(law.pspo!, /Anti-social Behaviour, Crime and Policing Act 2014/);
  const pspo = duties.find((d) => d.key === 'pspo')!;
  assert.equal(pspo.kept, false);
  assert.equal(pspo.dueOn, null);

  const attention = needingAttention(duties);
  assert.deepEqual(attention.late.map((d) => d.key), ['committee-7'], 'met 14 September 2021: late since 14 September 2022');
  assert.deepEqual(attention.notRecorded.map((d) => d.key), ['assessment', 'pcc', 'partner-data'], 'the orders register is not counted');
  assert.equal(attention.next?.key, 'plan');
  const noCommittee = statutoryCalendar(records(), '2022-12-01').find((d) => d.key === 'committee')!;
  assert.equal(noCommittee.state, 'not_recorded');
});
