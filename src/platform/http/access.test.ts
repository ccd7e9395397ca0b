import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { testApp, Agent, DEMO_PASSWORD, draftNextYear } from '../../../test/helpers.ts';
import { contextPlugin, type DeclaredRoute } from './context.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

/** A URL for a route pattern: the demo partnership, a plan year, and ids the guard never needs to look up. */
function urlFor(pattern: string, slug = 'scp'): string {
  return pattern.replace(':slug', slug).replace(':year', '2022-23').replace(':jobId', '00000000-0000-0000-0000-000000000000')
    .replace(/:\w+/g, '1').replace(/\*$/, '');
}

const guarded = (r: DeclaredRoute) => typeof r.access === 'object';
const routes = () => t.app.declaredRoutes.filter((r) => r.method === 'GET' || r.method === 'POST');

/** A bare app with the context plugin and one route registered by `register`; resolves when ready. */
async function startBareApp(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify();
  app.decorateRequest('user', null);
  await app.register(contextPlugin, { partnershipBySlug: async () => null, navigation: () => [], staticPrefixes: ['/assets/'] });
  register(app);
  await app.ready();
  return app;
}

test('the app refuses to start when a route does not say who may use it', async () => {
  await assert.rejects(startBareApp((app) => app.get('/p/:slug/forgotten', async () => 'oops')),
    /GET \/p\/:slug\/forgotten does not say who may use it/);
  await assert.rejects(startBareApp((app) => app.get('/reports', { config: { access: { permission: 'analyse', refusal: 'Only analysts.' } } }, async () => 'x')),
    /asks for the analyse permission but names no partnership/);
  const declared = await startBareApp((app) => app.get('/p/:slug/fine', { config: { access: 'public' } }, async () => 'ok'));
  await declared.close();
});

test('every route of the app declares its access, readable from the route table', () => {
  const all = t.app.declaredRoutes;
  assert.ok(all.length > 80, `the route table lists the app's routes (${all.length})`);
  for (const r of all) assert.ok(r.access, `${r.method} ${r.url} declares access`);
  assert.ok(all.some((r) => r.url === '/p/:slug/plans/:year/edit' && r.method === 'POST' && guarded(r)), 'the table carries the plan editor rule');
});

test('anonymous visitors are sent to sign in from every guarded page, and come back to it', async () => {
  const gets = routes().filter((r) => r.method === 'GET' && guarded(r));
  assert.ok(gets.length > 30);
  for (const r of gets) {
    const url = urlFor(r.url);
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 303, `GET ${url}`);
    assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent(url)}`, `GET ${url}`);
  }
  // A form posted without a session goes to sign in too, back to the page the form was on.
  const res = await t.app.inject({ method: 'POST', url: '/p/scp/plans/2022-23/publish', headers: { referer: 'http://localhost/p/scp/plans/2022-23' } });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent('/p/scp/plans/2022-23')}`);
  // The API says so in JSON.
  const api = await t.app.inject({ method: 'GET', url: '/p/scp/admin', headers: { accept: 'application/json' } });
  assert.equal(api.statusCode, 401);
  assert.deepEqual(Object.keys(api.json()), ['error']);
});

test('a viewer is refused every editor page, GET and POST alike, with the reason, before any form or token is looked at', async () => {
  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  // Everything beyond reading (the viewer's read_internal and view_drafts) is an editor's.
  const editorRoutes = routes().filter((r) => typeof r.access === 'object' && !['read_internal', 'view_drafts'].includes(r.access.permission));
  assert.ok(editorRoutes.filter((r) => r.method === 'GET').length > 15 && editorRoutes.filter((r) => r.method === 'POST').length > 20);
  for (const r of editorRoutes) {
    const url = urlFor(r.url);
    const res = r.method === 'GET' ? await viewer.get(url)
      : await t.app.inject({ method: 'POST', url, payload: 'name=x', headers: { cookie: viewer['cookieHeader'](), 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 403, `${r.method} ${url}`);
    const refusal = typeof r.access === 'object' ? r.access.refusal : '';
    assert.ok(res.body.includes(refusal.replace(/'/g, '&#39;')), `${r.method} ${url} says why: ${refusal}`);
  }
  // Pages for members are open to the viewer.
  assert.equal((await viewer.get('/p/scp/assessment/imports')).statusCode, 200);
});

test('an unknown partnership is not found on every partnership route, whoever asks', async () => {
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  for (const r of routes().filter((x) => x.url.includes(':slug') && x.method === 'GET')) {
    const url = urlFor(r.url, 'nowhere');
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404, `anonymous GET ${url}`);
    assert.equal((await coordinator.get(url)).statusCode, 404, `coordinator GET ${url}`);
  }
});

test('a partner editor sent away from an initiative their organisation does not lead or support is told why', async () => {
  const draftId = await draftNextYear(t.services);
  const police = await new Agent(t.app).signIn('police@demo.csp-hub.test', DEMO_PASSWORD);
  const [{ id }] = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i
      WHERE i.plan_id = $1 AND NOT EXISTS (SELECT 1 FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
                                             WHERE io.initiative_id = i.id AND o.name = 'Essex Police')
      ORDER BY i.id LIMIT 1`, [draftId]);
  const form = await police.get(`/p/scp/initiatives/${id}/edit`);
  assert.equal(form.statusCode, 403);
  assert.match(form.body, /Only the coordinator or the organisations that lead or support this initiative can change it/);
});
