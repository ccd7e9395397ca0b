import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { insertInitiative } from './queries.ts';
import { historyFor } from '../../platform/audit.ts';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { PriorityFate } from './roll-forward.ts';

// Rolling forward into a draft that was started first (by adopting issues from the assessment):
// each of this year's priorities is carried, merged into one of the draft's, or retired, and its
// objectives, initiatives and the priority numbers they cite follow — or nothing is saved at all.

let t: Awaited<ReturnType<typeof testApp>>;
const ADMIN: Actor = { userId: null, role: 'admin', organisationId: null };
const scp = () => t.services.partnerships.bySlug('scp');

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

interface Built { planId: number; priority: Map<number | null, number>; objective: Map<string, number>; initiative: Map<string, number> }

/**
 * A plan with three priorities: 1 "Drug supply" (objectives "Disrupt county lines", "Educate young people"),
 * 2 "Public places" (objective "Night-time economy"), 3 "Hidden harm". Initiatives name the priorities they serve by number.
 */
async function sourcePlan(startYear: number): Promise<Built> {
  const partnership = await scp();
  const created = await t.services.lifecycle.create(partnership, { startYear, introduction: 'Our plan.', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Drug supply', commitments: ['Disrupt supply'], evidence: 'Drug offences rose', objectives: ['Disrupt county lines', 'Educate young people'] },
    { number: 2, title: 'Public places', commitments: [], evidence: '', objectives: ['Night-time economy'] },
    { number: 3, title: 'Hidden harm', commitments: [], evidence: '', objectives: [] },
  ] }, ADMIN);
  const [item] = await t.db.query<{ id: number; frameworkId: number }>(
    `SELECT fi.id, fi.framework_id AS "frameworkId" FROM framework_items fi JOIN frameworks f ON f.id = fi.framework_id
      WHERE f.partnership_id = $1 OR f.partnership_id IS NULL ORDER BY fi.id LIMIT 1`, [partnership.id]);
  await t.db.query('INSERT INTO plan_frameworks VALUES ($1, $2)', [created.planId, item.frameworkId]);
  const initiative = new Map<string, number>();
  let position = 0;
  const add = async (name: string, priority: number, objective: string | null, refs: number[], status = 'active', frameworkItemIds: number[] = []) => {
    initiative.set(name, await insertInitiative(t.db, created.planId, {
      priorityId: created.priorityIds.get(priority)!, objectiveId: objective ? created.objectiveIds.get(`${priority}:${objective}`)! : null, name,
      timingKind: 'ongoing', startsOn: null, endsOn: null, timingText: null, description: '', outcomes: '', status, statusReason: null,
      priorityRefs: refs, crimeTypes: [], wards: ['Old Heath'], leadIds: [], supportIds: [], leadBodyIds: [], supportBodyIds: [], frameworkItemIds, previousInitiativeId: null,
    }, position++));
  };
  await add('Test purchases', 1, 'Disrupt county lines', [1, 2], 'active', [item.id]);
  await add('Schools talks', 1, 'Educate young people', [1], 'planned');
  await add('Closed programme', 1, null, [1], 'completed');
  await add('Street pastors', 2, 'Night-time economy', [2, 3]);
  await add('Town centre patrols', 2, null, [2]);
  await add('Helpline posters', 3, null, [3, 1], 'delayed');
  return { planId: created.planId, priority: created.priorityIds, objective: created.objectiveIds, initiative };
}

/** Next year's draft as adoption starts it: two priorities of its own, one with an objective. */
async function startedDraft(startYear: number) {
  return t.services.lifecycle.create(await scp(), { startYear, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Possession of weapons', commitments: [], evidence: 'Rose 31%', objectives: ['Night-time economy'] },
    { number: 2, title: 'Shoplifting', commitments: [], evidence: '', objectives: [] },
  ] }, ADMIN);
}

