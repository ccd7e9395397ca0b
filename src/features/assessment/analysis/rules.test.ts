import { test } from 'node:test';
import assert from 'node:assert/strict';
import { change, ratePer1000, round } from './change.ts';
import { rankDescending, topN } from './rank.ts';
import { suppressSmall, showDerived } from './suppress.ts';
import { draftEvidence } from './evidence.ts';

test('change and % change; no % from zero', () => {
  assert.deepEqual(change(210, 160), { change: 50, pctChange: 31.25 });
  assert.deepEqual(change(5, 0), { change: 5, pctChange: null });
  assert.deepEqual(change(0, 4), { change: -4, pctChange: -100 });
});

test('rate per 1,000 with the seed report population override', () => {
  assert.equal(round(ratePer1000(1631, 194_706)!, 2), 8.38);
  assert.equal(ratePer1000(10, 0), null);
  assert.equal(round(-2.5), -3);
  assert.equal(round(2.5), 3);
});

test('ranking: highest rate is 1, ties share a rank, missing rates are left out', () => {
  const r = rankDescending([{ n: 'a', v: 3 }, { n: 'b', v: 9 }, { n: 'c', v: 3 }, { n: 'd', v: 1 }, { n: 'e', v: null }], (x) => x.v);
  assert.deepEqual(r.map((x) => [x.item.n, x.rank]), [['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
});

test('top five hotspots, stable on ties, zeros left out', () => {
  const items = [['W1', 4], ['W2', 9], ['W3', 4], ['W4', 0], ['W5', 7], ['W6', 1], ['W7', 2]] as const;
  assert.deepEqual(topN([...items], (i) => i[1], (i) => i[0]).map((i) => i[0]), ['W2', 'W5', 'W1', 'W3', 'W7']);
});

test('small numbers are suppressed on public pages', () => {
  assert.deepEqual(suppressSmall(4), { text: 'fewer than 5', suppressed: true });
  assert.deepEqual(suppressSmall(5), { text: '5', suppressed: false });
  assert.deepEqual(suppressSmall(0), { text: '0', suppressed: false });
  assert.deepEqual(suppressSmall(1858), { text: '1,858', suppressed: false });
  assert.equal(showDerived([12, 3]), false);
  assert.equal(showDerived([12, 0]), true);
});

test('evidence sentences: rose, fell, stayed level, from none', () => {
  assert.equal(draftEvidence({ type: 'Possession of weapons', count: 210, previousCount: 160, forceChangePct: 9.2 }), 'Possession of weapons rose 31% to 210 offences (force-wide +9%).');
  assert.equal(draftEvidence({ type: 'Burglary', count: 1200, previousCount: 1500, forceChangePct: -4.6 }), 'Burglary fell 20% to 1,200 offences (force-wide -5%).');
  assert.equal(draftEvidence({ type: 'Robbery', count: 101, previousCount: 101 }), 'Robbery stayed level at 101 offences.');
  assert.equal(draftEvidence({ type: 'Anti-social behaviour', count: 1, previousCount: 0, forceChangePct: null }), 'Anti-social behaviour rose from none to 1 incident.');
  assert.equal(draftEvidence({ type: 'Bicycle theft', count: 0, previousCount: 0 }), 'Bicycle theft: no offences in either period.');
});

import { districtPopulation } from './population.ts';

test('the partnership can override the district population', () => {
  assert.deepEqual(districtPopulation({ source: 'census2021' }, 192_717), { population: 192_717, basis: 'Census 2021 usual residents (2021 LSOAs)' });
  assert.equal(districtPopulation({ source: 'census2021', ladOverride: 194_706 }, 192_717).population, 194_706);
});
