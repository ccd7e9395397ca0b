import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = DEMO_PASSWORD;

async function signedIn(email: string) { return new Agent(t.app).signIn(email, PASSWORD); }

/** An initiative of the published 2022-23 plan that Essex Police leads or supports (or does not). */
async function initiative(police: boolean) {
  const [row] = await t.db.query<{ id: number; name: string }>(
    `SELECT i.id, i.name FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = 2022 AND ${police ? '' : 'NOT'} EXISTS (
        SELECT 1 FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
         WHERE io.initiative_id = i.id AND o.name = 'Essex Police')
      ORDER BY i.id LIMIT 1`);
  assert.ok(row);
  return row;
}

const count = async (initiativeId: number) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM initiative_updates WHERE initiative_id = $1', [initiativeId]))[0]!.n;

function update(values: Record<string, string>) {
  return { 'reportedOn-day': '15', 'reportedOn-month': '1', 'reportedOn-year': '2023', status: 'on_track', reason: '',
    narrative: 'Sessions ran in six schools.', progress: '', forPublication: 'yes', ...values };
}

let police: { id: number; name: string };
let other: { id: number; name: string };

before(async () => {
  t = await testApp();
  police = await initiative(true);
  other = await initiative(false);
  // A second partner editor of Essex Police: same organisation, not the author of the first update.
  const id = await t.services.users.create({ email: 'police2@updates.test', name: 'Second Police Editor', password: PASSWORD });
  const scp = await t.services.partnerships.bySlug('scp');
  const orgs = await t.services.partnerships.organisations(scp.id);
  await t.services.users.grantRole(id, scp.id, 'partner_editor', orgs.find((o) => o.name === 'Essex Police')!.id);
});
after(async () => { await t?.close(); });

let posted = 0;

test('a partner editor posts an update with two figures on an initiative their organisation leads; it shows on the timeline', async () => {
  const agent = await signedIn('police@demo.csp-hub.test');
  const page = await agent.get(`/p/scp/initiatives/${police.id}`);
  assert.match(page.body, /Post an update/);
  const form = `/p/scp/initiatives/${police.id}/updates/new`;
  const before = await count(police.id);
  const res = await agent.post(`/p/scp/initiatives/${police.id}/updates`, update({
    narrative: 'Workshops delivered across the town.', progress: '40',
    'figure-1-label': 'Pupils reached', 'figure-1-value': '1,884', 'figure-1-unit': 'people',
    'figure-2-label': 'Teachers’ rating', 'figure-2-value': '4.29', 'figure-2-unit': 'rating_5',
  }), form);
  assert.equal(res.statusCode, 303);
  assert.equal(await count(police.id), before + 1);
  const [row] = await t.db.query<{ id: number; figures: unknown; status: string; progress: number; organisation: string; author: string }>(
    `SELECT u.id, u.figures, u.status, u.progress, o.name AS organisation, a.email AS author FROM initiative_updates u
       JOIN organisations o ON o.id = u.organisation_id JOIN users a ON a.id = u.author_id WHERE u.initiative_id = $1 ORDER BY u.id DESC LIMIT 1`, [police.id]);
  assert.deepEqual(row!.figures, [{ label: 'Pupils reached', value: 1884, unit: 'people' }, { label: 'Teachers’ rating', value: 4.29, unit: 'rating_5' }]);
  assert.deepEqual([row!.status, row!.progress, row!.organisation, row!.author], ['on_track', 40, 'Essex Police', 'police@demo.csp-hub.test']);
  posted = row!.id;
  const shown = await agent.get(String(res.headers.location));
  assert.match(shown.body, /Update posted/);
  assert.match(shown.body, /Pupils reached: 1,884 people/);
  assert.match(shown.body, /Teachers’ rating: 4.29 out of 5/);
  assert.match(shown.body, /moj-timeline__item/);
  // The public sees the update and the organisation, not the person who posted it.
  const anon = await new Agent(t.app).get(`/p/scp/initiatives/${police.id}`);
  assert.match(anon.body, /Workshops delivered across the town\./);
  assert.match(anon.body, /by Essex Police/);
  assert.doesNotMatch(anon.body, /Pat Partner/);
  assert.doesNotMatch(anon.body, /Post an update|Correct this update/);
});

