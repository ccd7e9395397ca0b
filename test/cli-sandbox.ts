import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgDatabaseCopy, templateCopy } from './template.ts';

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

/**
 * The `csp-hub` command on a database of its own: an embedded one in a temporary folder, or, when
 * DATABASE_URL is set, a database of its own on PostgreSQL, created here and dropped by close().
 * `demo` starts it with the demo partnership loaded.
 */
export async function cliSandbox(name: string, options: { demo?: boolean } = {}): Promise<CliSandbox> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`cliSandbox: ${name} is not a plain lower-case name`);
  const pgUrl = process.env.DATABASE_URL;
  let env: NodeJS.ProcessEnv;
  let close: () => Promise<void>;
  if (pgUrl) {
    // A database of its own: a copy of the tests' template with the demo, or an empty one.
    const copy = await pgDatabaseCopy(pgUrl, { demo: Boolean(options.demo) });
    env = { ...process.env, DATABASE_URL: copy.url };
    close = () => copy.drop();
  } else if (options.demo) {
    // The tests' migrated demo template, copied (a `demo load` from nothing takes far longer).
    const dataDir = await templateCopy();
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    close = async () => { rmSync(dataDir, { recursive: true, force: true }); };
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), `csp-hub-${name.replaceAll('_', '-')}-`));
    env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    close = async () => { rmSync(dataDir, { recursive: true, force: true }); };
  }
  const cliWith = (extraEnv: NodeJS.ProcessEnv, ...args: string[]): CliResult => {
    const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  return {
    cli: (...args) => cliWith({}, ...args),
    cliWith,
    close,
  };
}
