import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { testApp } from '../test/helpers.ts';
import { renderDocx } from '../src/documents/render-docx.ts';
import { renderHtml } from '../src/documents/render-html.ts';
import { planDocument } from '../src/features/plans/plan-document.ts';
import { ANONYMOUS } from '../src/platform/auth/actor.ts';

import { loadavg } from 'node:os';
import { allInitiatives } from '../src/features/plans/compare.ts';
import type { Actor } from '../src/platform/auth/actor.ts';

// BENCH_QUICK=1 shortens every run (a smoke run: the figures are then rough).
const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 5 : 30));
const LONG_SECONDS = Number(process.env.BENCH_LONG_SECONDS ?? (QUICK ? 10 : 60));
const WRITERS = 20;
const COORDINATOR: Actor = { userId: null, role: 'coordinator', organisationId: null };

interface LoadResult { p50: number; p95: number; rps: number; errors: number; timeouts: number; non2xx: number; shed: number }

/** Every response's latency is kept, so p50 and p95 are exact rather than autocannon's fixed percentiles. */
async function load(url: string, connections = 50, seconds = SECONDS): Promise<LoadResult> {
  const latencies: number[] = [];
  let shed = 0;
  // Without a callback autocannon returns an instance that is also a promise of its result.
  const instance = autocannon({ url, connections, duration: seconds, timeout: 10 }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => { latencies.push(ms); if (status === 503) shed += 1; });
  const r = await instance;
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), rps: r.requests.average, errors: r.errors + r.non2xx, timeouts: r.timeouts, non2xx: r.non2xx, shed };
}

/** NaN when nothing answered within the run (a machine too busy for the run's length). */
function quantile(sorted: number[], q: number) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN; }

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const load1 = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine`;

function line(name: string, r: LoadResult, baseline: LoadResult) {
  console.log(`${name.padEnd(22)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  errors ${r.errors} (503 ${r.shed})  timeouts ${r.timeouts}` +
    (r === baseline ? '' : `  (p95 ${(r.p95 / Math.max(baseline.p95, 0.1)).toFixed(1)}× baseline, ${(r.rps / baseline.rps).toFixed(2)}× its req/s)`));
}

/** The app on the embedded database, or on PostgreSQL (DATABASE_URL), whatever the environment says for the rest. */
async function appOn(kind: 'pglite' | 'postgres') {
  const url = process.env.DATABASE_URL;
  if (kind === 'pglite') delete process.env.DATABASE_URL;
  try { return await testApp(); } finally { if (url !== undefined) process.env.DATABASE_URL = url; }
}

/** Plan page, plan API, the public home and a public ward page under 50 connections, 100 connections for a minute, and the plan page under 20 writers, each against /healthz in the same run, on both databases. */
export async function runWebBench() {
  for (const kind of process.env.DATABASE_URL ? ['pglite', 'postgres'] as const : ['pglite'] as const) await pageBench(kind, kind === 'pglite');
  if (!process.env.DATABASE_URL) console.log('\n(PostgreSQL figures: set DATABASE_URL to a server this bench may create databases on.)');
}

async function pageBench(kind: 'pglite' | 'postgres', extras: boolean) {
  const t = await appOn(kind);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  console.log(`\n== Web (${t.db.kind}, 50 connections, ${SECONDS} s each; ${load1()})`);
  const rows: [string, LoadResult][] = [];
  for (const [name, path] of [['baseline /healthz', '/healthz'], ['plan page 2022-23', '/p/scp/plans/2022-23'], ['plan API 2022-23', '/api/v1/partnerships/scp/plans/2022-23'],
    // The public home rolls every priority's initiatives up from their latest progress updates.
    ['public home', '/p/scp'],
    // A ward's public page (Castle): its figures, protected, and its monthly chart.
    ['public ward page', '/p/scp/area/E05010828'], ['public ward API', '/api/v1/public/partnerships/scp/wards/E05010828']]) {
    rows.push([name, await load(base + path)]);
  }
  const baseline = rows[0][1];
  for (const [name, r] of rows) line(name, r, baseline);
  // The public plan page is answered from the page cache while the partnership has not changed (anonymous visitors).
  const page = rows[1][1];
  console.log(`Targets for the plan page, 50 connections: p95 ≤ 50 ms (${page.p95.toFixed(1)} ms: ${met(page.p95 <= 50)}), `
    + `≥ 1,000 req/s (${page.rps.toFixed(0)}: ${met(page.rps >= 1000)}), 0 errors (${page.errors}: ${met(page.errors === 0)}); `
    + `against /healthz in this run: p95 ${(page.p95 / Math.max(baseline.p95, 0.1)).toFixed(1)}×, req/s ${(page.rps / baseline.rps).toFixed(2)}×`);

  console.log(`\n== Web (${t.db.kind}, 100 connections, ${LONG_SECONDS} s each; ${load1()})`);
  const longBase = await load(`${base}/healthz`, 100, LONG_SECONDS);
  const longPage = await load(`${base}/p/scp/plans/2022-23`, 100, LONG_SECONDS);
  line('baseline /healthz', longBase, longBase);
  line('plan page 2022-23', longPage, longBase);
  console.log(`Target, 100 connections for ${LONG_SECONDS} s: 0 errors and 0 timeouts (${longPage.errors}, ${longPage.timeouts}: ${met(longPage.errors === 0 && longPage.timeouts === 0)})`);

  await underWriters(t, base, kind);

  if (extras) {
    await assessmentTimings(base);
    await roundSummaryTimings(base, t);
    const scp = await t.services.partnerships.bySlug('scp');
    const plan = await t.services.plans.get(scp, 2022, ANONYMOUS);
    const times = { docx: [] as number[], html: [] as number[] };
    for (let i = 0; i < 20; i++) {
      let s = performance.now(); const doc = planDocument(plan); renderHtml(doc); times.html.push(performance.now() - s);
      s = performance.now(); await renderDocx(planDocument(plan)); times.docx.push(performance.now() - s);
    }
    const docxP50 = quantile(times.docx.sort((a, b) => a - b), 0.5);
    const htmlP50 = quantile(times.html.sort((a, b) => a - b), 0.5);
    console.log(`Word document 2022-23  p50 ${docxP50.toFixed(1)} ms (HTML of the same document, the baseline: ${htmlP50.toFixed(1)} ms; ${(docxP50 / htmlP50).toFixed(1)}×)`);
  }
  await t.close();
}

/**
 * The plan page under 50 connections while 20 writers change the plan's initiatives' weights as fast
 * as they can (each write moves the stamp, so the page is rendered again after each), against
 * /healthz under the same writers.
 */
async function underWriters(t: Awaited<ReturnType<typeof testApp>>, base: string, kind: string) {
  const scp = await t.services.partnerships.bySlug('scp');
  const initiatives = allInitiatives(await t.services.plans.get(scp, 2022, COORDINATOR));
  let writing = true;
  let writes = 0;
  let failed = 0;
  const writer = async (n: number) => {
    for (let i = 0; writing; i++) {
      try {
        await t.services.delivery.setWeight(scp, initiatives[n % initiatives.length]!.id, String(1 + (i % 3)), COORDINATOR);
        writes += 1;
      } catch { failed += 1; }
      // Each write as its own request would be: the event loop turns between them (the embedded
      // database answers within one turn, so a tight loop of writes would starve every socket).
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const run = async (path: string) => {
    writing = true; writes = 0; failed = 0;
    const writers = Array.from({ length: WRITERS }, (_, n) => writer(n));
    const r = await load(base + path);
    writing = false;
    await Promise.all(writers);
    return { r, writes, failed };
  };
  console.log(`\n== Plan page under ${WRITERS} writers (${kind}, 50 connections, ${SECONDS} s each; ${load1()})`);
  const b = await run('/healthz');
  const p = await run('/p/scp/plans/2022-23');
  line('baseline /healthz', b.r, b.r);
  line('plan page 2022-23', p.r, b.r);
  console.log(`writes: ${(b.writes / SECONDS).toFixed(0)}/s beside /healthz, ${(p.writes / SECONDS).toFixed(0)}/s beside the plan page (failed ${b.failed + p.failed}); `
    + `the page stays up: ${met(p.r.rps >= 1 && p.r.timeouts === 0)}`);
}

/** One request at a time, as an analyst opens the page: the assessment JSON and page against /healthz. */
async function assessmentTimings(base: string) {
  const agent = await signedInCookie(base);
  const time = async (path: string, cookie?: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 31; i++) {
      const s = performance.now();
      const res = await fetch(base + path, { headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path} answered ${res.status}`);
      if (i > 0) runs.push(performance.now() - s); // the first call loads the ward lookups once per process
    }
    runs.sort((a, b) => a - b);
    return { p50: quantile(runs, 0.5), p95: quantile(runs, 0.95) };
  };
  const baseline = await time('/healthz');
  console.log(`\n== Assessment for one district (embedded database, one request at a time, 30 runs)`);
  for (const [name, path, cookie] of [['baseline /healthz', '/healthz'], ['assessment JSON (API)', '/api/v1/partnerships/scp/assessment?to=2022-09'],
    ['assessment page', '/p/scp/assessment?to=2022-09', agent]] as [string, string, string?][]) {
    const r = name.startsWith('baseline') ? baseline : await time(path, cookie);
    console.log(`${name.padEnd(24)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms` +
      (name.startsWith('baseline') ? '' : `  (${(r.p50 / baseline.p50).toFixed(1)}× baseline; target ≤ 300 ms: ${r.p95 <= 300 ? 'met' : 'NOT met'})`));
  }
}

