// The statutory calendar on the demo partnership's records: the committee's state from its real
// meetings on given days, the plan-sent-to-PCC record and its form (bad input kept and explained),
// the calendar page and the coordinator's home, and who may see and change them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { meetingValues } from '../meetings/forms.ts';
import { formatDate } from '../../platform/dates.ts';
import { addMonths } from './duties.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let committeeId: number;
const COORDINATOR: Actor = { userId: null, role: 'coordinator', organisationId: null };
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const signedIn = (email: string) => new Agent(t.app).startSession(t.services, email);
const rowOf = (html: string, key: string) => text(/<tr class="govuk-table__row" id="duty-[^"]*">[\s\S]*?<\/tr>/g.exec(html.slice(html.indexOf(`id="duty-${key}"`) - 40))?.[0] ?? '');

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
  committeeId = (await t.services.partnerships.bodies(scp.id)).find((b) => b.kind === 'scrutiny_committee')!.id;
});
after(async () => { await t?.close(); });

test('the committee’s state follows its last held meeting in the records, on any given day', async () => {
  const last = await t.services.meetings.lastHeldMeeting(scp, committeeId);
  assert.equal(last?.meetsOn, '2022-05-25', 'the demo committee last met on 25 May 2022 (seed 004)');
  const committeeOn = async (today: string) => (await t.services.calendar.duties(scp, COORDINATOR, today)).find((d) => d.key === `committee-${committeeId}`)!;
  assert.equal((await committeeOn('2022-06-01')).state, 'done');
  assert.equal((await committeeOn('2023-04-25')).state, 'due');
  assert.equal((await committeeOn('2023-05-25')).state, 'due');
  const late = await committeeOn('2023-05-26');
  assert.equal(late.state, 'late');
  assert.equal(late.dueOn, '2023-05-25');
  assert.deepEqual(late.source, { path: `/meetings/${last!.id}`, text: 'Meeting of 25 May 2022' });

  // A meeting held later moves the date on; a scheduled one does not count.
  const values = (date: string, status: string) => ({ ...meetingValues(), 'meetsOn-day': date.slice(8), 'meetsOn-month': date.slice(5, 7), 'meetsOn-year': date.slice(0, 4), startsAt: '18:00', venue: 'Town Hall', status });
  await t.services.meetings.createMeeting(scp, committeeId, values('2023-05-20', 'scheduled'), COORDINATOR);
  assert.equal((await committeeOn('2023-05-26')).state, 'late', 'a meeting only scheduled is not a meeting held');
  await t.services.meetings.createMeeting(scp, committeeId, values('2023-05-22', 'held'), COORDINATOR);
  const after = await committeeOn('2023-05-26');
  assert.equal(after.state, 'done');
  assert.equal(after.dueOn, '2024-05-22');
});

test('the calendar page lists every duty with its state, due date, law and record; members only', async () => {
  const today = t.services.calendar.today();
  const anonymous = await new Agent(t.app).get('/p/scp/calendar');
  assert.equal(anonymous.statusCode, 303);
  assert.match(String(anonymous.headers.location), /^\/sign-in\?returnTo=/);

  const committee = await (await signedIn('councillor@demo.csp-hub.test')).get('/p/scp/calendar');
  assert.equal(committee.statusCode, 200);
  assert.doesNotMatch(committee.body, /Record the date sent/, 'only coordinators record the sending');

  const page = await (await signedIn('coordinator@demo.csp-hub.test')).get('/p/scp/calendar');
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), new RegExp(`recurring legal duties on ${formatDate(today)}`));
  const last = (await t.services.meetings.lastHeldMeeting(scp, committeeId))!;
  const due = addMonths(last.meetsOn, 12);
  const row = rowOf(page.body, `committee-${committeeId}`);
  assert.match(row, /Crime and Disorder Committee has met to scrutinise the partnership in the last 12 months/);
  assert.match(row, /Police and Justice Act 2006 s\.19; the Crime and Disorder \(Overview and Scrutiny\) Regulations 2009/);
  assert.match(row, new RegExp(`${today > due ? 'Late' : 'Done|Due'} ${formatDate(due)}`));
  assert.match(page.body, new RegExp(`href="/p/scp/meetings/${last.id}">Meeting of ${formatDate(last.meetsOn)}</a>`));
  assert.match(rowOf(page.body, 'pcc'), /Police Reform and Social Responsibility Act 2011 s\.10/);
  assert.match(rowOf(page.body, 'pspo'), /Not recorded here .*The register of orders is not yet kept here/);
  for (const key of ['assessment', 'plan', 'pcc', 'partner-data', 'pspo']) assert.ok(page.body.includes(`id="duty-${key}"`), `${key} row`);
});

