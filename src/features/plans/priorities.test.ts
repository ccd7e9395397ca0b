import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD, draftNextYear } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { commitmentLines, prioritiesService, priorityValuesFrom } from './priority-service.ts';
import { ForbiddenError, LockedError, ValidationError } from '../../platform/errors.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const COORDINATOR = 'coordinator@demo.csp-hub.test';
const DRAFT = '2023-24';

async function signedIn(email: string) { return new Agent(t.app).signIn(email, DEMO_PASSWORD); }

async function priorityOf(year: number, number: number) {
  const [row] = await t.db.query<{ id: number; title: string; commitments: string[]; evidence: string; version: number }>(
    `SELECT pr.id, pr.title, pr.commitments, pr.evidence, pr.version FROM priorities pr JOIN plans p ON p.id = pr.plan_id
      WHERE p.start_year = $1 AND pr.number = $2`, [year, number]);
  return row;
}

before(async () => {
  t = await testApp();
  await draftNextYear(t.services);
});
after(async () => { await t?.close(); });

test('commitments are typed one per line; blank lines and bullet marks are dropped', () => {
  assert.deepEqual(commitmentLines('  Run knife-crime workshops\r\n\n- Share data monthly\n• Fund outreach  \n'),
    ['Run knife-crime workshops', 'Share data monthly', 'Fund outreach']);
});

test('the service refuses viewers, published plans and duplicate numbers', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const svc = prioritiesService(t.db);
  const viewer: Actor = { userId: null, role: 'viewer', organisationId: null };
  const form = { number: '9', title: 'Road safety', commitments: 'Run speed-watch sessions', evidence: '', version: '' };
  await assert.rejects(svc.createPriority(scp, 2023, form, viewer), ForbiddenError);
  await assert.rejects(svc.createPriority(scp, 2022, form, SYSTEM),
    (err: unknown) => err instanceof LockedError && err.message === 'The 2022-23 plan is published. Start a revision to change it.');
  await assert.rejects(svc.createPriority(scp, 2023, { ...form, number: '1' }, SYSTEM),
    (err: unknown) => err instanceof ValidationError && err.errors[0].field === 'number');
  const published = await priorityOf(2022, 1);
  await assert.rejects(svc.updatePriority(scp, published.id, { ...priorityValuesFrom({ ...published, kind: 'key', planId: 0, number: 1 }), title: 'Changed' }, SYSTEM), LockedError);
  assert.equal((await priorityOf(2022, 1)).title, published.title);
});

test('a coordinator adds a priority: a duplicate number keeps what was typed, then it shows in the plan with its commitments', async () => {
  const agent = await signedIn(COORDINATOR);
  const form = `/p/scp/plans/${DRAFT}/priorities/new`;
  const page = await agent.get(form);
  assert.equal(page.statusCode, 200);
  // The 2022-23 plan (and so its roll-forward) has key priorities 1 to 3 and an unnumbered section outside them: the form offers 4.
  assert.match(page.body, /id="number" name="number" type="text" value="4"/);

  const typed = { title: 'Reducing serious violence in the town centre', commitments: 'Fund street pastors at weekends\nShare hotspot data monthly', evidence: 'Violence with injury rose 12% to 2,140 offences.' };
  const dup = await agent.post(`/p/scp/plans/${DRAFT}/priorities`, { number: '3', ...typed }, form);
  assert.equal(dup.statusCode, 400);
  assert.match(dup.body, /There is a problem/);
  assert.match(dup.body, /There is already a priority 3 in the 2023-24 plan/);
  assert.match(dup.body, /href="#number"/);
  assert.match(dup.body, /value="Reducing serious violence in the town centre"/);
  assert.match(dup.body, /Fund street pastors at weekends\nShare hotspot data monthly/);

  const missing = await agent.post(`/p/scp/plans/${DRAFT}/priorities`, { number: 'five', title: '', commitments: typed.commitments, evidence: '' }, form);
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Priority number must be a whole number from 1 to 99/);
  assert.match(missing.body, /Enter the priority title/);

  const ok = await agent.post(`/p/scp/plans/${DRAFT}/priorities`, { number: '4', ...typed, commitments: `${typed.commitments}\n\n` }, form);
  assert.equal(ok.statusCode, 303);
  assert.match(String(ok.headers.location), /^\/p\/scp\/priorities\/\d+\/edit\?done=added$/);
  const saved = await priorityOf(2023, 4);
  assert.deepEqual(saved.commitments, ['Fund street pastors at weekends', 'Share hotspot data monthly']);
  assert.equal(saved.evidence, typed.evidence);

  const plan = await agent.get(`/p/scp/plans/${DRAFT}`);
  assert.match(plan.body, /Priority 4: Reducing serious violence in the town centre/);
  assert.match(plan.body, /<li>Fund street pastors at weekends<\/li><li>Share hotspot data monthly<\/li>/);

  const edit = await agent.get(String(ok.headers.location));
  assert.equal(edit.statusCode, 200);
  assert.match(edit.body, /Priority added/);
});

