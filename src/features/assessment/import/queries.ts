// SQL for the import log (imports, import_files, import_partnerships) and the one write path of the
// crime tables: the importer's rows (police-uk/tables.ts) go in through `writeRows` after `clear`.
// police.uk imports belong to the instance (named by force) and list the partnerships they served;
// partner imports belong to one partnership.
import type { Db, Queryable } from '../../../platform/db/types.ts';
import type { TableRows } from './police-uk/tables.ts';

/** One import's log entry, as written: a partner import's partnership, or a police.uk import's force. */
export interface NewImport {
  partnershipId: number | null;
  force: string | null;
  source: 'police-uk' | 'partner';
  dataset: string | null;
  importedBy: string;
  userId: number | null;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  rowsUsed: number;
  setAside: Record<string, number>;
  skippedFiles: { label: string; reason: string }[];
}

export interface ImportRow extends Omit<NewImport, 'partnershipId'> {
  id: number;
  /** police.uk imports: the partnerships the import served. */
  servedIds: number[];
}

export interface ImportFileRow {
  label: string;
  kind: 'street' | 'outcomes' | 'partner';
  force: string | null;
  month: string | null;
  sha256: string;
  bytes: number;
  rowsRead: number;
  rowsUsed: number;
  setAside: Record<string, number>;
  /**
   * reason → {example: rows}. Partner files keep their periods here under the key `periods`
   * (period → rows), because import_files.month holds months only and partner periods may be
   * quarters: that is how a later import knows which periods it replaced.
   */
  examples: Record<string, Record<string, number>>;
}

export interface ImportSummaryRow extends ImportRow {
  files: number;
  labels: string[];
  months: string[];
}

const IMPORT_COLUMNS = `i.id, i.source, i.force, i.dataset, i.imported_by AS "importedBy", i.user_id AS "userId",
  i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.rows_read AS "rowsRead", i.rows_used AS "rowsUsed",
  i.set_aside AS "setAside", i.skipped_files AS "skippedFiles",
  COALESCE((SELECT array_agg(s.partnership_id ORDER BY s.partnership_id) FROM import_partnerships s WHERE s.import_id = i.id), '{}') AS "servedIds"`;

/**
 * The imports a partnership ($1, of force $2) sees in its log: its partner imports and its force's
 * police.uk imports — those that served it, and those made before it existed (its figures come
 * from them too).
 */
const OF_PARTNERSHIP = '(i.partnership_id = $1 OR i.force = $2)';

/** timestamptz arrives as a Date from both drivers; pages and JSON want ISO text. */
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const fixTimes = <T extends { startedAt: string; finishedAt: string }>(r: T): T => ({ ...r, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt) });

export async function insertImport(tx: Queryable, i: NewImport): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO imports (partnership_id, force, source, dataset, imported_by, user_id, started_at, finished_at, rows_read, rows_used, set_aside, skipped_files)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [i.partnershipId, i.force, i.source, i.dataset, i.importedBy, i.userId, i.startedAt, i.finishedAt, i.rowsRead, i.rowsUsed,
      JSON.stringify(i.setAside), JSON.stringify(i.skippedFiles)],
  );
  return row!.id;
}

/** Record that a police.uk import served these partnerships (every partnership of its force). */
export async function insertServed(tx: Queryable, importId: number, partnershipIds: number[]): Promise<void> {
  if (partnershipIds.length === 0) return;
  await tx.query('INSERT INTO import_partnerships (import_id, partnership_id) SELECT $1, unnest($2::int[])', [importId, partnershipIds]);
}

