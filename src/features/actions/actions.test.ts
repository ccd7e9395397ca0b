// The actions and recommendations tracker: items recorded on minutes stay open until closed with a
// response (who, when, what); overdue is computed from the due date against an injected today; the
// status filter on the page and the API; s.19(8) referrals and their responses; the tracker as the
// standing item of the body's next meeting; permissions; exempt (Part B) items withheld.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { meetingValues } from '../meetings/forms.ts';
import { actionsService } from './service.ts';
import { actionValues } from './forms.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let committeeId: number;
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const COORDINATOR = 'coordinator@demo.csp-hub.test';
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x27;/g, "'");

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
  committeeId = (await t.services.partnerships.bodies(scp.id)).find((b) => b.kind === 'scrutiny_committee')!.id;
});
after(async () => { await t?.close(); });

const signedIn = (email: string) => new Agent(t.app).startSession(t.services, email);
const meetingOn = (date: string, status = 'held') => {
  const [y, m, d] = date.split('-');
  return { ...meetingValues(), 'meetsOn-day': d!, 'meetsOn-month': m!, 'meetsOn-year': y!, startsAt: '18:00', venue: 'Town Hall', status };
};
const minute = (title: string, agendaItemId = '') => ({ agendaItemId, title, text: '', resolutions: '', firstNumber: '', version: '' });
const dueOn = (iso: string) => { const [y, m, d] = iso.split('-'); return { 'dueOn-day': d!, 'dueOn-month': m!, 'dueOn-year': y! }; };
const action = (description: string, extra: Partial<ReturnType<typeof actionValues>> = {}) =>
  ({ ...actionValues(), kind: 'action', description, ownerName: 'A. Officer', ownerOrganisation: 'Essex Police', ...extra });
