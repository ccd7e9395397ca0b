import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePeriods, parsePeriod, type Frequency, type Period } from './periods.ts';

const ok = (text: string, frequency: Frequency): Period => {
  const r = parsePeriod(text, frequency);
  assert.ok(r.ok, `${text} (${frequency}) should be read: ${r.ok ? '' : r.message}`);
  return r.period;
};
const refused = (text: string, frequency: Frequency): string => {
  const r = parsePeriod(text, frequency);
  assert.ok(!r.ok, `${text} (${frequency}) should be refused`);
  return r.message;
};

test('quarters are the financial year’s: Q1 is April to June, Q4 January to March of the next year', () => {
  assert.deepEqual(ok('2021-Q1', 'quarterly'), { code: '2021-Q1', label: 'Q1 2021-22', starts: '2021-04-01', ends: '2021-06-30' });
  assert.deepEqual(ok('2021-Q3', 'quarterly'), { code: '2021-Q3', label: 'Q3 2021-22', starts: '2021-10-01', ends: '2021-12-31' });
  assert.deepEqual(ok('2021-Q4', 'quarterly'), { code: '2021-Q4', label: 'Q4 2021-22', starts: '2022-01-01', ends: '2022-03-31' });
  // As shown to people, and in lower case, reads the same.
  assert.equal(ok('Q2 2022-23', 'quarterly').code, '2022-Q2');
  assert.equal(ok(' 2022-q2 ', 'quarterly').code, '2022-Q2');
});

test('months, financial years and survey waves', () => {
  assert.deepEqual(ok('2022-06', 'monthly'), { code: '2022-06', label: 'June 2022', starts: '2022-06-01', ends: '2022-06-30' });
  assert.equal(ok('2024-02', 'monthly').ends, '2024-02-29');
  assert.deepEqual(ok('2021-22', 'annual'), { code: '2021-22', label: '2021-22', starts: '2021-04-01', ends: '2022-03-31' });
  assert.equal(ok('1999/00', 'annual').code, '1999-00');
  assert.deepEqual(ok('2022-08-22', 'wave'), { code: '2022-08-22', label: 'Wave of 22 August 2022', starts: '2022-08-22', ends: '2022-08-22' });
  // The same text means what the measure's frequency says.
  assert.equal(ok('2011-12', 'monthly').label, 'December 2011');
  assert.equal(ok('2011-12', 'annual').label, '2011-12');
});

test('bad periods are refused with what to write instead', () => {
  assert.match(refused('2021-Q5', 'quarterly'), /“2021-Q5” is not a quarter: write a quarter of the financial year as 2021-Q1/);
  assert.match(refused('Q1 2021-23', 'quarterly'), /not a financial year’s quarter/);
  assert.match(refused('2022-13', 'monthly'), /“2022-13” is not a month: write a month as 2022-06/);
  assert.match(refused('June 2022', 'monthly'), /is not a month/);
  assert.match(refused('2022-06', 'quarterly'), /is not a quarter/);
  assert.match(refused('2021-23', 'annual'), /“2021-23” is not a financial year: write a financial year as 2021-22/);
  assert.match(refused('2021', 'annual'), /is not a financial year/);
  assert.match(refused('2022-02-30', 'wave'), /“2022-02-30” is not a date/);
  assert.match(refused('2023-02-29', 'wave'), /is not a date/);
  assert.match(refused('0021-Q1', 'quarterly'), /is not a quarter/);
  assert.match(refused('', 'monthly'), /^Enter the period: a month as 2022-06$/);
  assert.match(refused('   ', 'wave'), /^Enter the period/);
});

test('periods of different kinds are ordered by the day they end, the shorter first', () => {
  const periods = [
    ok('2021-22', 'annual'), ok('2021-Q4', 'quarterly'), ok('2022-03', 'monthly'), ok('2021-Q1', 'quarterly'),
    ok('2021-06', 'monthly'), ok('2021-06-30', 'wave'), ok('2021-05-10', 'wave'), ok('2020-Q4', 'quarterly'),
  ];
  assert.deepEqual(periods.sort(comparePeriods).map((p) => p.code),
    ['2020-Q4', '2021-05-10', '2021-06-30', '2021-06', '2021-Q1', '2022-03', '2021-Q4', '2021-22']);
});
