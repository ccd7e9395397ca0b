import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertInitiative } from './queries.ts';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

// Journey 2 through the pages: roll forward, compare, coverage, approve, publish, revise.
// The tests run in order and share one database: each builds on the state the last one left.

let t: Awaited<ReturnType<typeof testApp>>;
const COORDINATOR = 'coordinator@demo.csp-hub.test';

async function signedIn(email: string) { return new Agent(t.app).signIn(email, DEMO_PASSWORD); }

/** Text as Nunjucks autoescaping writes it into the page. */
function esc(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The HTML of the element with this id, up to its closing tag (lists and tables here do not nest). */
function section(html: string, id: string, tag: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `the page has #${id}`);
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end);
}

async function planInitiatives(startYear: number) {
  return t.db.query<{ id: number; name: string; status: string; previousInitiativeId: number | null; version: number; priorityId: number }>(
    `SELECT i.id, i.name, i.status, i.previous_initiative_id AS "previousInitiativeId", i.version, i.priority_id AS "priorityId"
       FROM initiatives i JOIN plans p ON p.id = i.plan_id JOIN partnerships s ON s.id = p.partnership_id
      WHERE s.slug = 'scp' AND p.start_year = $1 ORDER BY i.id`, [startYear]);
}

async function planStatus(startYear: number) {
  const [row] = await t.db.query<{ status: string }>(
    `SELECT p.status FROM plans p JOIN partnerships s ON s.id = p.partnership_id WHERE s.slug = 'scp' AND p.start_year = $1`, [startYear]);
  return row?.status;
}

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('a viewer cannot roll a plan forward', async () => {
  const viewer = await signedIn('viewer@demo.csp-hub.test');
  const page = await viewer.get('/p/scp/plans/2022-23/roll-forward');
  assert.equal(page.statusCode, 403, 'the form is not shown to someone who could not submit it');
  assert.match(page.body, /Only the partnership’s coordinators and administrators can roll the plan forward/);
  const res = await viewer.post('/p/scp/plans/2022-23/roll-forward', { carry: [] }, '/p/scp/plans/2022-23');
  assert.equal(res.statusCode, 403);
  assert.equal(await planStatus(2023), undefined, 'no 2023-24 plan was created');
});

