import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, assessmentYear, rolling12To, previousPeriod, periodLabel, monthRange } from './months.ts';

test('month arithmetic across year ends', () => {
  assert.equal(addMonths('2021-12', 1), '2022-01');
  assert.equal(addMonths('2022-01', -1), '2021-12');
  assert.equal(addMonths('2022-09', -23), '2020-10');
  assert.throws(() => addMonths('2022-13', 1), /not a month/);
  assert.deepEqual(monthRange('2021-11', '2022-02'), ['2021-11', '2021-12', '2022-01', '2022-02']);
});

test('assessment year, rolling 12 months and the period before', () => {
  const y = assessmentYear('2021-10');
  assert.equal(y.end, '2022-09');
  assert.equal(y.months.length, 12);
  assert.equal(periodLabel(y), 'October 2021 to September 2022');
  assert.deepEqual(rolling12To('2022-09'), y);
  const p = previousPeriod(y);
  assert.equal(p.start, '2020-10');
  assert.equal(p.end, '2021-09');
});
