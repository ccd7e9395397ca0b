// SQL for the import log (imports, import_files). The crime tables themselves are written by
// the import service from the importer's own statements (police-uk/tables.ts).
import type { Queryable } from '../../../platform/db/types.ts';

/** One import's log entry, as written. */
export interface NewImport {
  partnershipId: number;
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

export interface ImportRow extends Omit<NewImport, 'partnershipId'> { id: number }

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

const IMPORT_COLUMNS = `i.id, i.source, i.dataset, i.imported_by AS "importedBy", i.user_id AS "userId",
  i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.rows_read AS "rowsRead", i.rows_used AS "rowsUsed",
  i.set_aside AS "setAside", i.skipped_files AS "skippedFiles"`;

/** timestamptz arrives as a Date from both drivers; pages and JSON want ISO text. */
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const fixTimes = <T extends { startedAt: string; finishedAt: string }>(r: T): T => ({ ...r, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt) });

export async function insertImport(tx: Queryable, i: NewImport): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO imports (partnership_id, source, dataset, imported_by, user_id, started_at, finished_at, rows_read, rows_used, set_aside, skipped_files)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [i.partnershipId, i.source, i.dataset, i.importedBy, i.userId, i.startedAt, i.finishedAt, i.rowsRead, i.rowsUsed,
      JSON.stringify(i.setAside), JSON.stringify(i.skippedFiles)],
  );
  return row!.id;
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

export async function listImports(q: Queryable, partnershipId: number): Promise<ImportSummaryRow[]> {
  const rows = await q.query<ImportSummaryRow>(
    `SELECT ${IMPORT_COLUMNS},
            (SELECT count(*)::int FROM import_files f WHERE f.import_id = i.id) AS files,
            COALESCE((SELECT array_agg(f.label ORDER BY f.label) FROM import_files f WHERE f.import_id = i.id), '{}') AS labels,
            COALESCE((SELECT array_agg(DISTINCT f.month) FROM import_files f WHERE f.import_id = i.id AND f.month IS NOT NULL), '{}') AS months
       FROM imports i WHERE i.partnership_id = $1 ORDER BY i.id DESC`,
    [partnershipId],
  );
  return rows.map(fixTimes);
}

export async function findImport(q: Queryable, partnershipId: number, id: number): Promise<ImportRow | null> {
  const [row] = await q.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM imports i WHERE i.partnership_id = $1 AND i.id = $2`, [partnershipId, id]);
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
 * (the demo data too), so the log answers this exactly. Street files replace the force's district
 * figures whichever partnership imported them (crime_district_month is shared), so for them an
 * earlier import by any partnership counts; outcomes and LSOA detail belong to one partnership.
 */
export async function replacedPoliceMonths(q: Queryable, partnershipId: number, importId: number): Promise<{ kind: string; force: string; month: string }[]> {
  return q.query(
    `SELECT DISTINCT f.kind, f.force, f.month
       FROM import_files f
      WHERE f.import_id = $2 AND f.month IS NOT NULL AND f.kind <> 'partner'
        AND EXISTS (SELECT 1 FROM import_files e JOIN imports ei ON ei.id = e.import_id
                     WHERE (ei.partnership_id = $1 OR f.kind = 'street') AND ei.id < $2 AND e.kind = f.kind AND e.force = f.force AND e.month = f.month)
      ORDER BY f.month, f.kind, f.force`,
    [partnershipId, importId],
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
  | { table: 'crime_lsoa_month' | 'crime_outcome_lsoa_month' | 'outcome_lsoa_month'; partnershipId: string; month: string }
  | { table: 'crime_district_month'; force: string; month: string }
  | { table: 'partner_figure'; partnershipId: string; dataset: string; periods: string[] };

export async function clear(tx: Queryable, c: Clearing): Promise<void> {
  switch (c.table) {
    case 'crime_district_month':
      await tx.query('DELETE FROM crime_district_month WHERE force = $1 AND month = $2', [c.force, c.month]);
      return;
    case 'partner_figure':
      await tx.query('DELETE FROM partner_figure WHERE partnership_id = $1 AND dataset = $2 AND period = ANY($3)', [c.partnershipId, c.dataset, c.periods]);
      return;
    default: // the table name comes from the union above, never from input
      await tx.query(`DELETE FROM ${c.table} WHERE partnership_id = $1 AND month = $2`, [c.partnershipId, c.month]);
  }
}

/** Clear a month of police.uk crime for the force and the partnership, before it is loaded again. */
export async function clearCrimeMonth(tx: Queryable, force: string, partnershipId: number, month: string): Promise<void> {
  const partnership = String(partnershipId);
  for (const c of [
    { table: 'crime_district_month', force, month },
    { table: 'crime_lsoa_month', partnershipId: partnership, month },
    { table: 'crime_outcome_lsoa_month', partnershipId: partnership, month },
  ] satisfies Clearing[]) await clear(tx, c);
}
