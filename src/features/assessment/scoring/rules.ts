// MoRiLE-style risk scoring, as pure rules: which issues an assessment offers, the volume and trend
// scores derived from its figures, weights, totals and the ranked list, the drafted evidence
// statement, and which plan year adopted priorities go into. No I/O: the service does that.
import type { AssessmentResult } from '../types.ts';
import { draftEvidence } from '../analysis/evidence.ts';
import { round } from '../analysis/change.ts';
import { draftPartnerEvidence, partnerIssues, partnerVolumeScore } from './partner.ts';

export const FACTORS = ['harm', 'volume', 'trend', 'vulnerability', 'communityConcern', 'partnershipPosition'] as const;
export type Factor = (typeof FACTORS)[number];
/** Scored by people, always with a confidence and a rationale. */
export const ENTERED_FACTORS = ['harm', 'vulnerability', 'communityConcern', 'partnershipPosition'] as const satisfies readonly Factor[];
/** Derived from the data; a person may override them, with a rationale. */
export const DERIVED_FACTORS = ['volume', 'trend'] as const satisfies readonly Factor[];
export type DerivedFactor = (typeof DERIVED_FACTORS)[number];

export const FACTOR_LABELS: Record<Factor, string> = {
  harm: 'Harm', volume: 'Volume', trend: 'Trend', vulnerability: 'Vulnerability',
  communityConcern: 'Community concern', partnershipPosition: 'Partnership position',
};

/** What a 1 and a 5 mean, shown as the hint on each question. */
export const FACTOR_HINTS: Record<Factor, string> = {
  harm: '1 = little physical, psychological or financial harm to victims; 5 = serious or lasting harm, including to life',
  volume: '1 = a very small share of recorded crime (partner figures: of their dataset); 5 = one of the largest shares',
  trend: '1 = falling fast; 3 = level; 5 = rising fast, or faster than across the force',
  vulnerability: '1 = victims are rarely vulnerable; 5 = victims are often vulnerable (children, older people, repeat victims)',
  communityConcern: '1 = rarely raised by residents or councillors; 5 = a leading concern in surveys, meetings and complaints',
  partnershipPosition: '1 = the partnership can make little difference; 5 = the partnership can make a great deal of difference',
};

export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export type Scores = Record<Factor, number | null>;
export type Weights = Record<Factor, number>;

/** All factors count once except harm, which counts twice: harm to people outweighs counts. */
export const DEFAULT_WEIGHTS: Weights = { harm: 2, volume: 1, trend: 1, vulnerability: 1, communityConcern: 1, partnershipPosition: 1 };
export const MAX_WEIGHT = 10;

// ---------- Issues and their figures ----------

export const ASB_KEY = 'asb';
export const ASB_LABEL = 'Anti-social behaviour';
export const crimeKey = (type: string): string => `crime:${type}`;

export interface IssueFigures {
  key: string;
  label: string;
  /** 'recorded' for partner figures, which may count anything. */
  unit: 'offences' | 'incidents' | 'recorded';
  /** Every month held in the period, and in the period before. */
  count: number;
  previousCount: number;
  /** Like for like: the months held in both periods (the same as count when both are complete). */
  comparedCount: number;
  comparedPreviousCount: number;
  changePct: number | null;
  forceChangePct: number | null;
  /** How many months of each period the change compares (0: nothing to compare with). */
  comparedMonths: number;
  ratePer1000: number | null;
  /** The months the rate covers, and '' or ' over N months (…)' to say so after "per 1,000 residents" (never annualised). */
  rateMonths: number;
  rateSuffix: string;
  /** Share of all recorded crime in the area, in % (ASB is set against crime too, for scale); partner figures: of their dataset. */
  sharePct: number | null;
  hotspots: { name: string; count: number }[];
  /** Partner figures only (scoring-partner.ts). */
  partner?: { dataset: string; category: string; datasetCount: number; comparedLabel: string | null; note: string | null };
}

