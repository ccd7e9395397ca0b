import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { readDemo } from '../demo/load.ts';
import type { DemoPlan } from '../../../demo/types.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { PlanJson, PlanSummaryJson, InitiativeJson } from './serialise.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const PLAN_FACTS = new URL('../../../../shared/seeds/plans-facts.json', import.meta.url);

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

async function getJson<T>(url: string, agent?: Agent) {
  const res = agent ? await agent.get(url) : await t.app.inject({ method: 'GET', url });
  assert.match(String(res.headers['content-type']), /^application\/json/, `${url} answers JSON`);
  return { res, body: res.json() as T };
}

const demoInitiatives = (p: DemoPlan) => p.priorities.flatMap((pr) => [...pr.objectives.flatMap((o) => o.initiatives), ...pr.initiatives]);
const apiInitiatives = (p: PlanJson): InitiativeJson[] => p.priorities.flatMap((pr) => [...pr.objectives.flatMap((o) => o.initiatives), ...pr.initiatives]);

test('lists the partnerships with their areas and a link to each', async () => {
  const { res, body } = await getJson<{ partnerships: { slug: string; areas: { code: string }[]; links: { self: string } }[] }>('/api/v1/partnerships');
  assert.equal(res.statusCode, 200);
  const scp = body.partnerships.find((p) => p.slug === 'scp');
  assert.ok(scp, 'the demo partnership is listed');
  assert.ok(scp.areas.length > 0 && /^E0\d{7}$/.test(scp.areas[0].code));
  assert.equal(scp.links.self, '/api/v1/partnerships/scp');
});

test('a partnership has its organisations and bodies with members and roles, and nothing internal', async () => {
  const demo = readDemo();
  const { res, body } = await getJson<{ organisations: Record<string, unknown>[]; bodies: { name: string; members: { role: string }[] }[] }>('/api/v1/partnerships/scp');
  assert.equal(res.statusCode, 200);
  assert.equal(body.organisations.length, demo.organisations.length);
  assert.deepEqual(Object.keys(body.organisations[0]).sort(), ['acronym', 'kind', 'name']);
  assert.equal(body.bodies.length, demo.bodies.length);
  const members = body.bodies.flatMap((b) => b.members);
  assert.equal(members.length, demo.bodies.flatMap((b) => b.members).length);
  for (const m of members) assert.ok(['chair', 'deputy_chair', 'member'].includes(m.role));
});

test('frameworks come with their numbered items', async () => {
  const demo = readDemo();
  const { res, body } = await getJson<{ frameworks: { name: string; items: { number: string; title: string; commitments: string[] }[] }[] }>('/api/v1/partnerships/scp/frameworks');
  assert.equal(res.statusCode, 200);
  assert.equal(body.frameworks.length, demo.frameworks.length);
  for (const f of demo.frameworks) {
    const got = body.frameworks.find((x) => x.name === f.name);
    assert.ok(got, `${f.name} is listed`);
    assert.deepEqual(got.items.map((i) => i.number), f.items.map((i) => i.number));
  }
});

test('anonymous callers see the four published demo plans, newest first', async () => {
  const { res, body } = await getJson<{ plans: PlanSummaryJson[] }>('/api/v1/partnerships/scp/plans');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(body.plans.map((p) => p.year), ['2022-23', '2021-22', '2020-21', '2019-20']);
  for (const p of body.plans) {
    assert.equal(p.status, 'published');
    assert.equal(p.links.self, `/api/v1/partnerships/scp/plans/${p.year}`);
  }
  assert.notEqual(res.headers['cache-control'], 'no-store');
});

test('each plan has as many initiatives as the demo data, and as the seed plans where their facts are to hand', async (tc) => {
  const demo = readDemo();
  const facts = existsSync(PLAN_FACTS)
    ? (JSON.parse(readFileSync(PLAN_FACTS, 'utf8')) as { plans: { year: string; initiatives: unknown[] }[] }).plans : null;
  const { body: list } = await getJson<{ plans: PlanSummaryJson[] }>('/api/v1/partnerships/scp/plans');
  for (const year of ['2020-21', '2021-22', '2022-23']) {
    const expected = demoInitiatives(demo.plans.find((p) => p.year === year)!).length;
    const { res, body } = await getJson<PlanJson>(`/api/v1/partnerships/scp/plans/${year}`);
    assert.equal(res.statusCode, 200);
    assert.equal(body.year, year);
    assert.equal(apiInitiatives(body).length, expected, `${year}: initiatives as in demo/scp.json`);
    assert.equal(list.plans.find((p) => p.year === year)?.initiativeCount, expected, `${year}: the list counts them too`);
    if (facts) {
      const seed = facts.find((p) => p.year === year);
      assert.ok(seed, `${year} is in plans-facts.json`);
      assert.equal(expected, seed.initiatives.length, `${year}: initiatives as in the seed plan`);
    }
  }
  if (!facts) tc.diagnostic(`skipped the comparison with the seed plans: ${PLAN_FACTS.pathname} not found`);
  else assert.deepEqual(['2020-21', '2021-22', '2022-23'].map((y) => facts.find((p) => p.year === y)!.initiatives.length), [81, 63, 51]);
});

