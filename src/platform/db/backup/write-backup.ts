// `csp-hub backup`: the whole instance, read in one consistent snapshot and streamed through gzip
// to a file, table by table and row batch by row batch. The file appears under its name only once
// complete; a failed backup leaves nothing behind.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Db } from '../types.ts';
import { canonicalSettings, quoteIdent, schemaTables } from './catalog.ts';
import { readRows, rowLine, RowSum, type TableSum } from './rows.ts';
import { FORMAT, FORMAT_VERSION, type Header } from './format.ts';

export interface Progress { table: string; done: number; total: number }

export interface BackupResult { tables: Record<string, TableSum>; rows: number; migrations: string[] }

export class NothingToBackUpError extends Error {}

export async function writeBackup(db: Db, outPath: string, onProgress: (p: Progress) => void = () => undefined): Promise<BackupResult> {
  const partial = `${outPath}.partial-${process.pid}`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial));
  written.catch(() => undefined); // awaited below; a write error also surfaces through gzip.write
  const write = async (line: string) => { if (!gzip.write(`${line}\n`)) await once(gzip, 'drain'); };
  try {
    const result = await db.transaction(async (tx) => {
      // One snapshot for the whole file: what is written during the backup is in none of it.
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await canonicalSettings(tx);
      const [{ present }] = await tx.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
      if (!present) throw new NothingToBackUpError('This database has no CSP Hub schema: there is nothing to back up.');
      const migrations = (await tx.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
      const tables = await schemaTables(tx);
      const counts = new Map<string, number>();
      for (const t of tables) counts.set(t.name, (await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`))[0]!.n);
      const header: Header = {
        format: FORMAT, formatVersion: FORMAT_VERSION, createdAt: new Date().toISOString(), database: db.kind, migrations,
        tables: tables.map((t) => ({ name: t.name, columns: t.columns, rows: counts.get(t.name)! })),
      };
      await write(JSON.stringify(header));
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const sums: Record<string, TableSum> = {};
      let done = 0;
      for (const table of tables) {
        await write(JSON.stringify({ table: table.name }));
        const sum = new RowSum();
        for await (const batch of readRows(tx, table)) {
          for (const row of batch) {
            const line = rowLine(row);
            sum.add(line);
            await write(line);
          }
          done += batch.length;
          onProgress({ table: table.name, done, total });
        }
        sums[table.name] = sum.done();
        await write(JSON.stringify({ end: table.name, ...sums[table.name] }));
      }
      await write(JSON.stringify({ summary: { tables: sums } }));
      return { tables: sums, rows: done, migrations };
    });
    gzip.end();
    await written;
    await rename(partial, outPath);
    return result;
  } catch (e) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw e;
  }
}