/** The issues an assessment offers for scoring: each crime type, anti-social behaviour, then each partner category. */
export function issuesFrom(result: AssessmentResult): IssueFigures[] {
  const share = (n: number) => (result.totalCrimes > 0 ? (n / result.totalCrimes) * 100 : null);
  const hot = (type: string) => (result.hotspots.find((h) => h.type === type)?.wards ?? []).map((w) => ({ name: w.name, count: w.count }));
  const months = { comparedMonths: result.completeness.comparedMonths, rateMonths: result.rateBasis.months, rateSuffix: result.rateBasis.suffix };
  const crimes: IssueFigures[] = result.crimeTypes.map((c) => ({
    key: crimeKey(c.type), label: c.type, unit: 'offences', count: c.count, previousCount: c.previousCount,
    comparedCount: c.comparedCount, comparedPreviousCount: c.comparedPreviousCount,
    changePct: c.changePct, forceChangePct: c.forceChangePct, ratePer1000: c.ratePer1000, sharePct: share(c.count), hotspots: hot(c.type), ...months,
  }));
  const a = result.totals.asb;
  const asb: IssueFigures[] = a.count === 0 && a.previousCount === 0 ? [] : [{
    key: ASB_KEY, label: ASB_LABEL, unit: 'incidents', count: a.count, previousCount: a.previousCount,
    comparedCount: a.comparedCount, comparedPreviousCount: a.comparedPreviousCount, changePct: a.changePct, forceChangePct: a.forceChangePct,
    ratePer1000: a.ratePer1000, sharePct: share(a.count), hotspots: hot(ASB_LABEL), ...months,
  }];
  return [...crimes, ...asb, ...partnerIssues(result)];
}

// ---------- Derived scores ----------

export interface Derived { score: number; reason: string }
/** A trend the data cannot give (too few months, or no period before) has no score: null, with the reason. */
export interface DerivedTrend { score: number | null; reason: string }

const pct = (n: number) => `${round(n, 1)}%`;

/**
 * Volume from the issue's share of all recorded crime in the area. A share, not a raw count, so
 * the same bands hold for a small district and a city: ≥15% → 5, ≥8% → 4, ≥4% → 3, ≥1% → 2, else 1.
 */
export const VOLUME_BANDS: { min: number; score: number }[] = [
  { min: 15, score: 5 }, { min: 8, score: 4 }, { min: 4, score: 3 }, { min: 1, score: 2 }, { min: 0, score: 1 },
];

export function volumeScore(i: Pick<IssueFigures, 'sharePct' | 'count'>): Derived {
  if (i.sharePct === null) return { score: 1, reason: 'No crime recorded in the period' };
  const band = VOLUME_BANDS.find((b) => i.sharePct! >= b.min)!;
  return { score: band.score, reason: `${i.count.toLocaleString('en-GB')} is ${pct(i.sharePct)} of all recorded crime` };
}

/**
 * A trend needs at least this many months held in both periods (the same calendar months a year
 * apart). Over fewer, one unusual month decides it; with none there is no period before at all.
 * Either way the trend is unknown: no score, rather than a middle score of 3 that would read as "level".
 */
export const MIN_TREND_MONTHS = 3;

/**
 * Trend from the % change on the year before (to one decimal): ≥+20% → 5, ≥+5% → 4, ≥−5% → 3, ≥−20% → 2, else 1.
 * Then one step up when the change is 10 points or more above the force-wide change, one step down
 * when 10 points or more below: a rise the rest of the force does not share is local, and the
 * partnership's to act on. Under 20 in the months compared, change is noise: the score stays within 2–4.
 */
export const TREND_BANDS: { min: number; score: number }[] = [
  { min: 20, score: 5 }, { min: 5, score: 4 }, { min: -5, score: 3 }, { min: -20, score: 2 }, { min: -Infinity, score: 1 },
];
export const FORCE_GAP_POINTS = 10;
export const SMALL_NUMBERS = 20;

