// The population series held and the default rule: the estimate nearest the middle of the period
// that was published by its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RULE, POPULATION_SERIES, POPULATION_SERIES_IDS, defaultSeries, isPopulationSeries, periodDates, seriesWithDate, type SeriesInfo } from './population.ts';
import { dateName } from './months.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('every series held has a reference date before its publication, and LSOA figures no earlier than the districts', () => {
  for (const id of POPULATION_SERIES_IDS) {
    const s = POPULATION_SERIES[id];
    assert.equal(s.id, id);
    for (const d of [s.referenceDate, s.published, s.lsoaPublished]) assert.match(d, /^\d{4}-\d{2}-\d{2}$/, `${id} ${d}`);
    assert.ok(s.referenceDate < s.published, id);
    assert.ok(s.published <= s.lsoaPublished, id);
  }
  assert.equal(seriesWithDate(POPULATION_SERIES.mid2020), 'mid-2020 population estimates (published 25 June 2021)');
  assert.equal(seriesWithDate(POPULATION_SERIES.census2021), 'Census 2021 usual residents (published 2 November 2022)');
  assert.ok(isPopulationSeries('census2021'));
  assert.ok(!isPopulationSeries('mid2019') && !isPopulationSeries(undefined) && !isPopulationSeries(['mid2020']));
  assert.equal(dateName('2021-06-05'), '5 June 2021');
});

test('a period runs from the first day of its first month to the last day of its last', () => {
  const p = periodDates('2021-08', '2022-07');
  assert.equal(day(p.start), '2021-08-01');
  assert.equal(day(p.end), '2022-07-31');
  assert.equal(day(p.middle), '2022-01-30');
  assert.equal(day(periodDates('2023-03', '2024-02').end), '2024-02-29');
});

test('the committee’s period (to July 2022): mid-2020, since Census 2021 came out after it ended', () => {
  assert.deepEqual(defaultSeries('2021-08', '2022-07'), {
    series: 'mid2020',
    reason: `${DEFAULT_RULE}; Census 2021 is nearer the middle but was published on 2 November 2022, after the period ended`,
  });
  // The assessment year to September 2022 too; to October 2022 still (published 2 November).
  assert.equal(defaultSeries('2021-10', '2022-09').series, 'mid2020');
  assert.equal(defaultSeries('2021-11', '2022-10').series, 'mid2020');
});

test('once Census 2021 is published and nearer the middle, it is the default', () => {
  assert.deepEqual(defaultSeries('2021-12', '2022-11'), { series: 'census2021', reason: DEFAULT_RULE });
  assert.equal(defaultSeries('2022-10', '2023-09').series, 'census2021');
});

test('a period whose middle is nearer mid-2020 keeps mid-2020 even after Census 2021 is out', () => {
  // 24 months from June 2019 to May 2021 (middle about 31 May 2020) … but nothing later than
  // mid-2020 had been published by May 2021: the rule falls back to the first series published.
  assert.deepEqual(defaultSeries('2019-06', '2021-05'), {
    series: 'mid2020', reason: 'none of the population series held had been published by the end of the period, so the first to be published is used',
  });
  // July 2020 to June 2021: mid-2020 came out on 25 June 2021, Census 2021 later.
  assert.equal(defaultSeries('2020-07', '2021-06').series, 'mid2020');
  assert.match(defaultSeries('2020-07', '2021-06').reason, /Census 2021 is nearer the middle/);
});

test('of two series as near the middle as each other, the later one; of two at different distances, the nearer', () => {
  const mid = periodDates('2021-01', '2021-12').middle;
  assert.equal(day(mid), '2021-07-02');
  const a: SeriesInfo = { ...POPULATION_SERIES.mid2020, referenceDate: '2021-04-03', published: '2021-06-01' }; // 90 days before
  const b: SeriesInfo = { ...POPULATION_SERIES.census2021, referenceDate: '2021-09-30', published: '2021-12-01' }; // 90 days after
  assert.equal(defaultSeries('2021-01', '2021-12', [a, b]).series, 'census2021');
  assert.equal(defaultSeries('2021-01', '2021-12', [{ ...a, referenceDate: '2021-04-04' }, b]).series, 'mid2020');
  // Published on the period's last day counts as published by its end; the day after does not.
  assert.equal(defaultSeries('2021-01', '2021-12', [a, { ...b, published: '2021-12-31' }]).series, 'census2021');
  assert.equal(defaultSeries('2021-01', '2021-12', [a, { ...b, published: '2022-01-01' }]).series, 'mid2020');
});
