// The assessment as the API sends it (the shape of types.ts), for the reply's serialiser and the
// OpenAPI document. Only fields described here leave; partner figures are optional, because only
// those who may see the assessment page get them (audience.ts).
import { z } from 'zod';
import type { AssessmentResult } from '../types.ts';

const num = z.number().nullable();
const month = z.string().describe('YYYY-MM');
const span = z.object({ from: month, to: month });
const months = z.array(month);

const Total = z.object({
  count: z.number().int(), previousCount: z.number().int(), comparedCount: z.number().int(), comparedPreviousCount: z.number().int(),
  change: num, changePct: num, forceChangePct: num, ratePer1000: num,
});

const CrimeType = Total.extend({ type: z.string().describe('police.uk crime type') }).meta({ id: 'AssessmentCrimeType' });

const PartnerFigure = z.object({
  dataset: z.string(), category: z.string(), count: z.number().int(), previousCount: z.number().int(),
  comparedCount: z.number().int(), comparedPreviousCount: z.number().int(), change: num, changePct: num,
  periods: z.array(z.string()).describe("Periods counted, 'YYYY-MM' or 'YYYY-Qn'"), previousPeriods: z.array(z.string()),
  comparedPeriods: z.array(z.string()), comparedPreviousPeriods: z.array(z.string()), comparedLabel: z.string().nullable(),
  missingCurrent: months, missingPrevious: months, note: z.string().nullable(),
}).meta({ id: 'AssessmentPartnerFigure' });

const base = z.string().describe("The population series of the rate, or 'override' for the partnership's own figure");
const Ward = z.object({ code: z.string(), name: z.string(), crimes: z.number().int(), asb: z.number().int(), population: num, ratePer1000: num, rank: num, populationBase: base });
const District = z.object({ code: z.string(), name: z.string(), crimes: z.number().int(), population: num, ratePer1000: num, rank: num, populationBase: base,
  rateMonths: z.number().int().describe('How many months the rate covers'), rateLabel: z.string().describe('The months the rate covers, in words'),
  notRanked: z.string().nullable().describe('Why the district has no rank: it lacks some of the months the others are ranked over'),
});

const RateBasis = z.object({
  months: z.number().int().describe('How many months the rates cover'), list: months, fullYear: z.boolean().describe('Exactly 12 months'),
  label: z.string().describe('The months, in words'), suffix: z.string().describe("Added after 'per 1,000 residents' when not a full year"),
}).describe('The months every rate of the area covers (crime types, totals, wards). Rates are not annualised.').meta({ id: 'AssessmentRateBasis' });

const day = z.string().describe('YYYY-MM-DD');
const PopulationBase = z.object({
  series: z.string().describe('The ONS series, e.g. mid2020 or census2021'), name: z.string(), label: z.string(),
  referenceDate: day, published: day.describe('When ONS published the district figures'), lsoaPublished: day, release: z.string(),
  chosenBy: z.enum(['request', 'partnership', 'default']), reason: z.string(), statement: z.string(),
  defaultSeries: z.string(), defaultReason: z.string(),
  override: z.object({ population: z.number().int(), note: z.string().nullable() }).nullable(),
}).describe('The population the rates use: the ONS series, when it was published, who chose it and why').meta({ id: 'AssessmentPopulationBase' });

export const Assessment = z.object({
  area: z.object({ codes: z.array(z.string()), name: z.string(), force: z.string() }),
  period: span, previous: span,
  completeness: z.object({
    complete: z.boolean(), missingCurrent: months, missingPrevious: months, comparedMonths: z.number().int(), note: z.string().nullable(),
    comparedCurrent: months, comparedPrevious: months,
  }),
  labels: z.object({ period: z.string(), previous: z.string(), comparedCurrent: z.string().nullable(), comparedPrevious: z.string().nullable(), assessmentYear: z.string() }),
  crimeTypes: z.array(CrimeType).describe('Anti-social behaviour is not included'),
  totalCrimes: z.number().int(), previousTotalCrimes: z.number().int(), totalChangePct: num, forceTotalChangePct: num,
  totalAsb: z.number().int(), previousTotalAsb: z.number().int(),
  totals: z.object({ crimes: Total, asb: Total }),
  ratePer1000: num, population: num,
  populationSource: z.string(), populationBasis: z.string().describe('In words: which population the rates use'), populationYearStart: month,
  populationBase: PopulationBase,
  rank: z.object({ rank: num, of: z.number().int().describe('Districts ranked over the same months'), over: z.string().describe('Those months, in words') }).nullable(),
  rateBasis: RateBasis,
  districtRanking: z.object({ months, label: z.string(), ranked: z.number().int(), unranked: z.number().int() })
    .describe('Districts are ranked only against districts holding the same months'),
  districts: z.array(District).describe('Every district of the force, ranked by crime rate (1 = highest) among those holding the same months'),
  wards: z.array(Ward),
  hotspots: z.array(z.object({ type: z.string(), wards: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })) })),
  monthly: z.array(z.object({ month, crimes: num, asb: num })),
  monthsHeld: span,
  partnerFigures: z.array(PartnerFigure).optional()
    .describe("The partnership's own partner data: only for members of the partnership, as on the assessment page"),
  caveat: z.string(),
  sources: z.array(z.object({ name: z.string(), sql: z.string(), params: z.string() })).describe('Which query made which figures'),
}).meta({ id: 'Assessment' });

// Every field of the result is described here: one added to AssessmentResult but not here fails to compile.
type Undescribed = Exclude<keyof AssessmentResult, keyof z.infer<typeof Assessment>>;
export const everyFieldDescribed: [Undescribed] extends [never] ? true : Undescribed = true;
