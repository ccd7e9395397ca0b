import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crimeTypeTable, rateTable, hotspots, monthlySeries, type CountRow } from './summarise.ts';

const r = (month: string, area: string, crimeType: string, count: number): CountRow => ({ month, area, crimeType, count });
const cmp = { current: ['2022-09'], previous: ['2021-09'] };

test('crime type table: ASB apart, totals without ASB, force-wide change', () => {
  const area = [r('2022-09', 'L1', 'Burglary', 12), r('2021-09', 'L1', 'Burglary', 10), r('2022-09', 'L1', 'Anti-social behaviour', 50), r('2021-09', 'L2', 'Robbery', 3), r('2020-09', 'L1', 'Burglary', 99)];
  const force = [...area, r('2022-09', 'X', 'Burglary', 88), r('2021-09', 'X', 'Burglary', 90)];
  const t = crimeTypeTable(area, force, cmp, 2000);
  assert.deepEqual(t.rows.map((x) => [x.crimeType, x.count, x.previousCount, x.pctChange, x.forcePctChange, x.ratePer1000]), [
    ['Burglary', 12, 10, 20, 0, 6],
    ['Robbery', 0, 3, -100, -100, 0],
  ]);
  assert.equal(t.total.count, 12);
  assert.equal(t.total.previousCount, 13);
  assert.equal(t.asb.count, 50);
  assert.equal(t.asb.pctChange, null);
});

test('district rates and ranks; wards hotspots; series with missing months', () => {
  const rows = [r('2022-09', 'D1', 'Burglary', 10), r('2022-09', 'D2', 'Burglary', 30), r('2022-09', 'D2', 'Anti-social behaviour', 500), r('2022-09', 'D3', 'Drugs', 5)];
  const pop: Record<string, number> = { D1: 1000, D2: 10000, D3: 1000 };
  const t = rateTable(rows, ['2022-09'], ['D1', 'D2', 'D3', 'D4'], (a) => pop[a]);
  assert.deepEqual(t.map((x) => [x.area, x.count, x.ratePer1000, x.rank]), [['D1', 10, 10, 1], ['D3', 5, 5, 2], ['D2', 30, 3, 3], ['D4', 0, null, null]]);
  const h = hotspots(rows, ['2022-09'], (a) => a, 1);
  assert.deepEqual(h.get('Burglary'), [{ area: 'D2', count: 30 }]);
  assert.deepEqual(monthlySeries(rows, ['2022-08', '2022-09'], ['2022-09']), [
    { month: '2022-08', crimes: null, asb: null },
    { month: '2022-09', crimes: 45, asb: 500 },
  ]);
});
