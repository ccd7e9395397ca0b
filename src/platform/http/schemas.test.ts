// Malformed addresses are refused by the route schemas before any handler or query runs: a 404 or
// a 400 page (JSON on the API) that says what is wrong, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let viewer: Agent;
before(async () => {
  t = await testApp();
  viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
});
after(async () => { await t?.close(); });

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');

test('ids beyond what the database holds are not found, on pages and the API', async () => {
  for (const url of ['/p/scp/initiatives/2147483648', '/p/scp/initiatives/99999999999999999999', '/p/scp/priorities/2147483648/history',
    '/p/scp/frameworks/items/4294967296/history', '/p/scp/initiatives/0', '/p/scp/initiatives/-1', '/p/scp/initiatives/1e3']) {
    const res = await viewer.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.match(res.headers['content-type'] as string, /^text\/html/, url);
  }
  assert.match(text((await viewer.get('/p/scp/initiatives/2147483648')).body), /Initiative not found/);
  // The largest id that fits is looked up, and is simply not there.
  assert.equal((await viewer.get('/p/scp/initiatives/2147483647')).statusCode, 404);
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  for (const url of ['/p/scp/admin/organisations/2147483648/edit', '/p/scp/admin/bodies/2147483648', '/p/scp/admin/bodies/1/members/2147483648/remove']) {
    assert.equal((await coordinator.get(url)).statusCode, 404, url);
  }
});

test('a NUL byte (or any other character no slug has) in the partnership is not found', async () => {
  for (const url of ['/p/sc%00p', '/p/scp%00/plans', '/p/scp%00/plans/2022-23', '/p/%00', '/p/SCP/plans', '/p/scp%20/plans']) {
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404, url);
  }
  const api = await t.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp%00/plans' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json<{ error: string }>().error, 'Partnership not found');
  // A NUL in a plan year names no plan either.
  assert.equal((await t.app.inject({ method: 'GET', url: '/p/scp/plans/2022%00-23' })).statusCode, 404);
});

test('a query parameter given twice is a 400 page that says which, not a 500', async () => {
  for (const url of ['/p/scp/assessment?to=2022-09&to=2022-10', '/p/scp/assessment/scoring?from=2021-10&from=2021-11', '/p/scp/plans/2022-23?status=active&status=delayed']) {
    const res = await viewer.get(url);
    assert.equal(res.statusCode, 400, url);
    assert.match(text(res.body), /There is a problem with the request/, url);
  }
  assert.match(text((await viewer.get('/p/scp/assessment?to=2022-09&to=2022-10')).body), /“to” in the web address is given more than once/);
  const signIn = await t.app.inject({ method: 'GET', url: '/sign-in?returnTo=/a&returnTo=/b' });
  assert.equal(signIn.statusCode, 400);
  assert.match(text(signIn.body), /“returnTo” in the web address is given more than once/);
  const api = await t.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2022-09&to=2022-10' });
  assert.equal(api.statusCode, 400);
  assert.match(api.json<{ error: string }>().error, /“to” in the web address is given more than once/);
  // Other parameters are ignored, as before.
  assert.equal((await viewer.get('/p/scp/plans/2022-23?utm_source=newsletter')).statusCode, 200);
});

test('a form body that no form sends is refused as a bad request; a form with mistakes still shows them field by field', async () => {
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  await coordinator.get('/p/scp/admin/organisations/new');
  const token = coordinator.csrfToken();
  const nested = await t.app.inject({ method: 'POST', url: '/p/scp/admin/organisations', payload: { _csrf: token, name: { nested: true } },
    headers: { cookie: coordinator['cookieHeader'](), 'x-csrf-token': token } });
  assert.equal(nested.statusCode, 400);
  const friendly = await coordinator.post('/p/scp/admin/organisations', { name: '', kind: '' }, '/p/scp/admin/organisations/new');
  assert.equal(friendly.statusCode, 400);
  assert.match(text(friendly.body), /There is a problem/);
  assert.match(friendly.body, /href="#name"/);
});