const count = async (table: string) => Number((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);

/** A held meeting of the committee with one published Part A minute; its ids. */
async function heldMeeting(date: string, publish = true) {
  const meetingId = await t.services.meetings.createMeeting(scp, committeeId, meetingOn(date), SYSTEM);
  const { id: minuteId, minuteNumber } = await t.services.meetings.addMinute(scp, meetingId, minute(`Review ${date}`), SYSTEM);
  if (publish) await t.services.meetings.publishMinutes(scp, meetingId, SYSTEM);
  return { meetingId, minuteId, minuteNumber };
}

test('the demo: the 2021 promises are on the tracker, two answered in the 2022 report and the rest open', async () => {
  const items = await t.services.actions.list(scp, SYSTEM);
  assert.equal(items.length, 7);
  assert.ok(items.every((a) => a.minute.minuteNumber === 36 && a.minute.meetsOn === '2021-09-14'));
  const closed = items.filter((a) => a.status === 'closed');
  assert.deepEqual(closed.map((a) => [a.closedOn, a.responseBy]), [
    ['2022-11-07', 'Assistant Director Communities, in the report to the committee'], ['2022-11-07', 'Assistant Director Communities, in the report to the committee'],
  ]);
  assert.match(closed[0]!.description, /Nights of Action/);
  // Only the item the seed dates has a due date; the others are never overdue.
  assert.deepEqual(items.filter((a) => a.dueOn).map((a) => a.dueOn), ['2022-02-15']);
});

test('overdue is computed from the due date against the injected today; an item without a due date never is', async () => {
  const on = (today: string) => actionsService(t.db, { meetings: t.services.meetings, today: () => today });
  const onDueDay = await on('2022-02-15').list(scp, SYSTEM, { status: 'overdue' });
  assert.equal(onDueDay.length, 0, 'not overdue on the day it is due');
  const dayAfter = await on('2022-02-16').list(scp, SYSTEM, { status: 'overdue' });
  assert.equal(dayAfter.length, 1);
  assert.match(dayAfter[0]!.description, /One Colchester/);
  const yearsLater = await on('2030-01-01').list(scp, SYSTEM);
  assert.deepEqual(yearsLater.filter((a) => a.overdue).map((a) => a.dueOn), ['2022-02-15'], 'items without a due date are never overdue');
  assert.equal((await on('2030-01-01').list(scp, SYSTEM, { status: 'open' })).length, 5);
  assert.equal((await on('2030-01-01').list(scp, SYSTEM, { status: 'closed' })).length, 2);
});

test('an action goes from open to closed with a response; closing without one is refused and the form keeps what was typed', async () => {
  const { meetingId, minuteId } = await heldMeeting('2024-03-04');
  const officer = await signedIn(COORDINATOR);
  const form = `/p/scp/minutes/${minuteId}/actions/new`;
  const blank = await officer.post(form, action('', { ownerName: 'Chief Inspector Someone', ...dueOn('2024-02-30') }));
  assert.equal(blank.statusCode, 400);
  assert.match(blank.body, /Enter what was promised/);
  assert.match(blank.body, /The due date must be a real date/);
  assert.match(blank.body, /value="Chief Inspector Someone"/);
  const saved = await officer.post(form, action('Send figures on river patrols', dueOn('2024-06-30')));
  assert.equal(saved.statusCode, 303);
  const actionId = Number(/\/actions\/(\d+)$/.exec(String(saved.headers.location))![1]);
  const page = await officer.get(`/p/scp/actions/${actionId}`);
  assert.match(page.body, /Send figures on river patrols/);
  assert.match(page.body, /A. Officer, Essex Police/);
  assert.match(page.body, /30 June 2024/);
  // On the meeting's page, under its minute.
  assert.match((await officer.get(`/p/scp/meetings/${meetingId}`)).body, /Send figures on river patrols/);

  const close = `/p/scp/actions/${actionId}/close`;
  const empty = await officer.post(close, { responseBy: 'Essex Police', 'closedOn-day': '', 'closedOn-month': '', 'closedOn-year': '', response: '', version: '' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter the date of the response/);
  assert.match(empty.body, /Enter the response: what was done/);
  assert.match(empty.body, /value="Essex Police"/, 'what was typed is kept');
  const before = await officer.post(close, { responseBy: 'Essex Police', 'closedOn-day': '1', 'closedOn-month': '3', 'closedOn-year': '2024', response: 'Sent.', version: '' });
  assert.match(decode(before.body), /cannot be dated before the meeting/);
  assert.equal((await t.services.actions.get(scp, actionId, SYSTEM)).status, 'open', 'nothing was closed by the refused forms');

  const done = await officer.post(close, { responseBy: 'Inspector Rivers, Essex Police', 'closedOn-day': '2', 'closedOn-month': '5', 'closedOn-year': '2024', response: 'The figures were sent to all members.', version: '' });
  assert.equal(done.statusCode, 303);
  const closed = await t.services.actions.get(scp, actionId, SYSTEM);
  assert.deepEqual([closed.status, closed.closedOn, closed.responseBy, closed.response], ['closed', '2024-05-02', 'Inspector Rivers, Essex Police', 'The figures were sent to all members.']);
  const shown = await officer.get(`/p/scp/actions/${actionId}`);
  assert.match(shown.body, /Inspector Rivers, Essex Police/);
  assert.match(shown.body, /2 May 2024/);
  // The record of it: who closed it, in the audit trail.
  const audit = await t.db.query<{ summary: string; userId: number | null }>(
    `SELECT summary, user_id AS "userId" FROM audit_log WHERE record_type = 'action' AND record_id = $1 ORDER BY id`, [actionId]);
  assert.equal(audit.length, 2);
  assert.match(audit[1]!.summary, /Closed with a response dated 2024-05-02/);
  assert.equal(audit[1]!.userId, await t.services.users.findIdByEmail(COORDINATOR));
  // A closed item cannot be closed again.
  const again = await officer.post(close, { responseBy: 'X', 'closedOn-day': '3', 'closedOn-month': '5', 'closedOn-year': '2024', response: 'Again', version: '' });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /already closed/);
  assert.equal((await t.services.actions.get(scp, actionId, SYSTEM)).response, 'The figures were sent to all members.');
});

test('a recommendation needs whom it is to; a partner’s name when it is to a partner', async () => {
  const { minuteId } = await heldMeeting('2024-04-08');
  const officer = await signedIn(COORDINATOR);
  const form = `/p/scp/minutes/${minuteId}/actions/new`;
  const noWhom = await officer.post(form, action('Fund more patrols', { kind: 'recommendation' }));
  assert.equal(noWhom.statusCode, 400);
  assert.match(noWhom.body, /Select to whom the recommendation is made/);
  const noPartner = await officer.post(form, action('Fund more patrols', { kind: 'recommendation', recommendedTo: 'partner' }));
  assert.match(noPartner.body, /Enter the partner organisation/);
  assert.equal((await officer.post(form, action('Fund more patrols', { kind: 'recommendation', recommendedTo: 'partner', partnerName: 'Essex Police' }))).statusCode, 303);
  const item = (await t.services.actions.list(scp, SYSTEM)).find((a) => a.description === 'Fund more patrols')!;
  assert.deepEqual([item.kind, item.recommendedTo, item.partnerName, item.ownerName], ['recommendation', 'partner', 'Essex Police', '']);
});

test('the status filter on the page and in the API', async () => {
  const { minuteId } = await heldMeeting('2024-05-13');
  await t.services.actions.record(scp, minuteId, action('Late promise', dueOn('2024-06-01')), SYSTEM);
  await t.services.actions.record(scp, minuteId, action('Future promise', dueOn('2099-01-01')), SYSTEM);
  const anon = new Agent(t.app);
  const api = async (status?: string) => JSON.parse((await anon.get(`/api/v1/partnerships/scp/actions${status ? `?status=${status}` : ''}`)).body) as { actions: { description: string; status: string; overdue: boolean; dueOn: string | null }[] };
  const all = await api();
  const overdue = await api('overdue');
  const open = await api('open');
  const closed = await api('closed');
  assert.ok(overdue.actions.some((a) => a.description === 'Late promise'));
  assert.ok(!overdue.actions.some((a) => a.description === 'Future promise'));
  assert.ok(overdue.actions.every((a) => a.overdue && a.status === 'open' && a.dueOn !== null));
  assert.ok(open.actions.some((a) => a.description === 'Future promise') && open.actions.every((a) => a.status === 'open'));
  assert.ok(closed.actions.every((a) => a.status === 'closed') && closed.actions.length >= 2);
  assert.equal(open.actions.length + closed.actions.length, all.actions.length);
  const bad = await anon.get('/api/v1/partnerships/scp/actions?status=late');
  assert.equal(bad.statusCode, 400);

  assert.match((await anon.get('/p/scp/meetings')).body, /href="\/p\/scp\/actions"/, 'the meetings page links to the tracker');
  const page = await anon.get('/p/scp/actions?status=overdue');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Late promise/);
  assert.doesNotMatch(page.body, /Future promise/);
  assert.match(page.body, /govuk-tag--red/);
  assert.match((await anon.get('/p/scp/actions?status=open')).body, /Future promise/);
  assert.doesNotMatch((await anon.get('/p/scp/actions?status=closed')).body, /Future promise/);
  assert.equal((await anon.get('/p/scp/actions?status=late')).statusCode, 400);
  assert.equal((await anon.get('/p/scp/actions?status=open&status=closed')).statusCode, 400);
});