export function trendScore(i: Pick<IssueFigures, 'comparedCount' | 'comparedPreviousCount' | 'changePct' | 'forceChangePct' | 'comparedMonths'>): DerivedTrend {
  if (i.comparedMonths === 0) return { score: null, reason: 'Unknown: no months of the period before are held to compare with' };
  if (i.comparedMonths < MIN_TREND_MONTHS) {
    return { score: null, reason: `Unknown: only ${i.comparedMonths} month${i.comparedMonths === 1 ? '' : 's'} can be compared with the year before; a trend needs at least ${MIN_TREND_MONTHS}` };
  }
  if (i.changePct === null) {
    // No % to band: a rise from none counts as rising; none in either period is level.
    return i.comparedCount > 0 && i.comparedPreviousCount === 0
      ? { score: 4, reason: 'Rose from none the year before' } : { score: 3, reason: 'None in either period' };
  }
  let score = TREND_BANDS.find((b) => round(i.changePct!, 1) >= b.min)!.score;
  const parts = [`${i.changePct > 0 ? '+' : ''}${pct(i.changePct)} on the year before`];
  if (i.forceChangePct !== null) {
    const gap = i.changePct - i.forceChangePct;
    parts.push(`force-wide ${i.forceChangePct > 0 ? '+' : ''}${pct(i.forceChangePct)}`);
    if (gap >= FORCE_GAP_POINTS && score < 5) { score += 1; parts.push(`one up: ${FORCE_GAP_POINTS} points or more above the force`); }
    if (gap <= -FORCE_GAP_POINTS && score > 1) { score -= 1; parts.push(`one down: ${FORCE_GAP_POINTS} points or more below the force`); }
  }
  if (Math.max(i.comparedCount, i.comparedPreviousCount) < SMALL_NUMBERS && (score < 2 || score > 4)) {
    score = Math.min(4, Math.max(2, score));
    parts.push(`held within 2–4: fewer than ${SMALL_NUMBERS} in the months compared`);
  }
  return { score, reason: parts.join('; ') };
}

export function derivedScores(i: IssueFigures): { volume: Derived; trend: DerivedTrend } {
  // Partner figures: volume from their share of the dataset; trend with the same bands (no force figure).
  return { volume: i.partner ? partnerVolumeScore(i) : volumeScore(i), trend: trendScore(i) };
}

// ---------- Totals and ranking ----------

/** Weighted sum of the scores given; an unscored factor adds nothing. */
export function totalScore(scores: Scores, weights: Weights): number {
  return FACTORS.reduce((sum, f) => sum + (scores[f] ?? 0) * weights[f], 0);
}

export const maxTotal = (weights: Weights): number => FACTORS.reduce((s, f) => s + 5 * weights[f], 0);

/**
 * Criteria the data cannot score for this issue: a derived factor (volume, trend) with no score.
 * Different from a factor people have not scored yet, which is work still to do and counts as 0.
 */
export const unknownFactors = (scores: Scores): DerivedFactor[] => DERIVED_FACTORS.filter((f) => scores[f] === null);

/** The most an issue can score over the criteria that count for it: unknown ones are left out. */
export function maxTotalOver(scores: Scores, weights: Weights): number {
  const unknown = new Set<Factor>(unknownFactors(scores));
  return FACTORS.reduce((s, f) => (unknown.has(f) ? s : s + 5 * weights[f]), 0);
}

/** How the list is ordered, for the page. */
export const RANKING_RULE = 'Issues are ordered by their total as a share of the most they could score over the criteria that count for them. '
  + 'A trend the data cannot measure (too few months, or no period before) is left out of both the total and that most, '
  + 'rather than counted as a middle score; a criterion not yet scored by people counts as nothing until it is. '
  + 'Equal shares are ordered by harm, then by name, and share a rank when harm is equal too.';

/**
 * Ordered by total ÷ the most it could score over the criteria that count (RANKING_RULE), then harm,
 * then name. When no trend is unknown every issue has the same most, so this is the order by total.
 */
