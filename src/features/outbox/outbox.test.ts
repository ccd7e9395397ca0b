// The outbox page without a mail server: messages are kept, listed newest first and readable, by
// the partnership's coordinators only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let coordinator: Agent;
let scpId: number;

before(async () => {
  t = await testApp();
  coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  scpId = (await t.services.partnerships.bySlug('scp')).id;
});
after(async () => { await t?.close(); });

const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const rowsOf = (html: string) => [...html.matchAll(/<tr class="govuk-table__row">\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*><a class="govuk-link" href="\/p\/scp\/outbox\/(\d+)">([^<]*)<\/a>/g)]
  .map((m) => ({ to: m[2], id: Number(m[3]), subject: decode(m[4]) }));

test('without SMTP_URL, messages are kept: listed newest first on the outbox page, each readable in full', async () => {
  const first = await t.services.mail.send({
    partnershipId: scpId, to: 'lead@police.example', template: 'outbox/mail/test-message.njk',
    data: { name: 'Pat <Partner>', partnershipName: 'Safer Colchester Partnership', sentAt: new Date('2022-10-03T08:30:00Z') },
    concerns: { kind: 'update_round', id: 3 },
  });
  assert.equal(first.status, 'kept');
  const res = await coordinator.post('/p/scp/outbox/test', {}, '/p/scp/outbox');
  assert.equal(res.statusCode, 303);
  const ownId = Number(/^\/p\/scp\/outbox\/(\d+)$/.exec(String(res.headers.location))?.[1]);
  assert.ok(ownId > first.id);

  const list = await coordinator.get('/p/scp/outbox');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /No mail server is set up for this instance/);
  const rows = rowsOf(list.body);
  assert.deepEqual(rows.slice(0, 2), [
    { to: 'coordinator@demo.csp-hub.test', id: ownId, subject: 'Test message from CSP Hub for Safer Colchester Partnership' },
    { to: 'lead@police.example', id: first.id, subject: 'Test message from CSP Hub for Safer Colchester Partnership' },
  ]);
  assert.match(list.body, /Kept, not sent/);

  const page = await coordinator.get(`/p/scp/outbox/${first.id}`);
  assert.equal(page.statusCode, 200);
  const text = decode(page.body);
  assert.match(text, /Hello Pat <Partner>,\n\nYou asked CSP Hub to send this test message from the outbox of Safer Colchester Partnership on 3 October 2022 at 9:30am\./);
  assert.doesNotMatch(page.body, /<Partner>/, 'escaped on the page');
  assert.match(text, /Update round 3/);
  assert.match(text, /Not sent/);

  const own = await coordinator.get(`/p/scp/outbox/${ownId}`);
  assert.match(decode(own.body), /Hello Chris Coordinator,/);
});

test('a failed message shows the reason it was not sent', async () => {
  const failed = await t.services.mail.send({ partnershipId: scpId, to: 'no address', template: 'outbox/mail/test-message.njk',
    data: { name: 'X', partnershipName: 'Safer Colchester Partnership', sentAt: new Date() } });
  assert.equal(failed.status, 'failed');
  const page = await coordinator.get(`/p/scp/outbox/${failed.id}`);
  assert.match(decode(page.body), /Why not sent[\s\S]*"no address" is not an e-mail address/);
  assert.match((await coordinator.get('/p/scp/outbox')).body, /govuk-tag--red">Not sent</);
});

test('only coordinators and administrators see the outbox; the Administration page links to it', async () => {
  const anon = new Agent(t.app);
  const res = await anon.get('/p/scp/outbox');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/sign-in?returnTo=${encodeURIComponent('/p/scp/outbox')}`);
  const [{ id }] = await t.db.query<{ id: number }>('SELECT id FROM mail_messages WHERE partnership_id = $1 LIMIT 1', [scpId]);
  for (const email of ['councillor@demo.csp-hub.test', 'police@demo.csp-hub.test', 'viewer@demo.csp-hub.test']) {
    const agent = await new Agent(t.app).signIn(email, DEMO_PASSWORD);
    for (const url of ['/p/scp/outbox', `/p/scp/outbox/${id}`]) {
      const r = await agent.get(url);
      assert.equal(r.statusCode, 403, `${email} ${url}`);
      assert.doesNotMatch(r.body, /Hello /);
    }
  }
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_messages');
  const viewer = await new Agent(t.app).signIn('analyst@demo.csp-hub.test', DEMO_PASSWORD);
  assert.equal((await viewer.post('/p/scp/outbox/test', {}, '/p/scp')).statusCode, 403, 'nor may they send a test message');
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_messages'))[0].n, n);
  assert.match((await coordinator.get('/p/scp/admin')).body, /href="\/p\/scp\/outbox"/);
});

test('a message of another partnership, or one that does not exist, is not found', async () => {
  const [{ id: otherId }] = await t.db.query<{ id: number }>(
    `INSERT INTO partnerships (slug, name, short_name, police_force) VALUES ('outbox-other', 'Other Partnership', 'Other', 'essex') RETURNING id`);
  const theirs = await t.services.mail.send({ partnershipId: otherId, to: 'someone@other.example', template: 'outbox/mail/test-message.njk',
    data: { name: 'Someone', partnershipName: 'Other Partnership', sentAt: new Date() } });
  assert.equal((await coordinator.get(`/p/scp/outbox/${theirs.id}`)).statusCode, 404);
  assert.equal((await coordinator.get('/p/scp/outbox/2147483647')).statusCode, 404);
  assert.equal((await coordinator.get('/p/scp/outbox/0')).statusCode, 404);
  assert.doesNotMatch((await coordinator.get('/p/scp/outbox')).body, /someone@other\.example/);
});
