// Public pages validated and cached against the partnership's latest audited change: 304 on a
// repeat, the cached page sent again while nothing changes, and a new ETag with the new content
// right after each kind of write that shows on them (a plan revised and published, a progress
// update and its correction, an initiative's weight, a data import). Signed-in pages are never
// validated, cached or handed to anyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent } from './helpers.ts';
import type { Actor } from '../src/platform/auth/actor.ts';
import type { Partnership } from '../src/features/partnerships/service.ts';
import { formValuesFromInitiative } from '../src/features/plans/initiative-form.ts';
import { allInitiatives } from '../src/features/plans/compare.ts';
import { emptyUpdateForm } from '../src/features/delivery/update-form.ts';
import { BoundedPageCache } from '../src/platform/http/page-cache.ts';
import { fixture } from '../src/features/assessment/import/police-uk/fixtures.test-helper.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
const COORDINATOR: Actor = { userId: null, role: 'coordinator', organisationId: null };
const PLAN = '/p/scp/plans/2022-23';
const API = '/api/v1/partnerships/scp/plans/2022-23';

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
});
after(async () => { await t?.close(); });

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** GET as the public: status, ETag and body; then asserts a repeat with the ETag is 304. */
async function publicView(url: string) {
  const res = await get(url);
  assert.equal(res.statusCode, 200, url);
  const etag = String(res.headers.etag);
  assert.match(etag, /^W\/"\d+-\d+-\d{4}-\d\d-\d\d-[0-9a-f]{12}"$/);
  assert.equal(res.headers['cache-control'], 'no-cache');
  assert.match(String(res.headers.vary), /cookie/i);
  const again = await get(url, { 'if-none-match': etag });
  assert.equal(again.statusCode, 304, `${url} unchanged: 304`);
  assert.equal(again.body, '');
  return { etag, body: res.body, lastModified: String(res.headers['last-modified']) };
}

test('unchanged: 304 on If-None-Match and on If-Modified-Since; the page itself comes from the cache', async () => {
  const first = await publicView(PLAN);
  assert.equal((await get(PLAN, { 'if-modified-since': first.lastModified })).statusCode, 304);
  assert.equal((await get(PLAN, { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })).statusCode, 200);
  assert.equal((await get(PLAN, { 'if-none-match': 'W/"0-0-x"' })).statusCode, 200);
  const before = t.app.pageCache.size.entries;
  const second = await get(PLAN);
  assert.equal(second.body, first.body, 'the same page');
  assert.equal(t.app.pageCache.size.entries, before, 'served from the cache, not stored again');
  // A query is another page.
  const filtered = await get(`${PLAN}?status=no_update`);
  assert.equal(filtered.statusCode, 200);
  assert.notEqual(filtered.body, first.body);
  const api = await publicView(API);
  assert.equal(api.etag, first.etag, 'one stamp for the partnership');
});

test('a plan revised and published: new ETag and the new name on the page and in the API at once', async () => {
  const page = await publicView(PLAN);
  const api = await publicView(API);
  await t.services.lifecycle.startRevision(scp, 2022, 'Rename one initiative', COORDINATOR);
  const revising = await publicView(PLAN);
  assert.notEqual(revising.etag, page.etag, 'the revision is a change');
  const plan = await t.services.plans.get(scp, 2022, COORDINATOR);
  const initiative = allInitiatives(plan)[0]!;
  const detail = (await t.services.plans.getInitiative(scp, initiative.id, COORDINATOR)).initiative;
  await t.services.plans.updateInitiative(scp, initiative.id, { ...formValuesFromInitiative(detail), name: 'Cache test: renamed initiative' }, COORDINATOR);
  assert.doesNotMatch((await get(PLAN)).body, /Cache test: renamed initiative/, 'the public still sees the published plan');
  await t.services.lifecycle.publish(scp, 2022, COORDINATOR);
  const published = await get(PLAN, { 'if-none-match': revising.etag });
  assert.equal(published.statusCode, 200);
  assert.match(published.body, /Cache test: renamed initiative/);
  const apiAfter = await get(API, { 'if-none-match': api.etag });
  assert.equal(apiAfter.statusCode, 200);
  assert.match(apiAfter.body, /Cache test: renamed initiative/);
});

test('a progress update, its correction and a weight: each gives a new ETag and the page shows it', async () => {
  const plan = await t.services.plans.get(scp, 2022, COORDINATOR);
  const initiative = allInitiatives(plan).find((i) => i.status !== 'completed' && i.status !== 'cancelled')!;
  const page = await publicView(PLAN);
  const form = { ...emptyUpdateForm('2023-01-20'), status: 'cancelled', reason: 'Cache test: funding withdrawn', narrative: 'Cache test narrative', forPublication: 'yes' };
  const id = await t.services.delivery.post(scp, initiative.id, form, COORDINATOR);
  const posted = await get(PLAN, { 'if-none-match': page.etag });
  assert.equal(posted.statusCode, 200);
  assert.notEqual(posted.headers.etag, page.etag);
  assert.notEqual(posted.body, page.body, 'the roll-up counts the new status');

  const { update } = await t.services.delivery.forCorrection(scp, id, COORDINATOR);
  const corrected = await publicView(PLAN);
  await t.services.delivery.correct(scp, id, { ...form, status: 'on_track', reason: '', version: String(update.version) }, COORDINATOR);
  const afterCorrection = await get(PLAN, { 'if-none-match': corrected.etag });
  assert.equal(afterCorrection.statusCode, 200);
  assert.notEqual(afterCorrection.body, posted.body, 'the correction shows');

  const weighted = await publicView(PLAN);
  await t.services.delivery.setWeight(scp, initiative.id, '3', COORDINATOR);
  assert.equal((await get(PLAN, { 'if-none-match': weighted.etag })).statusCode, 200);
});