test('an edit with a stale version is refused, shows both versions and keeps what was typed', async () => {
  const agent = await signedIn(COORDINATOR);
  const p = await priorityOf(2023, 2);
  const url = `/p/scp/priorities/${p.id}`;
  const fields = { number: '2', title: 'Driving down ASB and violent crime', commitments: 'Patrol hotspots\nRun diversionary youth activities', evidence: p.evidence, version: String(p.version) };
  const first = await agent.post(url, fields, `${url}/edit`);
  assert.equal(first.statusCode, 303);

  const stale = await agent.post(url, { ...fields, title: 'My stale title', commitments: 'Something else' }, `${url}/edit`);
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /The version saved by someone else/);
  assert.match(stale.body, /Driving down ASB and violent crime/); // theirs
  assert.match(stale.body, /value="My stale title"/); // mine, kept
  assert.match(stale.body, new RegExp(`name="version" value="${p.version + 1}"`));
  const after = await priorityOf(2023, 2);
  assert.equal(after.title, 'Driving down ASB and violent crime');
  assert.deepEqual(after.commitments, ['Patrol hotspots', 'Run diversionary youth activities']);
  assert.equal(after.version, p.version + 1);
});

test('a priority of the published 2022-23 plan cannot be edited', async () => {
  const agent = await signedIn(COORDINATOR);
  const p = await priorityOf(2022, 1);
  const form = await agent.get(`/p/scp/priorities/${p.id}/edit`);
  assert.equal(form.statusCode, 409);
  assert.match(form.body, /The 2022-23 plan is published. Start a revision to change it./);
  // Post with a token from a page that has a form.
  const res = await agent.post(`/p/scp/priorities/${p.id}`, { number: '1', title: 'Rewritten', commitments: '', evidence: '', version: String(p.version) },
    `/p/scp/plans/${DRAFT}/priorities/new`);
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Start a revision to change it/);
  assert.equal((await priorityOf(2022, 1)).title, p.title);
});

test('a viewer cannot add or change priorities', async () => {
  const agent = await signedIn('viewer@demo.csp-hub.test');
  assert.equal((await agent.get(`/p/scp/plans/${DRAFT}/priorities/new`)).statusCode, 403);
  const p = await priorityOf(2023, 3);
  assert.equal((await agent.get(`/p/scp/priorities/${p.id}/edit`)).statusCode, 403);
  // The viewer's token comes from a page with a form on it (the sign-out form in the header).
  const res = await agent.post(`/p/scp/priorities/${p.id}`, { number: '3', title: 'Viewer was here', commitments: '', evidence: '', version: String(p.version) },
    `/p/scp/plans/${DRAFT}`);
  assert.equal(res.statusCode, 403);
  assert.equal((await priorityOf(2023, 3)).title, p.title);
  const added = await agent.post(`/p/scp/plans/${DRAFT}/priorities`, { number: '8', title: 'Viewer priority', commitments: '', evidence: '' }, `/p/scp/plans/${DRAFT}`);
  assert.equal(added.statusCode, 403);
  assert.equal(await priorityOf(2023, 8), undefined);
});