test('a partner editor cannot post on another organisation’s initiative: 403, nothing written', async () => {
  const agent = await signedIn('police@demo.csp-hub.test');
  const page = await agent.get(`/p/scp/initiatives/${other.id}`);
  assert.doesNotMatch(page.body, /Post an update/);
  assert.equal((await agent.get(`/p/scp/initiatives/${other.id}/updates/new`)).statusCode, 403);
  const before = await count(other.id);
  // A token from a form they may use, sent to one they may not.
  const res = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({}), `/p/scp/initiatives/${police.id}/updates/new`);
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /organisation that leads or supports this initiative/);
  assert.equal(await count(other.id), before);
  // Viewers and committee members may post nowhere.
  const viewer = await signedIn('viewer@demo.csp-hub.test');
  assert.equal((await viewer.get(`/p/scp/initiatives/${police.id}/updates/new`)).statusCode, 403);
});

test('off track, delayed or cancelled without a reason is refused with the form kept; other mistakes are named too', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const form = `/p/scp/initiatives/${other.id}/updates/new`;
  const before = await count(other.id);
  for (const [status, word] of [['off_track', 'off track'], ['delayed', 'delayed'], ['cancelled', 'cancelled']] as const) {
    const res = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({
      status, narrative: `Typed text for ${status} stays`, 'figure-1-label': 'Sessions held', 'figure-1-value': '12', 'figure-1-unit': 'sessions',
    }), form);
    assert.equal(res.statusCode, 400, status);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, new RegExp(`Enter why the initiative is ${word}`));
    assert.match(res.body, new RegExp(`Typed text for ${status} stays`));
    assert.match(res.body, /value="Sessions held"/);
    assert.match(res.body, new RegExp(`value="${status}" checked`));
  }
  const bad = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({
    'reportedOn-day': '31', 'reportedOn-month': '2', progress: '120', narrative: '', forPublication: '',
    'figure-1-label': 'Rating', 'figure-1-value': '7', 'figure-1-unit': 'rating_5', 'figure-2-label': '', 'figure-2-value': 'lots',
  }), form);
  assert.equal(bad.statusCode, 400);
  for (const m of ['Enter the date of the update as a real date', 'Enter what has happened', 'Progress must be a whole number from 0 to 100',
    'A rating out of 5 must be from 0 to 5', 'Enter what figure 2 counts', 'Select whether the update may be published']) assert.match(bad.body, new RegExp(m));
  const future = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({ 'reportedOn-year': '2999' }), form);
  assert.match(future.body, /must be today or in the past/);
  assert.equal(await count(other.id), before, 'nothing written');
  // With a reason it is accepted.
  const ok = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({ status: 'delayed', reason: 'Venue closed for repairs' }), form);
  assert.equal(ok.statusCode, 303);
  assert.equal(await count(other.id), before + 1);
});

test('"Add another figure" works without JavaScript: one more row, nothing typed lost, nothing saved', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const before = await count(other.id);
  const res = await agent.post(`/p/scp/initiatives/${other.id}/updates`, update({ action: 'add-figure', narrative: 'Half written',
    'figure-1-label': 'A', 'figure-1-value': '1', 'figure-2-label': 'B', 'figure-2-value': '2' }), `/p/scp/initiatives/${other.id}/updates/new`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Half written/);
  assert.match(res.body, /name="figure-3-label"/);
  assert.doesNotMatch(res.body, /There is a problem/);
  assert.equal(await count(other.id), before);
});