test('a data import gives the home page (with the assessment headline) a new ETag', async () => {
  const home = await publicView('/p/scp');
  const analyst: Actor = { userId: null, role: 'analyst', organisationId: null };
  await t.services.assessmentImport.importPoliceFiles(scp, [fixture('archive')], analyst);
  const after = await get('/p/scp', { 'if-none-match': home.etag });
  assert.equal(after.statusCode, 200);
});

test('an edit made through the pages gives the public page a new ETag and its content at once; a repeat touches no database on the embedded one', async () => {
  const plan = await t.services.plans.get(scp, 2022, COORDINATOR);
  const initiative = allInitiatives(plan).find((i) => i.status !== 'completed' && i.status !== 'cancelled')!;
  const page = await publicView(PLAN);
  const coordinator = await new Agent(t.app).startSession(t.services, 'coordinator@demo.csp-hub.test');
  const posted = await coordinator.post(`/p/scp/initiatives/${initiative.id}/updates`,
    { 'reportedOn-day': '21', 'reportedOn-month': '1', 'reportedOn-year': '2023', status: 'cancelled', reason: 'Route test: funding withdrawn',
      narrative: 'Route test narrative', progress: '', forPublication: 'yes' },
    `/p/scp/initiatives/${initiative.id}/updates/new`);
  assert.equal(posted.statusCode, 303, posted.body.slice(0, 500));
  const after = await get(PLAN, { 'if-none-match': page.etag });
  assert.equal(after.statusCode, 200, 'the stamp moved with the edit');
  assert.notEqual(after.headers.etag, page.etag);
  assert.notEqual(after.body, page.body, 'the new status is counted');
  assert.equal((await get(PLAN, { 'if-none-match': String(after.headers.etag) })).statusCode, 304);

  // Count the queries a cached page costs: none where the stamps are kept in memory, one (the stamp) and the partnership otherwise.
  const real = t.db.query.bind(t.db);
  let queries = 0;
  t.db.query = (async (sql: string, params?: unknown[]) => { queries += 1; return real(sql, params); }) as typeof t.db.query;
  try {
    const again = await get(PLAN);
    assert.equal(again.body, after.body);
    const notModified = await get(API, { 'if-none-match': String(after.headers.etag) });
    assert.equal(notModified.statusCode, 304);
  } finally { t.db.query = real; }
  if (t.db.kind === 'pglite') assert.equal(queries, 0, 'a cached page and a 304 read nothing from the embedded database');
  else assert.ok(queries <= 4, `two small queries per request on PostgreSQL (${queries})`);
});

test('visitors asking at once for a page just changed share one render', async () => {
  const plan = await t.services.plans.get(scp, 2022, COORDINATOR);
  const initiative = allInitiatives(plan).find((i) => i.status !== 'completed' && i.status !== 'cancelled')!;
  await t.services.delivery.setWeight(scp, initiative.id, '2', COORDINATOR);
  const entries = t.app.pageCache.size.entries;
  const pages = await Promise.all(Array.from({ length: 8 }, () => get(PLAN)));
  assert.deepEqual(pages.map((p) => p.statusCode), Array(8).fill(200));
  assert.equal(new Set(pages.map((p) => p.body)).size, 1, 'one page for all');
  assert.equal(new Set(pages.map((p) => p.headers.etag)).size, 1);
  assert.ok(t.app.pageCache.size.entries <= entries + 1);
});

test('signed in: no validators, never from the cache, and a member\'s page never reaches the public', async () => {
  await publicView(PLAN);
  const coordinator = await new Agent(t.app).startSession(t.services, 'coordinator@demo.csp-hub.test');
  const mine = await coordinator.get(PLAN);
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.headers.etag, undefined);
  assert.match(mine.body, /Signed in as/);
  const anonymous = await get(PLAN);
  assert.doesNotMatch(anonymous.body, /Signed in as/);
  assert.ok(anonymous.headers.etag);
});

test('the cache is bounded by entries and by bytes, least recently used first', () => {
  const cache = new BoundedPageCache(2, 100);
  cache.set('/a', { etag: '1', body: 'a'.repeat(10), type: 'text/html' });
  cache.set('/b', { etag: '1', body: 'b'.repeat(10), type: 'text/html' });
  assert.ok(cache.get('/a', '1'));
  cache.set('/c', { etag: '1', body: 'c'.repeat(10), type: 'text/html' });
  assert.equal(cache.get('/b', '1'), undefined, 'the least recently used went');
  assert.ok(cache.get('/a', '1'));
  assert.equal(cache.get('/a', '2'), undefined, 'another stamp is a miss, and drops the entry');
  assert.equal(cache.get('/a', '1'), undefined);
  cache.set('/big', { etag: '1', body: 'x'.repeat(200), type: 'text/html' });
  assert.equal(cache.get('/big', '1'), undefined, 'larger than the whole cache: not kept');
  cache.set('/d', { etag: '1', body: 'd'.repeat(60), type: 'text/html' });
  cache.set('/e', { etag: '1', body: 'e'.repeat(60), type: 'text/html' });
  assert.ok(cache.size.bytes <= 100);
  assert.equal(cache.get('/d', '1'), undefined);
  assert.ok(cache.get('/e', '1'));
});
