// The documents benchmark: the time to produce each generated document of the demo partnership —
// read the records, assemble the sections, render — in HTML, Word and PDF, as ratios to the plan's
// HTML measured in the same run. Each figure is the median of RUNS runs after one warm-up (which
// also starts the shared headless browser, so no PDF figure carries its start-up).
// Run alone: node --import tsx bench/documents.ts
import { fileURLToPath } from 'node:url';
import { testDb } from '../test/helpers.ts';
import { closePdfBrowser, forgetPrintedPdfs } from '../src/documents/render-pdf.ts';
import { demoDocuments, FORMATS, type Format } from './demo-documents.ts';

const RUNS = Number(process.env.BENCH_DOCUMENT_RUNS ?? 3);
const FORMAT_NAMES: Record<Format, string> = { html: 'HTML', docx: 'Word', pdf: 'PDF' };

/** The issue's targets for the demo committee report, in milliseconds. */
const TARGETS: Record<string, Partial<Record<Format, number>>> = { 'committee report': { docx: 2000, pdf: 5000 } };

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

async function timed(run: () => Promise<unknown>): Promise<number> {
  forgetPrintedPdfs(); // a PDF printed before is sent from memory: time the printing
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function runDocumentsBench() {
  const t = await testDb();
  const { documents, missing } = await demoDocuments(t.services);
  console.log(`\n== Documents (demo partnership, ${t.db.kind}; from the records to the file, median of ${RUNS} after a warm-up; × the plan's HTML in this run)`);
  if (missing.length) console.log(`The demo has no committee meeting of 7 November 2022: ${missing.join(' and ')} skipped`);
  const results = new Map<string, Record<Format, number>>();
  for (const d of documents) {
    const row = {} as Record<Format, number>;
    for (const format of FORMATS) {
      await d.produce(format); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await timed(() => d.produce(format)));
      row[format] = median(runs);
    }
    results.set(d.name, row);
  }
  const baseline = results.get(documents[0]!.name)!.html;
  console.log(`${'document'.padEnd(20)}${FORMATS.map((f) => FORMAT_NAMES[f].padStart(24)).join('')}`);
  for (const [name, row] of results) {
    const cells = FORMATS.map((f) => {
      const target = TARGETS[name]?.[f];
      const cell = `${Math.round(row[f])} ms ${`(${(row[f] / baseline).toFixed(1)}×)`.padStart(9)}`;
      return `${cell}${target ? (row[f] <= target ? ' met' : ' NOT') : '    '}`.padStart(24);
    });
    console.log(`${name.padEnd(20)}${cells.join('')}`);
  }
  for (const [name, targets] of Object.entries(TARGETS)) {
    const row = results.get(name);
    for (const [format, limit] of Object.entries(targets) as [Format, number][]) {
      const got = row?.[format];
      console.log(`target: the ${name} in ${FORMAT_NAMES[format]} ≤ ${limit / 1000} s — ${got === undefined ? 'not measured' : `${(got / 1000).toFixed(2)} s, ${got <= limit ? 'met' : 'NOT met'}`}`);
    }
  }
  await closePdfBrowser();
  await t.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runDocumentsBench();
  process.exit(0);
}
