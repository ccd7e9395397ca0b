import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssessmentResult } from '../types.ts';
import { rateBasis } from '../analysis/rate-basis.ts';
import {
  DEFAULT_WEIGHTS, derivedScores, draftIssueEvidence, issuesFrom, nextPlanYear, parseScoreForm, parseWeights, rankIssues, totalScore,
  trendScore, volumeScore, weightsOf, type Scores,
} from './rules.ts';

// Colchester, October 2021 – September 2022, from the police.uk Essex street files held in
// ../shared/data (March 2021 – November 2022): the year before has only March–September, so
// changes compare those 7 months. Population: the seed report's 194,706. Three types shown.
const ct = (type: string, count: number, previousCount: number, comparedCount: number, comparedPreviousCount: number, changePct: number, forceChangePct: number) => ({
  type, count, previousCount, comparedCount, comparedPreviousCount, change: comparedCount - comparedPreviousCount,
  changePct, forceChangePct, ratePer1000: (count / 194_706) * 1000,
});
const total = (count: number, previousCount: number, comparedCount: number, comparedPreviousCount: number, changePct: number, forceChangePct: number) => ({
  count, previousCount, comparedCount, comparedPreviousCount, change: comparedCount - comparedPreviousCount, changePct, forceChangePct, ratePer1000: (count / 194_706) * 1000,
});

const months = (from: number, to: number, year: number) => Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);

const colchester: AssessmentResult = {
  area: { codes: ['E07000071'], name: 'Colchester', force: 'essex' },
  period: { from: '2021-10', to: '2022-09' },
  previous: { from: '2020-10', to: '2021-09' },
  completeness: {
    complete: false, missingCurrent: [], missingPrevious: ['2020-10', '2020-11', '2020-12', '2021-01', '2021-02'], comparedMonths: 7,
    note: 'Figures for the period before are missing for October 2020, November 2020, December 2020, January 2021 and February 2021, so changes compare the 7 months present in both periods.',
    comparedCurrent: months(3, 9, 2022), comparedPrevious: months(3, 9, 2021),
  },
  labels: { period: 'October 2021 to September 2022', previous: 'October 2020 to September 2021', comparedCurrent: 'March 2022 to September 2022',
    comparedPrevious: 'March 2021 to September 2021', assessmentYear: '2021-22' },
  crimeTypes: [
    ct('Violence and sexual offences', 9226, 5522, 5431, 5522, -1.6480, -2.0990),
    ct('Vehicle crime', 826, 306, 499, 306, 63.0719, 14.4914),
    ct('Possession of weapons', 135, 79, 78, 79, -1.2658, 26.0985),
  ],
  totalCrimes: 18_598, previousTotalCrimes: 10_726, totalChangePct: 1.1654, forceTotalChangePct: 2.0163,
  totalAsb: 2774, previousTotalAsb: 2772,
  totals: { crimes: total(18_598, 10_726, 10_851, 10_726, 1.1654, 2.0163), asb: total(2774, 2772, 1796, 2772, -35.2092, -34.9023) },
  ratePer1000: (18_598 / 194_706) * 1000, population: 194_706, populationSource: 'override', populationBasis: '194,706, a figure entered by the partnership',
  populationYearStart: '2021-10', rank: null, districts: [], wards: [],
  rateBasis: rateBasis([...months(10, 12, 2021), ...months(1, 9, 2022)]),
  districtRanking: { months: [...months(10, 12, 2021), ...months(1, 9, 2022)], label: '12 months, October 2021 to September 2022', ranked: 14, unranked: 0 },
  populationBase: {
    series: 'mid2020', name: 'mid-2020 population estimates', label: 'ONS mid-2020 population estimates (2011 LSOAs)', referenceDate: '2020-06-30',
    published: '2021-06-25', lsoaPublished: '2021-09-16', release: '', chosenBy: 'partnership', reason: 'chosen by the partnership for October 2021 to September 2022',
    statement: '', defaultSeries: 'mid2020', defaultReason: '', override: { population: 194_706, note: 'seed report' },
  },
  hotspots: [
    { type: 'Possession of weapons', wards: [{ code: 'E05010828', name: 'Castle', count: 42 }, { code: 'E05010835', name: 'New Town and Christ Church', count: 21 },
      { code: 'E05010836', name: 'Old Heath and The Hythe', count: 16 }, { code: 'E05010834', name: 'Mile End', count: 8 }] },
    { type: 'Anti-social behaviour', wards: [{ code: 'E05010828', name: 'Castle', count: 674 }] },
  ],
  monthly: [], monthsHeld: { from: '2021-03', to: '2022-11' }, partnerFigures: [], caveat: '', sources: [],
};

