// The `backup` and `restore` commands: open the configured database (embedded or PostgreSQL), show
// a progress bar on a terminal, and say in one line what was done.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../config.ts';
import { openDb } from '../client.ts';
import { formatSize } from '../../sizes.ts';
import { writeBackup, type Progress } from './write-backup.ts';
import { restoreBackup } from './restore.ts';

export const BACKUP_USAGE = `  backup --out FILE          write the whole instance (every partnership, user, audit record and
                             stored document) to one file, for restore here or on the other database
  restore FILE [--force]     replace this database's contents with a backup's; --force when it is not empty`;

export class BackupUsageError extends Error {}

export async function runBackupCommand(args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new BackupUsageError('backup needs --out FILE, the file to write (for example --out csp-hub.backup.gz)');
  return withDatabase('backup', async (db) => {
    const bar = progressBar();
    try {
      const r = await writeBackup(db, values.out!, bar.update);
      bar.stop();
      return `Backed up ${r.rows.toLocaleString('en-GB')} rows in ${Object.keys(r.tables).length} tables (schema ${r.migrations.at(-1)}) to ${values.out} (${formatSize(statSync(values.out!).size)}).\n`;
    } finally { bar.stop(); }
  });
}

export async function runRestoreCommand(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new BackupUsageError('restore needs one FILE, the backup to restore (csp-hub restore FILE [--force])');
  const file = positionals[0]!;
  return withDatabase('restore', async (db) => {
    const bar = progressBar();
    try {
      const r = await restoreBackup(db, file, { force: values.force, onProgress: bar.update });
      bar.stop();
      const upgraded = r.migratedAfter.length ? ` Then brought the schema up to date (${r.migratedAfter.join(', ')}).` : '';
      return `Restored ${r.rows.toLocaleString('en-GB')} rows in ${Object.keys(r.tables).length} tables from ${file}, made ${r.header.createdAt} on ${r.header.database === 'pglite' ? 'the embedded database' : 'PostgreSQL'}; every table’s checksum matches the file.${upgraded}\n`;
    } finally { bar.stop(); }
  });
}

async function withDatabase<T>(command: string, fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: `csp-hub ${command}` });
  try { return await fn(db); } finally { await db.close(); }
}

/** A bar on a terminal (rows done of all rows, and the table at hand); nothing when output is captured. */
function progressBar(): { update: (p: Progress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: '{bar} {percentage}% | {value}/{total} rows | {table}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (!started) { bar.start(Math.max(p.total, 1), 0, { table: p.table }); started = true; }
      bar.update(p.done, { table: p.table });
    },
    stop() { if (started && !stopped) { stopped = true; bar.stop(); } },
  };
}