export function rankIssues<T extends { label: string; scores: Scores }>(items: T[], weights: Weights):
  (T & { total: number; max: number; criteria: number; unknown: DerivedFactor[]; rank: number })[] {
  const withTotals = items.map((i) => {
    const unknown = unknownFactors(i.scores);
    return { ...i, total: totalScore(i.scores, weights), max: maxTotalOver(i.scores, weights), criteria: FACTORS.length - unknown.length, unknown };
  });
  // Compare total/max by cross-multiplying: whole numbers, so equal shares are exactly equal. An issue
  // with nothing it can be scored on (max 0) goes last.
  const share = (a: { total: number; max: number }, b: { total: number; max: number }) =>
    a.max === 0 || b.max === 0 ? (a.max === 0 ? 1 : 0) - (b.max === 0 ? 1 : 0) : b.total * a.max - a.total * b.max;
  withTotals.sort((a, b) => share(a, b) || (b.scores.harm ?? 0) - (a.scores.harm ?? 0) || a.label.localeCompare(b.label));
  let rank = 0;
  return withTotals.map((item, index) => {
    const prev = withTotals[index - 1];
    if (!prev || share(prev, item) !== 0 || (prev.scores.harm ?? 0) !== (item.scores.harm ?? 0)) rank = index + 1;
    return { ...item, rank };
  });
}

export function parseWeights(form: Record<string, unknown>): { ok: true; weights: Weights } | { ok: false; errors: { field: string; message: string }[] } {
  const weights = { ...DEFAULT_WEIGHTS };
  const errors: { field: string; message: string }[] = [];
  for (const f of FACTORS) {
    const raw = String(form[f] ?? '').trim();
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 0 || n > MAX_WEIGHT) {
      errors.push({ field: f, message: `Enter a weight for ${FACTOR_LABELS[f].toLowerCase()} as a whole number from 0 to ${MAX_WEIGHT}` });
    } else weights[f] = n;
  }
  if (!errors.length && FACTORS.every((f) => weights[f] === 0)) errors.push({ field: FACTORS[0], message: 'Give at least one factor a weight above 0' });
  return errors.length ? { ok: false, errors } : { ok: true, weights };
}

/** Weights as stored, with any missing factor at its default (a set saved before a factor existed). */
export function weightsOf(stored: unknown): Weights {
  const w = (stored ?? {}) as Partial<Record<Factor, unknown>>;
  return Object.fromEntries(FACTORS.map((f) => [f, typeof w[f] === 'number' ? w[f] : DEFAULT_WEIGHTS[f]])) as Weights;
}

// ---------- Evidence statement ----------

const listing = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const num = (n: number) => n.toLocaleString('en-GB');
const rateText = (r: number) => (r > 0 && r < 0.1 ? 'fewer than 0.1' : num(round(r, 1)));

/**
 * The evidence base for a priority adopted from this issue, in the seed report's style:
 * "Possession of weapons rose 31% to 210 offences (force-wide +9%). That is 1.1 offences per 1,000
 * residents. Most were in Castle (45), …". When months are missing, the change is said to compare
 * only the months held in both years, and the full count follows. Officers edit the draft in the plan.
 */
export function draftIssueEvidence(i: IssueFigures, result: Pick<AssessmentResult, 'labels' | 'completeness'>): string {
  if (i.partner) return draftPartnerEvidence(i, result);
  const sentences: string[] = [];
  const { complete, comparedMonths } = result.completeness;
  const rate = i.ratePer1000 === null ? '' : `, ${rateText(i.ratePer1000)} per 1,000 residents${i.rateSuffix}`;
  if (comparedMonths === 0) {
    sentences.push(`${i.label}: ${num(i.count)} ${i.unit} in ${result.labels.period}${rate}; no months of the year before to compare with.`);
  } else {
    const change = draftEvidence({ type: i.label, count: i.comparedCount, previousCount: i.comparedPreviousCount, forceChangePct: i.forceChangePct, unit: i.unit === 'incidents' ? 'incidents' : 'offences' });
    if (complete || (i.comparedCount === i.count && i.comparedPreviousCount === i.previousCount)) {
      sentences.push(change);
      if (i.ratePer1000 !== null) sentences.push(`That is ${rateText(i.ratePer1000)} ${i.unit} per 1,000 residents${i.rateSuffix}.`);
    } else {
      sentences.push(`${change.slice(0, -1)}, comparing ${result.labels.comparedCurrent} with ${result.labels.comparedPrevious}.`);
      sentences.push(`Over ${result.labels.period} there were ${num(i.count)} ${i.unit}${rate}.`);
    }
  }
  const wards = i.hotspots.slice(0, 3).map((w) => `${w.name} (${num(w.count)})`);
  if (wards.length) sentences.push(`Most were in ${listing(wards)}.`);
  return sentences.join(' ');
}

