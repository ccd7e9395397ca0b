// Load the demo partnership's crime data (demo/crime/, built from real police.uk files by
// demo/build-crime.ts with the project's importer) in one transaction, with an import log entry
// that names every source file and its checksum — so `npm start` shows a real assessment with no
// import step, and the import history says where the figures came from.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Db } from '../../../platform/db/types.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { splitCsvLine } from '../csv/split.ts';
import * as q from './queries.ts';

export const DEMO_CRIME_DIR = fileURLToPath(new URL('../../../../demo/crime/', import.meta.url));
export const DEMO_IMPORTED_BY = 'demo data built from police.uk files';

export interface DemoCrimeManifest {
  force: string;
  lsoaDetailFor: string[];
  months: string[];
  rowsRead: number;
  rowsUsed: number;
  setAside: Record<string, number>;
  skipped: { label: string; reason: string }[];
  files: { label: string; kind: 'street' | 'outcomes'; force: string; month: string; sha256: string; bytes: number;
    rowsRead: number; rowsUsed: number; setAside: Record<string, number>; examples: Record<string, Record<string, number>> }[];
  outputs: Record<string, { sha256: string; bytes: number; rows: number }>;
}

export function readDemoManifest(dir = DEMO_CRIME_DIR): DemoCrimeManifest | null {
  const path = join(dir, 'manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoCrimeManifest) : null;
}

/** Rows of a gzip CSV written by build-crime.ts (header dropped; the last column is a count). */
export function readRows(path: string): unknown[][] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n');
  const rows: unknown[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const f: unknown[] = splitCsvLine(lines[i]!)!;
    f[f.length - 1] = Number(f[f.length - 1]);
    rows.push(f);
  }
  return rows;
}

/**
 * Load demo/crime for the partnership when it is the demo's kind: same police force and its
 * area among the districts with LSOA detail. Returns false (and writes nothing) otherwise.
 * The rows are the force's (one copy per instance): the import log says they served every
 * partnership of the force then. Re-running replaces the demo months, as an import of them would.
 */
export async function loadDemoCrime(db: Db, partnership: Partnership, servedIds: number[] = [partnership.id], dir = DEMO_CRIME_DIR): Promise<boolean> {
  const manifest = readDemoManifest(dir);
  if (!manifest || manifest.force !== partnership.policeForce) return false;
  if (!partnership.areas.every((a) => manifest.lsoaDetailFor.includes(a.code))) return false;
  const force = manifest.force;
  const withForce = (rows: unknown[][]): unknown[][] => rows.map((r) => [force, ...r]);
  const lsoa = withForce(readRows(join(dir, 'crime_lsoa_month.csv.gz')));
  const outcome = existsSync(join(dir, 'crime_outcome_lsoa_month.csv.gz')) ? withForce(readRows(join(dir, 'crime_outcome_lsoa_month.csv.gz'))) : [];
  const district = readRows(join(dir, 'crime_district_month.csv.gz'));
  // month, lsoa_code, location, crimes, asb: the records column before the last is a count too.
  const places = existsSync(join(dir, 'crime_places.csv.gz'))
    ? withForce(readRows(join(dir, 'crime_places.csv.gz'))).map((r) => { r[4] = Number(r[4]); return r; }) : [];
  const now = new Date().toISOString();

  await db.transaction(async (tx) => {
    const deletes = manifest.months.flatMap((month) => (['crime_district_month', 'crime_lsoa_month', 'crime_outcome_lsoa_month', 'crime_places'] as const)
      .map((table) => ({ table, force, month })));
    await q.writeTables(db, tx, deletes, [
      { table: 'crime_lsoa_month', columns: ['force', 'month', 'lsoa_code', 'crime_type', 'count'], rows: lsoa },
      { table: 'crime_outcome_lsoa_month', columns: ['force', 'month', 'lsoa_code', 'crime_type', 'outcome', 'count'], rows: outcome },
      { table: 'crime_district_month', columns: ['force', 'month', 'lad_code', 'crime_type', 'count'], rows: district },
      { table: 'crime_places', columns: ['force', 'month', 'lsoa_code', 'location', 'crimes', 'asb'], rows: places },
    ]);
    const id = await q.insertImport(tx, {
      partnershipId: null, force, source: 'police-uk', dataset: null, importedBy: DEMO_IMPORTED_BY, userId: null, startedAt: now, finishedAt: now,
      rowsRead: manifest.rowsRead, rowsUsed: manifest.rowsUsed, setAside: manifest.setAside, skippedFiles: manifest.skipped,
    });
    await q.insertImportFiles(tx, id, manifest.files.map((f) => ({
      label: f.label, kind: f.kind, force: f.force, month: f.month, sha256: f.sha256, bytes: f.bytes,
      rowsRead: f.rowsRead, rowsUsed: f.rowsUsed, setAside: f.setAside, examples: f.examples,
    })));
    await q.insertServed(tx, id, servedIds);
  });
  return true;
}
