import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

// Starting a partnership's plan from nothing, and choosing the frameworks a draft maps to.
// The tests run in order and share one database.

let t: Awaited<ReturnType<typeof testApp>>;
const COORDINATOR = 'coordinator@demo.csp-hub.test';

async function signedIn(email: string) { return new Agent(t.app).signIn(email, DEMO_PASSWORD); }

async function plan(startYear: number) {
  const [row] = await t.db.query<{ id: number; status: string; introduction: string }>(
    `SELECT p.id, p.status, p.introduction FROM plans p JOIN partnerships s ON s.id = p.partnership_id WHERE s.slug = 'scp' AND p.start_year = $1`, [startYear]);
  return row;
}

async function planFrameworkNames(planId: number) {
  return (await t.db.query<{ name: string }>(
    'SELECT f.name FROM plan_frameworks pf JOIN frameworks f ON f.id = pf.framework_id WHERE pf.plan_id = $1 ORDER BY f.name', [planId])).map((r) => r.name);
}

async function members(year: number) {
  return (await t.db.query<{ organisationId: number; statutory: boolean }>(
    `SELECT m.organisation_id AS "organisationId", m.statutory FROM memberships m JOIN partnerships s ON s.id = m.partnership_id
      WHERE s.slug = 'scp' AND m.plan_year = $1 ORDER BY m.organisation_id`, [year]));
}

async function frameworkId(name: string) {
  const [row] = await t.db.query<{ id: number }>('SELECT id FROM frameworks WHERE name = $1', [name]);
  return String(row!.id);
}

const PFCC = 'Police, Fire and Crime Plan 2021-24';
const ECPS = 'Essex Crime Prevention Strategy';

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('a viewer cannot start a plan', async () => {
  const viewer = await signedIn('viewer@demo.csp-hub.test');
  const list = await viewer.get('/p/scp/plans');
  assert.doesNotMatch(list.body, /Start a new plan/);
  assert.equal((await viewer.get('/p/scp/plans/new')).statusCode, 403);
  const res = await viewer.post('/p/scp/plans/new', { startYear: '', otherYear: '2023-24' }, '/p/scp/plans');
  assert.equal(res.statusCode, 403);
  assert.equal(await plan(2023), undefined, 'nothing was created');
});

test('a year that already has a plan is refused, keeping what was typed', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const res = await coordinator.post('/p/scp/plans/new', { startYear: '', otherYear: '2022-23', introduction: 'Kept text' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /There is already a 2022-23 plan/);
  assert.match(res.body, /href="#otherYear"/);
  assert.match(res.body, /Kept text/);
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM plans');
  const bad = await coordinator.post('/p/scp/plans/new', { startYear: '', otherYear: '2024-26' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the plan year in the form 2024-25/);
  const none = await coordinator.post('/p/scp/plans/new', { startYear: '' });
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Choose the plan year/);
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM plans'))[0]!.n, n, 'nothing was created');
});

test('the coordinator starts the 2023-24 plan: an empty draft with its frameworks and last year’s members', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const list = await coordinator.get('/p/scp/plans');
  assert.match(list.body, /href="\/p\/scp\/plans\/new"/);
  const form = await coordinator.get('/p/scp/plans/new');
  assert.equal(form.statusCode, 200);
  assert.doesNotMatch(form.body, /<option value="2022-23"/, 'years with a plan are not offered');
  // The frameworks offered are those the latest plan maps to; the demo records no framework dates.
  const ticked = (name: string) => frameworkId(name).then((id) => new RegExp(`value="${id}" checked`).test(form.body));
  assert.deepEqual(await Promise.all([PFCC, ECPS, 'Police and Crime Plan 2016-2020 (extended to 2021)'].map(ticked)), [true, true, false]);
  assert.equal((await members(2023)).length, 0, 'the demo has no 2023-24 members');

  const res = await coordinator.post('/p/scp/plans/new',
    { startYear: '', otherYear: '2023-24', introduction: 'Our first plan here.', frameworkIds: [await frameworkId(PFCC)] });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/p/scp/plans/2023-24?done=created');
  const created = await plan(2023);
  assert.equal(created?.status, 'draft');
  assert.equal(created?.introduction, 'Our first plan here.');
  assert.deepEqual(await planFrameworkNames(created!.id), [PFCC]);
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM priorities WHERE plan_id = $1', [created!.id]);
  assert.equal(n, 0);
  const copied = await members(2023);
  assert.ok(copied.length > 0);
  assert.deepEqual(copied, await members(2022), '2022-23’s members were copied');

  const page = await coordinator.get(res.headers.location as string);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /The draft plan was created/);
  assert.match(page.body, /href="\/p\/scp\/plans\/2023-24\/frameworks"/);
});

test('the draft’s frameworks are changed and the change shows in its History', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const form = await coordinator.get('/p/scp/plans/2023-24/frameworks');
  assert.equal(form.statusCode, 200);
  const res = await coordinator.post('/p/scp/plans/2023-24/frameworks', { frameworkIds: [await frameworkId(PFCC), await frameworkId(ECPS)] });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/p/scp/plans/2023-24?done=frameworks');
  assert.deepEqual(await planFrameworkNames((await plan(2023))!.id), [ECPS, PFCC]);
  const history = await coordinator.get('/p/scp/plans/2023-24/history');
  assert.match(history.body, /Frameworks changed/);
  assert.match(history.body, /Essex Crime Prevention Strategy/);
});

test('the frameworks of the published 2022-23 plan cannot be changed', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const published = (await plan(2022))!;
  const before = await planFrameworkNames(published.id);
  assert.equal((await coordinator.get('/p/scp/plans/2022-23/frameworks')).statusCode, 409);
  const res = await coordinator.post('/p/scp/plans/2022-23/frameworks', { frameworkIds: [] }, '/p/scp/plans/2022-23');
  assert.equal(res.statusCode, 409);
  assert.deepEqual(await planFrameworkNames(published.id), before);
});
