import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGeography } from './lookup.ts';
import { loadBoundaries, BOUNDARY_FILES } from './boundaries.ts';
import { POPULATION_SERIES, POPULATION_SERIES_IDS } from '../analysis/population.ts';

const COLCHESTER = 'E07000071';

test('Colchester: 17 wards, 105 LSOA11s, district name', async () => {
  const g = await loadGeography();
  assert.equal(g.ladName(COLCHESTER), 'Colchester');
  const wards = g.wardsOfLad(COLCHESTER);
  assert.equal(wards.length, 17);
  assert.ok(wards.includes('E05010827'));
  assert.equal(g.wardName('E05010827'), 'Berechurch');
  assert.equal(g.lsoaToLad('E01021699'), COLCHESTER); // Colchester 008D
  assert.equal(g.wardToLad(g.lsoaToWard('E01021699')!), COLCHESTER);
});

test('district populations match the sums in SOURCES.md, for both sources', async () => {
  const g = await loadGeography();
  assert.equal(g.population('mid2020', 'lad', COLCHESTER), 197_200);
  assert.equal(g.population('census2021', 'lad', COLCHESTER), 192_717);
  assert.equal(g.population('mid2020', 'lad', 'E06000033'), 182_773);
  assert.equal(g.population('census2021', 'lad', 'E06000034'), 175_996);
  // Ward populations add up to the district for Colchester (every LSOA has a ward there).
  for (const source of ['mid2020', 'census2021'] as const) {
    const sum = g.wardsOfLad(COLCHESTER).reduce((s, w) => s + (g.population(source, 'ward', w) ?? 0), 0);
    assert.equal(sum, g.population(source, 'lad', COLCHESTER), source);
  }
});

test('every population series offered ships figures by district and by LSOA of its own vintage, for every district of the force', async () => {
  const g = await loadGeography();
  for (const id of POPULATION_SERIES_IDS) {
    const vintage = POPULATION_SERIES[id].lsoaVintage;
    for (const lad of g.ladsOfForce('essex')) {
      const district = g.population(id, 'lad', lad);
      assert.ok(district && district > 50_000, `${id} ${lad}`);
      const lsoas = g.lsoasOfLad(lad, vintage).map((l) => g.population(id, 'lsoa', l));
      assert.ok(lsoas.every((n) => n !== undefined && n > 0), `${id} ${lad}: every LSOA of ${vintage} has a figure`);
      assert.equal(lsoas.reduce<number>((s, n) => s + n!, 0), district, `${id} ${lad}: LSOAs sum to the district`);
    }
  }
});

test('2011 and 2021 codes of the same place land in the same ward', async () => {
  const g = await loadGeography();
  const l11s = g.lsoasOfLad(COLCHESTER, 2011);
  assert.equal(l11s.length, 105);
  let changed = 0;
  for (const l11 of l11s) {
    const l21 = g.lsoa11To21(l11);
    assert.ok(l21, `${l11} has a 2021 code`);
    assert.equal(g.lsoaToWard(l21), g.lsoaToWard(l11), `${l11} → ${l21}`);
    assert.equal(g.lsoaToLad(l21), COLCHESTER);
    if (l21 !== l11) changed++;
  }
  assert.ok(changed > 0, 'some Colchester codes changed in 2021');
});

test('every Colchester 2021 LSOA has a Colchester ward, including those created by splits', async () => {
  const g = await loadGeography();
  const l21s = g.lsoasOfLad(COLCHESTER, 2021);
  assert.equal(l21s.length, 117);
  const newOnes = l21s.filter((c) => g.lsoaVintage(c) === 2021);
  const splitCreated = newOnes.filter((c) => g.lsoa21To11(c).length === 0);
  assert.equal(splitCreated.length, 12); // SOURCES.md: 105 LSOA11 map onto 105 of 117 LSOA21
  for (const c of l21s) assert.equal(g.wardToLad(g.lsoaToWard(c) ?? '?'), COLCHESTER, c);
});

test('Essex Police covers the 14 districts SOURCES.md lists', async () => {
  const g = await loadGeography();
  const expected = ['E06000033', 'E06000034', ...Array.from({ length: 12 }, (_, i) => `E070000${66 + i}`)];
  assert.deepEqual([...g.ladsOfForce('essex')].sort(), expected.sort());
  assert.equal(g.forceOfLad(COLCHESTER), 'essex');
  assert.equal(g.forceOfLad('E09000001'), 'city-of-london');
  assert.equal(g.forceOfLad('E08000035'), 'west-yorkshire');
});

test('Colchester ward boundaries match the ward lookup', async () => {
  const g = await loadGeography();
  const fc = await loadBoundaries(BOUNDARY_FILES.colchesterWards);
  assert.deepEqual(fc.features.map((f) => f.properties['WD22CD']).sort(), [...g.wardsOfLad(COLCHESTER)].sort());
  const lads = await loadBoundaries(BOUNDARY_FILES.essexDistricts);
  assert.equal(lads.features.length, 14);
});