test('2022-23: initiatives keep their place, leads and cross-references; nothing internal leaks', async () => {
  const demo = readDemo();
  const plan = demo.plans.find((p) => p.year === '2022-23')!;
  const orgNames = new Map(demo.organisations.map((o) => [o.key, o.name]));
  const bodyNames = new Map(demo.bodies.map((b) => [b.key, b.name]));
  const { body } = await getJson<PlanJson>('/api/v1/partnerships/scp/plans/2022-23');
  assert.deepEqual(body.priorities.map((p) => p.number), plan.priorities.map((p) => p.number));
  for (const pr of plan.priorities) {
    const got = body.priorities.find((p) => p.number === pr.number)!;
    assert.deepEqual(got.objectives.map((o) => o.title), pr.objectives.map((o) => o.title));
    const mine = [...got.objectives.flatMap((o) => o.initiatives), ...got.initiatives];
    const theirs = [...pr.objectives.flatMap((o) => o.initiatives), ...pr.initiatives];
    assert.deepEqual(mine.map((i) => i.name), theirs.map((i) => i.name), `priority ${pr.number}: the same initiatives in order`);
    theirs.forEach((d, n) => {
      const i = mine[n];
      // Leads are organisations or the partnership's own bodies and teams, as the plan names them.
      if (d.leads.length > 0) assert.ok(i.leadOrganisations.length + i.leadBodies.length > 0, `${d.name} has a lead`);
      assert.deepEqual(i.leadOrganisations.map((o) => o.name).sort(), d.leads.filter((k) => orgNames.has(k)).map((k) => orgNames.get(k)).sort(), `${d.name}: lead organisations`);
      assert.deepEqual(i.leadBodies.map((b) => b.name).sort(), d.leads.filter((k) => bodyNames.has(k)).map((k) => bodyNames.get(k)).sort(), `${d.name}: lead bodies`);
      assert.deepEqual(i.partnershipPriorities, d.priorityRefs);
      assert.equal(i.timing.kind, d.timingKind);
      assert.equal(i.frameworkItems.length, d.frameworkItems.length, `${d.name}: framework items`);
    });
  }
  const first = apiInitiatives(body)[0];
  assert.deepEqual(Object.keys(first).sort(), ['crimeTypes', 'description', 'frameworkItems', 'id', 'leadBodies', 'leadOrganisations', 'name', 'outcomes',
    'partnershipPriorities', 'previousInitiativeId', 'status', 'statusReason', 'supportingBodies', 'supportingOrganisations', 'timing', 'wards']);
  assert.ok(body.members.statutory.length > 0);
  assert.ok(body.frameworks.length > 0);
  // Carried-over initiatives point back at last year's.
  const { body: last } = await getJson<PlanJson>('/api/v1/partnerships/scp/plans/2021-22');
  const lastIds = new Set(apiInitiatives(last).map((i) => i.id));
  const linked = apiInitiatives(body).filter((i) => i.previousInitiativeId !== null);
  const lastKeys = new Set(demoInitiatives(demo.plans.find((p) => p.year === '2021-22')!).map((i) => i.key));
  assert.equal(linked.length, demoInitiatives(plan).filter((i) => i.previousKey && lastKeys.has(i.previousKey)).length);
  for (const i of linked) assert.ok(lastIds.has(i.previousInitiativeId!), `${i.name} links to a 2021-22 initiative`);
});

test('a plan year that is not a year, or has no plan, is a JSON 404', async () => {
  for (const year of ['2022-24', 'latest', '22-23', '1999-00']) {
    const { res, body } = await getJson<{ error: string }>(`/api/v1/partnerships/scp/plans/${year}`);
    assert.equal(res.statusCode, 404, year);
    assert.equal(body.error, 'Plan not found');
  }
});

