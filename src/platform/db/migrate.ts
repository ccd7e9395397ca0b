import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

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
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const applied: string[] = [];
  for (const name of migrationNames()) {
    if (opts.upTo !== undefined && name.slice(0, opts.upTo.length) > opts.upTo) break;
    if (done.has(name)) continue;
    const sql = readFileSync(migrationsDir + name, 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
    });
    applied.push(name);
  }
  return applied;
}

// Migrations hold plain DDL (no functions with bodies), so splitting on ';' at line ends is safe.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
