import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYearLabel, planYearOf, yearLabel } from './years.ts';

test('plan year labels', () => {
  assert.equal(yearLabel(2022), '2022-23');
  assert.equal(yearLabel(2099), '2099-00');
  assert.equal(parseYearLabel('2022-23'), 2022);
  assert.equal(parseYearLabel('2099-00'), 2099);
  assert.equal(parseYearLabel('2022-24'), null);
  assert.equal(parseYearLabel('22-23'), null);
  assert.equal(parseYearLabel('2022-23x'), null);
});

test('the plan year a date falls in depends on the start month', () => {
  assert.equal(planYearOf(new Date('2022-03-31T12:00:00Z'), 4), 2021);
  assert.equal(planYearOf(new Date('2022-04-01T12:00:00Z'), 4), 2022);
  assert.equal(planYearOf(new Date('2022-09-30T12:00:00Z'), 10), 2021);
  assert.equal(planYearOf(new Date('2022-10-01T12:00:00Z'), 10), 2022);
});