test('an unknown partnership is a JSON 404 on every endpoint, as is an unknown path', async () => {
  for (const url of ['/api/v1/partnerships/nowhere', '/api/v1/partnerships/nowhere/frameworks', '/api/v1/partnerships/nowhere/plans',
    '/api/v1/partnerships/nowhere/plans/2022-23']) {
    const { res, body } = await getJson<{ error: string }>(url);
    assert.equal(res.statusCode, 404, url);
    assert.equal(body.error, 'Partnership not found');
  }
  const { res } = await getJson<{ error: string }>('/api/v2/anything');
  assert.equal(res.statusCode, 404);
});

test('the OpenAPI document is generated from the routes: 3.1, every API endpoint and no page, all references resolve', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  type Operation = { parameters?: { name: string; in: string; schema: { pattern?: string } }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };
  const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, { get: Operation }>; components: { schemas: Record<string, unknown> } };
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/api/openapi.json', '/api/v1/bodies/{id}/meetings', '/api/v1/meetings/{id}', '/api/v1/partnerships', '/api/v1/partnerships/{slug}',
    '/api/v1/partnerships/{slug}/actions', '/api/v1/partnerships/{slug}/assessment', '/api/v1/partnerships/{slug}/bodies', '/api/v1/partnerships/{slug}/ccfa', '/api/v1/partnerships/{slug}/frameworks', '/api/v1/partnerships/{slug}/funding',
    '/api/v1/partnerships/{slug}/initiatives/{id}/updates', '/api/v1/partnerships/{slug}/measures', '/api/v1/partnerships/{slug}/plans',
    '/api/v1/partnerships/{slug}/plans/{year}', '/api/v1/partnerships/{slug}/search',
    '/api/v1/public/partnerships/{slug}/places', '/api/v1/public/partnerships/{slug}/services', '/api/v1/public/partnerships/{slug}/wards/{wardCode}',
  ]);
  const refs = [...res.body.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
  assert.ok(refs.length > 10);
  for (const name of refs) assert.ok(doc.components.schemas[name], `${name} is defined`);
  for (const name of ['Plan', 'Initiative', 'Partnership', 'Assessment', 'Measure', 'MeasureValue', 'SearchResults', 'SearchHit', 'Error']) assert.ok(doc.components.schemas[name], `${name} is a component`);
  // The params are described as the routes check them.
  const search = doc.paths['/api/v1/partnerships/{slug}/search'].get;
  assert.deepEqual(search.parameters?.filter((p) => p.in === 'query').map((p) => p.name).sort(), ['kind', 'page', 'q', 'year']);
  const plan = doc.paths['/api/v1/partnerships/{slug}/plans/{year}'].get;
  assert.deepEqual(plan.parameters?.map((p) => `${p.in} ${p.name}`).sort(), ['path slug', 'path year']);
  assert.equal(plan.parameters?.find((p) => p.name === 'year')?.schema.pattern, '^\\d{4}-\\d{2}$');
  assert.ok(plan.responses['200'] && plan.responses['404'], 'the plan and its not-found answer are described');
  const assessment = doc.paths['/api/v1/partnerships/{slug}/assessment'].get;
  assert.deepEqual(assessment.parameters?.filter((p) => p.in === 'query').map((p) => p.name).sort(), ['from', 'population', 'to', 'year']);
});

test('a draft is hidden from anonymous callers and shown, uncached, to a signed-in coordinator', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const preview = await t.services.lifecycle.rollForwardPreview(scp, 2022, SYSTEM);
  await t.services.lifecycle.rollForward(scp, 2022, preview.carry.map((i) => i.id), SYSTEM);

  const anon = await getJson<{ error: string }>('/api/v1/partnerships/scp/plans/2023-24');
  assert.equal(anon.res.statusCode, 404);
  assert.equal(anon.body.error, 'Plan not found');
  const anonList = await getJson<{ plans: PlanSummaryJson[] }>('/api/v1/partnerships/scp/plans');
  assert.equal(anonList.body.plans.some((p) => p.year === '2023-24'), false);

  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const { res, body } = await getJson<PlanJson>('/api/v1/partnerships/scp/plans/2023-24', coordinator);
  assert.equal(res.statusCode, 200);
  assert.equal(body.status, 'draft');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(apiInitiatives(body).length, preview.carry.length);
  const list = await getJson<{ plans: PlanSummaryJson[] }>('/api/v1/partnerships/scp/plans', coordinator);
  assert.equal(list.body.plans[0].year, '2023-24');
  assert.equal(list.body.plans[0].status, 'draft');
  assert.equal(list.res.headers['cache-control'], 'no-store');
  // A published plan read with a session is still cacheable by the browser.
  const published = await coordinator.get('/api/v1/partnerships/scp/plans/2022-23');
  assert.equal(published.statusCode, 200);
  assert.notEqual(published.headers['cache-control'], 'no-store');
});