export async function insertImportFiles(tx: Queryable, importId: number, files: ImportFileRow[]): Promise<void> {
  for (const f of files) {
    await tx.query(
      `INSERT INTO import_files (import_id, label, kind, force, month, sha256, bytes, rows_read, rows_used, set_aside, examples)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [importId, f.label, f.kind, f.force, f.month, f.sha256, f.bytes, f.rowsRead, f.rowsUsed, JSON.stringify(f.setAside), JSON.stringify(f.examples)],
    );
  }
}

export async function listImports(q: Queryable, partnershipId: number, force: string): Promise<ImportSummaryRow[]> {
  const rows = await q.query<ImportSummaryRow>(
    `SELECT ${IMPORT_COLUMNS},
            (SELECT count(*)::int FROM import_files f WHERE f.import_id = i.id) AS files,
            COALESCE((SELECT array_agg(f.label ORDER BY f.label) FROM import_files f WHERE f.import_id = i.id), '{}') AS labels,
            COALESCE((SELECT array_agg(DISTINCT f.month) FROM import_files f WHERE f.import_id = i.id AND f.month IS NOT NULL), '{}') AS months
       FROM imports i WHERE ${OF_PARTNERSHIP} ORDER BY i.id DESC`,
    [partnershipId, force],
  );
  return rows.map(fixTimes);
}

/** Any import by id (police.uk imports belong to the instance: the command line reports them). */
export async function findImportById(q: Queryable, id: number): Promise<ImportRow | null> {
  const [row] = await q.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM imports i WHERE i.id = $1`, [id]);
  return row ? fixTimes(row) : null;
}

export async function findImport(q: Queryable, partnershipId: number, force: string, id: number): Promise<ImportRow | null> {
  const [row] = await q.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM imports i WHERE ${OF_PARTNERSHIP} AND i.id = $3`, [partnershipId, force, id]);
  return row ? fixTimes(row) : null;
}

export async function importFiles(q: Queryable, importId: number): Promise<ImportFileRow[]> {
  return q.query<ImportFileRow>(
    `SELECT label, kind, force, month, sha256, bytes, rows_read AS "rowsRead", rows_used AS "rowsUsed", set_aside AS "setAside", examples
       FROM import_files WHERE import_id = $1 ORDER BY month NULLS LAST, label`,
    [importId],
  );
}

/**
 * Force-months (street or outcomes) of this import that an earlier import had already brought:
 * the months this import replaced. Every write to the crime tables goes through a logged import
 * (the demo data too), so the log answers this exactly. The crime tables hold one copy per force,
 * so an earlier import through any partnership counts.
 */
export async function replacedPoliceMonths(q: Queryable, importId: number): Promise<{ kind: string; force: string; month: string }[]> {
  return q.query(
    `SELECT DISTINCT f.kind, f.force, f.month
       FROM import_files f
      WHERE f.import_id = $1 AND f.month IS NOT NULL AND f.kind <> 'partner'
        AND EXISTS (SELECT 1 FROM import_files e
                     WHERE e.import_id < $1 AND e.kind = f.kind AND e.force = f.force AND e.month = f.month)
      ORDER BY f.month, f.kind, f.force`,
    [importId],
  );
}

/** Periods of a partner import that an earlier import of the same dataset had brought. */
export async function replacedPartnerPeriods(q: Queryable, partnershipId: number, importId: number): Promise<string[]> {
  const rows = await q.query<{ period: string }>(
    `SELECT DISTINCT p.period
       FROM imports i JOIN import_files f ON f.import_id = i.id, jsonb_object_keys(f.examples -> 'periods') AS p(period)
      WHERE i.id = $2 AND i.partnership_id = $1
        AND EXISTS (SELECT 1 FROM imports ei JOIN import_files e ON e.import_id = ei.id
                     WHERE ei.partnership_id = $1 AND ei.id < $2 AND ei.source = 'partner' AND ei.dataset = i.dataset
                       AND (e.examples -> 'periods') ? p.period)
      ORDER BY p.period`,
    [partnershipId, importId],
  );
  return rows.map((r) => r.period);
}

/** Partner datasets already imported, for the upload form's hint. */
export async function partnerDatasets(q: Queryable, partnershipId: number): Promise<string[]> {
  const rows = await q.query<{ dataset: string }>(
    'SELECT DISTINCT dataset FROM partner_figure WHERE partnership_id = $1 ORDER BY dataset', [partnershipId]);
  return rows.map((r) => r.dataset);
}

/**
 * Each partner dataset's periods held (months YYYY-MM and quarters YYYY-Qn), for the statutory
 * calendar to find the latest.
 */
export async function partnerPeriods(q: Queryable, partnershipId: number): Promise<{ dataset: string; periods: string[] }[]> {
  return q.query<{ dataset: string; periods: string[] }>(
    'SELECT dataset, array_agg(DISTINCT period ORDER BY period) AS periods FROM partner_figure WHERE partnership_id = $1 GROUP BY dataset ORDER BY dataset',
    [partnershipId]);
}

/** The name an import is recorded under for a signed-in user. */
export async function userName(q: Queryable, userId: number): Promise<string | null> {
  const [u] = await q.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [userId]);
  return u?.name ?? null;
}

/**
 * A slice of an imported table to empty before new rows go in, so that importing a month (or a
 * partner dataset's periods) again replaces the earlier import instead of adding to it.
 */
export type Clearing =
  | { table: 'crime_lsoa_month' | 'crime_outcome_lsoa_month' | 'outcome_lsoa_month' | 'crime_district_month' | 'crime_places'; force: string; month: string }
  | { table: 'partner_figure'; partnershipId: string; dataset: string; periods: string[] };

export async function clear(tx: Queryable, c: Clearing): Promise<void> {
  if (c.table === 'partner_figure') {
    await tx.query('DELETE FROM partner_figure WHERE partnership_id = $1 AND dataset = $2 AND period = ANY($3)', [c.partnershipId, c.dataset, c.periods]);
    return;
  }
  // The table name comes from the union above, never from input.
  await tx.query(`DELETE FROM ${c.table} WHERE force = $1 AND month = $2`, [c.force, c.month]);
}

/**
 * The one write path of the imported tables, in the import's transaction: clear what the import
 * replaces, then insert its rows. A faster loader (COPY into a staging table) changes only this.
 */
export async function writeTables(db: Db, tx: Queryable, deletes: Clearing[], tables: TableRows[], signal?: AbortSignal): Promise<void> {
  for (const d of deletes) await clear(tx, d);
  for (const t of tables) {
    signal?.throwIfAborted();
    await db.insertMany(tx, t.table, t.columns, t.rows);
  }
}
