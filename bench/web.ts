import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { testApp } from '../test/helpers.ts';
import { renderDocx } from '../src/documents/render-docx.ts';
import { renderHtml } from '../src/documents/render-html.ts';
import { planDocument } from '../src/features/plans/plan-document.ts';
import { ANONYMOUS } from '../src/features/plans/actor.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = 50;

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { p50: r.latency.p50, p95: r.latency.p97_5 ?? r.latency.p99, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx };
}

function quantile(sorted: number[], q: number) { return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]; }

/** Plan page and plan API under 50 connections, against /healthz (one trivial query) as the baseline. */
export async function runWebBench() {
  const t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  console.log(`\n== Web (${t.db.kind}, ${CONNECTIONS} connections, ${SECONDS} s each)`);
  const rows: [string, Awaited<ReturnType<typeof load>>][] = [];
  for (const [name, path] of [['baseline /healthz', '/healthz'], ['plan page 2022-23', '/p/scp/plans/2022-23'], ['plan API 2022-23', '/api/v1/partnerships/scp/plans/2022-23']]) {
    rows.push([name, await load(base + path)]);
  }
  const baseline = rows[0][1];
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(22)} p50 ${String(r.p50).padStart(5)} ms  p97.5 ${String(r.p95).padStart(5)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  errors ${r.errors}` +
      (r === baseline ? '' : `  (p50 ${(r.p50 / Math.max(baseline.p50, 1)).toFixed(1)}× baseline)`));
  }

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
  await t.close();
}