// ---------- Where adopted priorities go ----------

/**
 * The plan year adopted priorities go into: the year after the latest plan that has been approved or
 * published (a plan being revised has been); with only drafts, the latest draft; with no plans at
 * all, the first plan year that starts after the assessment period ends.
 */
export function nextPlanYear(plans: { startYear: number; status: string }[], periodTo: string, planYearStartMonth: number): number {
  const established = plans.filter((p) => p.status !== 'draft').map((p) => p.startYear);
  if (established.length) return Math.max(...established) + 1;
  if (plans.length) return Math.max(...plans.map((p) => p.startYear));
  const [y, m] = periodTo.split('-').map(Number);
  return m < planYearStartMonth ? y : y + 1;
}

// ---------- The score form ----------

export type ScoreFormValues = Record<string, string>;

export interface FactorScore { score: number | null; confidence: Confidence | null; rationale: string | null; derived: boolean }
export type ScoreFields = Record<Factor, FactorScore>;

export const MAX_RATIONALE = 5000;

/** Form field names for one factor: `harm`, `harmConfidence`, `harmRationale`. */
export const fieldNames = (f: Factor) => ({ score: f, confidence: `${f}Confidence`, rationale: `${f}Rationale` });

export function scoreFormValues(body: Record<string, unknown>): ScoreFormValues {
  const values: ScoreFormValues = { version: String(body.version ?? '') };
  for (const f of FACTORS) for (const name of Object.values(fieldNames(f))) values[name] = String(body[name] ?? '').trim();
  return values;
}

/**
 * Check a submitted score form. A score entered by a person needs a confidence and a rationale;
 * volume and trend are "data" (the derived score) unless overridden, and an override needs both too.
 */
export function parseScoreForm(v: ScoreFormValues, derived: Record<DerivedFactor, number | null>):
  { ok: true; fields: ScoreFields } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const fields = {} as ScoreFields;
  for (const f of FACTORS) {
    const n = fieldNames(f);
    const name = FACTOR_LABELS[f].toLowerCase();
    const isDerived = (DERIVED_FACTORS as readonly string[]).includes(f);
    const raw = v[n.score] ?? '';
    const rationale = v[n.rationale] ? v[n.rationale] : null;
    if (isDerived && (raw === 'data' || raw === '')) {
      fields[f] = { score: derived[f as DerivedFactor], confidence: null, rationale: null, derived: true };
      continue;
    }
    if (raw === '') { fields[f] = { score: null, confidence: null, rationale, derived: false }; continue; }
    const score = Number(raw);
    if (!Number.isInteger(score) || score < 1 || score > 5) {
      errors.push({ field: n.score, message: `Select a ${name} score from 1 to 5` });
      continue;
    }
    const confidence = (CONFIDENCES as readonly string[]).includes(v[n.confidence]) ? (v[n.confidence] as Confidence) : null;
    if (!confidence) errors.push({ field: n.confidence, message: `Select how confident you are in the ${name} score` });
    if (!rationale) {
      errors.push({ field: n.rationale, message: isDerived
        ? `Enter why the ${name} score differs from the data` : `Enter the rationale for the ${name} score` });
    } else if (rationale.length > MAX_RATIONALE) {
      errors.push({ field: n.rationale, message: `The ${name} rationale must be ${MAX_RATIONALE.toLocaleString('en-GB')} characters or fewer` });
    }
    fields[f] = { score, confidence, rationale, derived: false };
  }
  return errors.length ? { ok: false, errors } : { ok: true, fields };
}