test('an update is corrected by its author or a coordinator, with what it said before kept; others are refused', async () => {
  assert.ok(posted, 'the first test posted an update');
  const editPage = `/p/scp/updates/${posted}/edit`;
  const author = await signedIn('police@demo.csp-hub.test');
  const form = await author.get(editPage);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Workshops delivered across the town\./);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const res = await author.post(`/p/scp/updates/${posted}`, update({ version, narrative: 'Workshops delivered in 49 schools.', progress: '45',
    'figure-1-label': 'Pupils reached', 'figure-1-value': '1884', 'figure-1-unit': 'people' }), editPage);
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), new RegExp(`/initiatives/${police.id}`));

  // Another partner editor of the same organisation did not post it: refused, unchanged.
  const second = await signedIn('police2@updates.test');
  assert.equal((await second.get(editPage)).statusCode, 403);
  const refused = await second.post(`/p/scp/updates/${posted}`, update({ version: '2', narrative: 'Overwritten' }), `/p/scp/initiatives/${police.id}/updates/new`);
  assert.equal(refused.statusCode, 403);
  const committee = await signedIn('councillor@demo.csp-hub.test');
  assert.equal((await committee.get(editPage)).statusCode, 403);

  // The coordinator may correct it too; a stale version is a conflict, not a silent overwrite.
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const stale = await coordinator.post(`/p/scp/updates/${posted}`, update({ version: '1', narrative: 'From an old form' }), editPage);
  assert.equal(stale.statusCode, 409);
  const ok = await coordinator.post(`/p/scp/updates/${posted}`, update({ version: '2', narrative: 'Workshops delivered in 49 primary schools.' }), editPage);
  assert.equal(ok.statusCode, 303);

  const [row] = await t.db.query<{ narrative: string; version: number; corrected: number }>(
    `SELECT narrative, version, (SELECT count(*)::int FROM initiative_update_corrections c WHERE c.update_id = u.id) AS corrected
       FROM initiative_updates u WHERE id = $1`, [posted]);
  assert.deepEqual(row, { narrative: 'Workshops delivered in 49 primary schools.', version: 3, corrected: 2 });
  const history = await coordinator.get(`/p/scp/updates/${posted}/history`);
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /Workshops delivered across the town\./);
  assert.match(history.body, /Workshops delivered in 49 schools\./);
  assert.match(history.body, /Pat Partner/);
  const page = await coordinator.get(`/p/scp/initiatives/${police.id}`);
  assert.match(page.body, /Corrected /);
  // Earlier wording is not for the public or the committee.
  assert.equal((await new Agent(t.app).get(`/p/scp/updates/${posted}/history`)).statusCode, 404);
  assert.equal((await committee.get(`/p/scp/updates/${posted}/history`)).statusCode, 404);
});

