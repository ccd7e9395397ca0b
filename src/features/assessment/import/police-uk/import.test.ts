import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPoliceUk, describeSetAside, type PoliceImportResult } from './import.ts';
import { fixture, essexOptions } from './fixtures.test-helper.ts';

const table = (r: PoliceImportResult, name: string): unknown[][] => r.tables.find((t) => t.table === name)!.rows;
const sum = (rows: unknown[][], pred: (row: unknown[]) => boolean = () => true): number =>
  rows.filter(pred).reduce((s, row) => s + (row[row.length - 1] as number), 0);

test('a real Essex month: every row read is used or set aside with a reason', async () => {
  const r = await importPoliceUk([fixture('archive/2022-09/2022-09-essex-street.csv')], await essexOptions());
  const f = r.log.files[0]!;
  assert.equal(f.rowsRead, 200);
  assert.equal(f.setAside['no-lsoa'], 3);
  assert.equal(f.setAside['outside-area'], 3); // Redbridge LSOAs recorded by Essex Police
  assert.deepEqual(Object.keys(f.examples['outside-area']!).every((n) => n.startsWith('Redbridge')), true);
  assert.equal(f.rowsUsed, 194);
  assert.match(f.sha256, /^[0-9a-f]{64}$/);
  const lsoa = table(r, 'crime_lsoa_month');
  assert.equal(sum(lsoa), 194);
  assert.ok(lsoa.every((row) => row[0] === 'essex' && row[1] === '2022-09'));
  assert.equal(sum(lsoa, (row) => row[3] === 'Anti-social behaviour'), 40);
  // District rows are made from the LSOA rows: Colchester has 120 rows, 30 of them ASB.
  const district = table(r, 'crime_district_month');
  assert.equal(sum(district, (row) => row[2] === 'E07000071'), 120);
  assert.equal(sum(district, (row) => row[2] === 'E07000071' && row[3] === 'Anti-social behaviour'), 30);
  // Outcome rows: crimes only (ASB has no outcome).
  assert.equal(sum(table(r, 'crime_outcome_lsoa_month')), 194 - 40);
  // Places: every row used, at its published location (27 Colchester rows say only "On or near ").
  const places = table(r, 'crime_places');
  assert.equal(places.reduce((s, row) => s + (row[4] as number) + (row[5] as number), 0), 194);
  assert.equal(places.reduce((s, row) => s + (row[5] as number), 0), 40);
  assert.deepEqual(places.find((row) => row[3] === 'On or near Langdale Drive')?.slice(2), ['E01021668', 'On or near Langdale Drive', 7, 0]);
  assert.deepEqual(describeSetAside(r.log.setAside), [
    '3 rows set aside: no LSOA code (police.uk could not place the location)',
    "3 rows set aside: LSOA outside the force's districts",
  ]);
});

test('a whole archive folder: own force in detail, other forces by district', async () => {
  const r = await importPoliceUk([fixture('archive')], await essexOptions());
  assert.equal(r.log.files.length, 4);
  assert.equal(r.log.rowsRead, 200 + 60 + 60 + 10);
  const district = table(r, 'crime_district_month');
  // Suffolk's first 60 rows are all in Babergh (E07000200): kept, because other forces are only
  // summarised by district.
  assert.equal(sum(district, (row) => row[0] === 'suffolk' && row[2] === 'E07000200'), 60);
  // Northern Ireland rows carry no LSOA code: all set aside, including the quoted one.
  const ni = r.log.files.find((f) => f.force === 'northern-ireland')!;
  assert.equal(ni.setAside['no-lsoa'], 10);
  assert.equal(sum(table(r, 'crime_lsoa_month'), (row) => row[1] === '2022-08'), 60);
  assert.deepEqual(r.log.skipped.map((s) => s.label), ['2022-09/2022-09-essex-stop-and-search.csv']);
});

test('importing a month again replaces it: deletes first, and a second copy in one import is refused', async () => {
  const opts = await essexOptions();
  const r = await importPoliceUk([fixture('archive/2022-09/2022-09-essex-street.csv')], opts);
  assert.deepEqual(
    r.deletes,
    [
      { table: 'crime_district_month', force: 'essex', month: '2022-09' },
      { table: 'crime_lsoa_month', force: 'essex', month: '2022-09' },
      { table: 'crime_outcome_lsoa_month', force: 'essex', month: '2022-09' },
      { table: 'crime_places', force: 'essex', month: '2022-09' },
    ],
  );
  await assert.rejects(
    importPoliceUk([fixture('archive'), fixture('archive/2022-09/2022-09-essex-street.csv')], opts),
    /essex street data for 2022-09 is also in .*2022-09-essex-street\.csv: import only one copy of a month/,
  );
});

test('outcomes file: month × LSOA × outcome type for the own force', async () => {
  const r = await importPoliceUk([fixture('outcomes/2021-03-essex-outcomes.csv')], await essexOptions());
  const f = r.log.files[0]!;
  assert.equal(f.kind, 'outcomes');
  assert.equal(f.rowsRead, 80);
  assert.equal(f.setAside['no-lsoa'], 27);
  assert.equal(sum(table(r, 'outcome_lsoa_month')), f.rowsUsed);
  assert.equal(f.rowsUsed + f.setAside['no-lsoa'] + f.setAside['outside-area'] + f.setAside['unknown-lsoa'], 80);
  assert.deepEqual(r.deletes, [{ table: 'outcome_lsoa_month', force: 'essex', month: '2021-03' }]);
});