test('an objective is added, edited and removed; its initiatives stay under the priority', async () => {
  const agent = await signedIn(COORDINATOR);
  const p = await priorityOf(2023, 1);
  const base = `/p/scp/priorities/${p.id}`;
  const added = await agent.post(`${base}/objectives`, { title: 'Close cuckooed addresses with housing partners', position: '1' }, `${base}/objectives/new`);
  assert.equal(added.statusCode, 303);
  const [obj] = await t.db.query<{ id: number; position: number; version: number }>(
    'SELECT id, position, version FROM objectives WHERE priority_id = $1 AND title = $2', [p.id, 'Close cuckooed addresses with housing partners']);
  assert.equal(obj.position, 0);
  const list = await agent.get(`${base}/edit`);
  assert.match(list.body, /Close cuckooed addresses with housing partners/);

  const blank = await agent.post(`${base}/objectives/${obj.id}`, { title: '', position: 'first', version: String(obj.version) }, `${base}/objectives/${obj.id}/edit`);
  assert.equal(blank.statusCode, 400);
  assert.match(blank.body, /Enter the objective/);
  assert.match(blank.body, /Order must be a whole number from 1 to 999/);
  const edited = await agent.post(`${base}/objectives/${obj.id}`, { title: 'Close cuckooed addresses', position: '6', version: String(obj.version) }, `${base}/objectives/${obj.id}/edit`);
  assert.equal(edited.statusCode, 303);
  const [after] = await t.db.query<{ title: string; position: number; version: number }>('SELECT title, position, version FROM objectives WHERE id = $1', [obj.id]);
  assert.deepEqual(after, { title: 'Close cuckooed addresses', position: 5, version: obj.version + 1 });
  obj.version = after.version;

  // Move two initiatives of the priority under the new objective, then remove the objective.
  const moved = await t.db.query<{ id: number }>('SELECT id FROM initiatives WHERE priority_id = $1 ORDER BY id LIMIT 2', [p.id]);
  assert.equal(moved.length, 2, 'priority 1 of the draft has initiatives');
  await t.db.query('UPDATE initiatives SET objective_id = $1 WHERE id = ANY($2::int[])', [obj.id, moved.map((m) => m.id)]);
  const confirm = await agent.get(`${base}/objectives/${obj.id}/remove`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /2 initiatives sit under this objective. They stay in the plan, directly under priority 1/);

  const removed = await agent.post(`${base}/objectives/${obj.id}/remove`, { version: String(obj.version) }, `${base}/objectives/${obj.id}/remove`);
  assert.equal(removed.statusCode, 303);
  assert.equal((await t.db.query('SELECT 1 FROM objectives WHERE id = $1', [obj.id])).length, 0);
  const kept = await t.db.query<{ priorityId: number; objectiveId: number | null }>(
    'SELECT priority_id AS "priorityId", objective_id AS "objectiveId" FROM initiatives WHERE id = ANY($1::int[])', [moved.map((m) => m.id)]);
  assert.deepEqual(kept, [{ priorityId: p.id, objectiveId: null }, { priorityId: p.id, objectiveId: null }]);
  const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE record_type = 'objective' AND record_id = $1 ORDER BY id`, [obj.id]);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'update', 'delete']);
  const plan = await agent.get(`/p/scp/plans/${DRAFT}`);
  assert.doesNotMatch(plan.body, /Close cuckooed addresses/);
});

test("a priority's history lists its creation and each edit with before and after", async () => {
  const agent = await signedIn(COORDINATOR);
  const p = await priorityOf(2023, 4); // added above
  const res = await agent.post(`/p/scp/priorities/${p.id}`, { number: '4', title: 'Reducing serious violence', commitments: 'Fund street pastors at weekends', evidence: p.evidence, version: String(p.version) },
    `/p/scp/priorities/${p.id}/edit`);
  assert.equal(res.statusCode, 303);
  const history = await agent.get(`/p/scp/priorities/${p.id}/history`);
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /Create: Added priority 4 to the 2023-24 plan/);
  assert.match(history.body, /Update/);
  assert.match(history.body, /Chris Coordinator/);
  assert.match(history.body, /app-diff-old">Reducing serious violence in the town centre</);
  assert.match(history.body, /app-diff-new">Reducing serious violence</);
  assert.match(history.body, /app-diff-old">Fund street pastors at weekends, Share hotspot data monthly</);
  const rows = await t.db.query<{ action: string; before: { title: string } | null; after: { title: string } }>(
    `SELECT action, before, after FROM audit_log WHERE record_type = 'priority' AND record_id = $1 ORDER BY id`, [p.id]);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'update']);
  assert.equal(rows[0].before, null);
  assert.equal(rows[1].before?.title, 'Reducing serious violence in the town centre');
  assert.equal(rows[1].after.title, 'Reducing serious violence');
});

test('a priority with initiatives cannot be deleted; an empty one can, with a confirmation', async () => {
  const agent = await signedIn(COORDINATOR);
  const busy = await priorityOf(2023, 1);
  const page = await agent.get(`/p/scp/priorities/${busy.id}/delete`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Priority 1 still has \d+ initiatives, so it cannot be deleted/);
  const refused = await agent.post(`/p/scp/priorities/${busy.id}/delete`, { version: String(busy.version) }, `/p/scp/priorities/${busy.id}/edit`);
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /Priority 1 still has \d+ initiatives/);
  assert.ok(await priorityOf(2023, 1));

  const empty = await priorityOf(2023, 4);
  const confirm = await agent.get(`/p/scp/priorities/${empty.id}/delete`);
  assert.match(confirm.body, /Delete priority 4/);
  const done = await agent.post(`/p/scp/priorities/${empty.id}/delete`, { version: String(empty.version) }, `/p/scp/priorities/${empty.id}/delete`);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/p/scp/plans/${DRAFT}`);
  assert.equal(await priorityOf(2023, 4), undefined);
  const plan = await agent.get(`/p/scp/plans/${DRAFT}`);
  assert.doesNotMatch(plan.body, /Priority 4:/);
});

