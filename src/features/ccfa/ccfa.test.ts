// The Councillor Call for Action end to end: the public form with its e-mail confirmation (good,
// expired, reused), the officer's steps with their dates (a skipped step refused and nothing written),
// placing on the committee's next agenda, the notification in the outbox, permissions, and what the
// public sees on the pages and in the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { meetingValues } from '../meetings/forms.ts';
import { ukToday } from '../meetings/service.ts';
import { VERIFY_PURPOSE } from './service.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let ward: string;
const COORDINATOR = 'coordinator@demo.csp-hub.test';
const COUNCILLOR = 'councillor@demo.csp-hub.test';
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x27;/g, "'");

const MATTER = 'Groups gather by the shops every night and passers-by are threatened (test matter)';
const TRIED = 'Reported it to the police twice and to the council’s anti-social behaviour team (test tried)';
const EMAIL = 'cllr.test@example.org';

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
  ward = (await t.services.ccfa.wards(scp))[0]!;
});
after(async () => { await t?.close(); });

const signedIn = (email: string) => new Agent(t.app).startSession(t.services, email);
const stepsOf = (id: number) => t.db.query<{ state: string; onDate: string | null; recordedBy: number | null }>(
  `SELECT state, to_char(on_date, 'YYYY-MM-DD') AS "onDate", recorded_by AS "recordedBy" FROM ccfa_steps WHERE matter_id = $1 ORDER BY id`, [id]);
const statusOf = async (id: number) => (await t.db.query<{ status: string }>('SELECT status FROM ccfa_matters WHERE id = $1', [id]))[0]?.status;
const lastMessageTo = async (to: string) => (await t.db.query<{ subject: string; text: string }>(
  'SELECT subject, body_text AS text FROM mail_messages WHERE to_address = $1 ORDER BY id DESC LIMIT 1', [to]))[0];
const form = (extra: Record<string, string> = {}) => ({ councillorName: 'Councillor Test', councillorEmail: EMAIL, ward, matter: MATTER, location: 'High Street', tried: TRIED, ...extra });
const today = ukToday();
const [ty, tm, td] = today.split('-');
const onToday = { 'on-day': td!, 'on-month': tm!, 'on-year': ty! };

/** Submits the public form and returns the confirmation token from the message it sends. */
async function submitPublic(agent: Agent, extra: Record<string, string> = {}): Promise<string> {
  const res = await agent.post('/p/scp/ccfa/new', form(extra));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Check your e-mail/);
  const mail = await lastMessageTo(extra.councillorEmail ?? EMAIL);
  const m = /\/p\/scp\/ccfa\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail!.text);
  assert.ok(m, 'the message carries the confirmation link');
  return m[1]!;
}

let publicId = 0;
let statusToken = '';

