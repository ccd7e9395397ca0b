import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

/**
 * Changes whenever migrations, the demo data or the code that loads it change. test/run.ts works it
 * out once and passes it to every test process, which would otherwise hash the sources again.
 */
export function templateKey(): string {
  const passed = process.env.CSP_HUB_TEST_TEMPLATE_KEY;
  if (passed) return passed;
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
  if (existsSync(path)) { extractTemplate(path); return path; }
  const { openDb } = await import('../src/platform/db/client.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createServices } = await import('../src/services.ts');
  const { loadDemo } = await import('../src/features/demo/load.ts');
  const db = await openDb({});
  await migrate(db);
  await loadDemo(createServices(db));
  const dump = await (db as unknown as { dumpDataDir(): Promise<Blob> }).dumpDataDir();
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) if (old.startsWith('pglite-template-')) rmSync(join(cacheDir, old), { recursive: true, force: true });
  writeFileSync(`${path}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${path}.tmp`, path);
  await db.close();
  extractTemplate(path);
  return path;
}

/** The template unpacked beside its archive (once), so a test can copy a folder instead of unpacking. */
function extractTemplate(archive: string): string {
  const dir = archive.replace(/\.tar\.gz$/, '');
  if (existsSync(dir)) return dir;
  const partial = `${dir}.${process.pid}.tmp`;
  mkdirSync(partial, { recursive: true });
  execFileSync('tar', ['xzf', archive, '-C', partial]);
  try { renameSync(partial, dir); } catch { rmSync(partial, { recursive: true, force: true }); } // another process won
  return dir;
}

/**
 * A private copy of the template's data folder for one test file: PGlite opens a folder at about
 * half the time it takes to unpack the archive into memory, as it reads only the files it needs.
 * The caller removes it after closing the database.
 */
export async function templateCopy(): Promise<string> {
  const dir = extractTemplate(await buildTemplate());
  const copy = mkdtempSync(join(tmpdir(), `csp-hub-test-db-${process.pid}-`));
  execFileSync('cp', ['-a', `${dir}/.`, copy]); // several times faster than fs.cpSync for these ~1,300 files
  return copy;
}

/** The PostgreSQL template database (migrated, demo loaded) for this code, built once per server. */
export async function pgTemplate(url: string): Promise<string> {
  const name = `csp_hub_template_${templateKey()}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    // One builder at a time across processes; the others wait here and then find it built.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const { rows: [found] } = await admin.query<{ ok: boolean }>('SELECT datistemplate AS ok FROM pg_database WHERE datname = $1', [name]);
    if (found?.ok) return name;
    if (found) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); // a build that died half-way
    await admin.query(`CREATE DATABASE ${name}`);
    const { openDb } = await import('../src/platform/db/client.ts');
    const { migrate } = await import('../src/platform/db/migrate.ts');
    const { createServices } = await import('../src/services.ts');
    const { loadDemo } = await import('../src/features/demo/load.ts');
    const db = await openDb({ databaseUrl: withDatabase(url, name) });
    try {
      await migrate(db);
      await loadDemo(createServices(db));
    } finally { await db.close(); }
    await admin.query('UPDATE pg_database SET datistemplate = true WHERE datname = $1', [name]);
    return name;
  } finally {
    await admin.end(); // also releases the advisory lock
  }
}

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/**
 * A PostgreSQL database of its own for one test file or sandbox: a copy of the template (with the
 * demo) or an empty one. Copying a database takes a fraction of a second; migrating and loading the
 * demo into a new schema took seconds. `drop()` removes it.
 */
export async function pgDatabaseCopy(url: string, options: { demo: boolean }): Promise<{ url: string; drop(): Promise<void> }> {
  const { openDb } = await import('../src/platform/db/client.ts');
  const template = options.demo ? await pgTemplate(url) : 'template0';
  const name = `csp_hub_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = await openDb({ databaseUrl: url });
  try { await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`); } finally { await admin.close(); }
  return {
    url: withDatabase(url, name),
    async drop() {
      const a = await openDb({ databaseUrl: url });
      try { await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } finally { await a.close(); }
    },
  };
}

const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Removes the test databases and folders of test processes that died before cleaning up. */
export async function removeStaleCopies(url?: string): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    const pid = /^csp-hub-test-db-(\d+)-/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
  if (!url) return;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'csp\\_hub\\_test\\_%'`);
    for (const { datname } of rows) {
      const pid = /^csp_hub_test_(\d+)_/.exec(datname)?.[1];
      if (pid && !alive(Number(pid))) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally { await admin.end(); }
}
