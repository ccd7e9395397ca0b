import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { ACCOUNT_FREE_FAILURES, ADDRESS_MAX_FAILURES, accountWaitSeconds, describeWait, networkOf } from './throttle.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const VIEWER = 'viewer@demo.csp-hub.test';
let nextAddress = 1;
/** A client address no other test uses, so each test starts with a clean per-address count. */
const freshAddress = () => `192.0.2.${nextAddress++}`;

function attempt(email: string, password: string, client: { remoteAddress: string; forwardedFor?: string }) {
  const agent = new Agent(t.app, {
    remoteAddress: client.remoteAddress,
    headers: client.forwardedFor ? { 'x-forwarded-for': client.forwardedFor } : {},
  });
  return agent.post('/sign-in', { email, password }, '/sign-in');
}

/** Let every wait in force end now (the test stands in for the clock). */
async function waitsEnd() {
  await t.db.query('UPDATE sign_in_failures SET blocked_until = now() - interval \'1 second\' WHERE blocked_until IS NOT NULL');
}

test('a different X-Forwarded-For on each attempt does not escape the limit when no proxy is trusted', async () => {
  const remoteAddress = freshAddress();
  const statuses: number[] = [];
  for (let i = 0; i < ADDRESS_MAX_FAILURES + 2; i++) {
    // A different account each time as well, so only the per-address limit can apply.
    const res = await attempt(`nobody${i}@example.org`, 'wrong password', { remoteAddress, forwardedFor: `203.0.113.${i + 1}` });
    statuses.push(res.statusCode);
  }
  assert.deepEqual(statuses.slice(0, ADDRESS_MAX_FAILURES), Array(ADDRESS_MAX_FAILURES).fill(401));
  assert.deepEqual(statuses.slice(ADDRESS_MAX_FAILURES), [429, 429]);
  const res = await attempt(VIEWER, DEMO_PASSWORD, { remoteAddress, forwardedFor: '198.51.100.7' });
  assert.equal(res.statusCode, 429, 'even the right password waits: a limit that let it through could be used to test passwords');
  assert.match(res.body, /too many failed attempts to sign in from your network\. Wait \d+ minutes?, then try again/);
  assert.match(String(res.headers['retry-after']), /^\d+$/);
  assert.ok(!String(res.headers['set-cookie'] ?? '').includes('csp_session'));
});

test('after five failures for one email address each further attempt waits, longer each time, whatever the address', async () => {
  const email = 'coordinator@demo.csp-hub.test';
  for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) {
    const res = await attempt(email, `wrong ${i}`, { remoteAddress: freshAddress() });
    assert.equal(res.statusCode, 401, `failure ${i + 1} is only a wrong password`);
  }
  const blocked = await attempt(email, DEMO_PASSWORD, { remoteAddress: freshAddress() });
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.body, /There have been too many failed attempts to sign in with this email address\. Wait 1 minute, then try again\./);
  assert.match(blocked.body, /value="coordinator@demo.csp-hub.test"/, 'the email typed is kept');
  assert.ok(Number(blocked.headers['retry-after']) > 0 && Number(blocked.headers['retry-after']) <= 60);
  assert.ok(!String(blocked.headers['set-cookie'] ?? '').includes('csp_session'), 'not signed in during the wait');

  await waitsEnd();
  assert.equal((await attempt(email, 'wrong again', { remoteAddress: freshAddress() })).statusCode, 401);
  const longer = await attempt(email, DEMO_PASSWORD, { remoteAddress: freshAddress() });
  assert.match(longer.body, /Wait 2 minutes, then try again/, 'the sixth failure doubles the wait');

  await waitsEnd();
  const ok = await attempt(email, DEMO_PASSWORD, { remoteAddress: freshAddress() });
  assert.equal(ok.statusCode, 303, 'once the wait is over the right password signs in');
  assert.equal((await attempt(email, 'wrong after success', { remoteAddress: freshAddress() })).statusCode, 401,
    'and a success clears the failures');
});

