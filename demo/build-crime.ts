// Build the demo partnership's crime data (demo/crime/) with the project's own importer from the
// real police.uk files: node --import tsx demo/build-crime.ts [FOLDER]
// FOLDER defaults to ../shared/data/police-uk/essex/street (21 Essex months, 2021-03 … 2022-11).
//
// Output (gzip CSV, header line first, committed):
//   crime_district_month.csv.gz      force,month,lad_code,crime_type,count   every Essex district
//   crime_lsoa_month.csv.gz          month,lsoa_code,crime_type,count        Colchester LSOAs only
//   crime_outcome_lsoa_month.csv.gz  month,lsoa_code,crime_type,outcome,count  Colchester LSOAs only
//   crime_places.csv.gz              month,lsoa_code,location,crimes,asb      Colchester LSOAs only
//   manifest.json                    what was imported: each police.uk file with its SHA-256 and rows
// Keeping only Colchester's LSOA detail keeps the folder small; the district table has every row used.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPoliceUk } from '../src/features/assessment/import/police-uk/import.ts';
import { loadGeography } from '../src/features/assessment/geography/lookup.ts';
import { SHARED_DATA } from '../src/features/assessment/geography/paths.ts';

export const DEMO_CRIME_DIR = fileURLToPath(new URL('./crime/', import.meta.url));
const FORCE = 'essex';
const AREA = 'E07000071'; // Colchester

/** One CSV field: quoted only when it must be. */
const field = (v: unknown): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: unknown[][]): string => [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';

async function main(): Promise<void> {
  const source = process.argv[2] ?? join(SHARED_DATA, 'police-uk/essex/street');
  const started = Date.now();
  const geo = await loadGeography();
  const result = await importPoliceUk([source], {
    force: FORCE, lsoaToLad: geo.lsoaToLad, forceLads: geo.ladsOfForce(FORCE), by: 'demo/build-crime.ts',
    today: new Date('2023-06-01T00:00:00Z'),
  });
  const rowsOf = (table: string): unknown[][] => result.tables.find((t) => t.table === table)!.rows;
  const inArea = (code: unknown): boolean => geo.lsoaToLad(String(code)) === AREA;
  const byKey = (a: unknown[], b: unknown[]): number => a.join('|').localeCompare(b.join('|'));

  // Drop the force column (the loader adds the manifest's force).
  const lsoa = rowsOf('crime_lsoa_month').filter((r) => inArea(r[2])).map((r) => r.slice(1)).sort(byKey);
  const outcome = rowsOf('crime_outcome_lsoa_month').filter((r) => inArea(r[2])).map((r) => r.slice(1)).sort(byKey);
  const district = rowsOf('crime_district_month').slice().sort(byKey);
  const places = rowsOf('crime_places').filter((r) => inArea(r[2])).map((r) => r.slice(1)).sort(byKey);

  mkdirSync(DEMO_CRIME_DIR, { recursive: true });
  const outputs: Record<string, { sha256: string; bytes: number; rows: number }> = {};
  const write = (name: string, header: string[], rows: unknown[][]): void => {
    // A fixed mtime keeps the gzip bytes the same from one build to the next.
    const gz = gzipSync(Buffer.from(csv(header, rows)), { level: 9 });
    gz.writeUInt32LE(0, 4);
    writeFileSync(join(DEMO_CRIME_DIR, name), gz);
    outputs[name] = { sha256: createHash('sha256').update(gz).digest('hex'), bytes: gz.length, rows: rows.length };
  };
  write('crime_district_month.csv.gz', ['force', 'month', 'lad_code', 'crime_type', 'count'], district);
  write('crime_lsoa_month.csv.gz', ['month', 'lsoa_code', 'crime_type', 'count'], lsoa);
  write('crime_outcome_lsoa_month.csv.gz', ['month', 'lsoa_code', 'crime_type', 'outcome', 'count'], outcome);
  write('crime_places.csv.gz', ['month', 'lsoa_code', 'location', 'crimes', 'asb'], places);

  const { log } = result;
  const manifest = {
    description: 'Demo crime data built by demo/build-crime.ts with the CSP Hub police.uk importer from real police.uk street files (Open Government Licence v3.0, data.police.uk).',
    force: FORCE,
    lsoaDetailFor: [AREA],
    months: [...new Set(log.files.map((f) => f.month))].sort(),
    rowsRead: log.rowsRead,
    rowsUsed: log.rowsUsed,
    setAside: Object.fromEntries(Object.entries(log.setAside).filter(([, n]) => n > 0)),
    skipped: log.skipped,
    files: log.files.map((f) => ({
      label: f.label, kind: f.kind, force: f.force, month: f.month, sha256: f.sha256, bytes: f.bytes,
      rowsRead: f.rowsRead, rowsUsed: f.rowsUsed,
      setAside: Object.fromEntries(Object.entries(f.setAside).filter(([, n]) => n > 0)), examples: f.examples,
    })),
    outputs,
  };
  writeFileSync(join(DEMO_CRIME_DIR, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  const total = Object.values(outputs).reduce((s, o) => s + o.bytes, 0) + readFileSync(join(DEMO_CRIME_DIR, 'manifest.json')).length;
  console.log(`Read ${log.files.length} files, ${log.rowsRead.toLocaleString('en-GB')} rows (${log.rowsUsed.toLocaleString('en-GB')} used) in ${Date.now() - started} ms`);
  for (const [name, o] of Object.entries(outputs)) console.log(`  ${name}: ${o.rows.toLocaleString('en-GB')} rows, ${(o.bytes / 1024).toFixed(0)} KB`);
  console.log(`demo/crime: ${(total / 1024).toFixed(0)} KB in total`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
