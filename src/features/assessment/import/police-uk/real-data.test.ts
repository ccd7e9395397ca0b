// Tests against the full real files in ../shared/data (not committed); skipped when absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { importPoliceUk, type PoliceImportResult } from './import.ts';
import { loadGeography } from '../../geography/lookup.ts';
import { hasShared, SHARED_POLICE, essexOptions } from './fixtures.test-helper.ts';

const skip = !hasShared && 'needs ../shared/data';
const COLCHESTER = 'E07000071';

// SOURCES.md: rows per month, and rows whose LSOA name starts with "Colchester".
const MONTHS: Record<string, [number, number]> = {
  '2021-03': [18065, 1858], '2021-04': [17166, 1948], '2021-05': [18207, 1960], '2021-06': [18206, 2028],
  '2021-07': [18387, 2069], '2021-08': [16751, 1789], '2021-09': [16609, 1846], '2021-10': [16324, 1893],
  '2021-11': [15740, 1759], '2021-12': [14815, 1662], '2022-01': [15125, 1824], '2022-02': [13942, 1587],
  '2022-03': [17099, 1861], '2022-04': [15530, 1708], '2022-05': [16927, 1836], '2022-06': [16121, 1763],
  '2022-07': [18062, 1883], '2022-08': [17344, 1965], '2022-09': [15402, 1631], '2022-10': [15754, 1798],
  '2022-11': [14682, 1689],
};

const rowsOf = (r: PoliceImportResult, table: string): unknown[][] => r.tables.find((t) => t.table === table)!.rows;

test('21 Essex months: rows read and Colchester rows match SOURCES.md', { skip }, async () => {
  const r = await importPoliceUk([join(SHARED_POLICE, 'essex/street')], await essexOptions());
  assert.equal(r.log.files.length, 21);
  const colchester = new Map<string, number>();
  for (const row of rowsOf(r, 'crime_district_month')) {
    if (row[2] === COLCHESTER) colchester.set(row[1] as string, (colchester.get(row[1] as string) ?? 0) + (row[4] as number));
  }
  for (const f of r.log.files) {
    const [rows, colch] = MONTHS[f.month]!;
    assert.equal(f.rowsRead, rows, f.month);
    assert.equal(colchester.get(f.month), colch, `Colchester ${f.month}`);
  }
  // One assessment year, Oct 2021 – Sep 2022: 192,431 rows force-wide incl. ASB.
  const year = r.log.files.filter((f) => f.month >= '2021-10' && f.month <= '2022-09');
  assert.equal(year.reduce((s, f) => s + f.rowsRead, 0), 192_431);
  assert.equal(r.log.files.find((f) => f.month === '2021-10')!.setAside['no-lsoa'], 176);
  assert.equal(r.log.rowsRead, r.log.rowsUsed + Object.values(r.log.setAside).reduce((a, b) => a + b, 0));
});

test('13 Essex outcomes months: row counts match SOURCES.md', { skip }, async () => {
  const r = await importPoliceUk([join(SHARED_POLICE, 'essex/outcomes')], await essexOptions());
  const expected = [12034, 12453, 13509, 13241, 14420, 13791, 13882, 14559, 14746, 13490, 13541, 12002, 14186];
  assert.deepEqual(r.log.files.map((f) => f.rowsRead), expected);
});

test('the same month with 2021 LSOA codes lands in the same Colchester wards', { skip }, async () => {
  const g = await loadGeography();
  const src = join(SHARED_POLICE, 'essex/street/2022-09-essex-street.csv.gz');
  const dir = await mkdtemp(join(tmpdir(), 'lsoa21-'));
  try {
    // Re-code every LSOA to its 2021 code, as police.uk files from 2023 on are published.
    const lines = gunzipSync(await readFile(src)).toString('utf8').split('\r\n');
    const recoded = lines.map((line, i) => {
      if (i === 0 || !line) return line;
      const f = line.split(',');
      if (f.length === 12 && f[7]) f[7] = g.lsoa11To21(f[7]) ?? f[7];
      return f.join(',');
    });
    const file21 = join(dir, '2022-09-essex-street.csv');
    await writeFile(file21, recoded.join('\r\n'));
    const opts = await essexOptions();
    const wards = (r: PoliceImportResult): Map<string, number> => {
      const m = new Map<string, number>();
      for (const row of rowsOf(r, 'crime_lsoa_month')) {
        const ward = g.lsoaToWard(row[2] as string);
        if (ward && g.wardToLad(ward) === COLCHESTER) m.set(ward, (m.get(ward) ?? 0) + (row[4] as number));
      }
      return m;
    };
    const w11 = wards(await importPoliceUk([src], opts));
    const w21 = wards(await importPoliceUk([file21], opts));
    assert.equal(w11.size, 17);
    assert.deepEqual([...w21].sort(), [...w11].sort());
    assert.equal([...w11.values()].reduce((a, b) => a + b, 0), 1631);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('a republished month (earlier download) gives the same counts and the same replacement', { skip }, async () => {
  const opts = await essexOptions();
  const later = await importPoliceUk([join(SHARED_POLICE, 'essex/street/2022-01-essex-street.csv.gz')], opts);
  const earlier = await importPoliceUk([join(SHARED_POLICE, 'essex/street-overlap-earlier-download/2022-01-essex-street.csv.gz')], opts);
  assert.deepEqual(earlier.deletes, later.deletes);
  assert.deepEqual(rowsOf(earlier, 'crime_lsoa_month'), rowsOf(later, 'crime_lsoa_month'));
  assert.notDeepEqual(rowsOf(earlier, 'crime_outcome_lsoa_month'), rowsOf(later, 'crime_outcome_lsoa_month'));
  assert.notEqual(earlier.log.files[0]!.sha256, later.log.files[0]!.sha256);
});
