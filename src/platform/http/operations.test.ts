// The operations endpoints on the demo app: alive, ready only with the database answering and every
// migration applied, metrics that count real requests and imports by route pattern and are read
// only from this machine or with the token, and the request id on every response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/helpers.ts';
import { migrationNames } from '../db/migrate.ts';
import { readiness } from './operations.ts';
import { fixture } from '../../features/assessment/import/police-uk/fixtures.test-helper.ts';
import type { Actor } from '../auth/actor.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp({ env: { METRICS_TOKEN: TOKEN } }); });
after(async () => { await t?.close(); });

const get = (url: string, opts: { headers?: Record<string, string>; remoteAddress?: string } = {}) =>
  t.app.inject({ method: 'GET', url, ...opts });

/** The value of one sample line of the metrics text, or undefined when the line is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2]!.split(',');
    if (wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

test('/healthz says the process is alive', async () => {
  const res = await get('/healthz');
  assert.equal(res.statusCode, 200);
  assert.equal(res.json<{ status: string }>().status, 'ok');
});

test('/readyz: ready with every migration applied; 503 naming the migration missing; ready again once applied', async () => {
  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { status: 'ready' });

  const last = migrationNames().at(-1)!;
  const [row] = await t.db.query<{ applied_at: string }>('DELETE FROM schema_migrations WHERE name = $1 RETURNING applied_at', [last]);
  assert.ok(row, `${last} was recorded as applied`);
  const behind = await get('/readyz');
  assert.equal(behind.statusCode, 503);
  assert.deepEqual(behind.json(), { status: 'unavailable', reason: `migrations not applied: ${last}` });
  assert.equal(behind.headers['retry-after'], '5');

  await t.db.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [last, row.applied_at]);
  assert.equal((await get('/readyz')).statusCode, 200);
});

test('readiness: a database that fails or hangs is unreachable, and says so within the limit', async () => {
  const failing = { query: async () => { throw new Error('connection refused'); } };
  assert.deepEqual(await readiness(failing), { ready: false, reason: 'the database does not answer' });
  const hanging = { query: () => new Promise<never>(() => undefined) };
  const started = Date.now();
  assert.deepEqual(await readiness(hanging, 50), { ready: false, reason: 'the database does not answer' });
  assert.ok(Date.now() - started < 1000);
  // An empty database (nothing migrated yet) is reachable but not ready.
  const empty = { query: async <T>(sql: string) => (sql.includes('to_regclass') ? [{ present: false }] : [{}]) as T[] };
  const state = await readiness(empty);
  assert.equal(state.ready, false);
  assert.match(state.ready ? '' : state.reason, new RegExp(`^migrations not applied: ${migrationNames()[0]}, `));
});

test('every response carries its request id: a well-formed one from the proxy, else a new one', async () => {
  const given = await get('/sign-in', { headers: { 'x-request-id': 'lb-7f3a9c:42' } });
  assert.equal(given.headers['x-request-id'], 'lb-7f3a9c:42');
  const fresh = await get('/sign-in');
  assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.notEqual((await get('/sign-in')).headers['x-request-id'], fresh.headers['x-request-id']);
  for (const bad of ['two words', 'a\u0007bell', 'x'.repeat(200), '"quoted"']) {
    const res = await get('/healthz', { headers: { 'x-request-id': bad } });
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/, `${JSON.stringify(bad)} is replaced`);
  }
  // Refusals and pages not found carry it too.
  assert.equal((await get('/p/scp/no-such-page', { headers: { 'x-request-id': 'abc123' } })).headers['x-request-id'], 'abc123');
  assert.equal((await get('/p/scp/admin', { headers: { 'x-request-id': 'abc124' } })).headers['x-request-id'], 'abc124');
});

test('/metrics counts requests by route pattern, and police.uk rows by committed import', async () => {
  const before = await get('/metrics');
  assert.equal(before.statusCode, 200);
  assert.match(String(before.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const route = { method: 'GET', route: '/p/:slug/plans/:year', status_code: '200' };
  const count = (text: string, labels: Record<string, string>) => sample(text, 'csp_hub_http_request_duration_seconds_count', labels) ?? 0;
  const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };

  for (let i = 0; i < 3; i++) assert.equal((await get('/p/scp/plans/2022-23')).statusCode, 200);
  assert.equal((await get('/p/scp/plans/1999-00')).statusCode, 404);
  assert.equal((await get('/no/such/page')).statusCode, 404);

  const text = (await get('/metrics')).body;
  assert.equal(count(text, route) - count(before.body, route), 3);
  assert.equal(count(text, { ...route, status_code: '404' }) - count(before.body, { ...route, status_code: '404' }), 1);
  assert.equal(count(text, unmatched) - count(before.body, unmatched), 1);
  assert.ok((sample(text, 'csp_hub_http_request_duration_seconds_sum', route) ?? 0) > 0);
  // Labels hold patterns only: no partnership, no year, no address typed.
  assert.doesNotMatch(text, /\/p\/scp|2022-23|no\/such/);
  assert.match(text, /^csp_hub_imports_running 0$/m);
  assert.match(text, /^csp_hub_process_resident_memory_bytes \d+/m);

  // A committed import adds its rows, used and set aside, to the counter.
  const rows = (t: string, result: string) => sample(t, 'csp_hub_police_uk_rows_imported_total', { result }) ?? 0;
  const analyst: Actor = { userId: null, role: 'analyst', organisationId: null };
  const scp = await t.services.partnerships.bySlug('scp');
  const report = await t.services.assessmentImport.importPoliceFiles(scp, [fixture('archive')], analyst);
  assert.ok(report.rowsUsed > 0);
  const after = (await get('/metrics')).body;
  assert.equal(rows(after, 'used') - rows(text, 'used'), report.rowsUsed);
  assert.equal(rows(after, 'set_aside') - rows(text, 'set_aside'), report.rowsRead - report.rowsUsed);
});

test('/metrics: only from this machine directly, or with the token', async () => {
  const outside = { remoteAddress: '203.0.113.9' };
  const refused = await get('/metrics', outside);
  assert.equal(refused.statusCode, 403);
  assert.doesNotMatch(refused.body, /csp_hub_/);
  assert.equal((await get('/metrics', { ...outside, headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode, 403);
  assert.equal((await get('/metrics', { ...outside, headers: { authorization: TOKEN } })).statusCode, 403);
  assert.equal((await get('/metrics', { ...outside, headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 200);
  // Through a proxy on this machine the socket is loopback, but the request is not from here.
  assert.equal((await get('/metrics', { headers: { 'x-forwarded-for': '198.51.100.4' } })).statusCode, 403);
  assert.equal((await get('/metrics', { remoteAddress: '::1' })).statusCode, 200);
});
