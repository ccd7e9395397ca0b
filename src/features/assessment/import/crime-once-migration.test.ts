// Migration 029 (one copy of the police.uk data per instance) on a database as migration 028 left
// it: the demo's crime data held by the demo partnership, an older and different copy of the same
// force-months held by a second Essex partnership (plus a month only it held), outcomes and a
// partner dataset. Every count each partnership read before, it reads after, through the analysis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDb } from '../../../platform/db/client.ts';
import { migrate } from '../../../platform/db/migrate.ts';
import type { Db } from '../../../platform/db/types.ts';
import { pgDatabaseCopy } from '../../../../test/template.ts';
import { createServices } from '../../../services.ts';
import { loadGeography } from '../geography/lookup.ts';
import { lsoaTotals } from '../analysis/queries.ts';
import { DEMO_CRIME_DIR, readDemoManifest, readRows } from './demo-crime.ts';

let db: Db;
let drop: () => Promise<void> = async () => {};
const COLCHESTER = 'E07000071';
const CHELMSFORD = 'E07000070';
const manifest = readDemoManifest()!;

before(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    const copy = await pgDatabaseCopy(url, { demo: false });
    db = await openDb({ databaseUrl: copy.url });
    drop = copy.drop;
  } else {
    db = await openDb({});
  }
});
after(async () => { await db?.close(); await drop(); });

async function partnership(slug: string, name: string, force: string, lad: string, ladName: string): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    'INSERT INTO partnerships (slug, name, short_name, police_force) VALUES ($1, $2, $3, $4) RETURNING id', [slug, name, slug.toUpperCase(), force]);
  await db.query('INSERT INTO partnership_areas (partnership_id, lad_code, lad_name) VALUES ($1, $2, $3)', [id, lad, ladName]);
  return id;
}