test('the coordinator rolls 2022-23 forward: ongoing initiatives carried and linked back, finished ones left', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const source = await planInitiatives(2022);
  const finished = source.filter((i) => i.status === 'completed' || i.status === 'cancelled');
  const ongoing = source.filter((i) => i.status !== 'completed' && i.status !== 'cancelled');
  assert.ok(finished.length > 0 && ongoing.length > 1, 'the demo 2022-23 plan has finished and ongoing initiatives');

  const page = await coordinator.get('/p/scp/plans/2022-23/roll-forward');
  assert.equal(page.statusCode, 200);
  const boxes = [...page.body.matchAll(/<input[^>]*name="carry"[^>]*>/g)].map((m) => m[0]);
  const ticked = boxes.filter((b) => / checked/.test(b)).map((b) => Number(/value="(\d+)"/.exec(b)![1])).sort((a, b) => a - b);
  assert.deepEqual(ticked, ongoing.map((i) => i.id), 'every ongoing initiative is offered and ticked');
  assert.equal(boxes.length, ongoing.length, 'finished initiatives are not offered');
  const leftBehind = section(page.body, 'left-behind', 'table');
  for (const i of finished) assert.ok(leftBehind.includes(esc(i.name)), `${i.name} is listed as left behind`);

  // Untick one ongoing initiative: the draft holds exactly what stays ticked.
  const dropped = ongoing[0];
  const carry = ongoing.slice(1);
  const res = await coordinator.post('/p/scp/plans/2022-23/roll-forward', { carry: carry.map((i) => String(i.id)) });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/p/scp/plans/2023-24?done=rolled-forward');
  assert.equal(await planStatus(2023), 'draft');

  const draft = await planInitiatives(2023);
  assert.deepEqual(draft.map((i) => i.previousInitiativeId).sort((a, b) => a! - b!), carry.map((i) => i.id), 'each carried initiative links back');
  const byId = new Map(source.map((i) => [i.id, i]));
  for (const i of draft) assert.equal(i.name, byId.get(i.previousInitiativeId!)!.name);
  const draftNames = new Set(draft.map((i) => i.name));
  assert.ok(!draft.some((i) => i.previousInitiativeId === dropped.id), 'the unticked initiative stays behind');
  for (const i of finished) assert.ok(![...draft].some((d) => d.previousInitiativeId === i.id), `${i.name} is left behind`);
  assert.ok(draftNames.size > 0);

  const plan = await coordinator.get('/p/scp/plans/2023-24');
  assert.equal(plan.statusCode, 200);
  assert.match(plan.body, new RegExp(esc(carry[0].name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  const again = await coordinator.get('/p/scp/plans/2022-23/roll-forward');
  assert.match(again.body, /There is already a 2023-24 plan/);
  const twice = await coordinator.post('/p/scp/plans/2022-23/roll-forward', { carry: carry.map((i) => String(i.id)) });
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /There is already a 2023-24 plan/);
  assert.equal((await planInitiatives(2023)).length, carry.length, 'nothing was created twice');
});

test('anonymous visitors cannot see the 2023-24 draft or its documents', async () => {
  const anon = new Agent(t.app);
  for (const path of ['', '/document', '/document.docx', '/document.pdf', '/coverage', '/compare', '/history']) {
    const res = await anon.get(`/p/scp/plans/2023-24${path}`);
    assert.equal(res.statusCode, 404, `2023-24${path} is hidden`);
  }
  assert.equal((await anon.get('/p/scp/plans/2022-23')).statusCode, 200, 'the published plan is public');
});

test('compare 2021-22 with 2022-23 lists the members who joined and left by name', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const names = async (year: number) => {
    const m = await t.services.partnerships.members(scp.id, year);
    return new Set([...m.statutory, ...m.nonStatutory].map((o) => o.name));
  };
  const [earlier, later] = [await names(2021), await names(2022)];
  const joined = [...later].filter((n) => !earlier.has(n));
  const left = [...earlier].filter((n) => !later.has(n));
  assert.ok(joined.length + left.length > 0, 'membership changed between the two years');

  const anon = new Agent(t.app);
  const page = await anon.get('/p/scp/plans/2022-23/compare');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Compare 2021-22 with 2022-23/, 'the previous year is the default');
  const chosen = await anon.get('/p/scp/plans/2022-23/compare?with=2021-22');
  assert.equal(chosen.statusCode, 200);
  for (const res of [page, chosen]) {
    const joinedHtml = section(res.body, 'members-joined', joined.length ? 'ul' : 'p');
    const leftHtml = section(res.body, 'members-left', left.length ? 'ul' : 'p');
    for (const n of joined) assert.ok(joinedHtml.includes(`<li>${esc(n)}</li>`), `${n} joined`);
    for (const n of left) assert.ok(leftHtml.includes(`<li>${esc(n)}</li>`), `${n} left`);
    for (const n of later) if (earlier.has(n)) assert.ok(!joinedHtml.includes(`<li>${esc(n)}</li>`) && !leftHtml.includes(`<li>${esc(n)}</li>`), `${n} stayed`);
  }
  assert.match(page.body, /Carried from 2021-22 \(\d+\)/);
  assert.match(page.body, /New in 2022-23 \(\d+\)/);
  assert.match(page.body, /Dropped after 2021-22 \(\d+\)/);

  // The year is chosen with a GET form, and the later year can be the one chosen.
  assert.match(page.body, /<select class="govuk-select" id="with" name="with">/);
  const reverse = await anon.get('/p/scp/plans/2021-22/compare?with=2022-23');
  assert.match(reverse.body, /Compare 2021-22 with 2022-23/);
  const missing = await anon.get('/p/scp/plans/2022-23/compare?with=2009-10');
  assert.equal(missing.statusCode, 200);
  assert.match(missing.body, /There is no 2009-10 plan to compare with/);
});