test('a coordinator records the day the plan went to the PCC; bad input is explained and kept; others are refused', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const today = t.services.calendar.today();
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  const bad = await coordinator.post('/p/scp/calendar/pcc', { startYear: '2022', 'sentOn-day': '31', 'sentOn-month': '2', 'sentOn-year': '2023' }, '/p/scp/calendar');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(text(bad.body), /The date it was sent must be a real date/);
  assert.match(bad.body, /name="sentOn-day" type="text" value="31"|value="31"[^>]*name="sentOn-day"|id="sentOn-day" name="sentOn-day" type="text" value="31"/, 'what was typed is kept');
  assert.match(bad.body, /<option value="2022" selected>/);

  const future = await coordinator.post('/p/scp/calendar/pcc', { startYear: '2022', 'sentOn-day': tomorrow.slice(8), 'sentOn-month': tomorrow.slice(5, 7), 'sentOn-year': tomorrow.slice(0, 4) }, '/p/scp/calendar');
  assert.equal(future.statusCode, 400);
  assert.match(text(future.body), /must be today or in the past/);
  const noPlan = await coordinator.post('/p/scp/calendar/pcc', { startYear: '2031', 'sentOn-day': '1', 'sentOn-month': '4', 'sentOn-year': '2022' }, '/p/scp/calendar');
  assert.equal(noPlan.statusCode, 400);
  assert.match(text(noPlan.body), /Select the plan that was sent/);
  const empty = await coordinator.post('/p/scp/calendar/pcc', { startYear: '2022' }, '/p/scp/calendar');
  assert.match(text(empty.body), /Enter the date the plan was sent/);
  assert.equal((await t.db.query('SELECT 1 FROM plan_sent_to_pcc')).length, 0, 'nothing stored from a refused form');

  const viewer = await signedIn('viewer@demo.csp-hub.test');
  await viewer.get('/p/scp/calendar');
  const refused = await viewer.post('/p/scp/calendar/pcc', { startYear: '2022', 'sentOn-day': '5', 'sentOn-month': '4', 'sentOn-year': '2022' }, '/p/scp/calendar');
  assert.equal(refused.statusCode, 403);

  const saved = await coordinator.post('/p/scp/calendar/pcc', { startYear: '2022', 'sentOn-day': '5', 'sentOn-month': '4', 'sentOn-year': '2022' }, '/p/scp/calendar');
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/p/scp/calendar?recorded=2022#pcc');
  const after = await coordinator.get('/p/scp/calendar?recorded=2022');
  assert.match(text(after.body), /Recorded: the plan for 2022-23 was sent to the Police and Crime Commissioner/);
  assert.match(after.body, /<option value="2022">2022-23 \(recorded as sent on 5 April 2022\)<\/option>/);
  const [row] = await t.db.query<{ sentOn: string }>('SELECT sent_on AS "sentOn" FROM plan_sent_to_pcc WHERE start_year = 2022');
  assert.equal(row?.sentOn, '2022-04-05');
  const [audit] = await t.db.query<{ summary: string }>("SELECT summary FROM audit_log WHERE record_type = 'plan_sent_to_pcc'");
  assert.equal(audit?.summary, 'Plan 2022-23 sent to the Police and Crime Commissioner on 2022-04-05');

  // In the demo's own plan year, the record makes the duty done; the next plan is due the day before 1 April 2023.
  const pcc = (await t.services.calendar.duties(scp, COORDINATOR, '2022-06-01')).find((d) => d.key === 'pcc')!;
  assert.equal(pcc.state, 'done');
  assert.equal(pcc.dueOn, '2023-03-31');
  assert.match(pcc.detail, /The plan for 2022-23 was sent on 5 April 2022/);
});

test('the coordinator’s home shows what is late and what is due; the public home shows no calendar', async () => {
  const attention = await t.services.calendar.attention(scp, COORDINATOR);
  const home = await (await signedIn('coordinator@demo.csp-hub.test')).get('/p/scp');
  const body = text(home.body);
  assert.match(body, /Statutory calendar/);
  assert.ok(attention.late.length > 0, 'the demo has late duties today');
  for (const d of attention.late) assert.ok(body.includes(`${d.title} (due ${formatDate(d.dueOn)}): ${d.detail}`), d.key);
  assert.match(home.body, /href="\/p\/scp\/calendar">The full statutory calendar</);
  assert.match(home.body, /href="\/p\/scp\/calendar"[^>]*>\s*Calendar/, 'in the navigation');

  const publicHome = await new Agent(t.app).get('/p/scp');
  assert.doesNotMatch(publicHome.body, /Statutory calendar|\/calendar"/);
});
