// The accessibility statement, privacy notice and cookie notice: open to anyone, linked from every
// page's footer, giving the contact address when one is set, and naming every cookie the service
// really sets (as a browser receives them while signing in).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { DEMO_ACCOUNTS } from '../demo/accounts.ts';
import { COOKIES } from './routes.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

before(async () => { t = await testApp({ env: { CONTACT_EMAIL: 'community.safety@colchester.example' } }); });
after(async () => { await t?.close(); });

test('each notice is a page anyone can read, with the contact address of this instance', async () => {
  const agent = new Agent(t.app);
  const accessibility = await agent.get('/accessibility');
  assert.equal(accessibility.statusCode, 200);
  const a = text(accessibility.body);
  for (const heading of ['How accessible this service is', 'What to do if you cannot use this service', 'Reporting accessibility problems with this service',
    'Enforcement procedure', 'Compliance status', 'How this service was tested']) assert.match(a, new RegExp(heading), heading);
  assert.match(a, /Web Content Accessibility Guidelines version 2\.2 AA standard/);
  assert.match(a, /axe-core/);
  assert.match(accessibility.body, /href="mailto:community\.safety@colchester\.example"/);

  const privacy = await agent.get('/privacy');
  assert.equal(privacy.statusCode, 200);
  const p = text(privacy.body);
  for (const said of ['data controller', 'name and email address', 'Councillor Call for Action', 'audit trail', 'public task', 'Article 6(1)(e)',
    'Sign-in sessions end after 7 days', 'ask for a copy of the personal data', 'Information Commissioner']) assert.ok(p.includes(said), said);
  assert.match(privacy.body, /href="mailto:community\.safety@colchester\.example"/);

  const cookies = await agent.get('/cookies');
  assert.equal(cookies.statusCode, 200);
  assert.match(text(cookies.body), /only essential cookies/);
});

test('without a contact address the notices send people to the partnership', async () => {
  // A second app on the same database, with the settings' defaults.
  const plain = await buildApp({ config: { ...loadConfig({ SESSION_SECRET: 'test-session-secret-0123456789abcdef' }), demo: true }, db: t.db });
  try {
    const page = await plain.inject({ url: '/privacy' });
    assert.doesNotMatch(page.body, /mailto:/);
    assert.match(text(page.body), /Contact the Community Safety Partnership that runs this service/);
  } finally { await plain.close(); }
});

test('every page’s footer links to the three notices, signed in or not', async () => {
  const visitor = new Agent(t.app);
  const coordinator = await new Agent(t.app).signIn(DEMO_ACCOUNTS.find((a) => a.role === 'coordinator')!.email, DEMO_PASSWORD);
  for (const [agent, url] of [[visitor, '/p/scp'], [coordinator, '/p/scp/plans'], [visitor, '/sign-in'], [visitor, '/no-such-page']] as const) {
    const res = await agent.get(url);
    const footer = res.body.slice(res.body.indexOf('<footer'));
    for (const href of ['/accessibility', '/privacy', '/cookies']) assert.ok(footer.includes(`href="${href}"`), `${url} links to ${href}`);
  }
});

test('the cookie notice names every cookie a browser is given, and no other', async () => {
  // Sign in and look round as a browser would, noting the name of every cookie set on the way.
  const given = new Set<string>();
  let jar = '';
  const visit = async (method: 'GET' | 'POST', url: string, payload?: string) => {
    const res = await t.app.inject({ method, url, payload, headers: { cookie: jar, ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } });
    for (const c of [res.headers['set-cookie'] ?? []].flat()) {
      const pair = c.split(';')[0]!;
      given.add(pair.slice(0, pair.indexOf('=')));
      jar = [...jar.split('; ').filter((k) => k && !k.startsWith(`${pair.slice(0, pair.indexOf('='))}=`)), pair].join('; ');
    }
    return res;
  };
  const form = await visit('GET', '/sign-in');
  const token = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
  const email = DEMO_ACCOUNTS.find((a) => a.role === 'coordinator')!.email;
  const signedIn = await visit('POST', '/sign-in', new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }).toString());
  assert.equal(signedIn.statusCode, 303);
  for (const url of ['/', '/p/scp', '/p/scp/plans', '/accessibility']) await visit('GET', url);
  const listed = [...(await visit('GET', '/cookies')).body.matchAll(/<td class="govuk-table__cell"><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);
  assert.deepEqual([...given].sort(), ['_csrf', 'csp_session']);
  assert.deepEqual([...listed].sort(), [...given].sort(), 'without single sign-on, the notice lists exactly the cookies set');
  assert.deepEqual(COOKIES.map((c) => c.name), ['csp_session', '_csrf', 'csp_sign_in'], 'with single sign-on it adds the pending sign-in cookie');
});