const byKey = (key: string) => issuesFrom(colchester).find((i) => i.key === key)!;

test('issues are each crime type, then anti-social behaviour, with shares of all crime', () => {
  const issues = issuesFrom(colchester);
  assert.deepEqual(issues.map((i) => i.key), ['crime:Violence and sexual offences', 'crime:Vehicle crime', 'crime:Possession of weapons', 'asb']);
  assert.equal(byKey('asb').unit, 'incidents');
  assert.equal(byKey('asb').changePct, -35.2092);
  assert.equal(round1(byKey('crime:Possession of weapons').sharePct!), 0.7);
});

const round1 = (n: number) => Math.round(n * 10) / 10;

test('volume bands by share of all recorded crime', () => {
  assert.equal(volumeScore(byKey('crime:Violence and sexual offences')).score, 5); // 49.6%
  assert.equal(volumeScore(byKey('asb')).score, 4);                               // 14.9%
  assert.equal(volumeScore(byKey('crime:Vehicle crime')).score, 3);               // 4.4%
  assert.equal(volumeScore(byKey('crime:Possession of weapons')).score, 1);       // 0.7%
  assert.equal(volumeScore({ sharePct: 1, count: 1 }).score, 2, 'band edges are inclusive');
  assert.equal(volumeScore({ sharePct: 15, count: 1 }).score, 5);
  assert.equal(volumeScore({ sharePct: null, count: 0 }).score, 1);
  assert.match(volumeScore(byKey('crime:Possession of weapons')).reason, /135 is 0\.7% of all recorded crime/);
});

test('trend bands by % change, moved one step by the gap to the force', () => {
  // Vehicle crime +63% (force +14%): top band already.
  assert.equal(trendScore(byKey('crime:Vehicle crime')).score, 5);
  // Violence −1.6% (force −2.1%): level.
  assert.equal(trendScore(byKey('crime:Violence and sexual offences')).score, 3);
  // Possession of weapons −1.3% while the force rose 26%: level, one down for doing better than the force.
  const weapons = trendScore(byKey('crime:Possession of weapons'));
  assert.equal(weapons.score, 2);
  assert.match(weapons.reason, /-1\.3% on the year before; force-wide \+26\.1%; one down/);
  // ASB −35% with the force −35%: falling fast.
  assert.equal(trendScore(byKey('asb')).score, 1);
  const t = (changePct: number | null, forceChangePct: number | null = null, comparedCount = 100, comparedPreviousCount = 100) =>
    trendScore({ changePct, forceChangePct, comparedCount, comparedPreviousCount, comparedMonths: 7 }).score;
  assert.deepEqual([t(20), t(19.9), t(5), t(4.9), t(-5), t(-5.1), t(-20), t(-20.1)], [5, 4, 4, 3, 3, 2, 2, 1]);
  assert.equal(t(6, -4), 5, 'ten points above the force: one up');
  assert.equal(t(6, -3.9), 4);
  assert.equal(t(50, 0, 12, 8), 4, 'small numbers are held within 2–4');
  assert.equal(t(-50, 0, 4, 8), 2);
  assert.equal(t(null, null, 5, 0), 4, 'a rise from none');
  assert.equal(t(null, null, 0, 0), 3, 'none in either period is level');
});

test('a trend the data cannot give is unknown, with its reason: no period before, or fewer than 3 months to compare', () => {
  const trend = (comparedMonths: number, changePct: number | null = 50) =>
    trendScore({ changePct, forceChangePct: 0, comparedCount: 150, comparedPreviousCount: 100, comparedMonths });
  assert.deepEqual(trend(0, null), { score: null, reason: 'Unknown: no months of the period before are held to compare with' });
  assert.deepEqual(trend(2), { score: null, reason: 'Unknown: only 2 months can be compared with the year before; a trend needs at least 3' });
  assert.match(trend(1).reason, /only 1 month can be compared/);
  assert.equal(trend(3).score, 5, 'three months compared give a trend');
  // The issue's own months decide: the Colchester figures compare 7, so every crime issue has a trend.
  assert.ok(issuesFrom(colchester).every((i) => i.comparedMonths === 7 && derivedScores(i).trend.score !== null));
  const short = { ...colchester, completeness: { ...colchester.completeness, comparedMonths: 0 } };
  assert.ok(issuesFrom(short).every((i) => derivedScores(i).trend.score === null));
});

const s = (harm: number | null, rest: Partial<Scores> = {}): Scores =>
  ({ harm, volume: null, trend: null, vulnerability: null, communityConcern: null, partnershipPosition: null, ...rest });

