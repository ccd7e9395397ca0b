// The one database interface every query module uses. Two drivers implement it:
// embedded PGlite (no DATABASE_URL) and a PostgreSQL server through `pg` (DATABASE_URL set).
// Both speak the same SQL, so queries are written once with $1, $2 … parameters.

export interface Queryable {
  /** Run one statement and return its rows. bigint and numeric come back as JS numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` once what was written through this handle is committed: at once outside a
   * transaction, after COMMIT inside one, never if it rolls back. Absent on hand-made handles.
   */
  afterCommit?(fn: () => void): void;
  /** The database this handle runs on (a transaction's handle names its database too). */
  readonly db?: Db;
}

export interface Db extends Queryable {
  /** Run `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Bulk-load rows into a table: one INSERT … SELECT FROM unnest(arrays) per 50,000 rows, on both
   * drivers. Column types are read from the catalog once per table and then cached.
   */
  insertMany(tx: Queryable, table: string, columns: string[], rows: unknown[][]): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}
