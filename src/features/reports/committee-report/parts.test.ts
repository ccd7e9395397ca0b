// The committee report's rules that need no database: its period, measure periods, the acronyms scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestMonthHeld, periodForMeeting, periodForYear } from './period.ts';
import { periodDays } from './measure-periods.ts';
import { candidateTerms, termsUsed, usesTerm } from './acronyms.ts';

test('a meeting’s period is the twelve months to its day; its crime figures end the month before', () => {
  const p = periodForMeeting('2022-11-07', 4);
  assert.deepEqual([p.from, p.to, p.crimeMonth, p.planYear, p.planYears], ['2021-11-08', '2022-11-07', '2022-10', 2022, [2021, 2022]]);
  const january = periodForMeeting('2024-01-15', 4);
  assert.deepEqual([january.from, january.crimeMonth, january.planYear], ['2023-01-16', '2023-12', 2023]);
  const leap = periodForMeeting('2024-02-29', 4);
  assert.equal(leap.from, '2023-03-01');
  assert.equal(latestMonthHeld('2022-10', ['2021-03', '2022-08', '2022-09']), '2022-09', 'the data stop earlier');
  assert.equal(latestMonthHeld('2020-10', ['2021-03']), null);
});

test('a plan year’s period is the year itself, for any starting month', () => {
  const april = periodForYear(2022, 4);
  assert.deepEqual([april.from, april.to, april.crimeMonth, april.label], ['2022-04-01', '2023-03-31', '2023-03', '1 April 2022 to 31 March 2023']);
  const january = periodForYear(2022, 1);
  assert.deepEqual([january.from, january.to, january.crimeMonth], ['2022-01-01', '2022-12-31', '2022-12']);
});

test('measure periods are read for their frequency: quarters of the financial year, years from April', () => {
  assert.deepEqual(periodDays('2021-Q1', 'quarterly'), { starts: '2021-04-01', ends: '2021-06-30' });
  assert.deepEqual(periodDays('2021-Q4', 'quarterly'), { starts: '2022-01-01', ends: '2022-03-31' });
  assert.deepEqual(periodDays('2011-12', 'monthly'), { starts: '2011-12-01', ends: '2011-12-31' });
  assert.deepEqual(periodDays('2011-12', 'annual'), { starts: '2011-04-01', ends: '2012-03-31' });
  assert.deepEqual(periodDays('2022-08-22', 'wave'), { starts: '2022-08-22', ends: '2022-08-22' });
  assert.equal(periodDays('Q1', 'quarterly'), null);
});

test('an acronym counts as a word of its own, plurals too; meanings that use terms bring them in', () => {
  assert.ok(usesTerm('Two CSPs met.', 'CSP'));
  assert.ok(!usesTerm('CSPx and aCSP', 'CSP'));
  assert.ok(usesTerm('(ASB)', 'ASB'));
  const terms = candidateTerms({ name: 'Safer Town Partnership', shortName: 'STP' },
    [{ id: 1, name: 'NHS Town Integrated Care Board', acronym: 'ICB', kind: 'health', version: 1 }], [{ term: 'ICB', meaning: 'NHS Integrated Care Board' }]);
  assert.equal(terms.get('ICB'), 'NHS Integrated Care Board', 'the glossary wins over the organisation’s name');
  assert.deepEqual(termsUsed('The ICB funds the STP.', terms).map((t) => t.term), ['ICB', 'NHS', 'STP']);
});
