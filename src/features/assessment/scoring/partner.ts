// Partner figures as scoring issues: one per dataset and category ('partner:council-asb:Noise'),
// volume from the category's share of its dataset, trend from its like-for-like change with the
// crime bands (there is no force-wide figure to set it against), and the drafted evidence.
// Pure rules; scoring-rules.ts offers these issues after the crime types and anti-social behaviour.
import type { AssessmentResult } from '../types.ts';
import type { Derived, IssueFigures } from './rules.ts';
import { change, ratePer1000, round } from '../analysis/change.ts';
import { periodMonths } from '../analysis/partner-figures.ts';
import { rateBasis } from '../analysis/rate-basis.ts';

export const partnerKey = (dataset: string, category: string): string => `partner:${dataset}:${category}`;
export const partnerLabel = (dataset: string, category: string): string => `${category} (${dataset})`;

/**
 * Volume from the category's share of its dataset's total in the period (a dataset has a few
 * categories, so the bands sit higher than for crime): ≥40% → 5, ≥20% → 4, ≥10% → 3, ≥5% → 2, else 1.
 */
export const PARTNER_VOLUME_BANDS: { min: number; score: number }[] = [
  { min: 40, score: 5 }, { min: 20, score: 4 }, { min: 10, score: 3 }, { min: 5, score: 2 }, { min: 0, score: 1 },
];

const num = (n: number) => n.toLocaleString('en-GB');

export function partnerIssues(result: Pick<AssessmentResult, 'partnerFigures' | 'population'>): IssueFigures[] {
  const totals = new Map<string, number>();
  for (const f of result.partnerFigures) totals.set(f.dataset, (totals.get(f.dataset) ?? 0) + f.count);
  return result.partnerFigures.map((f) => {
    const datasetCount = totals.get(f.dataset) ?? 0;
    // Partner periods may be months or quarters: the rate covers the months they add up to.
    const basis = rateBasis(f.periods.flatMap(periodMonths));
    return {
      key: partnerKey(f.dataset, f.category), label: partnerLabel(f.dataset, f.category), unit: 'recorded',
      count: f.count, previousCount: f.previousCount, comparedCount: f.comparedCount, comparedPreviousCount: f.comparedPreviousCount,
      changePct: f.changePct, forceChangePct: null, ratePer1000: ratePer1000(f.count, result.population),
      comparedMonths: f.comparedPeriods.flatMap(periodMonths).length, rateMonths: basis.months, rateSuffix: basis.suffix,
      sharePct: datasetCount > 0 ? (f.count / datasetCount) * 100 : null, hotspots: [],
      partner: { dataset: f.dataset, category: f.category, datasetCount, comparedLabel: f.comparedLabel, note: f.note },
    };
  });
}

export function partnerVolumeScore(i: Pick<IssueFigures, 'sharePct' | 'count' | 'partner'>): Derived {
  const dataset = i.partner?.dataset ?? 'the dataset';
  if (i.sharePct === null) return { score: 1, reason: `Nothing recorded in ${dataset} in the period` };
  const band = PARTNER_VOLUME_BANDS.find((b) => i.sharePct! >= b.min)!;
  return { score: band.score, reason: `${num(i.count)} is ${round(i.sharePct, 1)}% of all ${dataset} figures` };
}

/**
 * "Deliberate fires (fire) rose 12% to 340 (October 2021 to September 2022)." The period is the
 * months compared; when months are missing the note saying so follows.
 */
export function draftPartnerEvidence(i: IssueFigures, result: Pick<AssessmentResult, 'labels'>): string {
  const p = i.partner!;
  let sentence: string;
  if (p.comparedLabel === null) {
    sentence = `${i.label}: ${num(i.count)} in ${result.labels.period}; no figures for the period before to compare with.`;
  } else {
    const { pctChange } = change(i.comparedCount, i.comparedPreviousCount);
    const when = ` (${p.comparedLabel}).`;
    if (pctChange === null) sentence = i.comparedCount === 0 ? `${i.label}: none in either period${when}` : `${i.label} rose from none to ${num(i.comparedCount)}${when}`;
    else if (round(pctChange) === 0) sentence = `${i.label} stayed level at ${num(i.comparedCount)}${when}`;
    else sentence = `${i.label} ${pctChange > 0 ? 'rose' : 'fell'} ${Math.abs(round(pctChange))}% to ${num(i.comparedCount)}${when}`;
  }
  return p.note ? `${sentence} ${p.note}` : sentence;
}
