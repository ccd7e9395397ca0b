// The import service on a real database: counts written from the real fixtures, a broken file
// leaves every table exactly as before, a month imported again replaces the earlier import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { testApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import { ImportRefusedError, describeMonths, type ImportProgress } from './service.ts';
import { fixture, SHARED_POLICE, hasShared } from './police-uk/fixtures.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';
import { splitCsvLine } from '../csv/split.ts';
import { gzipBomb } from '../csv/bombs.test-helper.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let work: string;
const ANALYST: Actor = { userId: null, role: 'analyst', organisationId: null };
const VIEWER: Actor = { userId: null, role: 'viewer', organisationId: null };
const skipShared = !hasShared && 'needs ../shared/data (police.uk files not in this repository)';
const COLCHESTER = 'E07000071';

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
  work = await mkdtemp(join(tmpdir(), 'csp-hub-import-test-'));
});
after(async () => {
  await t?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const importPolice = (paths: string[], onProgress?: (p: ImportProgress) => void) =>
  t.services.assessmentImport.importPoliceFiles(scp, paths, ANALYST, onProgress);

/** Row counts of every assessment table plus a checksum of each crime table's contents. */
async function snapshot(): Promise<Record<string, string | number>> {
  const out: Record<string, string | number> = {};
  for (const table of ['imports', 'import_files', 'crime_lsoa_month', 'crime_outcome_lsoa_month', 'outcome_lsoa_month', 'crime_district_month', 'crime_places', 'partner_figure']) {
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = n;
  }
  const sums: Record<string, string> = {
    crime_lsoa_month: `md5(string_agg(concat_ws('|', force, month, lsoa_code, crime_type, count), ',' ORDER BY force, month, lsoa_code, crime_type))`,
    crime_district_month: `md5(string_agg(concat_ws('|', force, month, lad_code, crime_type, count), ',' ORDER BY force, month, lad_code, crime_type))`,
    crime_outcome_lsoa_month: `md5(string_agg(concat_ws('|', force, month, lsoa_code, crime_type, outcome, count), ',' ORDER BY force, month, lsoa_code, crime_type, outcome))`,
    crime_places: `md5(string_agg(concat_ws('|', force, month, lsoa_code, location, crimes, asb), ',' ORDER BY force, month, lsoa_code, location))`,
    partner_figure: `md5(string_agg(concat_ws('|', partnership_id, dataset, area_code, period, category, count), ',' ORDER BY partnership_id, dataset, area_code, period, category))`,
  };
  for (const [table, expr] of Object.entries(sums)) {
    const [{ s }] = await t.db.query<{ s: string | null }>(`SELECT ${expr} AS s FROM ${table}`);
    out[`${table} checksum`] = s ?? '';
  }
  return out;
}

const total = async (sql: string, params: unknown[]): Promise<number> =>
  (await t.db.query<{ n: number }>(`SELECT COALESCE(sum(count), 0)::int AS n FROM ${sql}`, params))[0]!.n;

/** The data rows of a (possibly gzipped) police.uk fixture, split into fields: counted here, independently of the importer. */
async function fixtureRows(path: string): Promise<string[][]> {
  let buf = await readFile(path);
  if (path.endsWith('.gz')) buf = gunzipSync(buf);
  const lines = buf.toString('utf8').split(/\r?\n/).slice(1).filter((l) => l !== '');
  return lines.map((l) => splitCsvLine(l)!);
}

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

test('months are described as ranges', () => {
  assert.equal(describeMonths(['2021-12', '2021-11', '2022-01', '2022-02', '2022-05', '2022-Q3']), 'November 2021 to February 2022, May 2022, July to September 2022');
  assert.equal(describeMonths(['2022-08', '2022-09']), 'August 2022, September 2022');
  assert.equal(describeMonths([]), '');
});

test('only analysts, coordinators and administrators may import', async () => {
  await assert.rejects(t.services.assessmentImport.importPoliceFiles(scp, [fixture('archive')], VIEWER), ForbiddenError);
});

test('the archive fixture: the counts written are the fixture rows counted independently', async () => {
  const geo = await loadGeography();
  const essex = new Set(geo.ladsOfForce('essex'));
  const expectLsoa = new Map<string, number>(); // month → Essex rows with an Essex LSOA
  const expectDistrict = new Map<string, number>(); // force|lad → rows
  const files = [
    ['2022-09/2022-09-essex-street.csv', 'essex'], ['2022-08/2022-08-essex-street.csv.gz', 'essex'],
    ['2022-09/2022-09-suffolk-street.csv.gz', 'suffolk'], ['2022-09/2022-09-northern-ireland-street.csv', 'northern-ireland'],
  ] as const;
  let rowsRead = 0;
  for (const [file, force] of files) {
    for (const f of await fixtureRows(fixture(`archive/${file}`))) {
      rowsRead++;
      const lad = geo.lsoaToLad(f[7]!);
      if (!lad || (force === 'essex' && !essex.has(lad))) continue;
      if (force === 'essex') expectLsoa.set(f[1]!, (expectLsoa.get(f[1]!) ?? 0) + 1);
      expectDistrict.set(`${force}|${lad}`, (expectDistrict.get(`${force}|${lad}`) ?? 0) + 1);
    }
  }
  assert.equal(expectLsoa.get('2022-09'), 194); // README: 200 rows, 3 without LSOA, 3 in Redbridge
  assert.equal(expectLsoa.get('2022-08'), 60);

  const seen: ImportProgress[] = [];
  const report = await importPolice([fixture('archive')], (p) => seen.push(p));
  assert.equal(report.rowsRead, rowsRead);
  assert.equal(report.rowsUsed, 194 + 60 + 60);
  assert.equal(report.rowsRead, report.rowsUsed + report.rowsSetAside);
  assert.deepEqual(report.setAside.map((s) => [s.reason, s.rows]), [['no-lsoa', 13], ['outside-area', 3]]);
  assert.ok(report.setAside[1]!.examples.every((e) => e.value.startsWith('Redbridge')));
  assert.deepEqual(report.skipped.map((s) => s.label), ['2022-09/2022-09-essex-stop-and-search.csv']);
  assert.deepEqual(report.monthsImported, ['2022-08', '2022-09']);
  // The demo partnership already held these Essex months: replaced, not added to.
  assert.deepEqual(report.monthsReplaced, ['2022-08', '2022-09']);
  assert.equal(report.importedBy, 'command line');
  for (const [file] of files) {
    const f = report.files.find((x) => x.label === file)!;
    assert.ok(f, file);
    assert.equal(f.sha256, await sha256(fixture(`archive/${file}`)), `checksum of ${file}`);
  }
  // Progress: files counted up to the total, then saving, then done.
  assert.deepEqual(seen.at(-1), { filesDone: 4, filesTotal: 4, rows: rowsRead, phase: 'done' });
  assert.ok(seen.some((p) => p.phase === 'saving'));

  for (const [month, n] of expectLsoa) {
    assert.equal(await total('crime_lsoa_month WHERE force = $1 AND month = $2', [scp.policeForce, month]), n, `crime_lsoa_month ${month}`);
  }
  for (const [key, n] of expectDistrict) {
    const [force, lad] = key.split('|');
    assert.equal(await total(`crime_district_month WHERE force = $1 AND lad_code = $2 AND month >= '2022-08' AND month <= '2022-09'`, [force, lad]), n, key);
  }
  assert.equal(await total(`crime_district_month WHERE force = 'northern-ireland'`, []), 0);
  const [log] = await t.db.query<{ rows_read: number; rows_used: number; imported_by: string; files: number }>(
    'SELECT rows_read, rows_used, imported_by, (SELECT count(*)::int FROM import_files f WHERE f.import_id = i.id) AS files FROM imports i WHERE id = $1', [report.id]);
  assert.deepEqual(log, { rows_read: rowsRead, rows_used: 314, imported_by: 'command line', files: 4 });
});

test('a folder with one broken file: refused naming file, line and problem; every table exactly as before', async () => {
  const dir = join(work, 'broken-folder');
  await cp(fixture('archive/2022-08'), join(dir, '2022-08'), { recursive: true });
  await mkdir(join(dir, '2022-09'), { recursive: true });
  await cp(fixture('broken/truncated-line.csv'), join(dir, '2022-09/2022-09-essex-street.csv'));
  const before = await snapshot();
  await assert.rejects(importPolice([dir]), (e: unknown) => {
    assert.ok(e instanceof ImportRefusedError, String(e));
    assert.equal(e.file, '2022-09/2022-09-essex-street.csv');
    assert.equal(e.line, 7);
    assert.match(e.problem, /the last line is cut short/);
    assert.match(e.message, /^2022-09\/2022-09-essex-street\.csv, line 7: the last line is cut short/);
    assert.ok(e instanceof ValidationError, 'a refused import is a validation problem');
    return true;
  });
  assert.deepEqual(await snapshot(), before);
});

test('compressed bombs are refused naming the file and the limit exceeded; nothing changes; the next import goes in', async () => {
  const street = fixture('archive/2022-09/2022-09-essex-street.csv');
  const [header, row] = (await readFile(street, 'utf8')).split('\n');
  const before = await snapshot();

  // 200 MB of real rows in a few hundred kilobytes: refused at the per-file limit (10 MB here).
  const rows = join(work, 'bomb-rows', '2022-09-essex-street.csv.gz');
  await mkdir(join(work, 'bomb-rows'));
  await gzipBomb(rows, { head: `${header}\n`, body: `${row}\n`, mb: 200 });
  const limits = { maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 8 * 1024 ** 3, maxLineBytes: 64 * 1024 };
  await assert.rejects(t.services.assessmentImport.importPoliceFiles(scp, [rows], ANALYST, undefined, { limits }), (e: unknown) => {
    assert.ok(e instanceof ImportRefusedError, String(e));
    assert.equal(e.message, '2022-09-essex-street.csv.gz: the file holds more than 10 MB once decompressed, the limit for one file (IMPORT_MAX_FILE_SIZE)');
    return true;
  });

  // A valid header followed by 200 MB of zeros: refused at line 2 for its length (default limits).
  const zeros = join(work, 'bomb-zeros', '2022-09-essex-street.csv.gz');
  await mkdir(join(work, 'bomb-zeros'));
  await gzipBomb(zeros, { head: `${header}\n`, mb: 200 });
  await assert.rejects(importPolice([zeros]), (e: unknown) => {
    assert.ok(e instanceof ImportRefusedError, String(e));
    assert.equal(e.message, '2022-09-essex-street.csv.gz, line 2: the line is longer than 64 KB, the limit for one line (IMPORT_MAX_LINE_LENGTH): this is not a file of CSV records');
    return true;
  });
  assert.deepEqual(await snapshot(), before);

  const next = await importPolice([street]);
  assert.deepEqual(next.monthsImported, ['2022-09']);
  assert.equal(next.rowsUsed, 194);
});

test('an abandoned import (the service shutting down) stops and writes nothing', async () => {
  const before = await snapshot();
  const stop = new AbortController();
  stop.abort();
  await assert.rejects(t.services.assessmentImport.importPoliceFiles(scp, [fixture('archive')], ANALYST, undefined, { signal: stop.signal }), { name: 'AbortError' });
  await assert.rejects(t.services.assessmentImport.importPartnerFile(scp, fixture('partner-data/colchester-partner.csv'), 'fire', ANALYST, { signal: stop.signal }), { name: 'AbortError' });
  assert.deepEqual(await snapshot(), before);
});

test('a failure while writing rolls the whole import back (deletes included)', async () => {
  // Two partner figures: the first period exists already, the second count does not fit the
  // integer column, so the database refuses it after the import's delete has run.
  await t.services.assessmentImport.importPartnerFile(scp, fixture('partner-data/colchester-partner.csv'), 'fire', ANALYST);
  const file = join(work, 'too-big.csv');
  await writeFile(file, 'area_code,period,category,count\nE07000071,2022-09,Deliberate fires,5\nE07000071,2022-09,Hoax calls,99999999999\n');
  const before = await snapshot();
  await assert.rejects(t.services.assessmentImport.importPartnerFile(scp, file, 'fire', ANALYST));
  assert.deepEqual(await snapshot(), before);
});

test('the same month twice: same totals, and the second report lists the month as replaced', async () => {
  const file = fixture('outcomes/2021-03-essex-outcomes.csv');
  const first = await importPolice([file]);
  assert.deepEqual(first.monthsImported, ['2021-03']);
  assert.deepEqual(first.monthsReplaced, []); // the demo has no outcomes files
  const after1 = await total('outcome_lsoa_month WHERE force = $1', [scp.policeForce]);
  assert.equal(after1, first.rowsUsed);
  const second = await importPolice([file]);
  assert.deepEqual(second.monthsReplaced, ['2021-03']);
  assert.equal(second.files[0]!.replaced, true);
  assert.equal(await total('outcome_lsoa_month WHERE force = $1', [scp.policeForce]), after1);

  const street = fixture('archive/2022-09/2022-09-essex-street.csv');
  await importPolice([street]);
  const lsoa = await total(`crime_lsoa_month WHERE force = $1 AND month = '2022-09'`, [scp.policeForce]);
  const district = await total(`crime_district_month WHERE force = 'essex' AND month = '2022-09'`, []);
  const again = await importPolice([street]);
  assert.deepEqual(again.monthsReplaced, ['2022-09']);
  assert.equal(await total(`crime_lsoa_month WHERE force = $1 AND month = '2022-09'`, [scp.policeForce]), lsoa);
  assert.equal(await total(`crime_district_month WHERE force = 'essex' AND month = '2022-09'`, []), district);
  assert.equal(lsoa, 194);
});

test('partner data: a re-import replaces the same dataset and periods; a bad row is refused with file and line', async () => {
  const file = fixture('partner-data/colchester-partner.csv');
  const r = await t.services.assessmentImport.importPartnerFile(scp, file, 'Council ASB', ANALYST);
  assert.equal(r.dataset, 'council-asb');
  assert.deepEqual(r.monthsImported, ['2022-09', '2022-Q3']);
  const count = await total(`partner_figure WHERE partnership_id = $1 AND dataset = 'council-asb'`, [scp.id]);
  assert.equal(count, 143 + 12 + 9 + 1041);
  const again = await t.services.assessmentImport.importPartnerFile(scp, file, 'council-asb', ANALYST);
  assert.deepEqual(again.monthsReplaced, ['2022-09', '2022-Q3']);
  assert.equal(await total(`partner_figure WHERE partnership_id = $1 AND dataset = 'council-asb'`, [scp.id]), count);

  const before = await snapshot();
  await assert.rejects(t.services.assessmentImport.importPartnerFile(scp, fixture('partner-data/bad-count.csv'), 'council-asb', ANALYST), (e: unknown) => {
    assert.ok(e instanceof ImportRefusedError);
    assert.equal(e.message, "bad-count.csv, line 2: count '3.5' is not a whole number of 0 or more");
    return true;
  });
  assert.deepEqual(await snapshot(), before);
  const list = await t.services.assessmentImport.listImports(scp);
  assert.equal(list[0]!.id, again.id);
});

// ---- Tests on the full real files in ../shared/data (skipped when it is absent) ----

const SOURCES_COLCHESTER: Record<string, number> = {
  '2021-03': 1858, '2021-04': 1948, '2021-05': 1960, '2021-06': 2028, '2021-07': 2069, '2021-08': 1789, '2021-09': 1846,
  '2021-10': 1893, '2021-11': 1759, '2021-12': 1662, '2022-01': 1824, '2022-02': 1587, '2022-03': 1861, '2022-04': 1708,
  '2022-05': 1836, '2022-06': 1763, '2022-07': 1883, '2022-08': 1965, '2022-09': 1631, '2022-10': 1798, '2022-11': 1689,
};

async function colchesterByMonth(): Promise<Map<string, number>> {
  const geo = await loadGeography();
  const lsoas = [...geo.lsoasOfLad(COLCHESTER, 2011), ...geo.lsoasOfLad(COLCHESTER, 2021)];
  const rows = await t.db.query<{ month: string; n: number }>(
    'SELECT month, sum(count)::int AS n FROM crime_lsoa_month WHERE force = $1 AND lsoa_code = ANY($2::text[]) GROUP BY month', [scp.policeForce, lsoas]);
  return new Map(rows.map((r) => [r.month, r.n]));
}

test('all 21 real Essex months: Colchester rows per month equal SOURCES.md, less the rows set aside', { skip: skipShared }, async () => {
  const started = Date.now();
  const report = await importPolice([join(SHARED_POLICE, 'essex/street')]);
  const ms = Date.now() - started;
  console.log(`# imported 21 Essex months (${report.rowsRead} rows) through the service in ${ms} ms`);
  assert.equal(report.files.length, 21);
  assert.equal(report.rowsRead, 346_258);
  const byMonth = await colchesterByMonth();
  for (const [month, n] of Object.entries(SOURCES_COLCHESTER)) {
    // Rows whose LSOA name starts with "Colchester" carry a Colchester LSOA code, so none of them
    // is set aside (rows set aside have no LSOA, or one outside Essex): the count is SOURCES.md's.
    const file = report.files.find((f) => f.month === month)!;
    assert.ok(Object.keys(file.examples['outside-area'] ?? {}).every((name) => !name.startsWith('Colchester')), month);
    assert.equal(byMonth.get(month), n, month);
    assert.equal(await total(`crime_district_month WHERE force = 'essex' AND lad_code = $1 AND month = $2`, [COLCHESTER, month]), n, `district ${month}`);
  }
});

test('re-importing the overlap months from an earlier download changes no crime totals', { skip: skipShared }, async () => {
  const months = ['2022-01', '2022-02', '2022-03'];
  await importPolice(months.map((m) => join(SHARED_POLICE, `essex/street/${m}-essex-street.csv.gz`)));
  const before = await snapshot();
  const overlap = join(SHARED_POLICE, 'essex/street-overlap-earlier-download');
  assert.ok(existsSync(overlap));
  const report = await importPolice([overlap]);
  assert.deepEqual(report.monthsImported, months);
  assert.deepEqual(report.monthsReplaced, months);
  const afterwards = await snapshot();
  // Crimes by LSOA, type and month and by district are identical; only the outcomes moved on.
  assert.equal(afterwards['crime_lsoa_month checksum'], before['crime_lsoa_month checksum']);
  assert.equal(afterwards['crime_district_month checksum'], before['crime_district_month checksum']);
  assert.equal(afterwards.crime_lsoa_month, before.crime_lsoa_month);
  assert.notEqual(afterwards['crime_outcome_lsoa_month checksum'], before['crime_outcome_lsoa_month checksum']);
  const byMonth = await colchesterByMonth();
  for (const m of months) assert.equal(byMonth.get(m), SOURCES_COLCHESTER[m], m);
});