async function draftState(planId: number) {
  const priorities = await t.db.query<{ id: number; number: number; title: string }>('SELECT id, number, title FROM priorities WHERE plan_id = $1 ORDER BY number', [planId]);
  const objectives = await t.db.query<{ id: number; priorityId: number; title: string; position: number }>(
    `SELECT o.id, o.priority_id AS "priorityId", o.title, o.position FROM objectives o JOIN priorities p ON p.id = o.priority_id WHERE p.plan_id = $1 ORDER BY o.priority_id, o.position`, [planId]);
  const initiatives = await t.db.query<{ id: number; name: string; priorityId: number; objectiveId: number | null; priorityRefs: number[]; previous: number | null; status: string; wards: string[] }>(
    `SELECT id, name, priority_id AS "priorityId", objective_id AS "objectiveId", priority_refs AS "priorityRefs", previous_initiative_id AS previous, status, wards
       FROM initiatives WHERE plan_id = $1 ORDER BY position`, [planId]);
  const [plan] = await t.db.query<{ version: number; introduction: string }>('SELECT version, introduction FROM plans WHERE id = $1', [planId]);
  const [{ n: audit }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  return { priorities, objectives, initiatives, plan, audit };
}

async function history(recordType: string, recordId: number) {
  return (await historyFor(t.db, recordType, recordId)).map((h) => `${h.action}: ${h.summary}`);
}

test('mapping carries, merges and retires priorities: objectives and initiatives move, numbers follow, history is kept', async () => {
  const partnership = await scp();
  const source = await sourcePlan(2040);
  const draft = await startedDraft(2041);
  const weapons = draft.priorityIds.get(1)!;
  const fates = new Map<number, PriorityFate>([
    [source.priority.get(1)!, { kind: 'carry' }],
    [source.priority.get(2)!, { kind: 'merge', into: weapons }],
    [source.priority.get(3)!, { kind: 'retire' }],
  ]);
  const preview = await t.services.lifecycle.rollForwardPreview(partnership, 2040, ADMIN, { fates });
  assert.deepEqual(preview.problems, []);
  assert.deepEqual(preview.outline.retired.map((r) => [r.number, r.initiatives.map((i) => i.name)]), [[3, ['Helpline posters']]],
    'the preview says the retired priority’s ticked initiative is not carried');
  assert.deepEqual(preview.outline.priorities.map((p) => `${p.number}. ${p.title}`), ['1. Possession of weapons', '2. Shoplifting', '3. Drug supply']);

  const carry = [...source.initiative.entries()].filter(([name]) => name !== 'Closed programme').map(([, id]) => id);
  const planId = await t.services.lifecycle.rollForward(partnership, 2040, carry, ADMIN, fates);
  assert.equal(planId, draft.planId, 'the draft already started is filled, not replaced');

  const after = await draftState(planId);
  assert.deepEqual(after.priorities.map((p) => `${p.number}. ${p.title}`), ['1. Possession of weapons', '2. Shoplifting', '3. Drug supply'],
    'three priorities, not five: the merged one joins the draft’s, the retired one is gone, the carried one follows the draft’s own');
  const drug = after.priorities.find((p) => p.title === 'Drug supply')!;
  const objectivesOf = (priorityId: number) => after.objectives.filter((o) => o.priorityId === priorityId).map((o) => [o.title, o.position + 1]);
  assert.deepEqual(objectivesOf(drug.id), [['Disrupt county lines', 1], ['Educate young people', 2]]);
  assert.deepEqual(objectivesOf(weapons), [['Night-time economy', 1]], 'a merged objective joins the draft’s objective of the same title');
  const [nightTime] = after.objectives.filter((o) => o.priorityId === weapons);
  assert.equal(nightTime.id, draft.objectiveIds.get('1:Night-time economy'));

  const byName = new Map(after.initiatives.map((i) => [i.name, i]));
  assert.deepEqual([...byName.keys()].sort(), ['Schools talks', 'Street pastors', 'Test purchases', 'Town centre patrols']);
  const objectiveTitle = (id: number | null) => after.objectives.find((o) => o.id === id)?.title ?? null;
  const where = (name: string) => { const i = byName.get(name)!; return [after.priorities.find((p) => p.id === i.priorityId)!.number, objectiveTitle(i.objectiveId), i.priorityRefs]; };
  // Old 1 → 3, old 2 → 1 (merged), old 3 retired: every cited number is rewritten, retired ones dropped.
  assert.deepEqual(where('Test purchases'), [3, 'Disrupt county lines', [1, 3]]);
  assert.deepEqual(where('Schools talks'), [3, 'Educate young people', [3]]);
  assert.deepEqual(where('Street pastors'), [1, 'Night-time economy', [1]]);
  assert.deepEqual(where('Town centre patrols'), [1, null, [1]]);
  for (const [name, id] of source.initiative) if (byName.has(name)) assert.equal(byName.get(name)!.previous, id, `${name} links back to last year`);
  assert.equal(byName.get('Schools talks')!.status, 'planned');
  assert.deepEqual(byName.get('Test purchases')!.wards, ['Old Heath']);
  const [link] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM initiative_framework_items ifi JOIN plan_frameworks pf ON pf.plan_id = $1
       JOIN framework_items fi ON fi.id = ifi.framework_item_id AND fi.framework_id = pf.framework_id WHERE ifi.initiative_id = $2`,
  [planId, byName.get('Test purchases')!.id]);
  assert.equal(link.n, 1, 'the framework link is kept, and the draft maps to that framework');
  assert.equal(after.plan.introduction, 'Our plan.', 'the draft had no introduction: it starts from last year’s');

  // The plan page and the document show the new numbers.
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const page = await coordinator.get('/p/scp/plans/2041-42');
  assert.match(page.body, /Priority 3: Drug supply/);
  assert.doesNotMatch(page.body, /Priority 4:|Priority 5:/);

  assert.deepEqual((await history('plan', planId))[0],
    'roll_forward: Rolled forward from 2040-41 into the draft already started, carrying 4 initiatives; priority 1 became priority 3, priority 2 merged into priority 1, priority 3 retired');
  assert.deepEqual(await history('priority', drug.id), ['create: Carried from priority 1 of the 2040-41 plan as priority 3 of the 2041-42 plan']);
  assert.deepEqual((await history('priority', weapons))[0], 'update: Priority 2 of the 2040-41 plan merged into it: 2 initiatives carried');
  assert.deepEqual(await history('initiative', byName.get('Street pastors')!.id), ['create: Carried from the 2040-41 plan (was under priority 2)']);
  assert.deepEqual(await history('objective', after.objectives.find((o) => o.title === 'Educate young people')!.id), ['create: Carried from the 2040-41 plan under priority 3']);
});

test('bad mappings are refused with a clear message, and nothing is saved', async () => {
  const partnership = await scp();
  const source = await sourcePlan(2042);
  const draft = await startedDraft(2043);
  const before = await draftState(draft.planId);
  const carry = [...source.initiative.values()];
  const [elsewhere] = await t.db.query<{ id: number }>(
    `SELECT pr.id FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.partnership_id = $1 AND p.start_year = 2022 ORDER BY pr.number LIMIT 1`, [partnership.id]);
  const attempt = (fates: [number, PriorityFate][], ids = carry) => t.services.lifecycle.rollForward(partnership, 2042, ids, ADMIN, new Map(fates));

  await assert.rejects(attempt([[source.priority.get(1)!, { kind: 'carry' }], [source.priority.get(2)!, { kind: 'merge', into: elsewhere.id }]]),
    (err: Error) => /Priority 2 can only be merged into a priority of the 2043-44 draft: choose one from the list/.test(err.message),
    'a priority of another plan is not a merge target');
  await assert.rejects(attempt([[source.priority.get(1)!, { kind: 'merge', into: source.priority.get(2)! }]]),
    /Priority 1 can only be merged into a priority of the 2043-44 draft/, 'nor is a priority of this year');
  await assert.rejects(attempt([[elsewhere.id, { kind: 'retire' }]]), new RegExp(`Priority id ${elsewhere.id} is not a priority of the 2042-43 plan`));
  const [foreign] = await t.db.query<{ id: number }>('SELECT id FROM initiatives WHERE plan_id <> $1 ORDER BY id LIMIT 1', [source.planId]);
  await assert.rejects(attempt([], [...carry, foreign.id]), /Tick only initiatives of the 2042-43 plan/);

  const afterwards = await draftState(draft.planId);
  assert.deepEqual(afterwards, before, 'the draft, its version and the history are untouched');

  // Carrying a priority the draft already has under the same title would make two of them.
  const twin = await t.services.lifecycle.create(partnership, { startYear: 2045, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'drug supply ', commitments: [], evidence: '', objectives: [] }] }, ADMIN);
  const source2 = await sourcePlan(2044);
  await assert.rejects(t.services.lifecycle.rollForward(partnership, 2044, [], ADMIN, new Map([[source2.priority.get(1)!, { kind: 'carry' }]])),
    /The 2045-46 draft already has a priority called “Drug supply”: merge priority 1 into it, or retire it/);
  assert.deepEqual((await t.services.lifecycle.rollForwardPreview(partnership, 2044, ADMIN)).fates.get(source2.priority.get(1)!),
    { kind: 'merge', into: twin.priorityIds.get(1) }, 'by default a priority merges into the draft’s of the same title');

  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM initiatives WHERE plan_id = $1', [twin.planId]);
  assert.equal(n, 0);
});

test('without a draft, retiring a priority numbers the rest without a gap and drops it from every reference', async () => {
  const partnership = await scp();
  const source = await sourcePlan(2046);
  const planId = await t.services.lifecycle.rollForward(partnership, 2046, [...source.initiative.values()], ADMIN,
    new Map([[source.priority.get(2)!, { kind: 'retire' }]]));
  const after = await draftState(planId);
  assert.deepEqual(after.priorities.map((p) => `${p.number}. ${p.title}`), ['1. Drug supply', '2. Hidden harm']);
  const refs = Object.fromEntries(after.initiatives.map((i) => [i.name, i.priorityRefs]));
  assert.deepEqual(refs, { 'Test purchases': [1], 'Schools talks': [1], 'Closed programme': [1], 'Helpline posters': [1, 2] },
    'old 3 is now 2; references to the retired 2 are gone; ticked initiatives of the retired priority are not carried');
  assert.equal(after.initiatives.find((i) => i.name === 'Helpline posters')!.status, 'delayed', 'delayed work stays delayed');
});

test('the roll-forward page offers the mapping, previews it without saving, and refuses a mapping to another plan’s priority', async () => {
  const partnership = await scp();
  const source = await sourcePlan(2050);
  const draft = await startedDraft(2051);
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const url = '/p/scp/plans/2050-51/roll-forward';

  const page = await coordinator.get(url);
  assert.equal(page.statusCode, 200);
  const select = (html: string, priorityId: number) => new RegExp(`<select class="govuk-select[^"]*" id="fate-${priorityId}" name="fate"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  const options = (html: string, priorityId: number) => [...select(html, priorityId).matchAll(/<option value="([^"]+)"( selected)?>([^<]*)<\/option>/g)].map((m) => `${m[1]}${m[2] ? '*' : ''} ${m[3]}`);
  const [p1, p2, p3] = [1, 2, 3].map((n) => source.priority.get(n)!);
  const [weapons, shoplifting] = [1, 2].map((n) => draft.priorityIds.get(n)!);
  assert.deepEqual(options(page.body, p2), [`${p2}:carry* Carry as its own priority`, `${p2}:into-${weapons} Merge into: Possession of weapons`,
    `${p2}:into-${shoplifting} Merge into: Shoplifting`, `${p2}:retire Retire (do not carry)`]);
  assert.match(page.body, /<label class="govuk-label" for="fate-\d+">\s*Priority 2: Public places\s*<\/label>/);

  const fields = { fate: [`${p1}:carry`, `${p2}:into-${weapons}`, `${p3}:retire`], carry: [...source.initiative.values()].map(String) };
  const before = await draftState(draft.planId);
  const preview = await coordinator.post(url, { ...fields, action: 'preview' });
  assert.equal(preview.statusCode, 200);
  assert.deepEqual(await draftState(draft.planId), before, 'the preview saves nothing');
  assert.match(preview.body, /Priority 3 of 2050-51, Hidden harm, is retired\.\s*Its 1 ticked initiative is not carried: Helpline posters\./);
  assert.match(preview.body, /id="outline-priority-1"[\s\S]*?Already in the 2051-52 draft; takes in priority 2 of 2050-51, Public places\./);
  assert.match(preview.body, /id="outline-priority-3"[\s\S]*?Priority 3: Drug supply[\s\S]*?Test purchases \(serves priority 1 &amp; 3\)/);
  assert.deepEqual(options(preview.body, p3).filter((o) => o.includes('*')), [`${p3}:retire* Retire (do not carry)`], 'the choice is kept');

  const [elsewhere] = await t.db.query<{ id: number }>(
    `SELECT pr.id FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.partnership_id = $1 AND p.start_year = 2022 ORDER BY pr.number LIMIT 1`, [partnership.id]);
  const bad = await coordinator.post(url, { ...fields, fate: [`${p1}:carry`, `${p2}:into-${elsewhere.id}`, `${p3}:retire`] });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, new RegExp(`<a href="#fate-${p2}">Priority 2 can only be merged into a priority of the 2051-52 draft: choose one from the list</a>`));
  const garbled = await coordinator.post(url, { ...fields, fate: ['1:anywhere'] });
  assert.equal(garbled.statusCode, 400);
  assert.match(garbled.body, /<a href="#fate">Choose what happens to each priority from the lists<\/a>/);
  assert.deepEqual(await draftState(draft.planId), before, 'nothing was saved');

  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  assert.equal((await viewer.post(url, { ...fields, action: 'preview' }, url)).statusCode, 403);
  // The public is asked to sign in first, whether the plan is a draft or published: nothing says which.
  assert.match(String((await new Agent(t.app).get(url)).headers.location), /^\/sign-in\?returnTo=/, 'the public does not see this year’s draft either');
  assert.match(String((await new Agent(t.app).get('/p/scp/plans/2022-23/roll-forward')).headers.location), /^\/sign-in\?returnTo=/, 'nor plan next year from a published plan');
  assert.equal((await viewer.get('/p/scp/plans/2022-23/roll-forward')).statusCode, 403, 'a viewer may not plan next year');

  const ok = await coordinator.post(url, fields);
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/p/scp/plans/2051-52?done=rolled-forward');
  const after = await draftState(draft.planId);
  assert.deepEqual(after.priorities.map((p) => `${p.number}. ${p.title}`), ['1. Possession of weapons', '2. Shoplifting', '3. Drug supply']);
});

