import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offeredYears, parseYearLabel, planYearOf, planYearsOfMonths, yearLabel } from './years.ts';

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

test('year choosers offer every year from the earliest with plans or data to the coming one', () => {
  assert.deepEqual(offeredYears([], 2026), [2027, 2026]);
  assert.deepEqual(offeredYears([2021, 2023], 2026), [2027, 2026, 2025, 2024, 2023, 2022, 2021]);
  assert.deepEqual(offeredYears([2030], 2026), [2031, 2030, 2029, 2028, 2027, 2026], 'a plan ahead brings the year after it');
  assert.deepEqual(planYearsOfMonths(['2021-03', '2021-04', '2022-03', '2022-11'], 4), [2020, 2021, 2022]);
});
