import { mkdirSync } from 'node:fs';
import type { Pool } from 'pg';
import type { Db, Queryable } from './types.ts';

// pg returns bigint (20) and numeric (1700) as strings; counts and rates are numbers here.
async function pgTypes() {
  const pg = (await import('pg')).default;
  pg.types.setTypeParser(20, (v: string) => Number(v));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
  pg.types.setTypeParser(1082, (v: string) => v); // dates stay 'YYYY-MM-DD', no timezone shift
  return pg;
}

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** PostgreSQL only: every connection works inside this schema (tests isolate themselves this way). */
  schema?: string;
  /** PGlite only: start from a dumped data directory (a migrated template). */
  loadDataDir?: Blob;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema) : openPglite(opts.dataDir, opts.loadDataDir);
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  const pg = await pgTypes();
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  const run = (c: Pick<Pool, 'query'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
  });
  const root = run(pool);
  return {
    kind: 'postgres',
    query: root.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(run(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    insertMany: batchedInsert,
    async close() { await pool.end(); },
  };
}

async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Same number handling as the pg driver: bigint and numeric become JS numbers.
  const parsers = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v), 1082: (v: string) => v };
  const pglite = await PGlite.create(dataDir ?? 'memory://', { parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  const wrap = (c: { query: typeof pglite.query }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query<T>(sql, params as unknown[]);
      return r.rows;
    },
  });
  const root = wrap(pglite);
  return {
    kind: 'pglite',
    query: root.query,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    insertMany: batchedInsert,
    async close() { await pglite.close(); },
    // exposed for the test template
    ...({ dumpDataDir: () => pglite.dumpDataDir('gzip') } as object),
  } as Db;
}

/** Multi-row INSERTs in batches that stay under PostgreSQL's 65,535 parameter limit. */
async function batchedInsert(tx: Queryable, table: string, columns: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  const perBatch = Math.max(1, Math.floor(60000 / columns.length));
  for (let start = 0; start < rows.length; start += perBatch) {
    const batch = rows.slice(start, start + perBatch);
    const params: unknown[] = [];
    const values = batch.map((row) => {
      const marks = row.map((v) => { params.push(v); return `$${params.length}`; });
      return `(${marks.join(',')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`, params);
  }
}