test('total is the weighted sum; harm counts twice by default; unscored adds nothing', () => {
  assert.equal(totalScore(s(4, { volume: 1, trend: 2, vulnerability: 5, communityConcern: 3, partnershipPosition: 4 }), DEFAULT_WEIGHTS), 8 + 1 + 2 + 5 + 3 + 4);
  assert.equal(totalScore(s(null, { volume: 3 }), DEFAULT_WEIGHTS), 3);
  assert.equal(totalScore(s(4, { volume: 3 }), { ...DEFAULT_WEIGHTS, harm: 0, volume: 3 }), 9);
});

test('ranking: by total, ties broken by harm, then name; equal total and harm share a rank', () => {
  const ranked = rankIssues([
    { label: 'Robbery', scores: s(3, { volume: 4 }) },           // 10
    { label: 'Drugs', scores: s(2, { volume: 6 }) },             // 10, less harm
    { label: 'Burglary', scores: s(4, { volume: 1 }) },          // 9
    { label: 'Arson', scores: s(3, { volume: 4 }) },             // 10, same harm as Robbery
    { label: 'Shoplifting', scores: s(5, { volume: 3 }) },       // 13
  ], DEFAULT_WEIGHTS);
  assert.deepEqual(ranked.map((r) => [r.rank, r.label, r.total]),
    [[1, 'Shoplifting', 13], [2, 'Arson', 10], [2, 'Robbery', 10], [4, 'Drugs', 10], [5, 'Burglary', 9]]);
});

test('an unknown trend adds nothing and is left out of the most the issue could score; the list orders by share of that most', () => {
  const full = { vulnerability: 3, communityConcern: 3, partnershipPosition: 3, volume: 3 };
  const ranked = rankIssues([
    { label: 'Known, level', scores: s(3, { ...full, trend: 3 }) },     // 21 of 35 = 60%
    { label: 'Unknown trend', scores: s(3, { ...full, trend: null }) }, // 18 of 30 = 60%: the same share, not 18 of 35
    { label: 'Known, rising', scores: s(3, { ...full, trend: 5 }) },    // 23 of 35
    { label: 'High, unknown', scores: s(4, { ...full, trend: null }) }, // 20 of 30 = 67%
  ], DEFAULT_WEIGHTS);
  assert.deepEqual(ranked.map((r) => [r.rank, r.label, r.total, r.max, r.criteria]), [
    [1, 'High, unknown', 20, 30, 5], [2, 'Known, rising', 23, 35, 6], [3, 'Known, level', 21, 35, 6], [3, 'Unknown trend', 18, 30, 5],
  ]);
  assert.deepEqual(ranked.find((r) => r.label === 'Unknown trend')!.unknown, ['trend']);
  assert.deepEqual(ranked.find((r) => r.label === 'Known, level')!.unknown, []);
});

test('weights: whole numbers 0–10, at least one above 0; stored weights fill in defaults', () => {
  const ok = parseWeights({ harm: '3', volume: '1', trend: '1', vulnerability: '2', communityConcern: '0', partnershipPosition: '1' });
  assert.ok(ok.ok && ok.weights.harm === 3 && ok.weights.communityConcern === 0);
  const bad = parseWeights({ harm: '1.5', volume: '', trend: '11', vulnerability: '1', communityConcern: '1', partnershipPosition: '1' });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => e.field), ['harm', 'volume', 'trend']);
  const zero = parseWeights({ harm: '0', volume: '0', trend: '0', vulnerability: '0', communityConcern: '0', partnershipPosition: '0' });
  assert.ok(!zero.ok && /at least one/.test(zero.errors[0].message));
  assert.deepEqual(weightsOf({ harm: 3 }), { ...DEFAULT_WEIGHTS, harm: 3 });
});

test('a score needs a confidence and a rationale; volume and trend follow the data unless overridden with a reason', () => {
  const base = { version: '1', harm: '4', harmConfidence: 'medium', harmRationale: 'Knife injuries', volume: 'data', trend: 'data',
    vulnerability: '', communityConcern: '', partnershipPosition: '' };
  const ok = parseScoreForm(base, { volume: 1, trend: 2 });
  assert.ok(ok.ok);
  assert.deepEqual(ok.fields.harm, { score: 4, confidence: 'medium', rationale: 'Knife injuries', derived: false });
  assert.deepEqual(ok.fields.volume, { score: 1, confidence: null, rationale: null, derived: true });
  assert.equal(ok.fields.vulnerability.score, null);

  const bad = parseScoreForm({ ...base, harmRationale: '', harmConfidence: '', volume: '4', vulnerability: '7' }, { volume: 1, trend: 2 });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => [e.field, e.message]), [
    ['harmConfidence', 'Select how confident you are in the harm score'],
    ['harmRationale', 'Enter the rationale for the harm score'],
    ['volumeConfidence', 'Select how confident you are in the volume score'],
    ['volumeRationale', 'Enter why the volume score differs from the data'],
    ['vulnerability', 'Select a vulnerability score from 1 to 5'],
  ]);
});

