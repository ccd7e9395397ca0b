import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
