// What a backup holds, read from the database's own catalog: every table of the schema in use
// (except the migrations record, which the backup states as its schema level), its columns, its
// primary key, and the foreign keys that decide the order tables are written and loaded in.
import type { Queryable } from '../types.ts';

export interface Column { name: string; type: string }

export interface Table {
  name: string;
  columns: Column[];
  /** Columns of the primary key (all columns when a table has none): rows are read in this order. */
  key: { name: string; collatable: boolean }[];
  /** Tables this one refers to by foreign key (other than itself). */
  refersTo: string[];
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every table of the current schema, parents before the tables that refer to them. */
export async function schemaTables(q: Queryable): Promise<Table[]> {
  const columns = await q.query<{ table: string; name: string; type: string; collatable: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attcollation <> 0 AS collatable
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND c.relname <> 'schema_migrations'
      ORDER BY c.relname, a.attnum`);
  const keys = await q.query<{ table: string; name: string }>(
    `SELECT c.relname AS table, a.attname AS name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
      ORDER BY c.relname, k.position`);
  const refs = await q.query<{ table: string; parent: string }>(
    `SELECT DISTINCT c.relname AS table, p.relname AS parent
       FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
      WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND c.oid <> p.oid`);
  const tables = new Map<string, Table>();
  const collatable = new Map<string, boolean>();
  for (const c of columns) {
    const t = tables.get(c.table) ?? { name: c.table, columns: [], key: [], refersTo: [] };
    t.columns.push({ name: c.name, type: c.type });
    collatable.set(`${c.table}.${c.name}`, c.collatable);
    tables.set(c.table, t);
  }
  for (const k of keys) tables.get(k.table)?.key.push({ name: k.name, collatable: collatable.get(`${k.table}.${k.name}`) ?? false });
  for (const t of tables.values()) if (!t.key.length) t.key = t.columns.map((c) => ({ name: c.name, collatable: collatable.get(`${t.name}.${c.name}`) ?? false }));
  for (const r of refs) tables.get(r.table)?.refersTo.push(r.parent);
  return dependencyOrder([...tables.values()]);
}

/** Parents first; among tables free to go next, by name, so the order is the same on every database. */
export function dependencyOrder(tables: Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: Table[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && t.refersTo.every((p) => done.has(p) || !byName.has(p)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    // A cycle of foreign keys: take the first by name (foreign keys are checked after loading anyway).
    const next = ready[0] ?? tables.filter((t) => !done.has(t.name)).sort((a, b) => (a.name < b.name ? -1 : 1))[0]!;
    done.add(next.name);
    ordered.push(next);
  }
  return ordered;
}

/**
 * Rows in primary-key order, text keys compared byte by byte (COLLATE "C"): the same order on any
 * server whatever its locale, so the checksums of two databases can be compared.
 */
export const orderByKey = (t: Table) => t.key.map((k) => `${quoteIdent(k.name)}${k.collatable ? ' COLLATE "C"' : ''}`).join(', ');

/**
 * Each column as text in PostgreSQL's own output form (the form its input reads back), bytea as
 * base64 in one line. With the settings of canonicalSettings, PGlite and PostgreSQL write the same text.
 */
export const columnAsText = (c: Column) => (c.type === 'bytea' ? `translate(encode(${quoteIdent(c.name)}, 'base64'), E'\\n', '')` : `${quoteIdent(c.name)}::text`);

/** The text from columnAsText, turned back into the column's type. */
export const textAsColumn = (c: Column, expr: string) => (c.type === 'bytea' ? `decode(${expr}, 'base64')` : `${expr}::${c.type}`);

/** Session settings under which values are written and read as text the same way on every server. */
export async function canonicalSettings(q: Queryable): Promise<void> {
  for (const [name, value] of [['TimeZone', 'UTC'], ['DateStyle', 'ISO, YMD'], ['IntervalStyle', 'postgres'], ['extra_float_digits', '1'], ['bytea_output', 'hex']]) {
    await q.query(`SELECT set_config($1, $2, true)`, [name, value]);
  }
}
