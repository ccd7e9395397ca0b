// The demo partnership's crime data (demo/crime/, built by demo/build-crime.ts with the project's
// importer from real police.uk files) as loaded by loadDemo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { testApp } from '../../../../test/helpers.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { DEMO_CRIME_DIR, DEMO_IMPORTED_BY, loadDemoCrime, readDemoManifest } from './demo-crime.ts';
import { loadGeography } from '../geography/lookup.ts';
import { splitCsvLine } from '../csv/split.ts';
import { SHARED_POLICE, hasShared } from './police-uk/fixtures.test-helper.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
const COLCHESTER = 'E07000071';

// SOURCES.md: rows per month whose LSOA name starts with "Colchester" (none of them is set aside).
const SOURCES_COLCHESTER: Record<string, number> = {
  '2021-03': 1858, '2021-04': 1948, '2021-05': 1960, '2021-06': 2028, '2021-07': 2069, '2021-08': 1789, '2021-09': 1846,
  '2021-10': 1893, '2021-11': 1759, '2021-12': 1662, '2022-01': 1824, '2022-02': 1587, '2022-03': 1861, '2022-04': 1708,
  '2022-05': 1836, '2022-06': 1763, '2022-07': 1883, '2022-08': 1965, '2022-09': 1631, '2022-10': 1798, '2022-11': 1689,
};

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
});
after(async () => { await t?.close(); });

/** A sum over Colchester's LSOAs (2011 codes), by month, from one of the force's tables. */
async function colchesterByMonth(table: 'crime_lsoa_month' | 'crime_places', measure: string): Promise<Map<string, number>> {
  const geo = await loadGeography();
  const rows = await t.db.query<{ month: string; n: number }>(
    `SELECT month, sum(${measure})::int AS n FROM ${table} WHERE force = $1 AND lsoa_code = ANY($2::text[]) GROUP BY month ORDER BY month`,
    [scp.policeForce, geo.lsoasOfLad(COLCHESTER, 2011)]);
  return new Map(rows.map((r) => [r.month, r.n]));
}
const colchesterLsoaTotals = () => colchesterByMonth('crime_lsoa_month', 'count');
/** Records (crimes and ASB) in Colchester's places index, by month. */
const colchesterPlaceTotals = () => colchesterByMonth('crime_places', 'crimes + asb');

test('demo/crime is small and complete', () => {
  const files = readdirSync(DEMO_CRIME_DIR);
  assert.deepEqual(files.sort(), ['crime_district_month.csv.gz', 'crime_lsoa_month.csv.gz', 'crime_outcome_lsoa_month.csv.gz', 'crime_places.csv.gz', 'manifest.json']);
  const bytes = files.reduce((s, f) => s + statSync(join(DEMO_CRIME_DIR, f)).size, 0);
  assert.ok(bytes < 2 * 1024 * 1024, `demo/crime is ${bytes} bytes`);
  const manifest = readDemoManifest()!;
  for (const [name, o] of Object.entries(manifest.outputs)) {
    assert.equal(createHash('sha256').update(readFileSync(join(DEMO_CRIME_DIR, name))).digest('hex'), o.sha256, `${name} as built`);
  }
});

test('after loadDemo: every Essex district for 21 months', async () => {
  const [r] = await t.db.query<{ lads: number; months: number; first: string; last: string }>(
    `SELECT count(DISTINCT lad_code)::int AS lads, count(DISTINCT month)::int AS months, min(month) AS first, max(month) AS last
       FROM crime_district_month WHERE force = 'essex'`);
  assert.deepEqual(r, { lads: 14, months: 21, first: '2021-03', last: '2022-11' });
  const geo = await loadGeography();
  const lads = await t.db.query<{ lad: string }>(`SELECT DISTINCT lad_code AS lad FROM crime_district_month WHERE force = 'essex' ORDER BY 1`);
  assert.deepEqual(lads.map((l) => l.lad), [...geo.ladsOfForce('essex')].sort());
});

test("Colchester's LSOA totals per month are the police.uk rows used (SOURCES.md), and agree with the district table", async () => {
  const byMonth = await colchesterLsoaTotals();
  assert.equal(byMonth.get('2022-09'), 1631);
  for (const [month, n] of Object.entries(SOURCES_COLCHESTER)) assert.equal(byMonth.get(month), n, month);
  const district = await t.db.query<{ month: string; n: number }>(
    `SELECT month, sum(count)::int AS n FROM crime_district_month WHERE force = 'essex' AND lad_code = $1 GROUP BY month`, [COLCHESTER]);
  for (const d of district) assert.equal(d.n, byMonth.get(d.month), `district ${d.month}`);
});

test("the places index holds every Colchester row used, by month, and finds a street typed without 'On or near'", async () => {
  const byMonth = await colchesterPlaceTotals();
  for (const [month, n] of Object.entries(SOURCES_COLCHESTER)) assert.equal(byMonth.get(month), n, month);
  const found = await t.services.assessment.placesMatching(scp.id, 'magdalen st', 5);
  assert.ok(found.length > 0);
  assert.equal(found[0]!.location, 'On or near Magdalen Street');
  const geo = await loadGeography();
  for (const f of found) assert.equal(geo.lsoaToLad(f.lsoaCode), COLCHESTER);
});

test('2022-09 against the real police.uk file: Colchester rows used, counted here', { skip: !hasShared && 'needs ../shared/data' }, async () => {
  const geo = await loadGeography();
  const text = gunzipSync(readFileSync(join(SHARED_POLICE, 'essex/street/2022-09-essex-street.csv.gz'))).toString('utf8');
  let used = 0;
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const f = splitCsvLine(line)!;
    if (f[7] && geo.lsoaToLad(f[7]) === COLCHESTER) used++;
  }
  assert.equal((await colchesterLsoaTotals()).get('2022-09'), used);
});

test('the demo data are in the import log with the checksums of the police.uk files', async () => {
  const manifest = readDemoManifest()!;
  const [log] = await t.db.query<{ id: number; rows_read: number; rows_used: number }>(
    'SELECT id, rows_read, rows_used FROM imports i JOIN import_partnerships s ON s.import_id = i.id WHERE s.partnership_id = $1 AND imported_by = $2 ORDER BY id LIMIT 1', [scp.id, DEMO_IMPORTED_BY]);
  assert.ok(log);
  assert.deepEqual([log.rows_read, log.rows_used], [manifest.rowsRead, manifest.rowsUsed]);
  const files = await t.db.query<{ label: string; sha256: string }>('SELECT label, sha256 FROM import_files WHERE import_id = $1 ORDER BY label', [log.id]);
  assert.equal(files.length, 21);
  if (hasShared) {
    for (const f of files) {
      const path = join(SHARED_POLICE, 'essex/street', f.label);
      if (existsSync(path)) assert.equal(f.sha256, createHash('sha256').update(readFileSync(path)).digest('hex'), f.label);
    }
  }
  const report = await t.services.assessmentImport.getImport(scp, log.id);
  assert.equal(report.monthsImported.length, 21);
});

// How long a reload takes is measured by the bench, not asserted here (it depends on the machine's load).
test('loading the demo crime data again replaces it (nothing doubled)', async () => {
  const before = await colchesterLsoaTotals();
  const placesBefore = await colchesterPlaceTotals();
  assert.equal(await loadDemoCrime(t.db, scp), true);
  assert.deepEqual(await colchesterLsoaTotals(), before);
  assert.deepEqual(await colchesterPlaceTotals(), placesBefore);
  // Another force's partnership gets none of it.
  assert.equal(await loadDemoCrime(t.db, { ...scp, policeForce: 'kent' }), false);
});
