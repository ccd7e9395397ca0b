import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertInitiative } from './queries.ts';
import { unfinishedItems } from './publish-checks.ts';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';

// Publishing asks for confirmation and lists what looks unfinished, each with a link to put it
// right; the coordinator can still publish deliberately, and the history says so.

let t: Awaited<ReturnType<typeof testApp>>;
const ADMIN: Actor = { userId: null, role: 'admin', organisationId: null };

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

/** A draft with two priorities, an initiative under the first only, and no introduction. */
async function unfinishedDraft(startYear: number) {
  const scp = await t.services.partnerships.bySlug('scp');
  const created = await t.services.lifecycle.create(scp, { startYear, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Possession of weapons', commitments: [], evidence: '', objectives: [] },
    { number: 2, title: 'Shoplifting', commitments: [], evidence: '', objectives: [] },
  ] }, ADMIN);
  await insertInitiative(t.db, created.planId, {
    priorityId: created.priorityIds.get(1)!, objectiveId: null, name: 'Knife amnesty bins', timingKind: 'ongoing', startsOn: null, endsOn: null,
    timingText: null, description: '', outcomes: '', status: 'active', statusReason: null, priorityRefs: [1], crimeTypes: [], wards: [],
    leadIds: [], supportIds: [], leadBodyIds: [], supportBodyIds: [], frameworkItemIds: [], previousInitiativeId: null,
  }, 0);
  return created;
}

async function status(planId: number) {
  const [row] = await t.db.query<{ status: string }>('SELECT status FROM plans WHERE id = $1', [planId]);
  return row.status;
}

test('what looks unfinished: priorities with no initiative, no introduction, no approval', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const { planId, priorityIds } = await unfinishedDraft(2060);
  const plan = await t.services.plans.get(scp, 2060, ADMIN);
  assert.deepEqual(unfinishedItems(plan, true), [
    { kind: 'priority-without-initiative', text: 'Priority 2, Shoplifting, has no initiative',
      fix: { text: 'Add an initiative to priority 2', path: `/initiatives/new?priority=${priorityIds.get(2)}` } },
    { kind: 'no-introduction', text: 'The plan has no introduction', fix: { text: 'Write the introduction', path: '/edit' } },
    { kind: 'no-approval', text: 'No approval has been recorded', fix: { text: 'Record approval', path: '/approve' } },
  ]);
  // Approved, the plan's content is locked: what is missing is still listed, with nothing to follow.
  assert.deepEqual(unfinishedItems({ ...plan, status: 'approved' }, false).map((u) => [u.kind, u.fix]),
    [['priority-without-initiative', null], ['no-introduction', null]]);
  assert.deepEqual(unfinishedItems({ ...plan, status: 'revising', revision: 2, introduction: 'Hello' }, true).map((u) => u.text),
    ['Priority 2, Shoplifting, has no initiative', 'No approval of revision 2 has been recorded']);
  assert.ok(planId);
});

