import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './types.ts';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations this release ships, in the order they apply. */
export const migrationNames = (): string[] => readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();

/** Migrations this release ships that the database has not applied (all of them on an empty one). */
export async function pendingMigrations(db: Pick<Db, 'query'>): Promise<string[]> {
  const [{ present }] = await db.query<{ present: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  const done = new Set(present ? (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name) : []);
  return migrationNames().filter((name) => !done.has(name));
}

/**
 * Apply every migration not yet applied, in file-name order, each in its own transaction. `upTo`
 * (a number such as '028') stops after that migration: a database as an earlier release left it.
 */
export async function migrate(db: Db, opts: { upTo?: string } = {}): Promise<string[]> {
  await createMigrationsTable(db);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const name of migrationNames()) {
    if (opts.upTo !== undefined && name.slice(0, opts.upTo.length) > opts.upTo) break;
    if (done.has(name)) continue;
    await db.transaction((tx) => applyMigration(tx, name));
    applied.push(name);
  }
  return applied;
}

/** The table that records which migrations a database has applied. */
export async function createMigrationsTable(q: Queryable): Promise<void> {
  await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
}

/** Run one migration's statements and record it, on the caller's handle (a restore runs many in one transaction). */
export async function applyMigration(q: Queryable, name: string): Promise<void> {
  const sql = readFileSync(migrationsDir + name, 'utf8');
  for (const statement of splitStatements(sql)) await q.query(statement);
  await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
}

// Migrations hold plain DDL (no functions with bodies), so splitting on ';' at line ends is safe.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