test('the coordinator compares the new draft with this year: carried and dropped initiatives', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const page = await coordinator.get('/p/scp/plans/2023-24/compare');
  assert.equal(page.statusCode, 200);
  const draft = await planInitiatives(2023);
  assert.match(page.body, new RegExp(`Carried from 2022-23 \\(${draft.length}\\)`));
  assert.match(page.body, /New in 2023-24 \(0\)/);
  const source = await planInitiatives(2022);
  assert.match(page.body, new RegExp(`Dropped after 2022-23 \\(${source.length - draft.length}\\)`));
  const droppedHtml = section(page.body, 'initiatives-dropped', 'ul');
  const carriedFrom = new Set(draft.map((i) => i.previousInitiativeId));
  for (const i of source.filter((s) => !carriedFrom.has(s.id))) assert.ok(droppedHtml.includes(esc(i.name)), `${i.name} is dropped`);
});

test('the coverage page marks framework items that no initiative serves', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  // The demo's plans serve every item of the frameworks they map to; one item more is served by none.
  await t.db.query(`INSERT INTO framework_items (framework_id, number, title, position)
                    SELECT id, '99', 'An item no initiative serves', 99 FROM frameworks WHERE partnership_id = $1 AND name LIKE 'Police and Crime Plan 2016%'`, [scp.id]);
  // The 2021-22 plan maps to the 2016-20 plan (extended) only: the 2021-24 plan's priorities are no gaps of it.
  const coverage2122 = await new Agent(t.app).get('/p/scp/plans/2021-22/coverage');
  assert.ok(!coverage2122.body.includes('Police, Fire and Crime Plan 2021-24'));
  let emptySeen = 0;
  for (const year of [2021, 2022]) {
    const label = `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
    const [plan] = await t.db.query<{ id: number }>('SELECT id FROM plans WHERE partnership_id = $1 AND start_year = $2', [scp.id, year]);
    const items = await t.db.query<{ id: number; kind: string; n: number }>(
      `SELECT fi.id, f.kind, (SELECT count(*)::int FROM initiative_framework_items ifi JOIN initiatives i ON i.id = ifi.initiative_id
                               WHERE ifi.framework_item_id = fi.id AND i.plan_id = $1) AS n
         FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id JOIN plan_frameworks pf ON pf.framework_id = f.id
        WHERE pf.plan_id = $1`, [plan.id]);
    assert.ok(items.length > 0, `the ${label} plan maps to frameworks`);
    const empty = items.filter((i) => i.n === 0);
    emptySeen += empty.length;
    const pcc = items.filter((i) => i.kind === 'pcc_plan');

    const page = await new Agent(t.app).get(`/p/scp/plans/${label}/coverage`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`${pcc.filter((i) => i.n === 0).length} of ${pcc.length} PCC priorities have no initiative`));
    for (const item of items) {
      const row = new RegExp(`<tr class="govuk-table__row( app-row--empty)?" id="item-${item.id}">([\\s\\S]*?)</tr>`).exec(page.body);
      assert.ok(row, `item ${item.id} has a row`);
      assert.equal(Boolean(row[1]), item.n === 0, `item ${item.id} is marked empty only when no initiative serves it`);
      assert.equal(row[2].includes('No initiative'), item.n === 0);
      assert.equal((row[2].match(/\/initiatives\/\d+"/g) ?? []).length, item.n, `item ${item.id} links its ${item.n} initiatives`);
    }
    assert.equal((page.body.match(/app-row--empty/g) ?? []).length, empty.length);
  }
  assert.equal(emptySeen, 1, 'only the added item has no initiative');
});

test('approval needs a date: the error summary shows and the chosen body is kept', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const scp = await t.services.partnerships.bySlug('scp');
  const bodies = await t.services.partnerships.bodies(scp.id);
  const body = bodies.find((b) => b.kind === 'delivery_board') ?? bodies[bodies.length - 1];
  const form = await coordinator.get('/p/scp/plans/2023-24/approve');
  assert.equal(form.statusCode, 200);
  const bad = await coordinator.post('/p/scp/plans/2023-24/approve', { bodyId: String(body.id), 'approvedOn-day': '', 'approvedOn-month': '', 'approvedOn-year': '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /<a href="#approvedOn-day">Enter the date the plan was approved, or say it was not recorded<\/a>/);
  assert.match(bad.body, new RegExp(`<option value="${body.id}" selected>`), 'the chosen body is still selected');
  const half = await coordinator.post('/p/scp/plans/2023-24/approve', { bodyId: String(body.id), 'approvedOn-day': '31', 'approvedOn-month': '2', 'approvedOn-year': '2023' });
  assert.equal(half.statusCode, 400);
  assert.match(half.body, /Date of approval must be a real date/);
  const inputs = half.body.replace(/\s+/g, ' ');
  assert.match(inputs, /name="approvedOn-day" type="text" value="31"/, 'the typed day is kept');
  assert.match(inputs, /name="approvedOn-month" type="text" value="2"/);
  assert.match(inputs, /name="approvedOn-year" type="text" value="2023"/);
  assert.match(half.body, new RegExp(`<option value="${body.id}" selected>`));
  assert.equal(await planStatus(2023), 'draft');
});

test('approve then publish the new draft; afterwards its initiatives cannot be edited in place', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const scp = await t.services.partnerships.bySlug('scp');
  const board = (await t.services.partnerships.bodies(scp.id)).find((b) => b.kind === 'strategic_board')!;
  const ok = await coordinator.post('/p/scp/plans/2023-24/approve', { bodyId: String(board.id), 'approvedOn-day': '15', 'approvedOn-month': '3', 'approvedOn-year': '2023' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/p/scp/plans/2023-24?done=approved');
  assert.equal(await planStatus(2023), 'approved');
  const plan = await coordinator.get('/p/scp/plans/2023-24');
  assert.match(plan.body, new RegExp(`Approved by the ${esc(board.name)} on 15 March 2023`));
  assert.match(plan.body, /Publish the plan/);

  // Publishing goes through its confirmation page; a bare POST is sent there and publishes nothing.
  const bare = await coordinator.post('/p/scp/plans/2023-24/publish', {}, '/p/scp/plans/2023-24');
  assert.equal(bare.statusCode, 303);
  assert.equal(bare.headers.location, '/p/scp/plans/2023-24/publish');
  assert.equal(await planStatus(2023), 'approved');
  const confirm = await coordinator.get('/p/scp/plans/2023-24/publish');
  assert.equal(confirm.statusCode, 200);
  const version = /name="version" value="(\d+)"/.exec(confirm.body)![1];
  const published = await coordinator.post('/p/scp/plans/2023-24/publish', { confirm: 'yes', version }, '/p/scp/plans/2023-24/publish');
  assert.equal(published.statusCode, 303);
  assert.equal(published.headers.location, '/p/scp/plans/2023-24?done=published');
  assert.equal(await planStatus(2023), 'published');
  assert.equal((await new Agent(t.app).get('/p/scp/plans/2023-24')).statusCode, 200, 'the public can now read it');

  const [target] = await planInitiatives(2023);
  const res = await coordinator.post(`/p/scp/initiatives/${target.id}`, {
    name: 'Changed after publication', priority: String(target.priorityId), timing: 'ongoing', status: 'active',
    about: '', outcomes: '', version: String(target.version),
  }, `/p/scp/initiatives/${target.id}`);
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Start a revision/);
  assert.equal((await planInitiatives(2023))[0].name, target.name);
  const edit = await coordinator.get('/p/scp/plans/2023-24/edit');
  assert.equal(edit.statusCode, 409, 'the plan text is locked too');
  const again = await coordinator.post('/p/scp/plans/2023-24/publish', { confirm: 'yes', version }, '/p/scp/plans/2023-24');
  assert.equal(again.statusCode, 409, 'publishing twice is refused');
  assert.equal((await coordinator.get('/p/scp/plans/2023-24/publish')).statusCode, 409, 'and there is nothing to confirm');
});

test('a revision needs a reason; then the plan is editable again and its history lists the revision', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const police = await signedIn('police@demo.csp-hub.test');
  assert.equal((await police.post('/p/scp/plans/2023-24/revise', { reason: 'Not mine to revise' }, '/p/scp/plans/2023-24')).statusCode, 403);

  const form = await coordinator.get('/p/scp/plans/2023-24/revise');
  assert.equal(form.statusCode, 200);
  const bad = await coordinator.post('/p/scp/plans/2023-24/revise', { reason: '   ' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /Enter why the published plan needs to change/);
  assert.equal(await planStatus(2023), 'published');

  const reason = 'Strategic board added a town-centre initiative in September';
  const ok = await coordinator.post('/p/scp/plans/2023-24/revise', { reason });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/p/scp/plans/2023-24?done=revising');
  assert.equal(await planStatus(2023), 'revising');

  const [target] = await planInitiatives(2023);
  const edited = await coordinator.post(`/p/scp/initiatives/${target.id}`, {
    name: `${target.name} (revised)`, priority: String(target.priorityId), timing: 'ongoing', status: 'active',
    about: '', outcomes: '', version: String(target.version),
  }, `/p/scp/initiatives/${target.id}/edit`);
  assert.equal(edited.statusCode, 303, 'initiatives can be edited during the revision');

  const history = await coordinator.get('/p/scp/plans/2023-24/history');
  assert.equal(history.statusCode, 200);
  assert.match(history.body, new RegExp(`Revision 1 started: ${reason}`));
  assert.match(history.body, new RegExp(`<td class="govuk-table__cell">1</td><td class="govuk-table__cell">${reason}</td>`));
  assert.match(history.body, /Publish: Published/);
  assert.match(history.body, /Approve: Approved on 15 March 2023/);
  assert.match(history.body, /Roll forward: Rolled forward from 2022-23/);
});

test('while the plan is revised the public and the committee read it as published: no reason, no names, no history', async () => {
  const reason = 'Strategic board added a town-centre initiative in September';
  const [target] = await planInitiatives(2023);
  const coordinator = await (await new Agent(t.app).startSession(t.services, COORDINATOR)).get('/p/scp/plans/2023-24');
  assert.match(coordinator.body, new RegExp(`Revision 1: ${reason} \\(Chris Coordinator,`), 'the partnership sees why and by whom');
  assert.match(coordinator.body, /\(revised\)/);

  for (const [who, agent] of [['the public', new Agent(t.app)], ['a committee member', await new Agent(t.app).startSession(t.services, 'councillor@demo.csp-hub.test')]] as const) {
    const page = await agent.get('/p/scp/plans/2023-24');
    assert.equal(page.statusCode, 200, `${who} can read the plan`);
    assert.doesNotMatch(page.body, new RegExp(reason), `${who} is not told the reason`);
    assert.doesNotMatch(page.body, /Chris Coordinator/, `${who} is not told who started the revision`);
    assert.doesNotMatch(page.body, /\(revised\)/, `${who} reads the published wording`);
    assert.doesNotMatch(page.body, /History of changes/);
    assert.equal((await agent.get('/p/scp/plans/2023-24/history')).statusCode, 404);
    assert.equal((await agent.get(`/p/scp/initiatives/${target.id}/history`)).statusCode, 404);
    const initiative = await agent.get(`/p/scp/initiatives/${target.id}`);
    assert.equal(initiative.statusCode, 200);
    assert.doesNotMatch(initiative.body, /\(revised\)/);
  }
});

test('the introduction is edited with an optimistic lock: a stale save shows both versions and keeps the typed text', async () => {
  const first = await signedIn(COORDINATOR);
  const second = await signedIn('admin@demo.csp-hub.test');
  const form = await first.get('/p/scp/plans/2023-24/edit');
  assert.equal(form.statusCode, 200);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1];
  const other = 'Other vulnerabilities stay under review.';
  const saved = await first.post('/p/scp/plans/2023-24/edit', { introduction: 'First editor introduction', otherSection: other, version });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/p/scp/plans/2023-24?done=edited');

  const stale = await second.post('/p/scp/plans/2023-24/edit', { introduction: 'Second editor introduction', otherSection: other, version });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this plan after you opened it/);
  assert.match(stale.body, /<p class="govuk-body">First editor introduction<\/p>/, 'their version is shown');
  assert.match(stale.body, />Second editor introduction<\/textarea>/, 'my typed text is kept');
  const [row] = await t.db.query<{ introduction: string }>(
    `SELECT introduction FROM plans p JOIN partnerships s ON s.id = p.partnership_id WHERE s.slug = 'scp' AND p.start_year = 2023`);
  assert.equal(row.introduction, 'First editor introduction');

  const viewer = await signedIn('viewer@demo.csp-hub.test');
  assert.equal((await viewer.get('/p/scp/plans/2023-24/edit')).statusCode, 403);
  assert.equal((await viewer.post('/p/scp/plans/2023-24/edit', { introduction: 'x', otherSection: '', version }, '/p/scp/plans/2023-24')).statusCode, 403);
});

test('rolling forward into a draft already started keeps its priorities and adds the carried ones after them', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const admin = { userId: null, role: 'admin' as const, organisationId: null };
  const source = await t.services.lifecycle.create(scp, { startYear: 2030, introduction: '', otherSection: '', frameworkIds: [],
    priorities: [{ number: 1, title: 'Tackling drug supply', commitments: [], evidence: '', objectives: ['Disrupt county lines'] }] }, admin);
  const initiativeId = await insertInitiative(t.db, source.planId, {
    priorityId: source.priorityIds.get(1)!, objectiveId: source.objectiveIds.get('1:Disrupt county lines')!, name: 'Test purchase operations',
    timingKind: 'ongoing', startsOn: null, endsOn: null, timingText: null, description: '', outcomes: '', status: 'active', statusReason: null,
    priorityRefs: [1], crimeTypes: [], wards: [], leadIds: [], supportIds: [], leadBodyIds: [], supportBodyIds: [], frameworkItemIds: [], previousInitiativeId: null,
  }, 0);
  // Next year's draft was started first, e.g. by adopting an issue from the assessment.
  const started = await t.services.lifecycle.create(scp, { startYear: 2031, introduction: '', otherSection: '', frameworkIds: [],
    priorities: [{ number: 1, title: 'Possession of weapons', commitments: [], evidence: 'Rose 31%', objectives: [] }] }, admin);
  assert.equal((await t.services.lifecycle.rollForwardPreview(scp, 2030, admin)).nextYearDraft, true);

  const planId = await t.services.lifecycle.rollForward(scp, 2030, [initiativeId], admin);
  assert.equal(planId, started.planId);
  const priorities = await t.db.query<{ number: number; title: string }>('SELECT number, title FROM priorities WHERE plan_id = $1 ORDER BY number', [planId]);
  assert.deepEqual(priorities, [{ number: 1, title: 'Possession of weapons' }, { number: 2, title: 'Tackling drug supply' }]);
  const [carried] = await t.db.query<{ name: string; previous: number; objective: string }>(
    `SELECT i.name, i.previous_initiative_id AS previous, o.title AS objective FROM initiatives i JOIN objectives o ON o.id = i.objective_id WHERE i.plan_id = $1`, [planId]);
  assert.deepEqual(carried, { name: 'Test purchase operations', previous: initiativeId, objective: 'Disrupt county lines' });

  const again = await t.services.lifecycle.rollForwardPreview(scp, 2030, admin);
  assert.equal(again.nextYearExists, true, 'a plan is rolled into next year once');
  await assert.rejects(t.services.lifecycle.rollForward(scp, 2030, [initiativeId], admin), /has been rolled into it/);
});

