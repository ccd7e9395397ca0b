import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTemplate, pgTemplate, removeStaleCopies } from './template.ts';

// `npm test`: prepare the embedded template once, then run every *.test.ts with node's test runner.
// (Node 20's runner does not expand globs itself.)
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
await removeStaleCopies(process.env.DATABASE_URL);
if (process.env.DATABASE_URL) await pgTemplate(process.env.DATABASE_URL); else await buildTemplate();
console.log(`Test database template ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
// One test file per core: each file is its own process with its own database.
const concurrency = Math.max(1, availableParallelism());
console.log(`Database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${files.length} test files, ${concurrency} at a time`);
// The usual reporter (spec on a terminal, TAP otherwise) as before, and beside it one that notes each file's time.
const timesDir = mkdtempSync(join(tmpdir(), 'csp-hub-test-times-'));
const timesFile = join(timesDir, 'times.tsv');
const reporters = ['--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
  '--test-reporter', join(root, 'test/file-times.mjs'), '--test-reporter-destination', timesFile];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], { cwd: root, stdio: 'inherit' });
printSlowest(timesFile);
if (!only.length && result.status === 0) keepTimes(timesFile);
rmSync(timesDir, { recursive: true, force: true });
process.exit(result.status ?? 1);

/** The ten slowest test files, so the suite's time can be kept in check. */
function printSlowest(path: string) {
  let lines: string[];
  try { lines = readFileSync(path, 'utf8').split('\n').filter(Boolean); } catch { return; }
  const slowest = lines.map((l) => l.split('\t')).map(([ms, file]) => ({ ms: Number(ms), file: relative(root, file!) }))
    .sort((a, b) => b.ms - a.ms).slice(0, 10);
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

function keepTimes(path: string) {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')).map(([ms, f]) => `${ms}\t${relative(root, f!)}`);
    mkdirSync(dirname(lastTimesFile), { recursive: true });
    writeFileSync(lastTimesFile, `${lines.join('\n')}\n`);
  } catch { /* the order is only an optimisation */ }
}