test('a priority doubled in a draft is merged into another: objectives and initiatives move, references follow', async () => {
  const partnership = await scp();
  const draft = await t.services.lifecycle.create(partnership, { startYear: 2055, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Drugs', commitments: [], evidence: '', objectives: ['County lines'] },
    { number: 2, title: 'Drug supply', commitments: [], evidence: '', objectives: ['county lines', 'Schools'] },
    { number: 3, title: 'Hidden harm', commitments: [], evidence: '', objectives: [] },
  ] }, ADMIN);
  let position = 0;
  const add = async (name: string, priority: number, objective: string | null, refs: number[]) => insertInitiative(t.db, draft.planId, {
    priorityId: draft.priorityIds.get(priority)!, objectiveId: objective ? draft.objectiveIds.get(`${priority}:${objective}`)! : null, name,
    timingKind: 'ongoing', startsOn: null, endsOn: null, timingText: null, description: '', outcomes: '', status: 'active', statusReason: null,
    priorityRefs: refs, crimeTypes: [], wards: [], leadIds: [], supportIds: [], leadBodyIds: [], supportBodyIds: [], frameworkItemIds: [], previousInitiativeId: null,
  }, position++);
  const ids = { a: await add('Test purchases', 2, 'county lines', [2]), b: await add('Schools talks', 2, 'Schools', [2, 3]),
    c: await add('Posters', 2, null, [2]), d: await add('Op Raptor', 1, 'County lines', [1, 2]), e: await add('Helpline', 3, null, [3]) };
  const [drugs, supply] = [draft.priorityIds.get(1)!, draft.priorityIds.get(2)!];
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const page = await coordinator.get(`/p/scp/priorities/${supply}/delete`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Merge it into another priority/);
  assert.match(page.body, new RegExp(`<option value="${drugs}">Priority 1: Drugs</option>`));
  const version = /name="version" value="(\d+)"/.exec(page.body)![1];
  const before = await draftState(draft.planId);

  const [elsewhere] = await t.db.query<{ id: number }>('SELECT id FROM priorities WHERE plan_id <> $1 ORDER BY id LIMIT 1', [draft.planId]);
  const bad = await coordinator.post(`/p/scp/priorities/${supply}/merge`, { into: String(elsewhere.id), version }, `/p/scp/priorities/${supply}/delete`);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /<a href="#into">Choose another priority of the 2055-56 plan to merge priority 2 into<\/a>/);
  const stale = await coordinator.post(`/p/scp/priorities/${supply}/merge`, { into: String(drugs), version: String(Number(version) + 1) }, `/p/scp/priorities/${supply}/delete`);
  assert.equal(stale.statusCode, 409);
  assert.deepEqual(await draftState(draft.planId), before, 'nothing moved');

  const ok = await coordinator.post(`/p/scp/priorities/${supply}/merge`, { into: String(drugs), version }, `/p/scp/priorities/${supply}/delete`);
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/p/scp/plans/2055-56#priority-1');
  const after = await draftState(draft.planId);
  assert.deepEqual(after.priorities.map((p) => `${p.number}. ${p.title}`), ['1. Drugs', '3. Hidden harm']);
  assert.deepEqual(after.objectives.filter((o) => o.priorityId === drugs).map((o) => [o.title, o.position + 1]), [['County lines', 1], ['Schools', 2]]);
  const where = Object.fromEntries(after.initiatives.map((i) => [i.name, [i.priorityId === drugs ? 1 : 3, after.objectives.find((o) => o.id === i.objectiveId)?.title ?? null, i.priorityRefs]]));
  assert.deepEqual(where, {
    'Test purchases': [1, 'County lines', [1]], 'Schools talks': [1, 'Schools', [1, 3]], Posters: [1, null, [1]],
    'Op Raptor': [1, 'County lines', [1]], Helpline: [3, null, [3]],
  });
  assert.equal((await history('priority', drugs))[0], 'update: Priority 2, Drug supply, merged into it: 3 initiatives moved');
  assert.deepEqual((await history('priority', supply))[0], 'delete: Merged into priority 1 of the 2055-56 plan');
  assert.deepEqual(await history('initiative', ids.a), ['update: Priority 2 was merged into priority 1', 'update: Moved from priority 2 to priority 1']);
});