test('s.19(8): where the committee’s report was sent, when, and when each authority responded', async () => {
  const { minuteId } = await heldMeeting('2024-06-10');
  const officer = await signedIn(COORDINATOR);
  const form = `/p/scp/minutes/${minuteId}/referrals/new`;
  const page = await officer.get(form);
  assert.match(page.body, /Essex Police/, 'the statutory members are offered');
  const none = await officer.post(form, { authority: '', otherAuthority: '', 'sentOn-day': '20', 'sentOn-month': '6', 'sentOn-year': '2024' });
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Select the responsible authority/);
  assert.match(none.body, /value="20"/);
  assert.equal((await officer.post(form, { authority: 'Essex Police', otherAuthority: '', 'sentOn-day': '20', 'sentOn-month': '6', 'sentOn-year': '2024' })).statusCode, 303);
  assert.equal((await officer.post(form, { authority: 'other', otherAuthority: 'Essex Probation Service', 'sentOn-day': '21', 'sentOn-month': '6', 'sentOn-year': '2024' })).statusCode, 303);
  const referrals = (await t.services.actions.referrals(scp, SYSTEM)).filter((r) => r.minuteId === minuteId);
  assert.deepEqual(referrals.map((r) => [r.authority, r.sentOn, r.respondedOn]), [['Essex Police', '2024-06-20', null], ['Essex Probation Service', '2024-06-21', null]]);

  const respond = `/p/scp/referrals/${referrals[0]!.id}/response`;
  const early = await officer.post(respond, { 'respondedOn-day': '19', 'respondedOn-month': '6', 'respondedOn-year': '2024', response: 'Noted.' });
  assert.equal(early.statusCode, 400);
  assert.match(decode(early.body), /cannot be dated before it was sent/);
  assert.match(early.body, /Noted\./);
  assert.equal((await officer.post(respond, { 'respondedOn-day': '15', 'respondedOn-month': '7', 'respondedOn-year': '2024', response: 'The force accepted the recommendations.' })).statusCode, 303);
  const tracker = await new Agent(t.app).get('/p/scp/actions');
  assert.match(tracker.body, /Essex Probation Service/);
  assert.match(tracker.body, /Responded on 15 July 2024/);
  assert.match(tracker.body, /The force accepted the recommendations\./);
  assert.match(tracker.body, /No response recorded/);
});

