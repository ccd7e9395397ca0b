import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD, draftNextYear } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let draftYear = '';

async function signedIn(email: string) { return new Agent(t.app).signIn(email, DEMO_PASSWORD); }

/** An initiative of the draft plan led (or not) by the named organisation. */
async function draftInitiative(ledBy: string, led = true) {
  const [row] = await t.db.query<{ id: number; name: string; version: number }>(
    `SELECT i.id, i.name, i.version FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = 2023 AND ${led ? '' : 'NOT'} EXISTS (
        SELECT 1 FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
         WHERE io.initiative_id = i.id AND o.name = $1)
      ORDER BY i.id LIMIT 1`, [ledBy]);
  assert.ok(row, `the draft has an initiative ${led ? '' : 'not '}involving ${ledBy}`);
  return row;
}

function editFields(values: Record<string, string | string[]>) {
  return { timing: 'ongoing', status: 'active', about: '', outcomes: '', ...values };
}

before(async () => {
  t = await testApp();
  await draftNextYear(t.services);
  draftYear = '2023-24';
});
after(async () => { await t?.close(); });

test('anonymous visitors cannot see a draft plan or change anything', async () => {
  const anon = new Agent(t.app);
  assert.equal((await anon.get(`/p/scp/plans/${draftYear}`)).statusCode, 404);
  assert.equal((await anon.get('/p/scp/plans')).body.includes(draftYear), false);
  const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM initiatives');
  const res = await anon.post(`/p/scp/plans/${draftYear}/initiatives`, editFields({ name: 'Sneaky', priority: '1' }), '/sign-in');
  assert.equal(res.statusCode, 303, 'sent to sign in');
  assert.match(String(res.headers.location), /^\/sign-in/);
  const [{ n: afterCount }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM initiatives');
  assert.equal(afterCount, before);
});

test('a coordinator adds an initiative: errors keep what was typed, then it shows in the plan and its history', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const form = `/p/scp/plans/${draftYear}/initiatives/new`;
  const page = await agent.get(form);
  assert.equal(page.statusCode, 200);
  const priorityId = /<option value="(\d+)"[^>]*>1\. /.exec(page.body)?.[1];
  assert.ok(priorityId, 'the form offers priority 1');
  const bad = await agent.post(`/p/scp/plans/${draftYear}/initiatives`,
    editFields({ name: '', priority: priorityId, about: 'Knife-crime workshops in four secondary schools', status: 'cancelled' }), form);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /Enter the initiative&#39;s name/);
  assert.match(bad.body, /Enter why the initiative is cancelled/);
  assert.match(bad.body, /Knife-crime workshops in four secondary schools/);

  const ok = await agent.post(`/p/scp/plans/${draftYear}/initiatives`,
    editFields({ name: 'Schools knife-crime workshops', priority: priorityId, about: 'Knife-crime workshops in four secondary schools', crimeTypes: 'Possession of weapons' }), form);
  assert.equal(ok.statusCode, 303);
  const location = String(ok.headers.location);
  const id = Number(/initiatives\/(\d+)/.exec(location)?.[1]);
  const plan = await agent.get(`/p/scp/plans/${draftYear}`);
  assert.match(plan.body, /Schools knife-crime workshops/);
  const history = await agent.get(`/p/scp/initiatives/${id}/history`);
  assert.match(history.body, /Create: Added to the 2023-24 plan/);
  assert.match(history.body, /Chris Coordinator/);
  const [audit] = await t.db.query<{ after: { name: string } }>(`SELECT after FROM audit_log WHERE record_type = 'initiative' AND record_id = $1`, [id]);
  assert.equal(audit.after.name, 'Schools knife-crime workshops');
});

test('an edit is recorded with before and after', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const target = await draftInitiative('Essex Police', false);
  const edit = await agent.get(`/p/scp/initiatives/${target.id}/edit`);
  const priorityId = /name="priority"[\s\S]*?<option value="(\d+)" selected/.exec(edit.body)?.[1] ?? '';
  const res = await agent.post(`/p/scp/initiatives/${target.id}`, editFields({ name: `${target.name} (renamed)`, priority: priorityId, version: String(target.version) }), `/p/scp/initiatives/${target.id}/edit`);
  assert.equal(res.statusCode, 303);
  const history = await agent.get(`/p/scp/initiatives/${target.id}/history`);
  assert.match(history.body, new RegExp(`${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(renamed\\)`));
  assert.match(history.body, /app-diff-old/);
});

