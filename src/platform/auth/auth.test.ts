import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

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

test('signing out ends the session', async () => {
  const agent = new Agent(t.app);
  await agent.signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  await agent.post('/sign-out', {}, '/p/scp');
  const page = await agent.get('/p/scp');
  assert.doesNotMatch(page.body, /Signed in as/);
});

test('a form posted without its CSRF token is refused and changes nothing', async () => {
  const agent = new Agent(t.app);
  await agent.get('/sign-in');
  const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=viewer%40demo.csp-hub.test&password=' + DEMO_PASSWORD,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /The form had expired/);
  assert.equal(res.headers['set-cookie']?.toString().includes('csp_session'), false);
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
