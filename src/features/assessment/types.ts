// The assessment of one area for one 12-month period against the 12 months before: the shape
// printed by `csp-hub assess --format json`, served at /api/v1/partnerships/{slug}/assessment,
// and read by the pages, the scoring workspace and the report.

export interface AssessmentCrimeType {
  type: string;
  count: number;
  previousCount: number;
  change: number;
  changePct: number | null;       // null when previousCount is 0
  forceChangePct: number | null;
  ratePer1000: number | null;
}

export interface AssessmentResult {
  area: { codes: string[]; name: string; force: string };
  period: { from: string; to: string };      // YYYY-MM
  previous: { from: string; to: string };
  completeness: {
    complete: boolean; missingCurrent: string[]; missingPrevious: string[];
    comparedMonths: number; note: string | null;
  };
  crimeTypes: AssessmentCrimeType[];          // Anti-social behaviour not included
  totalCrimes: number;
  previousTotalCrimes: number;
  totalChangePct: number | null;
  forceTotalChangePct: number | null;
  totalAsb: number;
  previousTotalAsb: number;
  ratePer1000: number | null;
  population: number | null;
  populationSource: string;                   // 'mid2020' | 'census2021' | 'override'
  districts: { code: string; name: string; crimes: number; population: number | null; ratePer1000: number | null; rank: number | null }[];
  wards: { code: string; name: string; crimes: number; ratePer1000: number | null }[];
  hotspots: { type: string; wards: { code: string; name: string; count: number }[] }[];
  monthly: { month: string; crimes: number | null; asb: number | null }[];
}