test('the public form: problems are shown with what was typed kept; nothing is listed until the address is confirmed', async () => {
  const agent = new Agent(t.app);
  const bad = await agent.post('/p/scp/ccfa/new', form({ councillorEmail: 'not-an-address', ward: 'Nowhere', tried: '' }));
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /Enter an e-mail address in the right format/);
  assert.match(decode(bad.body), /Select one of the partnership’s wards/);
  assert.match(bad.body, /Say what you have already tried to resolve it/);
  assert.ok(decode(bad.body).includes(MATTER), 'the matter typed is kept');
  assert.equal((await t.db.query('SELECT 1 FROM ccfa_matters WHERE councillor_email = $1', [EMAIL])).length, 0, 'nothing is stored');

  const token = await submitPublic(agent);
  const [row] = await t.db.query<{ id: number; status: string }>('SELECT id, status FROM ccfa_matters WHERE councillor_email = $1', [EMAIL]);
  assert.equal(row!.status, 'unverified');
  publicId = row!.id;
  const mail = await lastMessageTo(EMAIL);
  assert.match(mail!.subject, /Confirm your Councillor Call for Action/);
  // Nobody sees an unconfirmed matter: not the list, its page, nor the API.
  const list = await new Agent(t.app).get('/p/scp/ccfa');
  assert.ok(!list.body.includes('Councillor Test') && !list.body.includes(MATTER));
  assert.equal((await new Agent(t.app).get(`/p/scp/ccfa/${publicId}`)).statusCode, 404);
  const listed = JSON.parse((await new Agent(t.app).get('/api/v1/partnerships/scp/ccfa')).body) as { ccfa: { id: number }[] };
  assert.ok(!listed.ccfa.some((x) => x.id === publicId), 'the API does not list it');
  // The officer sees it waiting.
  const officer = await (await signedIn(COORDINATOR)).get('/p/scp/ccfa');
  assert.match(officer.body, /Waiting for the councillor to confirm their e-mail address[\s\S]*Councillor Test/);

  // The link's page only checks the token (mail scanners open links); the button uses it.
  const page = await agent.get(`/p/scp/ccfa/confirm/${token}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Submit my Councillor Call for Action/);
  assert.equal(await statusOf(publicId), 'unverified');
  const confirmed = await agent.post(`/p/scp/ccfa/confirm/${token}`, {});
  assert.equal(confirmed.statusCode, 303);
  const location = String(confirmed.headers.location);
  statusToken = /\/p\/scp\/ccfa\/status\/([A-Za-z0-9_-]{43})$/.exec(location)![1]!;
  assert.equal(await statusOf(publicId), 'submitted');
  assert.deepEqual(await stepsOf(publicId), [{ state: 'submitted', onDate: today, recordedBy: null }]);
  const submitted = await lastMessageTo(EMAIL);
  assert.ok(submitted!.text.includes(`/p/scp/ccfa/status/${statusToken}`), 'the councillor is sent the status link');

  // Used once: a second click is refused and changes nothing.
  const again = await agent.post(`/p/scp/ccfa/confirm/${token}`, {}, `/p/scp/ccfa/new`);
  assert.equal(again.statusCode, 400);
  assert.match(decode(again.body), /already been used/);
  assert.equal((await stepsOf(publicId)).length, 1);

  // The status page by the link: status and dates, never the address or what was written.
  const status = await new Agent(t.app).get(location);
  assert.equal(status.statusCode, 200);
  assert.match(status.body, /Submitted: waiting for the scrutiny officer/);
  for (const secret of [EMAIL, MATTER, TRIED, 'High Street']) assert.ok(!decode(status.body).includes(secret), `the status page withholds ${secret}`);
  assert.equal((await new Agent(t.app).get(`/p/scp/ccfa/status/${'x'.repeat(43)}`)).statusCode, 404, 'a guessed link finds nothing');
});

test('an expired or altered confirmation link is refused and nothing is submitted', async () => {
  const agent = new Agent(t.app);
  const token = await submitPublic(agent, { councillorEmail: 'late@example.org' });
  const [{ id }] = await t.db.query<{ id: number }>('SELECT id FROM ccfa_matters ORDER BY id DESC LIMIT 1');
  // An expired token for the same matter (issued an hour in the past).
  const expired = await t.services.verification.issue({ purpose: VERIFY_PURPOSE, email: 'late@example.org', partnershipId: scp.id, concerns: { kind: 'ccfa', id }, hours: -1 });
  const page = await agent.get(`/p/scp/ccfa/confirm/${expired.token}`);
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /This link has expired/);
  const post = await agent.post(`/p/scp/ccfa/confirm/${expired.token}`, {}, `/p/scp/ccfa/confirm/${token}`);
  assert.equal(post.statusCode, 400);
  assert.match(post.body, /This link has expired/);
  const altered = await agent.get(`/p/scp/ccfa/confirm/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
  assert.match(altered.body, /This link is not valid/);
  assert.equal(await statusOf(id), 'unverified');
  assert.equal((await stepsOf(id)).length, 0);
});

