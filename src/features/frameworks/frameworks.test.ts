import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const frameworkCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM frameworks'))[0].n;
const signIn = (who: string) => new Agent(t.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD);
const fields = (items: string) => ({
  name: 'Colchester Council Strategy', kind: 'council_plan', versionLabel: '2023 to 2026', owner: 'Colchester City Council',
  'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2023', 'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '2026', items,
});

test('a coordinator adds a framework with its items; it is listed and audited', async () => {
  const coordinator = await signIn('coordinator');
  assert.match((await coordinator.get('/p/scp/frameworks')).body, /Add a framework/);
  const res = await coordinator.post('/p/scp/frameworks/new', fields('1. Safer streets\n\n2. Thriving town centre\n3. Healthy homes'), '/p/scp/frameworks/new');
  assert.equal(res.statusCode, 303);
  const id = Number(/#framework-(\d+)$/.exec(String(res.headers.location))![1]);
  const page = await coordinator.get('/p/scp/frameworks');
  assert.match(page.body, /Colchester Council Strategy/);
  for (const item of ['1. Safer streets', '2. Thriving town centre', '3. Healthy homes']) assert.ok(page.body.includes(item), item);
  const [audit] = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE record_type = 'framework' AND record_id = $1`, [id]);
  assert.equal(audit.action, 'create');
  const items = await t.db.query<{ number: string }>('SELECT number FROM framework_items WHERE framework_id = $1 ORDER BY position', [id]);
  assert.deepEqual(items.map((i) => i.number), ['1', '2', '3']);
});

test('bad items name the line, keep the typed text and save nothing', async () => {
  const coordinator = await signIn('coordinator');
  const count = await frameworkCount();
  const typed = '1. Safer streets\n1. Again\nNo number here';
  const res = await coordinator.post('/p/scp/frameworks/new', { ...fields(typed), 'endsOn-year': '2020' }, '/p/scp/frameworks/new');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /Line 2 \(“1\. Again”\) repeats number 1 from line 1/);
  assert.match(res.body, /Line 3 \(“No number here”\) must start with the item’s number/);
  assert.match(res.body, /End date must be after the start date/);
  assert.ok(res.body.includes('1. Safer streets\n1. Again\nNo number here'));
  assert.equal(await frameworkCount(), count);
});

test('changing an item’s commitments saves a list and shows in its history', async () => {
  const coordinator = await signIn('coordinator');
  const [item] = await t.db.query<{ id: number; version: number }>(
    `SELECT i.id, i.version FROM framework_items i JOIN frameworks f ON f.id = i.framework_id JOIN partnerships p ON p.id = f.partnership_id
      WHERE p.slug = 'scp' ORDER BY i.id LIMIT 1`);
  const form = await coordinator.get(`/p/scp/frameworks/items/${item.id}/edit`);
  assert.equal(form.statusCode, 200);
  const res = await coordinator.post(`/p/scp/frameworks/items/${item.id}/edit`, {
    title: 'Keeping people safe', commitments: 'Patrol hot spots\n\n  Fund victim services  ', outcome: 'Fewer victims', version: String(item.version),
  });
  assert.equal(res.statusCode, 303);
  const [saved] = await t.db.query<{ commitments: string[]; version: number }>('SELECT commitments, version FROM framework_items WHERE id = $1', [item.id]);
  assert.deepEqual(saved.commitments, ['Patrol hot spots', 'Fund victim services']);
  assert.equal(saved.version, item.version + 1);
  const history = await coordinator.get(`/p/scp/frameworks/items/${item.id}/history`);
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /Patrol hot spots, Fund victim services/);
  assert.match(history.body, /app-diff-old/);
  const stale = await coordinator.post(`/p/scp/frameworks/items/${item.id}/edit`, {
    title: 'Stale', commitments: '', outcome: '', version: String(item.version),
  });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this item/);
});

test('a viewer cannot add a framework or change an item', async () => {
  const viewer = await signIn('viewer');
  const page = await viewer.get('/p/scp/frameworks');
  assert.doesNotMatch(page.body, /Add a framework/);
  assert.doesNotMatch(page.body, /\/edit"/);
  const [item] = await t.db.query<{ id: number; title: string }>('SELECT id, title FROM framework_items ORDER BY id LIMIT 1');
  const count = await frameworkCount();
  const add = await viewer.post('/p/scp/frameworks/new', fields('1. Nope'), '/p/scp/frameworks');
  assert.equal(add.statusCode, 403);
  const edit = await viewer.post(`/p/scp/frameworks/items/${item.id}/edit`, { title: 'Nope', commitments: '', outcome: '' }, '/p/scp/frameworks');
  assert.equal(edit.statusCode, 403);
  assert.equal(await frameworkCount(), count);
  const [after] = await t.db.query<{ title: string }>('SELECT title FROM framework_items WHERE id = $1', [item.id]);
  assert.equal(after.title, item.title);
});

test('a framework written in sections shows each with its commitments and one outcome; a section is changed with its history', async () => {
  const page = await new Agent(t.app).get('/p/scp/frameworks');
  assert.equal(page.statusCode, 200);
  const sections = await t.db.query<{ id: number; title: string; outcome: string; version: number }>(
    `SELECT s.id, s.title, s.outcome, s.version FROM framework_sections s JOIN frameworks f ON f.id = s.framework_id WHERE f.name = 'Police, Fire and Crime Plan 2021-24' ORDER BY s.position`);
  assert.equal(sections.length, 7);
  for (const s of sections) {
    assert.ok(page.body.includes(s.title), s.title);
    assert.equal(page.body.split(s.outcome).length - 1, 1, `${s.title}: its outcome, once`);
  }
  assert.doesNotMatch(page.body, /So that So that|So that: So that/, 'an outcome is not prefixed twice');
  assert.match(page.body, /7\. Preventing dog theft<\/h3>\s*<\/li>/, 'the dog theft priority has no commitments or outcome of its own');

  const coordinator = await signIn('coordinator');
  const [first] = sections;
  assert.equal((await coordinator.get(`/p/scp/frameworks/sections/${first!.id}/edit`)).statusCode, 200);
  const res = await coordinator.post(`/p/scp/frameworks/sections/${first!.id}/edit`, {
    title: first!.title, commitments: 'Visible patrols in hotspots\nFaster 101 answers', outcome: first!.outcome, version: String(first!.version),
  });
  assert.equal(res.statusCode, 303);
  const [saved] = await t.db.query<{ commitments: string[] }>('SELECT commitments FROM framework_sections WHERE id = $1', [first!.id]);
  assert.deepEqual(saved.commitments, ['Visible patrols in hotspots', 'Faster 101 answers']);
  const history = await coordinator.get(`/p/scp/frameworks/sections/${first!.id}/history`);
  assert.match(history.body, /Visible patrols in hotspots, Faster 101 answers/);
  const viewer = await signIn('viewer');
  assert.equal((await viewer.post(`/p/scp/frameworks/sections/${first!.id}/edit`, { title: 'Nope', commitments: '', outcome: '' }, '/p/scp/frameworks')).statusCode, 403);
});
