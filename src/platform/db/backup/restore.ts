// `csp-hub restore`: a backup file into this database, all or nothing. In one transaction the
// schema is rebuilt from the migrations up to the file's level, every table loaded (foreign keys
// set aside until all rows are in, then checked), sequences set past the highest ids, and every
// table's checksum read back from the database and compared with the file's. Any failure rolls
// everything back: the database is as it was. Afterwards the schema is brought up to date.
import type { Db, Queryable } from '../types.ts';
import { applyMigration, createMigrationsTable, migrate, migrationNames } from '../migrate.ts';
import { canonicalSettings, quoteIdent, schemaTables, textAsColumn, type Column, type Table } from './catalog.ts';
import { RowSum, tableSum, type TableSum } from './rows.ts';
import { controlSchema, FORMAT, FORMAT_VERSION, headerSchema, type Header } from './format.ts';
import { gzipLines, UnreadableBackupError } from './read-lines.ts';
import type { Progress } from './write-backup.ts';

/** A restore refused or abandoned; the message says why, in words, and nothing was changed. */
export class RestoreRefusedError extends Error {}

export interface RestoreResult { header: Header; tables: Record<string, TableSum>; rows: number; migratedAfter: string[] }

const ROWS_PER_INSERT = 5000;
const BYTES_PER_INSERT = 8 * 1024 * 1024;

export async function restoreBackup(db: Db, path: string, opts: { force?: boolean; label?: string; onProgress?: (p: Progress) => void } = {}): Promise<RestoreResult> {
  const label = opts.label ?? path;
  const reader = gzipLines(path, label);
  try {
    const header = await readHeader(reader.lines, label);
    const contents = await describeContents(db);
    if (contents && !opts.force) {
      throw new RestoreRefusedError(`The database is not empty: it holds ${contents}. Restoring replaces everything in it; run the restore again with --force to do that.`);
    }
    const { tables, rows } = await db.transaction(async (tx) => {
      await canonicalSettings(tx);
      await rebuildSchema(tx, header.migrations);
      return loadTables(tx, header, reader.lines, label, opts.onProgress ?? (() => undefined));
    });
    // The file's level may be behind this release's: bring the restored database up to date.
    const migratedAfter = await migrate(db);
    return { header, tables, rows, migratedAfter };
  } catch (e) {
    if (e instanceof UnreadableBackupError) throw new RestoreRefusedError(`${e.message} Nothing was restored.`);
    throw e;
  } finally {
    await reader.lines.return(undefined);
  }
}

async function readHeader(lines: AsyncGenerator<string>, label: string): Promise<Header> {
  const first = await lines.next();
  const notOurs = `${label} is not a CSP Hub backup (it does not start with a backup’s header).`;
  if (first.done) throw new RestoreRefusedError(`${label} is empty: it is not a CSP Hub backup.`);
  let parsed: unknown;
  try { parsed = JSON.parse(first.value); } catch { throw new RestoreRefusedError(notOurs); }
  if (typeof parsed !== 'object' || parsed === null || Reflect.get(parsed, 'format') !== FORMAT) throw new RestoreRefusedError(notOurs);
  const version = Reflect.get(parsed, 'formatVersion');
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new RestoreRefusedError(`${label} was made by a newer CSP Hub (backup format ${version}; this one reads format ${FORMAT_VERSION}). Restore it with that release or a later one.`);
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) throw new RestoreRefusedError(`${label} has a damaged header: ${header.error.issues[0]?.path.join('.')} ${header.error.issues[0]?.message}.`);
  const known = migrationNames();
  const unknown = header.data.migrations.filter((m) => !known.includes(m));
  if (unknown.length) {
    throw new RestoreRefusedError(`${label} comes from a newer CSP Hub: its database has migration ${unknown.join(', ')}, which this release does not have (it goes up to ${known.at(-1)}). Upgrade CSP Hub, then restore.`);
  }
  if (header.data.migrations.some((m, i) => m !== known[i])) {
    throw new RestoreRefusedError(`${label} has a schema this release cannot rebuild: its migrations are not the first ${header.data.migrations.length} of this release's.`);
  }
  return header.data;
}

/** What the database holds, in words ("1 partnership (…), 8 users and 1,234 rows in 20 other tables"), or null when empty. */
async function describeContents(db: Db): Promise<string | null> {
  const tables = await db.transaction(async (tx) => schemaTables(tx));
  const filled: { name: string; rows: number }[] = [];
  for (const t of tables) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`);
    if (n > 0) filled.push({ name: t.name, rows: n });
  }
  if (!filled.length) return null;
  const parts: string[] = [];
  const partnerships = filled.find((t) => t.name === 'partnerships');
  if (partnerships) {
    const names = (await db.query<{ name: string }>('SELECT name FROM partnerships ORDER BY name')).map((r) => r.name);
    parts.push(`${plural(partnerships.rows, 'partnership')} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`);
  }
  const users = filled.find((t) => t.name === 'users');
  if (users) parts.push(plural(users.rows, 'user'));
  const others = filled.filter((t) => t !== partnerships && t !== users);
  if (others.length) {
    const rows = others.reduce((a, t) => a + t.rows, 0);
    parts.push(`${plural(rows, 'row')} in ${plural(others.length, parts.length ? 'other table' : 'table')}`);
  }
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]!;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** Drop every table of the schema and apply the file's migrations: the schema the file was made from. */
async function rebuildSchema(tx: Queryable, migrations: string[]): Promise<void> {
  const existing = await tx.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') ORDER BY relname`);
  if (existing.length) await tx.query(`DROP TABLE ${existing.map((t) => quoteIdent(t.name)).join(', ')} CASCADE`);
  await createMigrationsTable(tx);
  for (const name of migrations) await applyMigration(tx, name);
}

