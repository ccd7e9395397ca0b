// The assessment of one area for one 12-month period against the 12 months before: the shape
// printed by `csp-hub assess --format json`, served at /api/v1/partnerships/{slug}/assessment,
// and read by the pages, the scoring workspace and the report.

// Counts and change: `count` and `previousCount` cover every month held in each period; `change`,
// `changePct` and `forceChangePct` compare like with like. When both periods are complete these
// are the same thing; when months are missing the change is worked out over the months present in
// both (`comparedCount` against `comparedPreviousCount`, listed in `completeness`), never over a
// full year against a part year.
export interface AssessmentCrimeType {
  type: string;
  count: number;
  previousCount: number;
  change: number | null;          // comparedCount − comparedPreviousCount; null when no month can be compared
  changePct: number | null;       // null when the compared previous count is 0 or nothing can be compared
  forceChangePct: number | null;
  ratePer1000: number | null;     // count / population × 1000
  comparedCount: number;
  comparedPreviousCount: number;
}

export interface AssessmentTotal {
  count: number; previousCount: number; comparedCount: number; comparedPreviousCount: number;
  change: number | null; changePct: number | null; forceChangePct: number | null; ratePer1000: number | null;
}

/**
 * One category of an imported partner dataset (council ASB, fire and rescue, …) over the partnership's
 * area. Counts cover the periods held; a quarter counts only when all three of its months are in the
 * period. The change compares only the months held in both periods (analysis/partner-figures.ts).
 */
export interface AssessmentPartnerFigure {
  dataset: string;
  category: string;
  count: number;
  previousCount: number;
  comparedCount: number;
  comparedPreviousCount: number;
  change: number | null;          // null when no month is held in both periods
  changePct: number | null;       // null also when the compared previous count is 0
  /** Periods counted, 'YYYY-MM' or 'YYYY-Qn', in the period and the one before. */
  periods: string[];
  previousPeriods: string[];
  /** Those compared like for like. */
  comparedPeriods: string[];
  comparedPreviousPeriods: string[];
  /** The months compared, in words (current period), e.g. 'October 2021 to September 2022'. */
  comparedLabel: string | null;
  /** Months of each period that no counted figure covers. */
  missingCurrent: string[];
  missingPrevious: string[];
  note: string | null;
}

/**
 * The population base of an assessment: one ONS series for every district and ward, chosen by the
 * request (`--population`, `?population=`), by the partnership for the assessment year, or by the
 * default rule (the estimate nearest the middle of the period that was published by its end).
 */
export interface AssessmentPopulationBase {
  series: string;                             // 'mid2020' | 'census2021'
  name: string;
  label: string;
  /** The date the figures describe, and when ONS published them (districts; LSOAs), 'YYYY-MM-DD'. */
  referenceDate: string;
  published: string;
  lsoaPublished: string;
  release: string;
  chosenBy: 'request' | 'partnership' | 'default';
  /** Why this series, in words (the default rule, the partnership's choice, or the request). */
  reason: string;
  /** The sentence the page shows: "Rates use the … (published …): …". */
  statement: string;
  /** The series the default rule gives for this period, and why. */
  defaultSeries: string;
  defaultReason: string;
  /** The partnership's own figure for its area, where it replaces the series' figure (its district's row too, for one district). */
  override: { population: number; note: string | null } | null;
}

export interface AssessmentResult {
  area: { codes: string[]; name: string; force: string };
  period: { from: string; to: string };      // YYYY-MM
  previous: { from: string; to: string };
  completeness: {
    complete: boolean; missingCurrent: string[]; missingPrevious: string[];
    comparedMonths: number; note: string | null;
    /** The months compared, current period and their matches a year before, in the same order. */
    comparedCurrent: string[]; comparedPrevious: string[];
  };
  labels: { period: string; previous: string; comparedCurrent: string | null; comparedPrevious: string | null; assessmentYear: string };
  crimeTypes: AssessmentCrimeType[];          // Anti-social behaviour not included
  totalCrimes: number;
  previousTotalCrimes: number;
  totalChangePct: number | null;
  forceTotalChangePct: number | null;
  totalAsb: number;
  previousTotalAsb: number;
  /** The same totals with their like-for-like change (crimes exclude anti-social behaviour). */
  totals: { crimes: AssessmentTotal; asb: AssessmentTotal };
  ratePer1000: number | null;
  population: number | null;
  populationSource: string;                   // 'mid2020' | 'census2021' | 'override'
  /** In words: which population the rates use. */
  populationBasis: string;
  /** First month of the assessment year whose population choice applies. */
  populationYearStart: string;
  /** The population base of every rate: the ONS series, when it was published, and why it was used. */
  populationBase: AssessmentPopulationBase;
  /**
   * The area's rank among the force's districts by crime rate (single-district partnerships), among
   * the `of` districts holding the same months (`over`, in words).
   */
  rank: { rank: number | null; of: number; over: string } | null;
  /**
   * The months every rate of the area covers (`ratePer1000`, crime types, totals, wards): the months
   * held in the period. Rates are not annualised; `fullYear` is false when they cover other than 12 months.
   */
  rateBasis: { months: number; list: string[]; fullYear: boolean; label: string; suffix: string };
  /** Districts are ranked only against districts holding these same months. */
  districtRanking: { months: string[]; label: string; ranked: number; unranked: number };
  /** Every district of the force, ranked by crime rate (1 = highest), over the months held in the period. */
  districts: { code: string; name: string; crimes: number; population: number | null; ratePer1000: number | null; rank: number | null;
    /** The series id of `populationBase`, or 'override' where the partnership's own figure is used. */
    populationBase: string;
    /** The months this district's rate covers (fewer than the ranking's when it lacks some), in number and words. */
    rateMonths: number; rateLabel: string;
    /** Why it is not ranked (months missing), or null. */
    notRanked: string | null }[];
  wards: { code: string; name: string; crimes: number; asb: number; population: number | null; ratePer1000: number | null; rank: number | null;
    /** The series id (LSOA figures summed to wards). */
    populationBase: string }[];
  /** Top five wards by count: 'All crime' first, then each crime type, then anti-social behaviour. */
  hotspots: { type: string; wards: { code: string; name: string; count: number }[] }[];
  /** The previous period then the current one, month by month; null where a month has no data. */
  monthly: { month: string; crimes: number | null; asb: number | null }[];
  monthsHeld: { from: string; to: string };
  /** Imported partner figures for the area, per dataset and category (empty when none are held). */
  partnerFigures: AssessmentPartnerFigure[];
  /** The police.uk location-anonymisation caveat, for wherever wards or points are shown. */
  caveat: string;
  /** Which query made which figures. */
  sources: { name: string; sql: string; params: string }[];
}
