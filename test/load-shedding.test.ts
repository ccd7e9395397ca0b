// Past its in-flight limit and queue an instance refuses at once with 503 and Retry-After (a page
// saying it is busy, or JSON on the API) rather than letting the request time out; what waits and
// what was refused shows in /metrics; alive checks and cached public pages are never held.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;

before(async () => {
  // One handler at a time and nobody waiting: a second request at the same moment is refused.
  t = await testApp({ env: { MAX_IN_FLIGHT: '1', MAX_QUEUED: '0' } });
});
after(async () => { await t?.close(); });

const get = (url: string) => t.app.inject({ method: 'GET', url });

test('over the limit: 503 with Retry-After, a busy page or JSON; the rest answered in full', async () => {
  const urls = ['/api/v1/partnerships/scp/assessment?to=2022-09', '/p/scp/assessment?to=2022-09', '/api/v1/partnerships/scp/assessment?to=2022-08', '/p/scp/plans'];
  const answers = await Promise.all([...urls, ...urls].map(async (url) => ({ url, res: await get(url) })));
  const refused = answers.filter((a) => a.res.statusCode === 503);
  assert.ok(refused.length >= 1, 'some were refused');
  for (const a of answers) assert.ok([200, 302, 303, 503].includes(a.res.statusCode), `${a.url}: ${a.res.statusCode}`);
  assert.ok(answers.some((a) => a.res.statusCode === 200), 'the first was answered');
  for (const { url, res } of refused) {
    assert.equal(res.headers['retry-after'], '2', url);
    if (url.startsWith('/api/')) assert.match(String(JSON.parse(res.body).error), /more requests than it can answer/);
    else {
      assert.match(res.body, /The service is busy/);
      assert.match(res.body, /more requests than it can answer just now/);
      assert.doesNotMatch(res.body, /at \w+ \(/, 'no stack trace');
    }
  }
  const metrics = (await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).body;
  assert.match(metrics, new RegExp(`csp_hub_requests_shed_total ${refused.length}\\b`));
  assert.match(metrics, /csp_hub_requests_queued 0\b/);
  assert.match(metrics, /csp_hub_requests_in_flight 0\b/, 'every place given back');
});

test('alive checks are never held, and once the rush is over everything is answered', async () => {
  const answers = await Promise.all(['/api/v1/partnerships/scp/assessment?to=2022-07', '/healthz', '/healthz', '/healthz'].map(get));
  for (const res of answers.slice(1)) assert.equal(res.statusCode, 200);
  assert.equal((await get('/api/v1/partnerships/scp/assessment?to=2022-09')).statusCode, 200);
  assert.equal((await get('/p/scp/plans')).statusCode, 200);
});

test('a form sent while the instance is full waits for its place rather than being refused', async () => {
  const form = await get('/sign-in');
  assert.equal(form.statusCode, 200);
  const token = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
  const cookie = [form.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  const post = () => t.app.inject({ method: 'POST', url: '/sign-in', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email: 'nobody@example.org', password: 'not-the-password' }).toString() });
  const answers = await Promise.all([get('/api/v1/partnerships/scp/assessment?to=2022-06'), post(), get('/api/v1/partnerships/scp/assessment?to=2022-05'), post()]);
  assert.equal(answers[1]!.statusCode, 401, 'answered, not refused');
  assert.equal(answers[3]!.statusCode, 401);
  assert.ok(answers.some((a) => a.statusCode === 503), 'a read at the same moment was refused');
});