test('an update not for publication is seen only by members who may see drafts: not on public pages, the API or the roll-up', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const secret = 'Internal only: funding at risk next quarter';
  const res = await coordinator.post(`/p/scp/initiatives/${police.id}/updates`, update({ status: 'at_risk', narrative: secret, forPublication: 'no',
    'reportedOn-month': '2' }), `/p/scp/initiatives/${police.id}/updates/new`);
  assert.equal(res.statusCode, 303);
  const mine = await coordinator.get(`/p/scp/initiatives/${police.id}`);
  assert.match(mine.body, new RegExp(secret));
  assert.match(mine.body, /Not for publication/);
  const members = await coordinator.get(`/api/v1/partnerships/scp/initiatives/${police.id}/updates`);
  assert.equal(members.json().updates[0].narrative, secret);
  assert.equal(members.headers['cache-control'], 'no-store');

  const anon = new Agent(t.app);
  const committee = await signedIn('councillor@demo.csp-hub.test');
  for (const agent of [anon, committee]) {
    const page = await agent.get(`/p/scp/initiatives/${police.id}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, new RegExp(secret));
    const api = await agent.get(`/api/v1/partnerships/scp/initiatives/${police.id}/updates`);
    assert.equal(api.statusCode, 200);
    const updates = api.json().updates as { narrative: string; status: string; forPublication: boolean }[];
    assert.ok(updates.length >= 1);
    assert.ok(updates.every((u) => u.forPublication && u.narrative !== secret));
    // The latest status they are shown is the latest published one, not "at risk".
    assert.equal(updates[0]!.status, 'on_track');
    const plan = await agent.get('/p/scp/plans/2022-23');
    assert.doesNotMatch(plan.body, new RegExp(secret));
  }
  // The API answers only what its schema lists: no author, no internal ids.
  const api = await anon.get(`/api/v1/partnerships/scp/initiatives/${police.id}/updates`);
  assert.deepEqual(Object.keys(api.json().updates[0]).sort(),
    ['correctedAt', 'figures', 'forPublication', 'id', 'narrative', 'organisation', 'progress', 'reason', 'reportedOn', 'status']);
  const doc = (await anon.get('/api/openapi.json')).json();
  assert.ok(doc.paths['/api/v1/partnerships/{slug}/initiatives/{id}/updates'].get, 'the endpoint is in the OpenAPI document');
  assert.ok(doc.components.schemas.UpdateList);
});

test('updates of an initiative the public may not see are not found, on pages and in the API', async () => {
  const [draftish] = await t.db.query<{ id: number }>("SELECT max(id)::int AS id FROM initiatives");
  const anon = new Agent(t.app);
  assert.equal((await anon.get(`/api/v1/partnerships/scp/initiatives/${draftish!.id + 1000}/updates`)).statusCode, 404);
  assert.equal((await anon.get('/api/v1/partnerships/scp/initiatives/99999999999/updates')).statusCode, 404);
  assert.equal((await anon.get(`/p/scp/updates/${posted + 100000}/edit`)).statusCode, 303, 'sign in first');
});

test('whom a round would wait for: initiatives still being delivered with no update since a time, with their leads', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const system = { userId: null, role: 'admin' as const, organisationId: null };
  const since = new Date(Date.now() - 60 * 60 * 1000);
  const waiting = await t.services.delivery.awaitingUpdateSince(scp, 2022, since, system);
  const ids = waiting.map((w) => w.id);
  assert.ok(!ids.includes(police.id), 'reported on in this file');
  assert.ok(!ids.includes(other.id), 'reported on in this file');
  const plan = await t.services.plans.get(scp, 2022, system);
  const stillRunning = plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives])
    .filter((i) => i.status !== 'completed' && i.status !== 'cancelled');
  assert.ok(waiting.length > 0 && waiting.length <= stillRunning.length - 1);
  const withLead = waiting.find((w) => w.leads.length > 0);
  assert.ok(withLead && withLead.leads.every((l) => l.type === 'organisation' && l.name));
  // From the future nothing has been reported.
  const all = await t.services.delivery.awaitingUpdateSince(scp, 2022, new Date(Date.now() + 86400000), system);
  assert.ok(all.some((w) => w.id === police.id));
});

test('the plan page and the partnership home count initiatives by their latest visible update; the plan filters by it', async () => {
  const anon = new Agent(t.app);
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  /** The numbers table's cells for the whole plan: on track, at risk, … no update, total. */
  const wholePlan = (html: string) => {
    const row = /<th scope="row" class="govuk-table__header">The whole plan<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim());
  };
  const publicPlan = await anon.get('/p/scp/plans/2022-23');
  const memberPlan = await coordinator.get('/p/scp/plans/2022-23');
  // Columns: completed, on track, at risk, off track, delayed, cancelled, no update, initiatives, progress.
  const [pub, mem] = [wholePlan(publicPlan.body), wholePlan(memberPlan.body)];
  assert.equal(pub.length, 9);
  assert.equal(pub[7], mem[7], 'the same initiatives');
  // The member sees the "at risk" update not for publication; the public sees the published "on track" one.
  assert.equal(Number(mem[2]) - Number(pub[2]), 1);
  assert.equal(Number(pub[1]) - Number(mem[1]), 1);
  assert.match(publicPlan.body, /Completed: \d+|On track: \d+/);
  assert.match(publicPlan.body, /url\(#app-bar-on_track\)/);
  const home = await anon.get('/p/scp');
  assert.deepEqual(wholePlan(home.body), pub);

  const filtered = await anon.get('/p/scp/plans/2022-23?update=delayed');
  assert.match(filtered.body, new RegExp(other.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.doesNotMatch(filtered.body, new RegExp(`>${police.name}<`));
  assert.match(filtered.body, new RegExp(`Showing ${pub[4]} of ${pub[7]} initiatives`));
});

test('a coordinator weighs an initiative for the roll-up; a bad weight is refused with what was typed; partner editors may not', async () => {
  const url = `/p/scp/initiatives/${police.id}/weight`;
  const partner = await signedIn('police@demo.csp-hub.test');
  assert.equal((await partner.get(url)).statusCode, 403);
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const bad = await coordinator.post(url, { weight: 'lots' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter the weight as a number from 0 to 1,000/);
  assert.match(bad.body, /value="lots"/);
  assert.equal((await coordinator.post(`/p/scp/initiatives/${police.id}/updates`, update({ 'reportedOn-month': '3', progress: '90' }),
    `/p/scp/initiatives/${police.id}/updates/new`)).statusCode, 303);
  assert.equal((await coordinator.post(`/p/scp/initiatives/${other.id}/updates`, update({ 'reportedOn-month': '3', progress: '30' }),
    `/p/scp/initiatives/${other.id}/updates/new`)).statusCode, 303);
  const scp = await t.services.partnerships.bySlug('scp');
  const system = { userId: null, role: 'admin' as const, organisationId: null };
  const plan = await t.services.plans.get(scp, 2022, system);
  const before = await t.services.delivery.rollup(plan, system);
  assert.equal(before.plan.progress, 60, 'the plain average of 90% and 30%');
  assert.equal((await coordinator.post(url, { weight: '3' })).statusCode, 303);
  assert.match((await coordinator.get(`/p/scp/initiatives/${police.id}`)).body, /Weight in the roll-up of its objective, priority and plan: 3/);
  const afterWeight = await t.services.delivery.rollup(plan, system);
  // Only the police initiative's weight changed: the plan's progress moves towards its 90%.
  assert.equal(afterWeight.plan.progress, 75, '(90 × 3 + 30) / 4');
});
