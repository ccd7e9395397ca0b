import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/client.ts';
import { buildTemplate } from './template.ts';

const bin = fileURLToPath(new URL('../bin/csp-hub.js', import.meta.url));

export interface CliResult { code: number | null; out: string }

export interface CliSandbox {
  /** Run `csp-hub …args` on the sandbox's database; `out` is its stdout then its stderr. */
  cli: (...args: string[]) => CliResult;
  /** The same, with some environment variables set or changed for this run. */
  cliWith: (extraEnv: NodeJS.ProcessEnv, ...args: string[]) => CliResult;
  /** Remove the sandbox's database. */
  close: () => Promise<void>;
}

async function onAdmin(url: string, sql: string[]) {
  const admin = await openDb({ databaseUrl: url });
  try { for (const s of sql) await admin.query(s); } finally { await admin.close(); }
}

/**
 * The `csp-hub` command on a database of its own: an embedded one in a temporary folder, or, when
 * DATABASE_URL is set, a fresh schema (`<name>_<pid>`) on PostgreSQL, created here and dropped by close().
 * `demo` starts it with the demo partnership loaded.
 */
export async function cliSandbox(name: string, options: { demo?: boolean } = {}): Promise<CliSandbox> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`cliSandbox: ${name} is not a plain lower-case name`);
  const pgUrl = process.env.DATABASE_URL;
  let env: NodeJS.ProcessEnv;
  let close: () => Promise<void>;
  if (pgUrl) {
    const schema = `${name}_${process.pid}`;
    await onAdmin(pgUrl, [`DROP SCHEMA IF EXISTS ${schema} CASCADE`, `CREATE SCHEMA ${schema}`]);
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env = { ...process.env, DATABASE_URL: url.toString() };
    close = () => onAdmin(pgUrl, [`DROP SCHEMA IF EXISTS ${schema} CASCADE`]);
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), `csp-hub-${name.replaceAll('_', '-')}-`));
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    close = async () => { rmSync(dataDir, { recursive: true, force: true }); };
    // With the demo: restore the tests' migrated demo template into the folder (a `demo load` from
    // nothing takes far longer), then let the command open it.
    if (options.demo) {
      const db = await openDb({ dataDir, loadDataDir: new Blob([readFileSync(await buildTemplate())]) });
      await db.close();
    }
  }
  const cliWith = (extraEnv: NodeJS.ProcessEnv, ...args: string[]): CliResult => {
    const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  if (options.demo && pgUrl) {
    const loaded = cliWith({}, 'demo', 'load');
    if (loaded.code !== 0) throw new Error(`demo load failed: ${loaded.out}`);
  }
  return {
    cli: (...args) => cliWith({}, ...args),
    cliWith,
    close,
  };
}