interface Loading { table: Table; columns: Column[]; insert: string; sum: RowSum; batch: string[][]; bytes: number }

async function loadTables(tx: Queryable, header: Header, lines: AsyncGenerator<string>, label: string, onProgress: (p: Progress) => void) {
  const damaged = (why: string) => new RestoreRefusedError(`${label} is damaged: ${why}. Nothing was restored.`);
  const tables = new Map((await schemaTables(tx)).map((t) => [t.name, t]));
  for (const entry of header.tables) {
    const table = tables.get(entry.name);
    const missing = entry.columns.filter((c) => !table?.columns.some((t) => t.name === c.name && t.type === c.type));
    if (!table || missing.length || table.columns.length !== entry.columns.length) {
      throw damaged(`its table ${entry.name} does not match the schema its migrations make`);
    }
  }
  // Foreign keys are set aside while rows go in (a row may name one later in its own table), then checked.
  const foreignKeys = await tx.query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS table, f.conname AS name, pg_get_constraintdef(f.oid) AS definition
       FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid
      WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname, f.conname`);
  for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${quoteIdent(fk.table)} DROP CONSTRAINT ${quoteIdent(fk.name)}`);

  const total = header.tables.reduce((a, t) => a + t.rows, 0);
  const sums: Record<string, TableSum> = {};
  let done = 0;
  let current: Loading | null = null;
  let summary: Record<string, TableSum> | null = null;
  const flush = async (l: Loading) => {
    if (!l.batch.length) return;
    const arrays = l.columns.map((_, j) => l.batch.map((row) => row[j]));
    await tx.query(l.insert, arrays);
    done += l.batch.length;
    l.batch = [];
    l.bytes = 0;
    onProgress({ table: l.table.name, done, total });
  };

  for await (const line of lines) {
    if (summary) { if (line.trim()) throw damaged('there is more after its summary'); continue; }
    if (line.startsWith('[')) {
      if (!current) throw damaged('a row stands outside any table');
      let row: unknown;
      try { row = JSON.parse(line); } catch { throw damaged(`a row of ${current.table.name} is not readable`); }
      if (!Array.isArray(row) || row.length !== current.columns.length || !row.every((v) => v === null || typeof v === 'string')) {
        throw damaged(`a row of ${current.table.name} does not have its ${current.columns.length} columns`);
      }
      current.sum.add(line);
      current.batch.push(row as string[]);
      current.bytes += line.length;
      if (current.batch.length >= ROWS_PER_INSERT || current.bytes >= BYTES_PER_INSERT) await flush(current);
      continue;
    }
    let control;
    try { control = controlSchema.parse(JSON.parse(line)); } catch { throw damaged('a line is neither a row nor a table’s start or end'); }
    if ('table' in control) {
      if (current) throw damaged(`${current.table.name} has no end`);
      const entry = header.tables.find((t) => t.name === control.table);
      if (!entry || sums[control.table]) throw damaged(`the table ${control.table} is not in its header, or comes twice`);
      const table = tables.get(control.table)!;
      const columns = entry.columns.map((c) => table.columns.find((t) => t.name === c.name)!);
      current = { table, columns, insert: insertSql(table.name, columns), sum: new RowSum(), batch: [], bytes: 0 };
    } else if ('end' in control) {
      if (!current || control.end !== current.table.name) throw damaged(`an end of ${control.end} does not close the table being read`);
      await flush(current);
      const sum = current.sum.done();
      if (sum.rows !== control.rows || sum.sha256 !== control.sha256) throw damaged(`the rows of ${control.end} do not match its checksum`);
      sums[control.end] = sum;
      current = null;
    } else {
      if (current) throw damaged(`${current.table.name} has no end`);
      summary = control.summary.tables;
    }
  }
  if (!summary) throw new RestoreRefusedError(`${label} is cut short: it ends before its summary. Nothing was restored.`);
  for (const entry of header.tables) {
    const s = summary[entry.name];
    if (!sums[entry.name] || !s || s.rows !== sums[entry.name]!.rows || s.sha256 !== sums[entry.name]!.sha256) throw damaged(`the table ${entry.name} is missing or does not match its summary`);
  }

  for (const fk of foreignKeys) await tx.query(`ALTER TABLE ${quoteIdent(fk.table)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
  await resetSequences(tx);
  // Read back what went in: every table must give the file's checksum.
  for (const entry of header.tables) {
    const table = tables.get(entry.name)!;
    const columns = entry.columns.map((c) => table.columns.find((t) => t.name === c.name)!);
    const back = await tableSum(tx, table, columns);
    if (back.rows !== sums[entry.name]!.rows || back.sha256 !== sums[entry.name]!.sha256) {
      throw new RestoreRefusedError(`The table ${entry.name} read back differently from ${label} after loading. Nothing was restored.`);
    }
  }
  return { tables: sums, rows: done };
}

/** One INSERT per batch: each column sent as one text array, turned back into its type in SQL. */
function insertSql(table: string, columns: Column[]): string {
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const values = columns.map((c, i) => textAsColumn(c, `u.c${i}`)).join(', ');
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO ${quoteIdent(table)} (${names}) OVERRIDING SYSTEM VALUE SELECT ${values} FROM unnest(${arrays}) AS u(${aliases})`;
}

/** Each serial or identity column's sequence set to follow the highest id restored. */
async function resetSequences(tx: Queryable): Promise<void> {
  const owned = await tx.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname AS table, a.attname AS column, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`);
  for (const s of owned) {
    await tx.query(`SELECT setval($1, COALESCE((SELECT max(${quoteIdent(s.column)}) FROM ${quoteIdent(s.table)}), 0) + 1, false)`, [s.sequence]);
  }
}
