// End to end on the real Essex months in ../shared/data: import, then the assessment tables
// for Colchester's year October 2021 – September 2022. Skipped when the data is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importPoliceUk } from '../import/police-uk/import.ts';
import { hasShared, SHARED_POLICE, essexOptions } from '../import/police-uk/fixtures.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';
import { assessmentYear, previousPeriod } from './months.ts';
import { completeness } from './completeness.ts';
import { crimeTypeTable, rateTable, hotspots, monthlySeries, type CountRow } from './summarise.ts';
import { draftEvidence } from './evidence.ts';

const COLCHESTER = 'E07000071';

test('Colchester assessment year against the matching months of the year before', { skip: !hasShared && 'needs ../shared/data' }, async (tc) => {
  const g = await loadGeography();
  const imp = await importPoliceUk([join(SHARED_POLICE, 'essex/street')], await essexOptions());
  const rows = (t: string): unknown[][] => imp.tables.find((x) => x.table === t)!.rows;
  const wardRows: CountRow[] = rows('crime_lsoa_month')
    .filter((r) => g.lsoaToLad(r[2] as string) === COLCHESTER)
    .map((r) => ({ month: r[1] as string, area: g.lsoaToWard(r[2] as string)!, crimeType: r[3] as string, count: r[4] as number }));
  const districtRows: CountRow[] = rows('crime_district_month').map((r) => ({ month: r[1] as string, area: r[2] as string, crimeType: r[3] as string, count: r[4] as number }));
  const available = imp.log.files.map((f) => f.month);

  const year = assessmentYear('2021-10');
  const c = completeness(year, previousPeriod(year), available);
  assert.equal(c.current.length, 7); // March–September 2022 against March–September 2021

  // Seed report denominator for Colchester (an override; neither ONS source gives it).
  const t = crimeTypeTable(wardRows, districtRows, c, 194_706);
  // SOURCES.md Colchester rows: Mar–Sep 2022 = 12,647; Mar–Sep 2021 = 13,498 (crime + ASB).
  assert.equal(t.total.count + t.asb.count, 12_647);
  assert.equal(t.total.previousCount + t.asb.previousCount, 13_498);
  assert.equal(t.rows.length, 13);
  assert.equal(t.rows.reduce((s, r) => s + r.count, 0), t.total.count);

  const districts = rateTable(districtRows, year.months, g.ladsOfForce('essex'), (lad) => g.population('census2021', 'lad', lad));
  assert.equal(districts.length, 14);
  assert.deepEqual(districts.map((d) => d.rank).sort((a, b) => a! - b!), Array.from({ length: 14 }, (_, i) => i + 1));
  const colchester = districts.find((d) => d.area === COLCHESTER)!;

  const wards = rateTable(wardRows, year.months, g.wardsOfLad(COLCHESTER), (w) => g.population('census2021', 'ward', w));
  assert.equal(wards.length, 17);
  assert.equal(wards.reduce((s, w) => s + w.count, 0), colchester.count);
  const hot = hotspots(wardRows, year.months, (w) => g.wardName(w) ?? w);
  assert.ok([...hot.values()].every((list) => list.length <= 5 && list.length > 0));

  const series = monthlySeries(wardRows, year.months, available);
  assert.equal(series.reduce((s, p) => s + p.crimes!, 0), colchester.count);

  const weapons = t.rows.find((r) => r.crimeType === 'Possession of weapons')!;
  const sentence = draftEvidence({ type: weapons.crimeType, count: weapons.count, previousCount: weapons.previousCount, forceChangePct: weapons.forcePctChange });
  assert.match(sentence, /^Possession of weapons (rose|fell|stayed level)/);
  tc.diagnostic(c.note!);
  tc.diagnostic(sentence);
  tc.diagnostic(`Colchester rank ${colchester.rank} of 14 (${colchester.ratePer1000?.toFixed(1)} crimes per 1,000)`);
});
