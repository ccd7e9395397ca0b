import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The embedded test database starts from a migrated copy with the demo loaded: a fresh PGlite
// takes seconds to initialise and the demo more, so each test file restores this instead.

const root = fileURLToPath(new URL('../', import.meta.url));
const cacheDir = join(root, 'node_modules/.cache/csp-hub');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Changes whenever migrations, the demo data or the code that loads it change. */
function templateKey(): string {
  const hash = createHash('sha256');
  // Any source or demo file may change what the template holds; tests do not.
  const inputs = [
    ...filesUnder(join(root, 'src')).filter((f) => !f.endsWith('.test.ts')),
    ...filesUnder(join(root, 'demo')).filter((f) => !f.endsWith('.test.ts')),
    ...(process.env.CSP_HUB_DEMO_FILE ? [process.env.CSP_HUB_DEMO_FILE] : []),
    join(root, 'package-lock.json'),
  ].sort();
  for (const f of inputs) if (existsSync(f)) hash.update(f).update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

export function templatePath(): string {
  return join(cacheDir, `pglite-template-${templateKey()}.tar.gz`);
}

export async function buildTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const { openDb } = await import('../src/platform/db/client.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createServices } = await import('../src/services.ts');
  const { loadDemo } = await import('../src/features/demo/load.ts');
  const db = await openDb({});
  await migrate(db);
  await loadDemo(createServices(db));
  const dump = await (db as unknown as { dumpDataDir(): Promise<Blob> }).dumpDataDir();
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) if (old.startsWith('pglite-template-')) rmSync(join(cacheDir, old), { force: true });
  writeFileSync(`${path}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${path}.tmp`, path);
  await db.close();
  return path;
}
