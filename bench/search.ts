import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { testApp } from '../test/helpers.ts';
import type { Actor } from '../src/platform/auth/actor.ts';

// Search on the demo: how long a rebuild of one audience's entries takes after a change (against
// rendering the plan's page for the same audience, which reads the same plan), and how long a search
// takes once the entries are fresh (against /healthz), one request at a time.

const COORDINATOR: Actor = { userId: null, role: 'coordinator', organisationId: null };
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? (process.env.BENCH_QUICK === '1' ? 7 : 31));

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) { const s = performance.now(); await fn(); ms.push(performance.now() - s); }
  return p50(ms);
}

export async function runSearchBench() {
  const t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const get = async (path: string) => { const res = await fetch(base + path); await res.arrayBuffer(); if (!res.ok) throw new Error(`${path}: ${res.status}`); };
  console.log(`\n== Search (${t.db.kind}, demo partnership, p50 of ${RUNS}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  const scp = await t.services.partnerships.bySlug('scp');
  // A change before each rebuild: a measure's value saved, as an analyst would.
  const measure = (await t.services.measures.list(scp))[0]!;
  let n = 0;
  const change = () => t.services.measures.saveValue(scp, measure.id, { period: measure.values[0]?.period ?? '2022-Q1', value: String(++n), note: '' }, COORDINATOR);
  const runs = Math.max(3, Math.floor(RUNS / 4));
  const rebuild = async (audience: 'public' | 'coordinator') => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) { await change(); const s = performance.now(); await t.services.search.refresh(scp, audience); ms.push(performance.now() - s); }
    return p50(ms);
  };
  const publicRebuild = await rebuild('public');
  const coordinatorRebuild = await rebuild('coordinator');
  await get('/p/scp/plans/2022-23');
  const planPage = await timed(() => t.services.plans.get(scp, 2022, COORDINATOR).then(() => get('/p/scp/plans/2022-23?status=delayed')));
  const healthz = await timed(() => get('/healthz'));
  await get('/search?q=knife+crime&partnership=scp');
  const page = await timed(() => get('/search?q=knife+crime&partnership=scp'));
  const api = await timed(() => get('/api/v1/partnerships/scp/search?q=knives'));
  const all = await timed(() => get('/search?q=schoo'));
  console.log(`rebuild, public          ${publicRebuild.toFixed(0).padStart(6)} ms  (${(publicRebuild / planPage).toFixed(1)}× the plan page, ${planPage.toFixed(1)} ms)`);
  console.log(`rebuild, coordinator     ${coordinatorRebuild.toFixed(0).padStart(6)} ms  (${(coordinatorRebuild / planPage).toFixed(1)}× the plan page)`);
  console.log(`baseline /healthz        ${healthz.toFixed(1).padStart(6)} ms`);
  console.log(`results page, 1 partner. ${page.toFixed(1).padStart(6)} ms  (${(page / healthz).toFixed(1)}× /healthz)`);
  console.log(`API search               ${api.toFixed(1).padStart(6)} ms  (${(api / healthz).toFixed(1)}× /healthz)`);
  console.log(`results page, every one  ${all.toFixed(1).padStart(6)} ms  (${(all / healthz).toFixed(1)}× /healthz; a prefix)`);
  await t.close();
}

if (import.meta.url === `file://${process.argv[1]}`) { await runSearchBench(); process.exit(0); }