test("a partner editor cannot change another organisation's initiative", async () => {
  const police = await signedIn('police@demo.csp-hub.test');
  const other = await draftInitiative('Essex Police', false);
  const res = await police.post(`/p/scp/initiatives/${other.id}`, editFields({ name: 'Taken over', priority: '1', version: String(other.version) }), `/p/scp/initiatives/${other.id}`);
  assert.equal(res.statusCode, 403);
  const [row] = await t.db.query<{ name: string }>('SELECT name FROM initiatives WHERE id = $1', [other.id]);
  assert.equal(row.name, other.name);
});

test('a partner editor can update an initiative their organisation leads, but not move or reassign it', async () => {
  const police = await signedIn('police@demo.csp-hub.test');
  const own = await draftInitiative('Essex Police');
  const [before] = await t.db.query<{ priorityId: number }>('SELECT priority_id AS "priorityId" FROM initiatives WHERE id = $1', [own.id]);
  const res = await police.post(`/p/scp/initiatives/${own.id}`,
    editFields({ name: own.name, priority: '999999', leads: [], outcomes: '40 licensed premises visited', version: String(own.version) }), `/p/scp/initiatives/${own.id}/edit`);
  assert.equal(res.statusCode, 303);
  const [row] = await t.db.query<{ outcomes: string; priorityId: number }>('SELECT outcomes, priority_id AS "priorityId" FROM initiatives WHERE id = $1', [own.id]);
  assert.equal(row.outcomes, '40 licensed premises visited');
  assert.equal(row.priorityId, before.priorityId);
  const [{ n }] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id WHERE io.initiative_id = $1 AND o.name = 'Essex Police'`, [own.id]);
  assert.equal(n, 1, 'Essex Police still involved');
});

test('a stale save is refused, both versions are shown, and nothing is overwritten', async () => {
  const first = await signedIn('coordinator@demo.csp-hub.test');
  const second = await signedIn('admin@demo.csp-hub.test');
  const target = await draftInitiative('Essex Police', false);
  const [{ priorityId }] = await t.db.query<{ priorityId: number }>('SELECT priority_id AS "priorityId" FROM initiatives WHERE id = $1', [target.id]);
  const form = `/p/scp/initiatives/${target.id}/edit`;
  const base = { priority: String(priorityId), version: String(target.version) };
  const saved = await first.post(`/p/scp/initiatives/${target.id}`, editFields({ ...base, name: target.name, outcomes: 'First editor outcome' }), form);
  assert.equal(saved.statusCode, 303);
  const stale = await second.post(`/p/scp/initiatives/${target.id}`, editFields({ ...base, name: target.name, outcomes: 'Second editor outcome' }), form);
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this initiative/);
  assert.match(stale.body, /First editor outcome/, 'their saved version is shown');
  assert.match(stale.body, /Second editor outcome/, 'my typed version is kept in the form');
  const [row] = await t.db.query<{ outcomes: string }>('SELECT outcomes FROM initiatives WHERE id = $1', [target.id]);
  assert.equal(row.outcomes, 'First editor outcome');
});

test('a published plan cannot be edited in place', async () => {
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const [row] = await t.db.query<{ id: number; name: string; version: number; priorityId: number }>(
    `SELECT i.id, i.name, i.version, i.priority_id AS "priorityId" FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = 2022 AND p.status = 'published' ORDER BY i.id LIMIT 1`);
  const res = await agent.post(`/p/scp/initiatives/${row.id}`,
    editFields({ name: 'Changed after publication', priority: String(row.priorityId), version: String(row.version) }), `/p/scp/initiatives/${row.id}`);
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Start a revision to change it/);
  const [after] = await t.db.query<{ name: string }>('SELECT name FROM initiatives WHERE id = $1', [row.id]);
  assert.equal(after.name, row.name);
  const page = await agent.get(`/p/scp/initiatives/${row.id}`);
  assert.doesNotMatch(page.body, /Edit this initiative/);
});

test('while a published plan is revised, the public still sees it as published', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const coordinator = { userId: null, role: 'coordinator' as const, organisationId: null };
  await t.services.lifecycle.startRevision(scp, 2021, 'Correct the lead of one initiative', coordinator);
  const [row] = await t.db.query<{ id: number; name: string; version: number; priorityId: number }>(
    `SELECT i.id, i.name, i.version, i.priority_id AS "priorityId" FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = 2021 ORDER BY i.id LIMIT 1`);
  const agent = await signedIn('coordinator@demo.csp-hub.test');
  const res = await agent.post(`/p/scp/initiatives/${row.id}`,
    editFields({ name: 'Renamed during the revision', priority: String(row.priorityId), version: String(row.version) }), `/p/scp/initiatives/${row.id}/edit`);
  assert.equal(res.statusCode, 303);

  const anon = new Agent(t.app);
  const plan = await anon.get('/p/scp/plans/2021-22');
  assert.equal(plan.statusCode, 200);
  assert.match(plan.body, new RegExp(row.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;')));
  assert.doesNotMatch(plan.body, /Renamed during the revision/);
  assert.match(plan.body, /Published/);
  const initiativePage = await anon.get(`/p/scp/initiatives/${row.id}`);
  assert.doesNotMatch(initiativePage.body, /Renamed during the revision/);
  assert.match((await agent.get('/p/scp/plans/2021-22')).body, /Renamed during the revision/);
});

test('the partnership\'s bodies and teams lead initiatives; only an organisation lead lets a partner editor edit', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const [police] = await t.db.query<{ id: number }>(`SELECT id FROM organisations WHERE name = 'Essex Police'`);
  const [board] = await t.db.query<{ id: number; name: string }>(`SELECT id, name FROM bodies WHERE name = 'Community Safety Delivery Board'`);
  const form = `/p/scp/plans/${draftYear}/initiatives/new`;
  const page = await coordinator.get(form);
  assert.match(page.body, new RegExp(`value="body-${board.id}"`), 'the form offers the partnership\'s bodies as leads');
  const priorityId = /<option value="(\d+)"[^>]*>1\. /.exec(page.body)![1]!;
  const res = await coordinator.post(`/p/scp/plans/${draftYear}/initiatives`,
    editFields({ name: 'Review of the PREVENT action plan', priority: priorityId, leads: [`body-${board.id}`], supporters: [String(police.id)] }), form);
  assert.equal(res.statusCode, 303, /govuk-error-summary__list[\s\S]*?<\/ul>/.exec(res.body)?.[0]);
  const id = Number(/initiatives\/(\d+)/.exec(String(res.headers.location))![1]);
  const shown = await coordinator.get(`/p/scp/initiatives/${id}`);
  assert.match(shown.body, new RegExp(`Lead\\s*</dt>\\s*<dd[^>]*>\\s*${board.name}`));
  const [stored] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM initiative_bodies WHERE initiative_id = $1 AND body_id = $2 AND role = 'lead'`, [id, board.id]);
  assert.equal(stored.n, 1);

  // A body whose id is the partner editor's organisation id leads another initiative: that gives the editor no right to it.
  await t.db.query(`INSERT INTO bodies (id, partnership_id, name, kind) SELECT $1, partnership_id, 'Neighbourhood Policing Team', 'team' FROM organisations WHERE id = $1
                    ON CONFLICT (id) DO NOTHING`, [police.id]);
  const other = await draftInitiative('Essex Police', false);
  await t.db.query('DELETE FROM initiative_organisations WHERE initiative_id = $1', [other.id]);
  await t.db.query(`INSERT INTO initiative_bodies VALUES ($1, $2, 'lead') ON CONFLICT DO NOTHING`, [other.id, police.id]);
  const editor = await signedIn('police@demo.csp-hub.test');
  const refused = await editor.post(`/p/scp/initiatives/${other.id}`, editFields({ name: 'Taken over', priority: priorityId, version: String(other.version) }), `/p/scp/initiatives/${other.id}`);
  assert.equal(refused.statusCode, 403);
  // An initiative the police support as an organisation, they may edit: their own change keeps the body lead.
  const own = await editor.post(`/p/scp/initiatives/${id}`, editFields({ name: 'Review of the PREVENT strategy and action plan', priority: priorityId, version: '1' }), `/p/scp/initiatives/${id}`);
  assert.equal(own.statusCode, 303);
  const [kept] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM initiative_bodies WHERE initiative_id = $1 AND body_id = $2 AND role = 'lead'`, [id, board.id]);
  assert.equal(kept.n, 1, 'a partner editor cannot hand the initiative to another lead');
});

test("an initiative carried into next year's draft: only members are shown the draft's entry under In other years", async () => {
  const [row] = await t.db.query<{ id: number; nextId: number }>(
    `SELECT prev.id, i.id AS "nextId" FROM initiatives i JOIN initiatives prev ON prev.id = i.previous_initiative_id
       JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2023 ORDER BY i.id LIMIT 1`);
  assert.ok(row, 'the draft carries an initiative of 2022-23');
  const link = `href="/p/scp/initiatives/${row.nextId}"`;
  const anon = await new Agent(t.app).get(`/p/scp/initiatives/${row.id}`);
  assert.equal(anon.statusCode, 200);
  assert.ok(!anon.body.includes(link), 'the public is not pointed at a draft');
  assert.doesNotMatch(anon.body, /2023-24:/);
  const member = await (await signedIn('viewer@demo.csp-hub.test')).get(`/p/scp/initiatives/${row.id}`);
  assert.ok(member.body.includes(link), 'members see where it continues');
});