/** The demo update round's summary (the board's paper: roll-up, exceptions, figures since it opened), one request at a time, against /healthz. */
async function roundSummaryTimings(base: string, t: Awaited<ReturnType<typeof testApp>>) {
  const [round] = await t.db.query<{ id: number }>('SELECT id FROM update_rounds ORDER BY id LIMIT 1');
  if (!round) { console.log('\n== Update round summary: the demo has no update round, skipped'); return; }
  const cookie = await signedInCookie(base);
  const time = async (path: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 31; i++) {
      const s = performance.now();
      const res = await fetch(base + path, { headers: { cookie } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path} answered ${res.status}`);
      if (i > 0) runs.push(performance.now() - s); // the first call warms the plan cache
    }
    runs.sort((a, b) => a - b);
    return { p50: quantile(runs, 0.5), p95: quantile(runs, 0.95) };
  };
  const baseline = await time('/healthz');
  const summary = await time(`/p/scp/rounds/${round.id}/summary`);
  console.log(`\n== Update round summary (one request at a time, 30 runs)`);
  console.log(`${'baseline /healthz'.padEnd(24)} p50 ${baseline.p50.toFixed(1).padStart(6)} ms  p95 ${baseline.p95.toFixed(1).padStart(6)} ms`);
  console.log(`${'round summary page'.padEnd(24)} p50 ${summary.p50.toFixed(1).padStart(6)} ms  p95 ${summary.p95.toFixed(1).padStart(6)} ms  (${(summary.p50 / Math.max(baseline.p50, 0.1)).toFixed(1)}× baseline)`);
}

/** Sign in over HTTP as the analyst and return the session cookie. */
async function signedInCookie(base: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]*)"/.exec(html)![1];
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: 'analyst@demo.csp-hub.test', password: 'demo-password-1' }) });
  return [cookies, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}
