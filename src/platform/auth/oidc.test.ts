// Single sign-on against a real OpenID Connect provider (oidc-provider) listening on this machine: the
// app talks to it over HTTP (discovery, token, UserInfo), and the test plays the browser between the two.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { testApp, Agent } from '../../../test/helpers.ts';
import { SESSION_COOKIE } from './plugin.ts';
import { PENDING_SIGN_IN_COOKIE } from './oidc-routes.ts';

const CLIENT_ID = 'csp-hub';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider';
const CALLBACK = 'http://localhost/sign-in/oidc/callback';
const LABEL = 'Sign in with your council account';

/** The provider's people: login name → what it says about them. */
const people: Record<string, { email: string; email_verified: boolean }> = {
  'chris': { email: 'Coordinator@demo.csp-hub.test', email_verified: true },
  'unverified': { email: 'viewer@demo.csp-hub.test', email_verified: false },
  'stranger': { email: 'someone.else@council.example', email_verified: true },
  'mover': { email: 'analyst@demo.csp-hub.test', email_verified: true },
};

let server: Server;
let issuer: string;
let t: Awaited<ReturnType<typeof testApp>>;

before(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [CALLBACK], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, id) => (people[id] ? { accountId: id, claims: () => ({ sub: id, ...people[id] }) } : undefined),
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    features: { devInteractions: { enabled: true } },
  });
  server.on('request', provider.callback());
  t = await testApp({ env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_NAME: LABEL } });
});
after(async () => {
  await t?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** A browser at the provider: keeps its cookies, follows its redirects, fills in its login and consent forms. */
class ProviderBrowser {
  private cookies = new Map<string, string>();
  private async request(url: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET', body: init.body, redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    }).catch((e: Error) => { throw new Error(`${url}: ${String(e.cause)}`); });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  /** From the app's redirect to the provider until the provider sends the browser back to the app. */
  async signIn(authorizeUrl: string, login: string): Promise<URL> {
    let url = authorizeUrl;
    for (let step = 0; step < 20; step += 1) {
      const res = await this.request(url);
      if (res.status >= 300 && res.status < 400) {
        const next = new URL(res.headers.get('location')!, url);
        if (next.href.startsWith(CALLBACK)) return next;
        url = next.href;
        continue;
      }
      const html = await res.text();
      assert.equal(res.status, 200, html);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(action && prompt, `a form from the provider: ${html}`);
      const body = new URLSearchParams({ prompt });
      if (prompt === 'login') { body.set('login', login); body.set('password', 'any'); }
      const posted = await this.request(new URL(action, url).href, { method: 'POST', body });
      assert.ok(posted.status >= 300 && posted.status < 400, `the provider moves on after ${prompt}`);
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('The provider never sent the browser back');
  }
}

/** Starts at the app's button, signs in at the provider as `login`; the app's agent and the URL it is sent back to. */
async function throughProvider(login: string, returnTo?: string) {
  const agent = new Agent(t.app);
  const start = await agent.get(`/sign-in/oidc${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
  assert.equal(start.statusCode, 303);
  const location = String(start.headers.location);
  assert.ok(location.startsWith(`${issuer}/`), location);
  const callback = await new ProviderBrowser().signIn(location, login);
  return { agent, callback, authorize: new URL(location) };
}

const callbackPath = (u: URL) => u.pathname + u.search;
const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n;
const sessionsOf = (email: string) => count('SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [email]);

test('the sign-in page offers the single sign-on button beside the password form', async () => {
  const res = await new Agent(t.app).get('/sign-in?returnTo=/p/scp');
  assert.match(res.body, new RegExp(`href="/sign-in/oidc\\?returnTo=%2Fp%2Fscp"[^>]*>\\s*${LABEL}`));
  assert.match(res.body, /name="password"/);
});

test('the request to the provider uses PKCE (S256), a state and a nonce', async () => {
  const res = await new Agent(t.app).get('/sign-in/oidc');
  const url = new URL(String(res.headers.location));
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
  assert.ok((url.searchParams.get('state') ?? '').length >= 20);
  assert.ok((url.searchParams.get('nonce') ?? '').length >= 20);
  assert.equal(url.searchParams.get('redirect_uri'), CALLBACK);
});

test('a verified e-mail of an existing account signs that person in, links the account and is audited', async () => {
  const { agent, callback } = await throughProvider('chris', '/p/scp/plans');
  const sessionsBefore = await sessionsOf('coordinator@demo.csp-hub.test');
  const res = await agent.get(callbackPath(callback));
  assert.equal(res.statusCode, 303, res.body);
  assert.equal(res.headers.location, '/p/scp/plans');
  assert.ok(agent.cookie(SESSION_COOKIE), 'a session cookie');
  assert.equal(agent.cookie(PENDING_SIGN_IN_COOKIE), undefined, 'the pending sign-in is forgotten');
  assert.equal(await sessionsOf('coordinator@demo.csp-hub.test'), sessionsBefore + 1);
  const page = await agent.get('/p/scp');
  assert.match(page.body, /Signed in as Chris Coordinator/);

  const [link] = await t.db.query<{ issuer: string; subject: string; email: string }>(
    `SELECT i.issuer, i.subject, u.email FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.subject = 'chris'`);
  assert.deepEqual(link, { issuer, subject: 'chris', email: 'coordinator@demo.csp-hub.test' });
  const [audit] = await t.db.query<{ action: string; summary: string; email: string }>(
    `SELECT a.action, a.summary, u.email FROM audit_log a JOIN users u ON u.id = a.user_id
      WHERE a.record_type = 'user' AND a.action = 'sign_in' ORDER BY a.id DESC LIMIT 1`);
  assert.deepEqual(audit, { action: 'sign_in', summary: `Signed in through ${LABEL}`, email: 'coordinator@demo.csp-hub.test' });
});

test('a state that is not the one this browser was given is refused, and no session starts', async () => {
  const { agent, callback } = await throughProvider('chris');
  callback.searchParams.set('state', 'not-the-state-this-browser-was-given');
  const sessionsBefore = await sessionsOf('coordinator@demo.csp-hub.test');
  const res = await agent.get(callbackPath(callback));
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /You have not been signed in/);
  assert.equal(agent.cookie(SESSION_COOKIE), undefined);
  assert.equal(await sessionsOf('coordinator@demo.csp-hub.test'), sessionsBefore);
});

test('a code used once already is refused the second time, even with the same browser state', async () => {
  const { agent, callback } = await throughProvider('chris');
  const pending = agent.cookie(PENDING_SIGN_IN_COOKIE)!;
  assert.equal((await agent.get(callbackPath(callback))).statusCode, 303);
  const replay = new Agent(t.app);
  const sessionsBefore = await sessionsOf('coordinator@demo.csp-hub.test');
  const res = await replay.get(callbackPath(callback), { cookie: `${PENDING_SIGN_IN_COOKIE}=${pending}` });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /used already/);
  assert.equal(replay.cookie(SESSION_COOKIE), undefined);
  assert.equal(await sessionsOf('coordinator@demo.csp-hub.test'), sessionsBefore);
});

test('coming back without the sign-in this browser started (expired or from elsewhere) is refused', async () => {
  const { callback } = await throughProvider('chris');
  const other = new Agent(t.app);
  const res = await other.get(callbackPath(callback));
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Your sign-in has expired/);
  assert.equal(other.cookie(SESSION_COOKIE), undefined);
});

test('an e-mail address the provider has not verified is refused and nothing is linked', async () => {
  const { agent, callback } = await throughProvider('unverified');
  const res = await agent.get(callbackPath(callback));
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Your account cannot be used here yet/);
  assert.match(res.body, /has not confirmed that the email address/);
  assert.match(res.body, /Ask your partnership’s administrator/);
  assert.doesNotMatch(res.body, /at [\w/.]+\.ts:\d+/, 'no stack trace');
  assert.equal(agent.cookie(SESSION_COOKIE), undefined);
  assert.equal(await count(`SELECT 1 FROM user_identities WHERE subject = 'unverified'`), 0);
});

test('someone with no account is refused and no account is created', async () => {
  const usersBefore = await count('SELECT 1 FROM users');
  const { agent, callback } = await throughProvider('stranger');
  const res = await agent.get(callbackPath(callback));
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /someone\.else@council\.example\) does not match anyone/);
  assert.match(res.body, /Ask your partnership’s administrator to add you/);
  assert.equal(agent.cookie(SESSION_COOKIE), undefined);
  assert.equal(await count('SELECT 1 FROM users'), usersBefore);
  assert.equal(await count(`SELECT 1 FROM user_identities WHERE subject = 'stranger'`), 0);
});

test('once linked, a change of e-mail address at the provider still signs in the same person', async () => {
  const first = await throughProvider('mover');
  assert.equal((await first.agent.get(callbackPath(first.callback))).statusCode, 303);
  people.mover = { email: 'new.address@council.example', email_verified: false };
  const again = await throughProvider('mover');
  assert.equal((await again.agent.get(callbackPath(again.callback))).statusCode, 303);
  assert.match((await again.agent.get('/p/scp')).body, /Signed in as /);
  const [{ email }] = await t.db.query<{ email: string }>(
    `SELECT u.email FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.subject = 'mover'`);
  assert.equal(email, 'analyst@demo.csp-hub.test');
});
