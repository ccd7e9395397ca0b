import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeness } from './completeness.ts';
import { assessmentYear, previousPeriod, monthRange } from './months.ts';

// The real coverage in ../shared/data: March 2021 to November 2022.
const available = monthRange('2021-03', '2022-11');

test('a complete year against a part year compares matching months only', () => {
  const cur = assessmentYear('2021-10');
  const c = completeness(cur, previousPeriod(cur), available);
  assert.equal(c.complete, false);
  assert.deepEqual(c.missingCurrent, []);
  assert.deepEqual(c.missingPrevious, monthRange('2020-10', '2021-02'));
  assert.deepEqual(c.current, monthRange('2022-03', '2022-09'));
  assert.deepEqual(c.previous, monthRange('2021-03', '2021-09'));
  assert.equal(
    c.note,
    'Figures for the period before are missing for October 2020, November 2020, December 2020, January 2021 and February 2021, so changes compare the 7 months present in both periods.',
  );
});

test('gaps in both periods', () => {
  const cur = assessmentYear('2022-01');
  const c = completeness(cur, previousPeriod(cur), available);
  assert.deepEqual(c.missingCurrent, ['2022-12']);
  assert.equal(c.current.length, 9); // 2022-03 … 2022-11
  assert.equal(c.note, 'Figures are missing for December 2022 and, in the period before, for January 2021 and February 2021, so changes compare the 9 months present in both periods.');
});

test('complete periods need no note', () => {
  const cur = assessmentYear('2021-03');
  const c = completeness({ ...cur, months: cur.months.slice(0, 6), end: '2021-08' }, { start: '2020-03', end: '2020-08', months: monthRange('2020-03', '2020-08') }, [...available, ...monthRange('2020-03', '2020-08')]);
  assert.equal(c.complete, true);
  assert.equal(c.note, null);
  assert.equal(c.current.length, 6);
});

test('nothing to compare', () => {
  const cur = assessmentYear('2021-03');
  const c = completeness(cur, previousPeriod(cur), available);
  assert.equal(c.current.length, 0);
  assert.match(c.note!, /no change can be shown\.$/);
});
