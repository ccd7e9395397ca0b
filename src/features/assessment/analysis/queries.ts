// SQL for the assessment: only aggregates are read (month × district × crime type for the force,
// LSOA × crime type summed over a period for the partnership's own area). The crime tables hold
// one copy per force for the whole instance: a partnership reads its area by its districts' LSOAs. Each query is a named
// constant so that the page can show exactly which query made which figure.
import type { Queryable } from '../../../platform/db/types.ts';
import type { PartnerFigureRow } from './partner-figures.ts';
import type { PopulationSeries } from './population.ts';

export const SQL = {
  /** Months holding crime data for the partnership's districts. */
  months: `SELECT DISTINCT month FROM crime_district_month
            WHERE force = $1 AND lad_code = ANY($2::text[]) ORDER BY month`,
  /** Every district of the force, by month and crime type, for the period and the one before. */
  forceByDistrict: `SELECT month, lad_code AS "lad", crime_type AS "crimeType", sum(count)::int AS count
                      FROM crime_district_month
                     WHERE force = $1 AND month = ANY($2::text[])
                     GROUP BY month, lad_code, crime_type`,
  /** The partnership's LSOAs (either code vintage) in its force's data, summed over the months of the period. */
  lsoaTotals: `SELECT lsoa_code AS "lsoa", crime_type AS "crimeType", sum(count)::int AS count
                 FROM crime_lsoa_month
                WHERE force = $1 AND month = ANY($2::text[]) AND lsoa_code = ANY($3::text[])
                GROUP BY lsoa_code, crime_type`,
  /** Some LSOAs (a ward's) in the force's data, by month and crime type. */
  areaMonthTypes: `SELECT month, crime_type AS "crimeType", sum(count)::int AS count
                     FROM crime_lsoa_month
                    WHERE force = $1 AND month = ANY($2::text[]) AND lsoa_code = ANY($3::text[])
                    GROUP BY month, crime_type`,
  /** Imported partner figures for the partnership's area codes (districts, wards, LSOAs) and periods. */
  partnerFigures: `SELECT dataset, area_code AS "areaCode", period, category, count
                     FROM partner_figure
                    WHERE partnership_id = $1 AND area_code = ANY($2::text[]) AND period = ANY($3::text[])`,
  /**
   * Places (police.uk Location text) in the partnership's LSOAs whose name, without "On or near ",
   * starts with the typed text ($3) or has a word starting with it ($4); starts first, then the busiest.
   */
  places: `SELECT location, lsoa_code AS "lsoaCode", sum(crimes)::int AS crimes, sum(asb)::int AS asb, max(month) AS "lastMonth"
             FROM crime_places
            WHERE force = $1 AND lsoa_code = ANY($2::text[]) AND (place LIKE $3 OR place LIKE $4)
            GROUP BY location, lsoa_code
            ORDER BY bool_or(place LIKE $3) DESC, sum(crimes + asb) DESC, location, lsoa_code
            LIMIT $5`,
  populationChoices: `SELECT year_start AS "yearStart", source, lad_override AS "ladOverride", note
                        FROM population_choice WHERE partnership_id = $1 ORDER BY year_start DESC`,
} as const;

export interface DistrictMonthRow { month: string; lad: string; crimeType: string; count: number }
export interface LsoaTotalRow { lsoa: string; crimeType: string; count: number }
export interface PlaceRow { location: string; lsoaCode: string; crimes: number; asb: number; lastMonth: string }
export interface PopulationChoiceRow { yearStart: string; source: PopulationSeries; ladOverride: number | null; note: string | null }

export async function monthsWithData(q: Queryable, force: string, lads: string[]): Promise<string[]> {
  const rows = await q.query<{ month: string }>(SQL.months, [force, lads]);
  return rows.map((r) => r.month);
}

export function forceByDistrict(q: Queryable, force: string, months: string[]): Promise<DistrictMonthRow[]> {
  return q.query<DistrictMonthRow>(SQL.forceByDistrict, [force, months]);
}

export function lsoaTotals(q: Queryable, force: string, months: string[], lsoas: string[]): Promise<LsoaTotalRow[]> {
  return q.query<LsoaTotalRow>(SQL.lsoaTotals, [force, months, lsoas]);
}

/** `starts` and `wordStarts` are LIKE patterns (already escaped). */
export function places(q: Queryable, force: string, lsoas: string[], starts: string, wordStarts: string, limit: number): Promise<PlaceRow[]> {
  return q.query<PlaceRow>(SQL.places, [force, lsoas, starts, wordStarts, limit]);
}

export function areaMonthTypes(q: Queryable, force: string, months: string[], lsoas: string[]): Promise<{ month: string; crimeType: string; count: number }[]> {
  return q.query(SQL.areaMonthTypes, [force, months, lsoas]);
}

export function partnerFigures(q: Queryable, partnershipId: number, areaCodes: string[], periods: string[]): Promise<PartnerFigureRow[]> {
  return q.query<PartnerFigureRow>(SQL.partnerFigures, [partnershipId, areaCodes, periods]);
}

export function populationChoices(q: Queryable, partnershipId: number): Promise<PopulationChoiceRow[]> {
  return q.query<PopulationChoiceRow>(SQL.populationChoices, [partnershipId]);
}

export async function upsertPopulationChoice(q: Queryable, partnershipId: number, c: Omit<PopulationChoiceRow, never>): Promise<void> {
  await q.query(
    `INSERT INTO population_choice (partnership_id, year_start, source, lad_override, note) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (partnership_id, year_start) DO UPDATE SET source = EXCLUDED.source, lad_override = EXCLUDED.lad_override, note = EXCLUDED.note`,
    [partnershipId, c.yearStart, c.source, c.ladOverride, c.note],
  );
}