test('the confirmation page lists each unfinished thing with a link; publishing anyway is recorded', async () => {
  const { planId, priorityIds } = await unfinishedDraft(2061);
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const plan = await coordinator.get('/p/scp/plans/2061-62');
  assert.match(plan.body, /<a class="govuk-button govuk-button--secondary" href="\/p\/scp\/plans\/2061-62\/publish">Publish the plan<\/a>/);

  const page = await coordinator.get('/p/scp/plans/2061-62/publish');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="govuk-heading-l">Publish the 2061-62 plan<\/h1>/);
  const list = /<ul class="govuk-list govuk-list--bullet" id="unfinished">([\s\S]*?)<\/ul>/.exec(page.body)![1];
  const items = [...list.matchAll(/<li>([^<]*?) – <a class="govuk-link" href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2], m[3]]);
  assert.deepEqual(items, [
    ['Priority 2, Shoplifting, has no initiative', `/p/scp/plans/2061-62/initiatives/new?priority=${priorityIds.get(2)}`, 'Add an initiative to priority 2'],
    ['The plan has no introduction', '/p/scp/plans/2061-62/edit', 'Write the introduction'],
    ['No approval has been recorded', '/p/scp/plans/2061-62/approve', 'Record approval'],
  ]);
  assert.match(page.body, /Publish anyway/);

  // Each link leads somewhere that puts it right: the new initiative form has priority 2 chosen.
  const form = await coordinator.get(items[0][1]);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`<option value="${priorityIds.get(2)}" selected>`));
  const approve = await coordinator.get(items[2][1]);
  assert.match(approve.body, /Before you record approval, some things look unfinished/);
  assert.match(approve.body, /Priority 2, Shoplifting, has no initiative/);
  assert.doesNotMatch(approve.body, /No approval has been recorded/);

  // Who may see and do it.
  // The public is asked to sign in, as for a year with no plan at all: nothing says the draft exists.
  for (const year of ['2061-62', '2071-72']) {
    const anonymous = await new Agent(t.app).get(`/p/scp/plans/${year}/publish`);
    assert.equal(anonymous.statusCode, 303, year);
    assert.equal(anonymous.headers.location, `/sign-in?returnTo=${encodeURIComponent(`/p/scp/plans/${year}/publish`)}`);
  }
  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  assert.equal((await viewer.get('/p/scp/plans/2061-62/publish')).statusCode, 403);
  assert.equal((await viewer.post('/p/scp/plans/2061-62/publish', { confirm: 'yes', version: '1' }, '/p/scp/plans/2061-62')).statusCode, 403);
  assert.equal(await status(planId), 'draft');

  // The plan changed after the page was opened: ask again rather than publish what was not seen.
  const version = /name="version" value="(\d+)"/.exec(page.body)![1];
  const edited = await coordinator.post('/p/scp/plans/2061-62/edit', { introduction: 'Our plan for 2061-62.', otherSection: '', version });
  assert.equal(edited.statusCode, 303);
  const stale = await coordinator.post('/p/scp/plans/2061-62/publish', { confirm: 'yes', version }, '/p/scp/plans/2061-62');
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /The plan changed since you opened this page/);
  assert.doesNotMatch(stale.body, /The plan has no introduction/, 'the list is up to date');
  assert.equal(await status(planId), 'draft');

  const fresh = /name="version" value="(\d+)"/.exec(stale.body)![1];
  const published = await coordinator.post('/p/scp/plans/2061-62/publish', { confirm: 'yes', version: fresh }, '/p/scp/plans/2061-62/publish');
  assert.equal(published.statusCode, 303);
  assert.equal(published.headers.location, '/p/scp/plans/2061-62?done=published');
  assert.equal(await status(planId), 'published');
  const [latest] = await t.services.plans.history('plan', planId, ADMIN);
  assert.equal(latest.summary, 'Published, with 2 things unfinished: Priority 2, Shoplifting, has no initiative; No approval has been recorded');

  // Published without an approval on record: the document does not claim one.
  const doc = await new Agent(t.app).get('/p/scp/plans/2061-62/document');
  assert.equal(doc.statusCode, 200);
  assert.match(doc.body, /Published on \d{1,2} \w+ \d{4}/);
  assert.doesNotMatch(doc.body, /approved/i);
});

test('an approved plan with nothing unfinished is published with a plain confirmation', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const { planId } = await unfinishedDraft(2062);
  await t.db.query(`DELETE FROM priorities WHERE plan_id = $1 AND number = 2`, [planId]);
  await t.services.lifecycle.updateText(scp, 2062, { introduction: 'Ready.', otherSection: '', version: 1 }, ADMIN);
  const board = (await t.services.partnerships.bodies(scp.id))[0];
  await t.services.lifecycle.approve(scp, 2062, { bodyId: board.id, approvedOn: '2062-03-01' }, ADMIN);
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const page = await coordinator.get('/p/scp/plans/2062-63/publish');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Nothing looks unfinished/);
  assert.match(page.body, />\s*Publish the plan\s*<\/button>/);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1];
  const res = await coordinator.post('/p/scp/plans/2062-63/publish', { confirm: 'yes', version }, '/p/scp/plans/2062-63/publish');
  assert.equal(res.statusCode, 303);
  const [latest] = await t.services.plans.history('plan', planId, ADMIN);
  assert.equal(latest.summary, 'Published');
});
