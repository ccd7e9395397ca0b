import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTemplate } from './template.ts';

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
const files = only.length ? only : ['src', 'test', 'demo'].flatMap((d) => testFiles(join(root, d))).sort();

if (!process.env.DATABASE_URL) {
  const started = Date.now();
  await buildTemplate();
  console.log(`Embedded test database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`Database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${files.length} test files`);
// The usual reporter (spec on a terminal, TAP otherwise) as before, and beside it one that notes each file's time.
const timesDir = mkdtempSync(join(tmpdir(), 'csp-hub-test-times-'));
const timesFile = join(timesDir, 'times.tsv');
const reporters = ['--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
  '--test-reporter', join(root, 'test/file-times.mjs'), '--test-reporter-destination', timesFile];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...files], { cwd: root, stdio: 'inherit' });
printSlowest(timesFile);
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
