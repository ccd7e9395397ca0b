import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { buildTemplate, pgTemplate, removeStaleCopies, templateKey } from './template.ts';

// `npm test`: prepare the embedded template once, then run every *.test.ts with node's test runner.
// (Node 20's runner does not expand globs itself.) The runner is started through its API, not as
// `node --test a b c`: the command line sorts the files by name, which would undo the order below.
const root = fileURLToPath(new URL('../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? testFiles(path) : name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const only = process.argv.slice(2);
// Slowest first (by the last full run's times, kept in the cache; on a fresh clone, the browser
// tests and the route walkers in test/ first): with one file per core, a long file started last
// would leave the other cores idle while it finishes.
const lastTimesFile = join(root, 'node_modules/.cache/csp-hub/test-times.tsv');
const lastTimes = readLastTimes();
const files = only.length ? only : ['src', 'test', 'demo'].flatMap((d) => testFiles(join(root, d)))
  .sort((a, b) => (lastTimes.get(b) ?? guess(b)) - (lastTimes.get(a) ?? guess(a)) || a.localeCompare(b));

const started = Date.now();
// Worked out once here (it hashes every source file) and passed to each test process.
process.env.CSP_HUB_TEST_TEMPLATE_KEY = templateKey();
await removeStaleCopies(process.env.DATABASE_URL);
if (process.env.DATABASE_URL) await pgTemplate(process.env.DATABASE_URL); else await buildTemplate();
console.log(`Test database template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
// One test file per core: each file is its own process (inheriting `--import tsx`) with its own database.
const concurrency = Math.max(1, availableParallelism());
console.log(`Database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${files.length} test files, ${concurrency} at a time`);
const times: { ms: number; file: string }[] = [];
const result = run({ files: files.map((f) => resolve(root, f)), concurrency });
result.on('test:fail', () => { process.exitCode = 1; });
// Each file is one top-level test named after its path; its time runs from its process's start to its end.
result.on('test:complete', (d: { name: string; file?: string; details: { duration_ms: number } }) => {
  if (d.file && d.name === d.file) times.push({ ms: Math.round(d.details.duration_ms), file: relative(root, d.file) });
});
// The usual reporter: spec on a terminal, TAP otherwise.
const reporter = result.compose(process.stdout.isTTY ? new spec() : tap);
reporter.pipe(process.stdout);
await finished(reporter);
printSlowest();
if (!only.length && process.exitCode !== 1) keepTimes();

/** The ten slowest test files, so the suite's time can be kept in check. */
function printSlowest() {
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 10);
  if (!slowest.length) return;
  console.log('\nSlowest test files:');
  for (const s of slowest) console.log(`${(s.ms / 1000).toFixed(1).padStart(7)} s  ${s.file}`);
}

function guess(file: string): number {
  return file.startsWith('test/e2e/crawl') ? 3e5 : file.startsWith('test/e2e/') ? 6e4 : file.startsWith('test/') ? 3e4 : 0;
}

function readLastTimes(): Map<string, number> {
  try {
    return new Map(readFileSync(lastTimesFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')).map(([ms, f]) => [f!, Number(ms)]));
  } catch { return new Map(); }
}

function keepTimes() {
  try {
    mkdirSync(dirname(lastTimesFile), { recursive: true });
    writeFileSync(lastTimesFile, times.map((t) => `${t.ms}\t${t.file}\n`).join(''));
  } catch { /* the order is only an optimisation */ }
}