test('the evidence statement carries the figures: like-for-like change, full count, rate and hotspots', () => {
  const weapons = draftIssueEvidence(byKey('crime:Possession of weapons'), colchester);
  assert.equal(weapons,
    'Possession of weapons fell 1% to 78 offences (force-wide +26%), comparing March 2022 to September 2022 with March 2021 to September 2021. ' +
    'Over October 2021 to September 2022 there were 135 offences, 0.7 per 1,000 residents. ' +
    'Most were in Castle (42), New Town and Christ Church (21) and Old Heath and The Hythe (16).');
  const complete = { ...colchester, completeness: { ...colchester.completeness, complete: true, comparedMonths: 12 } };
  const vehicle = draftIssueEvidence({ ...byKey('crime:Vehicle crime'), comparedCount: 826, comparedPreviousCount: 506 }, complete);
  assert.equal(vehicle, 'Vehicle crime rose 63% to 826 offences (force-wide +14%). That is 4.2 offences per 1,000 residents.');
  assert.match(draftIssueEvidence(byKey('asb'), colchester), /^Anti-social behaviour fell 35% to 1,796 incidents \(force-wide -35%\)/);
});

test('adopted priorities go into the year after the latest approved or published plan', () => {
  const plans = [{ startYear: 2021, status: 'published' }, { startYear: 2022, status: 'published' }];
  assert.equal(nextPlanYear(plans, '2022-09', 4), 2023);
  assert.equal(nextPlanYear([...plans, { startYear: 2023, status: 'draft' }], '2022-09', 4), 2023, 'the draft already made for next year');
  assert.equal(nextPlanYear([{ startYear: 2022, status: 'revising' }], '2022-09', 4), 2023);
  assert.equal(nextPlanYear([{ startYear: 2023, status: 'draft' }], '2022-09', 4), 2023);
  assert.equal(nextPlanYear([], '2022-09', 4), 2023, 'no plans: the first plan year after the assessment period');
  assert.equal(nextPlanYear([], '2023-02', 4), 2023);
});

test('partner categories follow the crime issues, with volume from their share of the dataset and no force comparison', () => {
  const pf = (category: string, count: number, previousCount: number, comparedLabel: string | null) => ({
    dataset: 'fire', category, count, previousCount, comparedCount: comparedLabel ? count : 0, comparedPreviousCount: comparedLabel ? previousCount : 0,
    change: comparedLabel ? count - previousCount : null, changePct: comparedLabel && previousCount ? ((count - previousCount) / previousCount) * 100 : null,
    periods: [...months(10, 12, 2021), ...months(1, 9, 2022)], previousPeriods: [], comparedLabel, missingCurrent: [], missingPrevious: [], note: null,
    comparedPeriods: comparedLabel ? [...months(10, 12, 2021), ...months(1, 9, 2022)] : [], comparedPreviousPeriods: comparedLabel ? [...months(10, 12, 2020), ...months(1, 9, 2021)] : [],
  });
  const withPartner = { ...colchester, partnerFigures: [pf('Deliberate fires', 191, 154, 'October 2021 to September 2022'), pf('False alarms', 9, 0, null)] };
  const issues = issuesFrom(withPartner);
  assert.deepEqual(issues.slice(-3).map((i) => i.key), ['asb', 'partner:fire:Deliberate fires', 'partner:fire:False alarms']);
  const fires = issues.find((i) => i.key === 'partner:fire:Deliberate fires')!;
  assert.deepEqual([fires.label, fires.forceChangePct, round1(fires.sharePct!)], ['Deliberate fires (fire)', null, 95.5]);
  assert.deepEqual(derivedScores(fires).volume, { score: 5, reason: '191 is 95.5% of all fire figures' });
  assert.equal(derivedScores(fires).trend.score, 5); // +24.0%
  assert.equal(draftIssueEvidence(fires, withPartner), 'Deliberate fires (fire) rose 24% to 191 (October 2021 to September 2022).');
  const alarms = issues.find((i) => i.key === 'partner:fire:False alarms')!;
  // 4.5%; nothing held the year before to compare with: the trend is unknown, not level.
  assert.deepEqual([derivedScores(alarms).volume.score, derivedScores(alarms).trend.score], [1, null]);
  assert.equal(draftIssueEvidence(alarms, withPartner), 'False alarms (fire): 9 in October 2021 to September 2022; no figures for the period before to compare with.');
});