test('the officer cannot skip a step; each refusal writes nothing', async () => {
  const officer = await signedIn(COORDINATOR);
  const page = `/p/scp/ccfa/${publicId}`;
  const audits = async () => (await t.db.query('SELECT 1 FROM audit_log WHERE record_type = $1 AND record_id = $2', ['ccfa', publicId])).length;
  const before = await audits();
  for (const [path, body] of [['place', {}], ['committee-decision', { ...onToday, outcome: 'no_action', decision: 'x' }], ['notify', { reasons: 'x' }], ['close', {}]] as const) {
    const res = await officer.post(`${page}/${path}`, body, page);
    assert.equal(res.statusCode, 409, `${path} from submitted`);
    assert.match(decode(res.body), /cannot be .* now: the scrutiny officer must first decide whether it qualifies/);
  }
  assert.equal(await statusOf(publicId), 'submitted');
  assert.equal((await stepsOf(publicId)).length, 1);
  assert.equal(await audits(), before);
  const items = await t.db.query('SELECT 1 FROM agenda_items WHERE title LIKE $1', ['Councillor Call for Action%']);
  assert.equal(items.length, 0, 'nothing was put on an agenda');
});

test('permissions: a committee member and an anonymous visitor cannot take a step, and nothing is written', async () => {
  const page = `/p/scp/ccfa/${publicId}`;
  const councillor = await signedIn(COUNCILLOR);
  const refused = await councillor.post(`${page}/decision`, { ...onToday, qualifies: 'yes', reason: 'x' }, page);
  assert.equal(refused.statusCode, 403);
  assert.match(decode(refused.body), /Only the partnership’s coordinators \(the scrutiny officers\)/);
  const anonymous = new Agent(t.app);
  const signIn = await anonymous.post(`${page}/decision`, { ...onToday, qualifies: 'yes', reason: 'x' }, '/p/scp/ccfa/new');
  assert.equal(signIn.statusCode, 303);
  assert.match(String(signIn.headers.location), /^\/sign-in/);
  assert.equal(await statusOf(publicId), 'submitted');
  assert.equal((await stepsOf(publicId)).length, 1);
});

