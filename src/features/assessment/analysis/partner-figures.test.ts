import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessmentYear, monthRange, previousPeriod, rolling12To } from './months.ts';
import { candidatePeriods, comparable, monthsText, periodCounts, periodMonths, summarisePartnerFigures, type AreaOf, type PartnerFigureRow } from './partner-figures.ts';

// Colchester (E07000071) with two of its wards; Braintree (E07000067) is outside the partnership.
const areaOf: AreaOf = (code) => ({
  E07000071: { lad: 'E07000071', level: 'lad' as const },
  E05010828: { lad: 'E07000071', level: 'ward' as const },
  E05010835: { lad: 'E07000071', level: 'ward' as const },
  E01021637: { lad: 'E07000071', level: 'lsoa' as const },
})[code];
const row = (dataset: string, areaCode: string, period: string, category: string, count: number): PartnerFigureRow => ({ dataset, areaCode, period, category, count });

test('a quarter is its three months', () => {
  assert.deepEqual(periodMonths('2022-Q3'), ['2022-07', '2022-08', '2022-09']);
  assert.deepEqual(periodMonths('2021-Q4'), ['2021-10', '2021-11', '2021-12']);
  assert.deepEqual(periodMonths('2022-01'), ['2022-01']);
});

test('a quarter counts only when all three of its months fall inside the period', () => {
  const year = assessmentYear('2021-10').months; // October 2021 to September 2022
  assert.equal(periodCounts('2021-Q4', year), true);
  assert.equal(periodCounts('2022-Q3', year), true);
  assert.equal(periodCounts('2021-Q3', year), false, 'wholly before');
  const rolling = rolling12To('2022-08').months; // September 2021 to August 2022
  assert.equal(periodCounts('2021-Q3', rolling), false, 'only September 2021 is inside');
  assert.equal(periodCounts('2022-Q3', rolling), false, 'September 2022 is outside');
  assert.equal(periodCounts('2022-Q2', rolling), true);
  assert.equal(periodCounts('2021-09', rolling), true, 'a month counts when it is inside');
  assert.equal(periodCounts('2022-09', rolling), false);
  assert.equal(periodCounts('2022-Q1', new Set(['2022-01', '2022-03'])), false, 'a gap in the months');
});

test('the query asks for every month and each quarter touching them', () => {
  assert.deepEqual(candidatePeriods(monthRange('2022-08', '2022-10')), ['2022-08', '2022-09', '2022-10', '2022-Q3', '2022-Q4']);
  assert.equal(monthsText(['2022-07', '2022-08', '2022-09', '2022-11']), 'July 2022 to September 2022 and November 2022');
});

test('like for like: a quarter is compared only with a whole quarter of months, never part of one', () => {
  const cur = assessmentYear('2021-10');
  const prev = previousPeriod(cur);
  // Current: 2022-Q3 as a quarter; the year before: July and August 2021 as months only.
  const c = comparable(cur, prev, ['2022-Q3', '2022-06'], ['2021-07', '2021-08', '2021-06']);
  assert.deepEqual(c, { current: ['2022-06'], previous: ['2021-06'] });
  const whole = comparable(cur, prev, ['2022-Q3'], ['2021-07', '2021-08', '2021-09']);
  assert.deepEqual(whole, { current: ['2022-Q3'], previous: ['2021-07', '2021-08', '2021-09'] });
});

test('figures are summed over the area at its coarsest level, with missing months and a like-for-like change', () => {
  const cur = assessmentYear('2021-10');
  const prev = previousPeriod(cur);
  const rows: PartnerFigureRow[] = [
    // Noise by month at district level: all of the current year, January to September 2021 the year before.
    ...cur.months.map((m, i) => row('council-asb', 'E07000071', m, 'Noise', 100 + i)),
    ...monthRange('2021-01', '2021-09').map((m) => row('council-asb', 'E07000071', m, 'Noise', 90)),
    row('council-asb', 'E05010828', '2022-01', 'Noise', 21), // a ward inside the district figure: not counted again
    row('council-asb', 'E07000067', '2022-01', 'Noise', 140), // Braintree: outside
    // Graffiti by ward and LSOA only: the wards are the coarsest level given.
    row('council-asb', 'E05010828', '2022-09', 'Graffiti', 9), row('council-asb', 'E05010835', '2022-09', 'Graffiti', 5),
    row('council-asb', 'E01021637', '2022-09', 'Graffiti', 3),
    row('council-asb', 'E01021637', '2021-09', 'Graffiti', 4), // no ward figure that month: the LSOA is used
    // Fires by quarter; a month inside a counted quarter is left out.
    row('fire', 'E07000071', '2022-Q3', 'Deliberate fires', 71), row('fire', 'E07000071', '2022-09', 'Deliberate fires', 26),
    row('fire', 'E07000071', '2021-Q3', 'Deliberate fires', 52), row('fire', 'E07000071', '2020-Q3', 'Deliberate fires', 44),
  ];
  const out = summarisePartnerFigures(rows, areaOf, cur, prev);
  assert.deepEqual(out.map((f) => `${f.dataset}/${f.category}`), ['council-asb/Noise', 'council-asb/Graffiti', 'fire/Deliberate fires']);
  const [noise, graffiti, fires] = out;

  const currentSum = cur.months.reduce((s, _, i) => s + 100 + i, 0); // 100 + … + 111 = 1266
  assert.equal(noise!.count, 1266);
  assert.equal(currentSum, 1266);
  assert.equal(noise!.previousCount, 9 * 90);
  assert.equal(noise!.comparedCount, 103 + 104 + 105 + 106 + 107 + 108 + 109 + 110 + 111); // January to September 2022
  assert.equal(noise!.comparedPreviousCount, 810);
  assert.equal(noise!.change, 963 - 810);
  assert.equal(noise!.changePct, ((963 - 810) / 810) * 100);
  assert.deepEqual(noise!.missingCurrent, []);
  assert.deepEqual(noise!.missingPrevious, ['2020-10', '2020-11', '2020-12']);
  assert.equal(noise!.comparedLabel, 'January 2022 to September 2022');
  assert.equal(noise!.note, 'No figures in the period before for October 2020 to December 2020, so the change compares the months held in both periods.');

  assert.deepEqual([graffiti!.count, graffiti!.previousCount, graffiti!.comparedCount, graffiti!.comparedPreviousCount], [14, 4, 14, 4]);
  assert.equal(graffiti!.comparedLabel, 'September 2022');

  assert.deepEqual([fires!.count, fires!.previousCount], [71, 52], 'September 2022 is inside 2022-Q3; 2020-Q3 is before the year before');
  assert.deepEqual(fires!.periods, ['2022-Q3']);
  assert.deepEqual(fires!.comparedPreviousPeriods, ['2021-Q3']);
  assert.equal(fires!.changePct, ((71 - 52) / 52) * 100);
  assert.match(fires!.note!, /^No figures for October 2021 to June 2022 and, in the period before, for October 2020 to June 2021, so the change/);
});

test('nothing to compare: counts without a change', () => {
  const cur = assessmentYear('2021-10');
  const [f] = summarisePartnerFigures([row('fire', 'E07000071', '2022-Q1', 'Deliberate fires', 33)], areaOf, cur, previousPeriod(cur));
  assert.deepEqual([f!.count, f!.previousCount, f!.change, f!.changePct, f!.comparedLabel], [33, 0, null, null, null]);
  assert.match(f!.note!, /so no change can be shown\.$/);
});
