import { mkdirSync } from 'node:fs';
import type { Pool } from 'pg';
import type { Db, Queryable } from './types.ts';
import { lockDataDir } from './data-dir-lock.ts';

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
  /** PGlite in a folder: what this process is, for the message another process gets ('the CSP Hub server'). */
  owner?: string;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema) : openPglite(opts.dataDir, opts.loadDataDir, opts.owner);
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  const pg = await pgTypes();
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  const run = (c: Pick<Pool, 'query'>, committed: (() => void)[] | null): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    afterCommit: (f) => { if (committed) committed.push(f); else f(); },
    get db() { return db; },
  });
  const root = run(pool, null);
  const db: Db = {
    kind: 'postgres',
    query: root.query,
    afterCommit: root.afterCommit,
    async transaction(fn) {
      const client = await pool.connect();
      const committed: (() => void)[] = [];
      try {
        await client.query('BEGIN');
        const result = await fn(run(client, committed));
        await client.query('COMMIT');
        for (const f of committed) f();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    insertMany: unnestInsert(),
    async close() { await pool.end(); },
  };
  return db;
}

async function openPglite(dataDir?: string, loadDataDir?: Blob, owner = 'a CSP Hub process'): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // One process per folder: refused here, before PGlite touches a file (data-dir-lock.ts).
  const lock = dataDir ? lockDataDir(dataDir, owner) : null;
  // Same number handling as the pg driver: bigint and numeric become JS numbers.
  const parsers = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v), 1082: (v: string) => v };
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create(dataDir ?? 'memory://', { parsers, ...(loadDataDir ? { loadDataDir } : {}) });
  } catch (e) {
    lock?.release();
    throw e;
  }
  const wrap = (c: { query: typeof pglite.query }, committed: (() => void)[] | null): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await c.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    afterCommit: (f) => { if (committed) committed.push(f); else f(); },
    get db() { return db; },
  });
  const root = wrap(pglite, null);
  const db = {
    kind: 'pglite',
    query: root.query,
    afterCommit: root.afterCommit,
    async transaction(fn) {
      const committed: (() => void)[] = [];
      const result = await pglite.transaction((tx) => fn(wrap(tx, committed)));
      for (const f of committed) f();
      return result;
    },
    insertMany: unnestInsert(),
    async close() {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
    // exposed for the test template
    ...({ dumpDataDir: () => pglite.dumpDataDir('gzip') } as object),
  } as Db;
  return db;
}

/** Rows per INSERT: one statement per chunk, whatever the number of columns (arrays, not parameters). */
const ROWS_PER_STATEMENT = 50_000;

/**
 * insertMany for both drivers: one `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)` per
 * chunk of rows, each column sent as one array parameter. PostgreSQL parses one statement per
 * chunk instead of one VALUES tuple per row (about 10× faster on PGlite than multi-row VALUES),
 * and there is no 65,535-parameter limit. Column types come from the catalog, looked up once per
 * table (the lookup follows search_path, as the INSERT does).
 */
function unnestInsert() {
  const typesOf = new Map<string, Promise<Map<string, string>>>();
  const lookup = async (tx: Queryable, table: string): Promise<Map<string, string>> => {
    const rows = await tx.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
       FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [table],
    );
    return new Map(rows.map((r) => [r.name, r.type]));
  };
  return async function insertMany(tx: Queryable, table: string, columns: string[], rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    let known = typesOf.get(table);
    if (!known) {
      known = lookup(tx, table);
      typesOf.set(table, known);
      known.catch(() => typesOf.delete(table));
    }
    const types = await known;
    const casts = columns.map((c, i) => {
      const type = types.get(c);
      if (!type) throw new Error(`insertMany: ${table} has no column ${c}`);
      return `$${i + 1}::${type}[]`;
    });
    const sql = `INSERT INTO ${table} (${columns.join(',')}) SELECT * FROM unnest(${casts.join(',')})`;
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const end = Math.min(rows.length, start + ROWS_PER_STATEMENT);
      const arrays = columns.map((_, j) => {
        const col = new Array<unknown>(end - start);
        for (let i = start; i < end; i++) col[i - start] = rows[i]![j];
        return col;
      });
      await tx.query(sql, arrays);
    }
  };
}
