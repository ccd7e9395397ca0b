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
function readRows(path: string): unknown[][] {
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
 * Load demo/crime into the partnership when it is the demo's kind: same police force and its
 * area among the districts with LSOA detail. Returns false (and writes nothing) otherwise.
 * Re-running replaces the demo months, as an import of the same months would.
 */
export async function loadDemoCrime(db: Db, partnership: Partnership, dir = DEMO_CRIME_DIR): Promise<boolean> {
  const manifest = readDemoManifest(dir);
  if (!manifest || manifest.force !== partnership.policeForce) return false;
  if (!partnership.areas.every((a) => manifest.lsoaDetailFor.includes(a.code))) return false;
  const pid = partnership.id;
  const withId = (rows: unknown[][]): unknown[][] => rows.map((r) => [pid, ...r]);
  const lsoa = withId(readRows(join(dir, 'crime_lsoa_month.csv.gz')));
  const outcome = existsSync(join(dir, 'crime_outcome_lsoa_month.csv.gz')) ? withId(readRows(join(dir, 'crime_outcome_lsoa_month.csv.gz'))) : [];
  const district = readRows(join(dir, 'crime_district_month.csv.gz'));
  const now = new Date().toISOString();

  await db.transaction(async (tx) => {
    for (const month of manifest.months) await q.clearCrimeMonth(tx, manifest.force, pid, month);
    await db.insertMany(tx, 'crime_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'count'], lsoa);
    await db.insertMany(tx, 'crime_outcome_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'outcome', 'count'], outcome);
    await db.insertMany(tx, 'crime_district_month', ['force', 'month', 'lad_code', 'crime_type', 'count'], district);
    const id = await q.insertImport(tx, {
      partnershipId: pid, source: 'police-uk', dataset: null, importedBy: DEMO_IMPORTED_BY, userId: null, startedAt: now, finishedAt: now,
      rowsRead: manifest.rowsRead, rowsUsed: manifest.rowsUsed, setAside: manifest.setAside, skippedFiles: manifest.skipped,
    });
    await q.insertImportFiles(tx, id, manifest.files.map((f) => ({
      label: f.label, kind: f.kind, force: f.force, month: f.month, sha256: f.sha256, bytes: f.bytes,
      rowsRead: f.rowsRead, rowsUsed: f.rowsUsed, setAside: f.setAside, examples: f.examples,
    })));
  });
  return true;
}