test('the tracker is the standing item offered for the body’s next meeting, where the officer closes an item', async () => {
  const first = await heldMeeting('2024-09-02');
  const itemId = await t.services.actions.record(scp, first.minuteId, action('Report on town centre patrols'), SYSTEM);
  const next = await t.services.meetings.createMeeting(scp, committeeId, meetingOn('2024-11-04', 'scheduled'), SYSTEM);
  const officer = await signedIn(COORDINATOR);
  const agendaPage = await officer.get(`/p/scp/meetings/${next}/agenda`);
  assert.match(agendaPage.body, /Actions and recommendations tracker/, 'offered from the template');
  assert.equal((await officer.post(`/p/scp/meetings/${next}/agenda/standard`, { standard: ['previous-minutes', 'tracker'] }, `/p/scp/meetings/${next}/agenda`)).statusCode, 303);
  const page = await officer.get(`/p/scp/meetings/${next}`);
  assert.match(page.body, /Actions and recommendations tracker/);
  assert.match(page.body, /Report on town centre patrols/);
  assert.match(page.body, new RegExp(`/p/scp/actions/${itemId}/close`));
  // The public sees the tracker item's open items, without the officer's links.
  const publicPage = await new Agent(t.app).get(`/p/scp/meetings/${next}`);
  assert.match(publicPage.body, /Report on town centre patrols/);
  assert.doesNotMatch(publicPage.body, /\/close"/);
  // Closed since the previous meeting: still reported at this one; an item of this meeting itself is not.
  await t.services.actions.close(scp, itemId, { responseBy: 'Town Centre Team', 'closedOn-day': '1', 'closedOn-month': '10', 'closedOn-year': '2024', response: 'Reported.', version: '' }, SYSTEM);
  const tracker = await t.services.actions.trackerFor(scp, { id: next, bodyId: committeeId, meetsOn: '2024-11-04' }, SYSTEM);
  assert.ok(tracker.some((a) => a.id === itemId && a.status === 'closed'));
  assert.ok(tracker.every((a) => a.minute.meetsOn < '2024-11-04'));
  const later = await t.services.actions.trackerFor(scp, { id: next, bodyId: committeeId, meetsOn: '2025-03-01' }, SYSTEM);
  assert.ok(!later.some((a) => a.id === itemId), 'answered before the previous meeting: no longer on the tracker');
});

test('only the partnership’s coordinators record and close items and referrals: 403 and nothing written', async () => {
  const { minuteId } = await heldMeeting('2024-12-02');
  const itemId = await t.services.actions.record(scp, minuteId, action('Promised by the police'), SYSTEM);
  const [actions, referrals] = [await count('minute_actions'), await count('scrutiny_referrals')];
  for (const email of ['police@demo.csp-hub.test', 'viewer@demo.csp-hub.test', 'councillor@demo.csp-hub.test']) {
    const agent = await signedIn(email);
    assert.equal((await agent.get(`/p/scp/minutes/${minuteId}/actions/new`)).statusCode, 403);
    const posted = await agent.post(`/p/scp/minutes/${minuteId}/actions/new`, action('Sneaky'), `/p/scp/actions`);
    assert.equal(posted.statusCode, 403, `${email} may not record`);
    assert.equal((await agent.post(`/p/scp/actions/${itemId}/close`, { responseBy: 'Me', 'closedOn-day': '3', 'closedOn-month': '12', 'closedOn-year': '2024', response: 'Done', version: '' }, `/p/scp/actions`)).statusCode, 403);
    assert.equal((await agent.post(`/p/scp/minutes/${minuteId}/referrals/new`, { authority: 'Essex Police', 'sentOn-day': '3', 'sentOn-month': '12', 'sentOn-year': '2024' }, `/p/scp/actions`)).statusCode, 403);
  }
  const anon = await t.app.inject({ method: 'POST', url: `/p/scp/actions/${itemId}/close`, payload: 'responseBy=Me&response=Done', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(anon.statusCode, 303);
  assert.match(String(anon.headers.location), /^\/sign-in/);
  assert.deepEqual([await count('minute_actions'), await count('scrutiny_referrals')], [actions, referrals]);
  assert.equal((await t.services.actions.get(scp, itemId, SYSTEM)).status, 'open');
});

test('an item of a Part B minute, or of unpublished minutes, is seen only by the body’s insiders', async () => {
  const meetingId = await t.services.meetings.createMeeting(scp, committeeId, meetingOn('2025-01-13'), SYSTEM);
  const exemptItem = await t.services.meetings.addAgendaItem(scp, meetingId, { title: 'Named offenders', description: '', part: 'B', exemptionParagraph: '1' }, SYSTEM);
  const exemptMinute = await t.services.meetings.addMinute(scp, meetingId, minute('', String(exemptItem)), SYSTEM);
  const openMinute = await t.services.meetings.addMinute(scp, meetingId, minute('Open business'), SYSTEM);
  const secretId = await t.services.actions.record(scp, exemptMinute.id, action('PLUGH-exempt promise', { ownerName: 'PLUGH-owner' }), SYSTEM);
  const draftId = await t.services.actions.record(scp, openMinute.id, action('FROBOZZ-unpublished promise'), SYSTEM);
  const outsiders = [new Agent(t.app), await signedIn('viewer@demo.csp-hub.test'), await signedIn('police@demo.csp-hub.test')];
  const insiders = [await signedIn(COORDINATOR), await signedIn('councillor@demo.csp-hub.test')];
  const urls = ['/p/scp/actions', '/p/scp/actions?status=open', '/api/v1/partnerships/scp/actions', `/api/v1/meetings/${meetingId}`, `/p/scp/meetings/${meetingId}`];
  for (const agent of outsiders) {
    for (const url of urls) {
      const body = (await agent.get(url)).body;
      assert.doesNotMatch(body, /PLUGH|FROBOZZ/, `${url} hides the unpublished items`);
    }
    assert.equal((await agent.get(`/p/scp/actions/${secretId}`)).statusCode, 404);
    assert.equal((await agent.get(`/p/scp/actions/${draftId}`)).statusCode, 404);
  }
  for (const agent of insiders) {
    assert.match((await agent.get('/p/scp/actions')).body, /PLUGH-exempt promise/);
    assert.match((await agent.get(`/p/scp/actions/${secretId}`)).body, /PLUGH-owner/);
  }
  // Once the minutes are published the open minute's item is public; the exempt one never is.
  await t.services.meetings.publishMinutes(scp, meetingId, SYSTEM);
  const publicTracker = (await outsiders[0]!.get('/p/scp/actions')).body;
  assert.match(publicTracker, /FROBOZZ-unpublished promise/);
  assert.doesNotMatch(publicTracker, /PLUGH/);
  const meetingJson = JSON.parse((await outsiders[0]!.get(`/api/v1/meetings/${meetingId}`)).body) as { minutes: { minuteNumber: number; withheld: boolean; actions: { description: string }[] }[] };
  assert.deepEqual(meetingJson.minutes.map((m) => [m.withheld, m.actions.map((a) => a.description)]), [[true, []], [false, ['FROBOZZ-unpublished promise']]]);
  const insiderJson = JSON.parse((await insiders[1]!.get(`/api/v1/meetings/${meetingId}`)).body) as typeof meetingJson;
  assert.deepEqual(insiderJson.minutes[0]!.actions.map((a) => a.description), ['PLUGH-exempt promise']);
});

test('the OpenAPI document describes the actions endpoint and the actions of a meeting’s minutes', async () => {
  const doc = JSON.parse((await new Agent(t.app).get('/api/openapi.json')).body) as { paths: Record<string, { get?: { parameters?: { name: string }[] } }>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
  const op = doc.paths['/api/v1/partnerships/{slug}/actions']?.get;
  assert.ok(op, 'the endpoint is in the document');
  assert.ok(op.parameters?.some((p) => p.name === 'status'));
  assert.ok(doc.components.schemas.ActionItem?.properties?.overdue);
  assert.ok(doc.components.schemas.Minute?.properties?.actions);
});
