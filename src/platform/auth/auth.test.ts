import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { SESSION_COOKIE } from './plugin.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('passwords are stored as salted scrypt hashes and verified', async () => {
  const a = await hashPassword('correct horse battery');
  const b = await hashPassword('correct horse battery');
  assert.match(a, /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
  assert.notEqual(a, b, 'each hash has its own salt');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('wrong', a), false);
  assert.equal(await verifyPassword('anything', 'not-a-hash'), false);
});

test('signing in with the right password starts a session stored in the database', async () => {
  const agent = new Agent(t.app);
  await agent.signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const page = await agent.get('/p/scp');
  assert.match(page.body, /Signed in as Chris Coordinator/);
  const [{ n }] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'coordinator@demo.csp-hub.test'`);
  assert.ok(n >= 1);
});

test('a wrong password shows the error summary and keeps the email typed', async () => {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { email: 'coordinator@demo.csp-hub.test', password: 'nope' });
  assert.equal(res.statusCode, 401);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /Enter a correct email address and password/);
  assert.match(res.body, /value="coordinator@demo.csp-hub.test"/);
  assert.doesNotMatch(res.body, /Signed in as/);
});

test('an empty sign-in form names each missing field', async () => {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { email: '', password: '' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Enter your email address/);
  assert.match(res.body, /Enter your password/);
  assert.match(res.body, /<title>Error: Sign in/);
});

test('sign-in only returns to paths on this site', async () => {
  const agent = new Agent(t.app);
  const res = await agent.post('/sign-in', { email: 'viewer@demo.csp-hub.test', password: DEMO_PASSWORD, returnTo: '//evil.example/' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
});

// Browsers read a backslash as a slash and ignore tabs and newlines in a URL, so each of these
// leads to another host if it is sent back as the Location.
const HOSTILE_RETURNS = [
  '/\\evil.example', '/\\/evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example',
  '\\\\evil.example', '//evil.example', '///evil.example', 'https://evil.example/', 'http:evil.example',
  'evil.example', '/\u0000/evil.example', ' //evil.example', 'javascript:alert(1)',
];

test('sign-in refuses every return address that could lead off this site (link and form)', async () => {
  for (const returnTo of HOSTILE_RETURNS) {
    const link = `/sign-in?returnTo=${encodeURIComponent(returnTo)}`;
    const agent = new Agent(t.app);
    const page = await agent.get(link);
    assert.equal(page.statusCode, 200, JSON.stringify(returnTo));
    assert.match(page.body, /name="returnTo" value="\/"/, `the sign-in page carries no hostile return address: ${JSON.stringify(returnTo)}`);
    const res = await agent.post('/sign-in', { email: 'viewer@demo.csp-hub.test', password: DEMO_PASSWORD, returnTo }, link);
    assert.equal(res.statusCode, 303, JSON.stringify(returnTo));
    assert.equal(res.headers.location, '/', `signing in does not follow ${JSON.stringify(returnTo)}`);
  }
  // The issue's own examples, exactly as a browser would send them.
  for (const query of ['returnTo=/%5Cevil.example', 'returnTo=/%09/evil.example', 'returnTo=/%5C%5Cevil.example']) {
    const page = await new Agent(t.app).get(`/sign-in?${query}`);
    assert.match(page.body, /name="returnTo" value="\/"/, query);
  }
});

test('sign-in returns to a page on this site, with its query, normalised', async () => {
  const agent = new Agent(t.app);
  const page = await agent.get(`/sign-in?returnTo=${encodeURIComponent('/p/scp/plans?year=2022')}`);
  assert.match(page.body, /name="returnTo" value="\/p\/scp\/plans\?year=2022"/);
  const res = await agent.post('/sign-in', { email: 'viewer@demo.csp-hub.test', password: DEMO_PASSWORD, returnTo: '/p/scp/../scp/plans?year=2022' }, '/sign-in');
  assert.equal(res.headers.location, '/p/scp/plans?year=2022');
  const repeated = await new Agent(t.app).get('/sign-in?returnTo=/a&returnTo=/b');
  assert.equal(repeated.statusCode, 400, 'a repeated returnTo is a malformed address, not a server error');
  assert.match(repeated.body, /“returnTo” in the web address is given more than once/);
});

test('signing out ends the session: its row is gone and the old cookie no longer signs anyone in', async () => {
  const agent = new Agent(t.app);
  await agent.signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  const sid = agent.cookie(SESSION_COOKIE);
  assert.ok(sid, 'signed in with a session cookie');
  const rows = () => t.db.query('SELECT 1 FROM sessions WHERE id = $1', [sid]);
  assert.equal((await rows()).length, 1);
  await agent.post('/sign-out', {}, '/p/scp');
  assert.equal((await rows()).length, 0, 'the session row is deleted');
  const page = await agent.get('/p/scp');
  assert.doesNotMatch(page.body, /Signed in as/);
  // Whoever kept the cookie (another tab, a copied header) is not signed in either.
  const replay = await t.app.inject({ method: 'GET', url: '/p/scp', headers: { cookie: `${SESSION_COOKIE}=${sid}` } });
  assert.equal(replay.statusCode, 200);
  assert.doesNotMatch(replay.body, /Signed in as/);
});

test('signing in gives a new form-protection secret: a token from before no longer works', async () => {
  const agent = new Agent(t.app);
  await agent.get('/sign-in');
  const tokenBefore = agent.csrfToken();
  const secretBefore = agent.cookie('_csrf');
  await agent.signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  assert.ok(agent.cookie('_csrf'));
  assert.notEqual(agent.cookie('_csrf'), secretBefore, 'the secret cookie is replaced');
  const page = await agent.get('/p/scp');
  assert.match(page.body, /Signed in as Chris Coordinator/);
  const cookies = `${SESSION_COOKIE}=${agent.cookie(SESSION_COOKIE)}; _csrf=${agent.cookie('_csrf')}`;
  const stale = await t.app.inject({ method: 'POST', url: '/sign-out', payload: `_csrf=${encodeURIComponent(tokenBefore)}`,
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(stale.statusCode, 403, 'a token issued before sign-in is refused');
  assert.match(stale.body, /This form has expired/);
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [agent.cookie(SESSION_COOKIE)]);
  assert.equal(n, 1, 'the refused form changed nothing');
  const fresh = await agent.post('/sign-out', {}, '/p/scp');
  assert.equal(fresh.statusCode, 303, 'a token issued after sign-in works');
});

test('a form posted without its CSRF token is refused and changes nothing', async () => {
  const agent = new Agent(t.app);
  await agent.get('/sign-in');
  const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=viewer%40demo.csp-hub.test&password=' + DEMO_PASSWORD,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /This form has expired — your changes were not saved/);
  assert.equal(res.headers['set-cookie']?.toString().includes('csp_session'), false);
});

test('an expired form shows what was typed under the labels of the form it came from', async () => {
  const agent = new Agent(t.app);
  await agent.get('/sign-in');
  const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=viewer%40demo.csp-hub.test&password=x&returnTo=%2Fp%2Fscp',
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'hub.example', referer: 'http://hub.example/sign-in?returnTo=%2Fp%2Fscp' } });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /<dt class="govuk-summary-list__key">Email address<\/dt>\s*<dd[^>]*><p class="govuk-body">viewer@demo.csp-hub.test/, 'the label the person saw');
  assert.doesNotMatch(res.body, />Email<\/dt>|>Return to<\/dt>/, 'not the field names, nor the hidden field nobody typed in');
  // Without the form's page (no Referer), the field names stand in.
  const bare = await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=viewer%40demo.csp-hub.test',
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.match(bare.body, />Email<\/dt>/);
});

test('an expired form says so, shows what was typed (not the token or passwords) and links back to the form', async () => {
  const agent = new Agent(t.app);
  await agent.signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM priorities'))[0].n;
  const before = await count();
  const body = new URLSearchParams([['_csrf', 'stale-token-value'], ['title', 'Reduce <b>knife</b> crime'],
    ['description', 'First line\nSecond line'], ['wards', 'Castle'], ['wards', 'New Town'], ['newPassword', 'hunter2-secret'], ['empty', '']]);
  const post = (referer?: string) => t.app.inject({ method: 'POST', url: '/p/scp/plans/2022-23/priorities?x=1', payload: body.toString(),
    headers: { cookie: `${SESSION_COOKIE}=${agent.cookie(SESSION_COOKIE)}; _csrf=${agent.cookie('_csrf')}`,
      'content-type': 'application/x-www-form-urlencoded', host: 'hub.example', ...(referer ? { referer } : {}) } });
  const res = await post('http://hub.example/p/scp/plans/2022-23/priorities/new?from=here');
  assert.equal(res.statusCode, 403);
  assert.equal(await count(), before, 'nothing was saved');
  assert.match(res.body, /<title>This form has expired/);
  assert.match(res.body, /This form has expired — your changes were not saved/);
  assert.doesNotMatch(res.body, /permission/);
  assert.match(res.body, /Title<\/dt>/);
  assert.match(res.body, /Reduce &lt;b&gt;knife&lt;\/b&gt; crime/, 'what was typed is shown, escaped');
  assert.match(res.body, /First line<br \/>\s*Second line/, 'with its line breaks');
  assert.match(res.body, /Castle<\/p><p class="govuk-body">New Town/, 'every value of a repeated field');
  assert.doesNotMatch(res.body, /hunter2-secret/);
  assert.match(res.body, /Passwords are not shown/);
  assert.doesNotMatch(res.body, /stale-token-value/);
  assert.doesNotMatch(res.body, /Empty<\/dt>/);
  assert.match(res.body, /href="\/p\/scp\/plans\/2022-23\/priorities\/new\?from=here"[^>]*>\s*Go back to the form/);
  const crossSite = await post('https://evil.example/form');
  assert.match(crossSite.body, /href="\/p\/scp\/plans\/2022-23\/priorities\?x=1"[^>]*>\s*Go back to the form/, 'a foreign Referer is not linked');
  const noReferer = await post();
  assert.match(noReferer.body, /href="\/p\/scp\/plans\/2022-23\/priorities\?x=1"[^>]*>\s*Go back to the form/);
  const json = await t.app.inject({ method: 'POST', url: '/sign-out', headers: { accept: 'application/json' } });
  assert.equal(json.statusCode, 403);
  assert.match(json.json().error, /This form has expired/);
});

test('pages carry security headers, and errors show no stack trace', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/p/scp' });
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
  const missing = await t.app.inject({ method: 'GET', url: '/p/no-such-partnership' });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /Partnership not found|Page not found/);
  assert.doesNotMatch(missing.body, /at .*\.ts:\d+/);
});

test('health check reports the database', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
});
