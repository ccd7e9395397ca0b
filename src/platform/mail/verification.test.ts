// E-mail verification tokens: good once, for their purpose, until they expire; nothing else passes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDb } from '../../../test/helpers.ts';
import { emailVerification } from './verification.ts';

let t: Awaited<ReturnType<typeof testDb>>;
let scpId: number;
// The clock the tokens are issued and checked by; tests move it on.
let now = new Date('2026-03-01T10:00:00Z');
const later = (hours: number) => { now = new Date(now.getTime() + hours * 3600_000); };

before(async () => {
  t = await testDb();
  scpId = (await t.services.partnerships.bySlug('scp')).id;
});
after(async () => { await t?.close(); });

const PURPOSE = 'ccfa_submission';
const verifier = () => emailVerification(t.db, () => now);

test('a good token verifies once: check leaves it usable, use uses it up, and it says whose address and what for', async () => {
  const v = verifier();
  const { token, expiresAt } = await v.issue({ purpose: PURPOSE, email: ' cllr@colchester.example ', partnershipId: scpId, concerns: { kind: 'ccfa', id: 41 } });
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(expiresAt.toISOString(), '2026-03-02T10:00:00.000Z', '24 hours by default');
  const expected = { ok: true, email: 'cllr@colchester.example', partnershipId: scpId, concerns: { kind: 'ccfa', id: 41 }, expiresAt };
  assert.deepEqual(await v.check(token, PURPOSE), expected);
  assert.deepEqual(await v.check(token, PURPOSE), expected, 'checking does not use it');
  assert.deepEqual(await v.use(token, PURPOSE), expected);
  assert.deepEqual(await v.use(token, PURPOSE), { ok: false, reason: 'used' }, 'reused');
  assert.deepEqual(await v.check(token, PURPOSE), { ok: false, reason: 'used' });
  // Only the token's hash is stored.
  const [row] = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM email_verifications WHERE email = $1', ['cllr@colchester.example']);
  assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'));
});

test('an expired token is refused as expired, a moment after its time and not a moment before', async () => {
  const v = verifier();
  const { token } = await v.issue({ purpose: PURPOSE, email: 'late@colchester.example', partnershipId: scpId, hours: 2 });
  later(2);
  now = new Date(now.getTime() - 1);
  assert.equal((await v.check(token, PURPOSE)).ok, true, 'good until its last millisecond');
  now = new Date(now.getTime() + 1);
  assert.deepEqual(await v.check(token, PURPOSE), { ok: false, reason: 'expired' });
  assert.deepEqual(await v.use(token, PURPOSE), { ok: false, reason: 'expired' });
  const [row] = await t.db.query<{ used_at: Date | null }>('SELECT used_at FROM email_verifications WHERE email = $1', ['late@colchester.example']);
  assert.equal(row.used_at, null, 'an expired token is not marked used');
});

test('a tampered, truncated or made-up token, or one for another purpose, is unknown', async () => {
  const v = verifier();
  const { token } = await v.issue({ purpose: PURPOSE, email: 'a@colchester.example', partnershipId: null });
  const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
  for (const bad of [flipped, token.slice(0, -1), `${token}x`, '', 'x'.repeat(43), `${token.slice(0, 42)}=`]) {
    assert.deepEqual(await v.use(bad, PURPOSE), { ok: false, reason: 'unknown' }, bad);
  }
  assert.deepEqual(await v.use(token, 'something_else'), { ok: false, reason: 'unknown' }, 'another purpose');
  assert.equal((await v.use(token, PURPOSE)).ok, true, 'the real token still works after all that');
});

test('two uses at once: exactly one succeeds', async () => {
  const v = verifier();
  const { token } = await v.issue({ purpose: PURPOSE, email: 'race@colchester.example', partnershipId: scpId });
  const outcomes = await Promise.all([v.use(token, PURPOSE), v.use(token, PURPOSE), v.use(token, PURPOSE)]);
  assert.equal(outcomes.filter((o) => o.ok).length, 1);
  assert.deepEqual(outcomes.filter((o) => !o.ok), [{ ok: false, reason: 'used' }, { ok: false, reason: 'used' }]);
});

test('tokens expired for over a day are forgotten when new ones are issued', async () => {
  const v = verifier();
  const { token } = await v.issue({ purpose: PURPOSE, email: 'old@colchester.example', partnershipId: scpId, hours: 1 });
  later(26);
  await v.issue({ purpose: PURPOSE, email: 'new@colchester.example', partnershipId: scpId });
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM email_verifications WHERE email = $1', ['old@colchester.example']);
  assert.equal(n, 0);
  assert.deepEqual(await v.check(token, PURPOSE), { ok: false, reason: 'unknown' });
});