/** An import log entry as 028 wrote it: the partnership's, with one file per force-month. */
async function oldImport(partnershipId: number, files: { kind: string; month: string }[], source = 'police-uk', dataset: string | null = null): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO imports (partnership_id, source, dataset, imported_by, started_at, finished_at, rows_read, rows_used)
     VALUES ($1, $2, $3, 'test', now(), now(), 0, 0) RETURNING id`, [partnershipId, source, dataset]);
  for (const f of files) {
    await db.query(`INSERT INTO import_files (import_id, label, kind, force, month, sha256, bytes, rows_read, rows_used)
                    VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0)`,
    [id, `${f.month}-${f.kind}`, f.kind, f.kind === 'partner' ? null : 'essex', f.kind === 'partner' ? null : f.month, '0'.repeat(64)]);
  }
  return id;
}

test('migration 029 keeps every count of the demo, one copy per force-month (the latest import\'s)', async () => {
  assert.deepEqual((await migrate(db, { upTo: '028' })).at(-1), '028-reports.sql');
  const scp = await partnership('scp', 'Safer Colchester Partnership', 'essex', COLCHESTER, 'Colchester');
  const other = await partnership('chelmsford', 'Safer Chelmsford Partnership', 'essex', CHELMSFORD, 'Chelmsford');
  await partnership('babergh', 'Babergh Community Safety', 'suffolk', 'E07000200', 'Babergh');
  const lsoa = readRows(join(DEMO_CRIME_DIR, 'crime_lsoa_month.csv.gz'));
  const outcome = readRows(join(DEMO_CRIME_DIR, 'crime_outcome_lsoa_month.csv.gz'));
  const district = readRows(join(DEMO_CRIME_DIR, 'crime_district_month.csv.gz'));
  const earliest = manifest.months[0]!;

  // First (older): the second partnership's stale copy, every count doubled, and a month the demo lacks.
  await oldImport(other, [...manifest.months, '2020-12'].map((month) => ({ kind: 'street', month })));
  const stale = [...lsoa.map((r) => [other, r[0], r[1], r[2], (r[3] as number) * 2]),
    ...lsoa.filter((r) => r[0] === earliest).map((r) => [other, '2020-12', r[1], r[2], r[3]])];
  await db.insertMany(db, 'crime_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'count'], stale);
  await db.insertMany(db, 'crime_outcome_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'outcome', 'count'],
    outcome.map((r) => [other, r[0], r[1], r[2], r[3], (r[4] as number) * 2]));
  // Then the demo, as 028's loader wrote it, and an outcomes month and a partner dataset of its own.
  await oldImport(scp, manifest.months.map((month) => ({ kind: 'street', month })));
  await db.insertMany(db, 'crime_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'count'], lsoa.map((r) => [scp, ...r]));
  await db.insertMany(db, 'crime_outcome_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'crime_type', 'outcome', 'count'], outcome.map((r) => [scp, ...r]));
  await db.insertMany(db, 'crime_district_month', ['force', 'month', 'lad_code', 'crime_type', 'count'], district);
  await oldImport(scp, [{ kind: 'outcomes', month: '2021-03' }]);
  const lsoaCode = lsoa[0]![1] as string;
  await db.insertMany(db, 'outcome_lsoa_month', ['partnership_id', 'month', 'lsoa_code', 'outcome_type', 'count'],
    [[scp, '2021-03', lsoaCode, 'Offender given a caution', 3], [scp, '2021-03', lsoaCode, 'Investigation complete; no suspect identified', 7]]);
  await oldImport(scp, [{ kind: 'partner', month: '' }], 'partner', 'fire');
  await db.query(`INSERT INTO partner_figure (partnership_id, dataset, area_code, period, category, count) VALUES ($1, 'fire', $2, '2022-09', 'deliberate fires', 4)`, [scp, COLCHESTER]);

  // What each partnership read at 028: its own rows, for its own area's LSOAs, by month and crime type.
  const geo = await loadGeography();
  const lsoasOf = (lad: string) => [...geo.lsoasOfLad(lad, 2011), ...geo.lsoasOfLad(lad, 2021)];
  const before = async (id: number, lad: string) => new Map((await db.query<{ k: string; n: number }>(
    `SELECT month || '|' || crime_type AS k, sum(count)::int AS n FROM crime_lsoa_month
      WHERE partnership_id = $1 AND lsoa_code = ANY($2::text[]) GROUP BY month, crime_type`, [id, lsoasOf(lad)])).map((r) => [r.k, r.n]));
  const scpBefore = await before(scp, COLCHESTER);
  const otherBefore = await before(other, CHELMSFORD);
  assert.equal(scpBefore.size > 100, true);
  const colchesterOutcomes = (await db.query<{ n: number }>('SELECT sum(count)::int AS n FROM crime_outcome_lsoa_month WHERE partnership_id = $1', [scp]))[0]!.n;

  // 029 is the first migration applied (later ones follow it and leave the crime tables alone).
  assert.equal((await migrate(db))[0], '029-crime-once.sql');

  // Read back through the analysis: per month, every crime type of each partnership's area.
  const months = [...manifest.months, '2020-12'];
  const after = async (lad: string) => {
    const out = new Map<string, number>();
    for (const month of months) for (const r of await lsoaTotals(db, 'essex', [month], lsoasOf(lad))) out.set(`${month}|${r.crimeType}`, (out.get(`${month}|${r.crimeType}`) ?? 0) + r.count);
    return out;
  };
  const scpAfter = await after(COLCHESTER);
  for (const [k, n] of scpBefore) assert.equal(scpAfter.get(k), n, k);
  assert.equal(scpAfter.size - [...scpAfter.keys()].filter((k) => k.startsWith('2020-12|')).length, scpBefore.size);
  assert.deepEqual(await after(CHELMSFORD), otherBefore); // its area held nothing in the demo's months, nor now
  // The month only the second partnership held is kept; the demo's months are the newer copy, held once.
  const total = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(`SELECT COALESCE(sum(count), 0)::int AS n FROM ${sql}`, params))[0]!.n;
  assert.equal(await total(`crime_lsoa_month WHERE month = '2020-12'`), lsoa.filter((r) => r[0] === earliest).reduce((s, r) => s + (r[3] as number), 0));
  assert.equal(await total(`crime_lsoa_month WHERE month <> '2020-12'`), lsoa.reduce((s, r) => s + (r[3] as number), 0));
  assert.equal(await total('crime_outcome_lsoa_month'), colchesterOutcomes);
  assert.equal(await total(`outcome_lsoa_month WHERE force = 'essex' AND month = '2021-03'`), 10);
  assert.equal(await total(`partner_figure WHERE partnership_id = $1`, [scp]), 4);

  // The assessment itself: the demo partnership's ward totals are those its own rows gave.
  const services = createServices(db);
  const scpP = await services.partnerships.bySlug('scp');
  const result = await services.assessment.assess(scpP, { to: '2022-09' });
  const period = new Set(result.rateBasis.list);
  const expected = [...scpBefore].filter(([k]) => period.has(k.split('|')[0]!)).reduce((s, [, n]) => s + n, 0);
  assert.equal(result.wards.reduce((s, w) => s + w.crimes + w.asb, 0), expected);

  // The log: police.uk imports belong to the instance, each naming whom it served; partner imports stay.
  const imports = await db.query<{ source: string; force: string | null; partnership_id: number | null; served: number[] }>(
    `SELECT source, force, partnership_id, COALESCE((SELECT array_agg(s.partnership_id) FROM import_partnerships s WHERE s.import_id = i.id), '{}') AS served
       FROM imports i ORDER BY id`);
  assert.deepEqual(imports, [
    { source: 'police-uk', force: 'essex', partnership_id: null, served: [other] },
    { source: 'police-uk', force: 'essex', partnership_id: null, served: [scp] },
    { source: 'police-uk', force: 'essex', partnership_id: null, served: [scp] },
    { source: 'partner', force: null, partnership_id: scp, served: [] },
  ]);
  const otherP = await services.partnerships.bySlug('chelmsford');
  assert.deepEqual((await services.assessmentImport.listImports(otherP)).map((i) => i.source), ['police-uk', 'police-uk', 'police-uk']);
});