test('renumbering a priority keeps the initiatives that cite it by number pointing at it', async () => {
  const agent = await signedIn(COORDINATOR);
  const p = await priorityOf(2023, 3);
  const [citing] = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i JOIN plans pl ON pl.id = i.plan_id WHERE pl.start_year = 2023 ORDER BY i.id LIMIT 1`);
  await t.db.query(`UPDATE initiatives SET priority_refs = '[1, 3]' WHERE id = $1`, [citing.id]);
  const res = await agent.post(`/p/scp/priorities/${p.id}`, { number: '7', title: p.title, commitments: p.commitments.join('\n'), evidence: p.evidence, version: String(p.version) },
    `/p/scp/priorities/${p.id}/edit`);
  assert.equal(res.statusCode, 303);
  const [after] = await t.db.query<{ priorityRefs: number[] }>('SELECT priority_refs AS "priorityRefs" FROM initiatives WHERE id = $1', [citing.id]);
  assert.deepEqual(after.priorityRefs, [1, 7]);
});

test('the section for work outside the key priorities: one per plan, never numbered, never counted', async () => {
  const agent = await signedIn(COORDINATOR);
  const scp = await t.services.partnerships.bySlug('scp');
  // The 2023-24 draft carried the 2022-23 plan's section outside the key priorities: a second one is refused.
  const [carried] = await t.db.query<{ kind: string; number: number | null }>(
    `SELECT pr.kind, pr.number FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.start_year = 2023 AND pr.kind = 'cross_cutting'`);
  assert.deepEqual(carried, { kind: 'cross_cutting', number: null });
  const second = await agent.post(`/p/scp/plans/${DRAFT}/priorities`, { kind: 'cross_cutting', number: '', title: 'More work outside', commitments: '', evidence: '' },
    `/p/scp/plans/${DRAFT}/priorities/new`);
  assert.equal(second.statusCode, 400);
  assert.match(second.body, /already has a section for work outside the key priorities/);

  // A new plan: the section is added with no number, and the key priority numbers are its own.
  await t.services.lifecycle.create(scp, { startYear: 2030, introduction: '', otherSection: 'Partners also work together on suicide prevention.', frameworkIds: [], priorities: [] }, SYSTEM);
  const form = await agent.get('/p/scp/plans/2030-31/priorities/new');
  assert.match(form.body, /name="kind"/, 'the form offers the kind of priority');
  const outside = await agent.post('/p/scp/plans/2030-31/priorities', { kind: 'cross_cutting', number: '7', title: 'Opportunities for partnership working', commitments: '', evidence: '' },
    '/p/scp/plans/2030-31/priorities/new');
  assert.equal(outside.statusCode, 303);
  const key = await agent.post('/p/scp/plans/2030-31/priorities', { kind: 'key', number: '1', title: 'Tackling county lines', commitments: 'Disrupt drug supply', evidence: '' },
    '/p/scp/plans/2030-31/priorities/new');
  assert.equal(key.statusCode, 303);
  const rows = await t.db.query<{ kind: string; number: number | null; title: string }>(
    `SELECT pr.kind, pr.number, pr.title FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.start_year = 2030 ORDER BY pr.number NULLS LAST`);
  assert.deepEqual(rows, [{ kind: 'key', number: 1, title: 'Tackling county lines' }, { kind: 'cross_cutting', number: null, title: 'Opportunities for partnership working' }]);
  const plan = await agent.get('/p/scp/plans/2030-31');
  assert.match(plan.body, /<h2 class="govuk-heading-l">Opportunities for partnership working<\/h2>/);
  assert.doesNotMatch(plan.body, /Priority 7|Priority null|Priority 2:/);
  assert.equal(plan.body.split('Partners also work together on suicide prevention.').length - 1, 1, 'the plan\'s words on it are shown once, in the section');
  const initiativeForm = await agent.get('/p/scp/plans/2030-31/initiatives/new');
  assert.match(initiativeForm.body, /name="partnershipPriorities"[^>]*value="1"/);
  assert.doesNotMatch(initiativeForm.body, /name="partnershipPriorities"[^>]*value="(null|)"/, 'the section is not a priority an initiative serves by number');
  const doc = await agent.get('/p/scp/plans/2030-31/document');
  assert.match(doc.body, /identified 1 key priority for 2030-31/);
});