test('the officer takes it through every step to the committee’s next agenda and the councillor’s notification, each with its date', async () => {
  const officer = await signedIn(COORDINATOR);
  const officerId = (await t.services.users.findIdByEmail(COORDINATOR))!;
  const page = `/p/scp/ccfa/${publicId}`;

  // The decision needs a reason, and a date not in the future.
  const noReason = await officer.post(`${page}/decision`, { ...onToday, qualifies: 'yes', reason: ' ' }, page);
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /Give the reason for the decision/);
  const future = await officer.post(`${page}/decision`, { 'on-day': '1', 'on-month': '1', 'on-year': String(Number(ty) + 1), qualifies: 'yes', reason: 'Persistent disorder in the ward' }, page);
  assert.equal(future.statusCode, 400);
  assert.match(future.body, /cannot be in the future/);
  assert.ok(future.body.includes('Persistent disorder in the ward'), 'the reason typed is kept');
  assert.equal((await officer.post(`${page}/decision`, { ...onToday, qualifies: 'yes', reason: 'Persistent disorder in the ward' }, page)).statusCode, 303);
  assert.equal(await statusOf(publicId), 'qualifies');

  // No meeting of the committee is scheduled from today (the demo's are past): the officer is told.
  const noMeeting = await officer.post(`${page}/place`, {}, page);
  assert.equal(noMeeting.statusCode, 400);
  assert.match(noMeeting.body, /has no meeting scheduled from today: arrange its next meeting first/);
  const committee = (await t.services.meetings.bodies(scp)).find((b) => b.kind === 'scrutiny_committee')!;
  const meetingForm = (y: string, m: string, d: string) => ({ ...meetingValues(), 'meetsOn-day': d, 'meetsOn-month': m, 'meetsOn-year': y, status: 'scheduled', venue: 'Town Hall' });
  const later = await t.services.meetings.createMeeting(scp, committee.id, meetingForm(String(Number(ty) + 1), tm!, '01'), SYSTEM);
  const first = await t.services.meetings.createMeeting(scp, committee.id, meetingForm(ty!, tm!, td!), SYSTEM);
  assert.equal((await officer.post(`${page}/place`, {}, page)).statusCode, 303);
  // The first available agenda: today's meeting, not the later one.
  const agenda = await t.services.meetings.agenda(scp, first, SYSTEM);
  assert.equal(agenda.at(-1)!.title, `Councillor Call for Action: ${ward}`);
  assert.equal(agenda.at(-1)!.part, 'A');
  assert.equal((await t.services.meetings.agenda(scp, later, SYSTEM)).length, 0);
  const meetingPage = await new Agent(t.app).get(`/p/scp/meetings/${first}`);
  assert.ok(meetingPage.body.includes(`Councillor Call for Action: ${ward}`), 'the public agenda shows the item');

  const noOutcome = await officer.post(`${page}/committee-decision`, { ...onToday, outcome: '', decision: '' }, page);
  assert.equal(noOutcome.statusCode, 400);
  assert.match(noOutcome.body, /Select what the committee decided/);
  assert.equal((await officer.post(`${page}/committee-decision`, { ...onToday, outcome: 'report_cabinet_council', decision: 'RESOLVED to report to Cabinet' }, page)).statusCode, 303);

  const reasons = 'The committee will report to Cabinet, because the problem spans two services (test reasons).';
  assert.equal((await officer.post(`${page}/notify`, { reasons }, page)).statusCode, 303);
  const notification = await lastMessageTo(EMAIL);
  assert.match(notification!.subject, new RegExp(`The outcome of your Councillor Call for Action ${publicId}`));
  assert.ok(notification!.text.includes(reasons), 'the notification carries the reasons');
  assert.equal((await officer.post(`${page}/close`, {}, page)).statusCode, 303);

  // Every step is recorded with its date and who recorded it, and is in the audit trail.
  assert.deepEqual(await stepsOf(publicId), [
    { state: 'submitted', onDate: today, recordedBy: null },
    { state: 'qualifies', onDate: today, recordedBy: officerId },
    { state: 'on_agenda', onDate: today, recordedBy: officerId },
    { state: 'considered', onDate: today, recordedBy: officerId },
    { state: 'notified', onDate: today, recordedBy: officerId },
    { state: 'closed', onDate: today, recordedBy: officerId },
  ]);
  const audit = await t.db.query<{ summary: string }>('SELECT summary FROM audit_log WHERE record_type = $1 AND record_id = $2 ORDER BY id', ['ccfa', publicId]);
  assert.equal(audit.length, 7);
  for (const a of audit) assert.ok(!a.summary.includes(MATTER) && !a.summary.includes(EMAIL), 'the audit names no private field');

  // The councillor's status page shows the steps and the reasons they were given; the public page only the steps.
  const status = decode((await new Agent(t.app).get(`/p/scp/ccfa/status/${statusToken}`)).body);
  assert.match(status, /Closed/);
  assert.ok(status.includes(reasons) && status.includes('Persistent disorder in the ward'));
  const publicPage = decode((await new Agent(t.app).get(page)).body);
  assert.ok(publicPage.includes('A report or recommendations to Cabinet or Council'));
  assert.ok(publicPage.includes(`href="/p/scp/meetings/${first}"`), 'the public page links the meeting it went to');
  for (const secret of [reasons, 'Persistent disorder in the ward', MATTER, TRIED, EMAIL, 'Councillor Test']) assert.ok(!publicPage.includes(secret), `the public page withholds ${secret}`);
});

test('the API: the public fields only without a role; the officer also gets what the councillor wrote', async () => {
  const anonymous = await new Agent(t.app).get('/api/v1/partnerships/scp/ccfa');
  assert.equal(anonymous.statusCode, 200);
  const body = JSON.parse(anonymous.body) as { ccfa: Record<string, unknown>[] };
  const m = body.ccfa.find((x) => x.id === publicId);
  assert.deepEqual(Object.keys(m!).sort(), ['id', 'links', 'meeting', 'outcome', 'private', 'qualified', 'status', 'steps', 'submittedOn', 'ward']);
  assert.equal(m!.private, null);
  assert.equal(m!.status, 'closed');
  assert.equal(m!.ward, ward);
  assert.equal(m!.outcome, 'report_cabinet_council');
  assert.deepEqual((m!.steps as { date: string; reason: unknown }[]).map((s) => [s.date, s.reason]), Array(6).fill([today, null]));
  for (const secret of [EMAIL, MATTER, TRIED, 'Councillor Test', 'Persistent disorder']) assert.ok(!anonymous.body.includes(secret), `the public API withholds ${secret}`);
  const viewer = await (await signedIn('viewer@demo.csp-hub.test')).get('/api/v1/partnerships/scp/ccfa');
  assert.ok(!viewer.body.includes(EMAIL) && !viewer.body.includes(TRIED), 'a viewer gets only the public fields');

  const officer = JSON.parse((await (await signedIn(COORDINATOR)).get('/api/v1/partnerships/scp/ccfa')).body) as { ccfa: { id: number; private: { councillorEmail: string; tried: string } }[] };
  const mine = officer.ccfa.find((x) => x.id === publicId)!;
  assert.equal(mine.private.councillorEmail, EMAIL);
  assert.equal(mine.private.tried, TRIED);
  const doc = JSON.parse((await new Agent(t.app).get('/api/openapi.json')).body) as { paths: Record<string, unknown> };
  assert.ok(doc.paths['/api/v1/partnerships/{slug}/ccfa'], 'the endpoint is in the OpenAPI document');
});