test('the section outside the key priorities stays unnumbered: it joins the draft’s own section, is never cited by number', async () => {
  const partnership = await scp();
  const source = await t.services.lifecycle.create(partnership, { startYear: 2057, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Drug supply', commitments: [], evidence: '', objectives: [] },
    { kind: 'cross_cutting', number: null, title: 'Vulnerabilities and opportunities', commitments: [], evidence: '', objectives: ['Suicide prevention'] },
  ] }, ADMIN);
  const add = (name: string, priority: number | null, objective: string | null, refs: number[]) => insertInitiative(t.db, source.planId, {
    priorityId: source.priorityIds.get(priority)!, objectiveId: objective ? source.objectiveIds.get(`${priority}:${objective}`)! : null, name,
    timingKind: 'ongoing', startsOn: null, endsOn: null, timingText: null, description: '', outcomes: '', status: 'active', statusReason: null,
    priorityRefs: refs, crimeTypes: [], wards: [], leadIds: [], supportIds: [], leadBodyIds: [], supportBodyIds: [], frameworkItemIds: [], previousInitiativeId: null,
  }, 0);
  await add('Test purchases', 1, null, [1]);
  await add('Suicide prevention group', null, 'Suicide prevention', [1]);
  const outside = source.priorityIds.get(null)!;

  // Into a fresh draft it is carried as the draft's section, unnumbered; key priorities are numbered from 1.
  const fresh = await t.services.lifecycle.rollForward(partnership, 2057, [], ADMIN);
  assert.deepEqual(await t.db.query('SELECT kind, number, title FROM priorities WHERE plan_id = $1 ORDER BY number NULLS LAST', [fresh]),
    [{ kind: 'key', number: 1, title: 'Drug supply' }, { kind: 'cross_cutting', number: null, title: 'Vulnerabilities and opportunities' }]);

  // A draft that has its own section: this year's joins it by default; carrying it as a second one is refused.
  await t.db.query('DELETE FROM plans WHERE id = $1', [fresh]);
  const draft = await t.services.lifecycle.create(partnership, { startYear: 2058, introduction: '', otherSection: '', frameworkIds: [], priorities: [
    { number: 1, title: 'Shoplifting', commitments: [], evidence: '', objectives: [] },
    { kind: 'cross_cutting', number: null, title: 'Other partnership work', commitments: [], evidence: '', objectives: [] },
  ] }, ADMIN);
  const theirs = draft.priorityIds.get(null)!;
  const preview = await t.services.lifecycle.rollForwardPreview(partnership, 2057, ADMIN);
  assert.deepEqual(preview.fates.get(outside), { kind: 'merge', into: theirs });
  await assert.rejects(t.services.lifecycle.rollForward(partnership, 2057, [], ADMIN, new Map([[outside, { kind: 'carry' }]])),
    /The 2058-59 draft already has its section outside the key priorities, “Other partnership work”: merge the section outside the key priorities into it, or retire it/);

  const ids = (await t.db.query<{ id: number }>('SELECT id FROM initiatives WHERE plan_id = $1', [source.planId])).map((r) => r.id);
  await t.services.lifecycle.rollForward(partnership, 2057, ids, ADMIN);
  const after = await draftState(draft.planId);
  assert.deepEqual(after.priorities.map((p) => [p.number, p.title]), [[1, 'Shoplifting'], [2, 'Drug supply'], [null, 'Other partnership work']]);
  const byName = Object.fromEntries(after.initiatives.map((i) => [i.name, [i.priorityId, i.priorityRefs]]));
  assert.deepEqual(byName['Suicide prevention group'], [theirs, [2]], 'it joins the draft’s section, and what it cites is renumbered');
  assert.deepEqual((await history('plan', draft.planId))[0],
    'roll_forward: Rolled forward from 2057-58 into the draft already started, carrying 2 initiatives; priority 1 became priority 2, the section outside the key priorities joined the draft’s');
});
