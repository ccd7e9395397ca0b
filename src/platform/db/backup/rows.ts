// Reading a table's rows as canonical text, a batch at a time through a cursor (a table of millions
// of crime counts never sits in memory), and the checksum of those rows.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../types.ts';
import { canonicalSettings, columnAsText, orderByKey, quoteIdent, schemaTables, type Column, type Table } from './catalog.ts';

/** One row: each column's text, or null. */
export type RowValues = (string | null)[];

// Few rows at a time where a row may hold a whole document.
const batchSize = (columns: Column[]) => (columns.some((c) => c.type === 'bytea') ? 16 : 2000);
let cursors = 0;

/** The table's rows in key order, as text, in batches. Call inside a transaction (cursors live in one). */
export async function* readRows(q: Queryable, table: Table, columns: Column[] = table.columns): AsyncGenerator<RowValues[]> {
  const cursor = `backup_rows_${++cursors}`;
  const select = columns.map((c, i) => `${columnAsText(c)} AS c${i}`).join(', ');
  await q.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${select} FROM ${quoteIdent(table.name)} ORDER BY ${orderByKey(table)}`);
  try {
    for (;;) {
      const rows = await q.query<Record<string, string | null>>(`FETCH ${batchSize(columns)} FROM ${cursor}`);
      if (!rows.length) return;
      yield rows.map((r) => columns.map((_, i) => r[`c${i}`] ?? null));
    }
  } finally {
    await q.query(`CLOSE ${cursor}`);
  }
}

/** A row as one line of a backup file; the checksum is taken over exactly these lines. */
export const rowLine = (values: RowValues) => JSON.stringify(values);

export interface TableSum { rows: number; sha256: string }

/** Counts rows and hashes their lines, in order: the same sum for the same rows on any database. */
export class RowSum {
  private hash = createHash('sha256');
  rows = 0;
  add(line: string) { this.hash.update(line).update('\n'); this.rows++; }
  done(): TableSum { return { rows: this.rows, sha256: this.hash.digest('hex') }; }
}

/** One table's checksum, read from the database (inside a transaction with canonicalSettings). */
export async function tableSum(q: Queryable, table: Table, columns: Column[] = table.columns): Promise<TableSum> {
  const sum = new RowSum();
  for await (const batch of readRows(q, table, columns)) for (const row of batch) sum.add(rowLine(row));
  return sum.done();
}

/** Every table's checksum, from one consistent view of the database. */
export async function instanceChecksums(db: Db): Promise<Record<string, TableSum>> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await canonicalSettings(tx);
    const sums: Record<string, TableSum> = {};
    for (const table of await schemaTables(tx)) sums[table.name] = await tableSum(tx, table);
    return sums;
  });
}