test('a signed-in councillor submits as themselves and follows it on its page; a matter that does not qualify is notified and closed', async () => {
  const councillor = await signedIn(COUNCILLOR);
  const form = await councillor.get('/p/scp/ccfa/new');
  assert.ok(!form.body.includes('name="councillorEmail"'), 'no address is asked of a signed-in councillor');
  const res = await councillor.post('/p/scp/ccfa/new', { ward, matter: 'A matter of my own (test)', location: '', tried: 'Asked the police (test)' });
  assert.equal(res.statusCode, 303);
  const id = Number(/\/ccfa\/(\d+)$/.exec(String(res.headers.location))![1]);
  assert.equal(await statusOf(id), 'submitted');
  const own = decode((await councillor.get(`/p/scp/ccfa/${id}`)).body);
  assert.ok(own.includes('A matter of my own (test)') && own.includes(COUNCILLOR), 'the councillor sees their own in full');
  const other = decode((await new Agent(t.app).get(`/p/scp/ccfa/${id}`)).body);
  assert.ok(!other.includes('A matter of my own (test)') && !other.includes(COUNCILLOR));

  const officer = await signedIn(COORDINATOR);
  const page = `/p/scp/ccfa/${id}`;
  assert.equal((await officer.post(`${page}/decision`, { ...onToday, qualifies: 'no', reason: 'A single complaint with its own route (test)' }, page)).statusCode, 303);
  const refused = await officer.post(`${page}/place`, {}, page);
  assert.equal(refused.statusCode, 409, 'a matter that does not qualify cannot go on an agenda');
  assert.equal((await officer.post(`${page}/notify`, { reasons: 'It does not qualify because it is a single complaint (test).' }, page)).statusCode, 303);
  assert.match((await lastMessageTo(COUNCILLOR))!.text, /It does not qualify because it is a single complaint/);
  assert.equal((await officer.post(`${page}/close`, {}, page)).statusCode, 303);
  assert.deepEqual((await stepsOf(id)).map((s) => [s.state, s.onDate]), [['submitted', today], ['not_qualifying', today], ['notified', today], ['closed', today]]);
  const seen = decode((await councillor.get(page)).body);
  assert.ok(seen.includes('A single complaint with its own route (test)'), 'the councillor reads the reason');
});

test('the demo’s illustration: marked as one, with no dates, and the demo councillor follows it signed in', async () => {
  const [demo] = await t.db.query<{ id: number; status: string; councillorName: string }>(
    'SELECT id, status, councillor_name AS "councillorName" FROM ccfa_matters WHERE councillor_email = $1 ORDER BY id LIMIT 1', [COUNCILLOR]);
  assert.equal(demo!.status, 'closed');
  assert.match(demo!.councillorName, /^Example councillor/);
  assert.deepEqual((await stepsOf(demo!.id)).map((s) => [s.state, s.onDate]), [['submitted', null], ['not_qualifying', null], ['notified', null], ['closed', null]]);
  const own = decode((await (await signedIn(COUNCILLOR)).get(`/p/scp/ccfa/${demo!.id}`)).body);
  assert.match(own, /Illustration only, not a real case/);
  assert.match(own, /date not recorded/);
  const publicPage = decode((await new Agent(t.app).get(`/p/scp/ccfa/${demo!.id}`)).body);
  assert.ok(!publicPage.includes('Illustration only') && publicPage.includes('Does not qualify'));
});
