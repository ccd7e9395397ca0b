// An instance that signs people in only through its OpenID Connect provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { SESSION_COOKIE } from './plugin.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => {
  // The provider is not contacted until someone presses the button, so none runs here.
  t = await testApp({ env: {
    OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'csp-hub', OIDC_CLIENT_SECRET: 'secret',
    OIDC_NAME: 'Sign in with your council account', PASSWORD_SIGN_IN: 'off',
  } });
});
after(async () => { await t?.close(); });

test('with password sign-in off the page offers only the single sign-on button', async () => {
  const res = await new Agent(t.app).get('/sign-in');
  assert.match(res.body, /href="\/sign-in\/oidc"[^>]*>\s*Sign in with your council account/);
  assert.doesNotMatch(res.body, /name="password"/);
  assert.doesNotMatch(res.body, new RegExp(DEMO_PASSWORD), 'no demonstration passwords either');
});

test('a posted password is refused even when it is right', async () => {
  const agent = new Agent(t.app);
  // The sign-in page has no form to take a token from: a public form page gives one (tokens are per browser).
  const res = await agent.post('/sign-in', { email: 'coordinator@demo.csp-hub.test', password: DEMO_PASSWORD }, '/p/scp/ccfa/new');
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /this service does not use passwords/);
  assert.equal(agent.cookie(SESSION_COOKIE), undefined);
});

test('a provider that cannot be reached gets a clear page, not an error trace', async () => {
  const res = await new Agent(t.app).get('/sign-in/oidc');
  assert.equal(res.statusCode, 502);
  assert.match(res.body, /Sign-in is not available at the moment/);
  assert.match(res.body, /Sign in with your council account/);
});
