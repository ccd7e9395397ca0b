// The method: what was analysed and how. Periods compared, how counts become rates and ranks, and
// the scoring criteria with their bands and weights, all from the rules the analysis applies.
import { heading, list, paragraph, type Block } from '../../../documents/model.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { formatMonth, formatPeriod } from '../../../platform/dates.ts';
import {
  DEFAULT_WEIGHTS, FACTORS, FACTOR_HINTS, FACTOR_LABELS, FORCE_GAP_POINTS, SMALL_NUMBERS, TREND_BANDS, VOLUME_BANDS, RANKING_RULE, maxTotal, type Weights,
} from '../../assessment/scoring/rules.ts';
import type { AssessmentInputs } from './inputs.ts';

/** "15% or more scores 5; …" (changes carry their sign: "+20%", "−5%"). */
const bands = (b: { min: number; score: number }[], signed: boolean) =>
  b.filter((x) => Number.isFinite(x.min))
    .map((x) => `${signed && x.min > 0 ? '+' : ''}${x.min < 0 ? `−${-x.min}` : x.min}% or more scores ${x.score}`).join('; ');

export function methodBlocks(inputs: AssessmentInputs): Block[] {
  const r = inputs.result;
  const weights: Weights = inputs.scoring?.weights ?? DEFAULT_WEIGHTS;
  const period = r ? r.labels.period : formatPeriod(inputs.period.from, inputs.period.to);
  const previous = r ? r.labels.previous : 'the twelve months before';
  const unknownAny = inputs.scoring?.ranked.some((x) => x.unknown.length > 0) ?? false;
  return [
    paragraph(`The assessment year runs for twelve months to the end of ${formatMonth(inputs.period.to)}; it is the last full assessment year before the ${yearLabel(inputs.planYear)} plan year begins, and so the one that informs that plan. ${period} is compared with ${previous}.`),
    paragraph('Where a month is missing from either year, changes compare only the months held in both (the same calendar months a year apart), never a full year with part of one; counts still cover every month held, and the completeness section lists the gaps.'),
    paragraph('Recorded crime is counted by police.uk crime type for the area’s small areas (LSOAs) and summed to wards and districts. Anti-social behaviour is counted alongside but kept out of crime totals and rates, as it records incidents rather than crimes.'),
    paragraph(r
      ? `Rates are crimes per 1,000 residents. ${r.populationBase.statement}${r.rateBasis.fullYear ? '' : ` Rates cover the months held (${r.rateBasis.label}), not a full year, and are never scaled up to a year: crime rises and falls with the seasons, so part of a year multiplied up would be a guess.`}`
      : 'Rates are crimes per 1,000 residents, using ONS population figures for districts and wards.'),
    paragraph('Every district of the police force area is ranked by its crime rate over the months held, 1 being the highest rate; the force-wide change is worked out the same way over all its districts.'
      + (r && (!r.rateBasis.fullYear || r.districtRanking.unranked) ? ` Districts are ranked over ${r.districtRanking.label}: a district without records for every one of those months keeps its rate over the months it has, but no rank.` : '')),
    heading(3, 'Scoring criteria'),
    paragraph(`Each crime type, anti-social behaviour and each category of partner figures is scored from 1 to 5 on six criteria. The total is the weighted sum, out of ${maxTotal(weights)}; issues are ranked by total, ties by harm.${unknownAny ? ` Where a criterion cannot be scored from the data (a trend with no months of the year before to compare), it is unknown, not scored: ${RANKING_RULE}` : ''}`),
    list(FACTORS.map((f) => [{ text: `${FACTOR_LABELS[f]} (weight ${weights[f]}): `, bold: true }, { text: FACTOR_HINTS[f] }])),
    paragraph(`Volume is derived from the issue's share of all recorded crime: ${bands(VOLUME_BANDS, false)}. Trend is derived from the change on the year before: ${bands(TREND_BANDS, true)}, otherwise 1; `
      + `one step up or down when the change is ${FORCE_GAP_POINTS} points or more above or below the force's, and kept within 2 to 4 when fewer than ${SMALL_NUMBERS} were recorded in the months compared. `
      + 'An analyst may override either with a rationale; the other four criteria are scored by analysts, each with a confidence (low, medium or high) and a rationale.'),
  ];
}