test('an email address without an account is limited in the same words, so the limit tells nothing', async () => {
  const email = 'no-such-person@example.org';
  for (let i = 0; i < ACCOUNT_FREE_FAILURES; i++) await attempt(email, 'guess', { remoteAddress: freshAddress() });
  const res = await attempt(email, 'guess', { remoteAddress: freshAddress() });
  assert.equal(res.statusCode, 429);
  assert.match(res.body, /There have been too many failed attempts to sign in with this email address\. Wait 1 minute, then try again\./);
});

test('attempts sent all at once cannot slip past the account limit before the failures are counted', async () => {
  const email = 'parallel@example.org';
  const results = await Promise.all(Array.from({ length: ACCOUNT_FREE_FAILURES + 7 }, (_, i) =>
    attempt(email, `guess ${i}`, { remoteAddress: freshAddress() })));
  const statuses = results.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [...Array(ACCOUNT_FREE_FAILURES).fill(401), ...Array(7).fill(429)]);
});

test('successful sign-ins do not count toward either limit', async () => {
  const remoteAddress = freshAddress();
  for (let i = 0; i < ADDRESS_MAX_FAILURES + 5; i++) {
    assert.equal((await attempt(VIEWER, DEMO_PASSWORD, { remoteAddress })).statusCode, 303, `sign-in ${i + 1}`);
  }
  // Four failures, a success, four more: never five in a row, so never a wait.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < ACCOUNT_FREE_FAILURES - 1; i++) {
      assert.equal((await attempt(VIEWER, 'wrong', { remoteAddress: freshAddress() })).statusCode, 401);
    }
    assert.equal((await attempt(VIEWER, DEMO_PASSWORD, { remoteAddress: freshAddress() })).statusCode, 303);
  }
});

test('the table keeps hashes, not the email addresses or IP addresses typed', async () => {
  const rows = await t.db.query<{ key: string }>('SELECT key FROM sign_in_failures');
  assert.ok(rows.length > 0);
  for (const { key } of rows) assert.match(key, /^[0-9a-f]{64}$/);
});

test('behind a trusted proxy, the forwarded address is the client: one client\'s failures do not block another', async () => {
  const behind = await testApp({ env: { TRUST_PROXY: '10.0.0.0/8' } });
  try {
    const viaProxy = (email: string, forwardedFor: string) => new Agent(behind.app, { remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': forwardedFor } })
      .post('/sign-in', { email, password: 'wrong' }, '/sign-in');
    for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) await viaProxy(`someone${i}@example.org`, '198.51.100.1');
    assert.equal((await viaProxy('another@example.org', '198.51.100.1')).statusCode, 429);
    assert.equal((await viaProxy('another@example.org', '198.51.100.2')).statusCode, 401, 'a different client behind the proxy');
    // A client that is not the proxy cannot choose its address.
    const direct = (forwardedFor: string) => new Agent(behind.app, { remoteAddress: '198.51.100.1', headers: { 'x-forwarded-for': forwardedFor } })
      .post('/sign-in', { email: 'yet-another@example.org', password: 'wrong' }, '/sign-in');
    assert.equal((await direct('203.0.113.99')).statusCode, 429, 'X-Forwarded-For from an untrusted peer is ignored');
  } finally {
    await behind.close();
  }
});

test('waits double from one minute to at most fifteen; IPv6 clients are counted by their /64', () => {
  assert.deepEqual([1, 4, 5, 6, 7, 8, 9, 10, 20].map(accountWaitSeconds), [0, 0, 60, 120, 240, 480, 900, 900, 900]);
  assert.deepEqual([1, 45, 60, 61, 120, 900].map(describeWait), ['1 second', '45 seconds', '1 minute', '2 minutes', '2 minutes', '15 minutes']);
  assert.equal(networkOf('203.0.113.9'), '203.0.113.9');
  assert.equal(networkOf('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(networkOf('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:db8:1:2::99'), '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(networkOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
});
