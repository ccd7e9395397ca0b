// Which population a rate uses. The ONS series shipped in data/geography (by district and LSOA),
// when each was published, and the rule that picks one for a period when nobody has chosen: the
// estimate nearest the middle of the period among those published by its end — what an analyst
// could have used at the time. A partnership may store a series per assessment year and override
// its district's figure (the seed report uses 194,706 for Colchester, which matches neither series).
import { dateName } from './months.ts';

export const POPULATION_SERIES_IDS = ['mid2020', 'census2021'] as const;
export type PopulationSeries = (typeof POPULATION_SERIES_IDS)[number];
/** Older name, kept for the stored choice and the geography. */
export type PopulationSource = PopulationSeries;

export interface SeriesInfo {
  id: PopulationSeries;
  /** Short name for sentences: "the mid-2020 population estimates". */
  name: string;
  /** Shortest name: "the mid-2020 estimates", "Census 2021". */
  short: string;
  /** Long label: series and LSOA vintage. */
  label: string;
  /** The date the figures describe, 'YYYY-MM-DD'. */
  referenceDate: string;
  /** When ONS first published these figures for districts, 'YYYY-MM-DD'. */
  published: string;
  /** When the LSOA figures (used for wards) were published, if later. */
  lsoaPublished: string;
  /** The releases, for the page and the JSON. */
  release: string;
  /** Which LSOA codes the series counts. */
  lsoaVintage: 2011 | 2021;
}

// Publication dates are those of the ONS releases holding exactly the figures shipped (the
// files in ../shared/data/ons/population, see SOURCES.md §5):
export const POPULATION_SERIES: Record<PopulationSeries, SeriesInfo> = {
  mid2020: {
    id: 'mid2020',
    name: 'mid-2020 population estimates',
    short: 'the mid-2020 estimates',
    label: 'ONS mid-2020 population estimates (2011 LSOAs)',
    referenceDate: '2020-06-30',
    // ONS, "Population estimates for the UK, England and Wales, Scotland and Northern Ireland:
    // mid-2020", released 25 June 2021 (local authority figures). The LSOA figures, which sum to
    // them: ONS, "Lower layer Super Output Area population estimates (supporting information)",
    // mid-2020 edition, released 16 September 2021.
    published: '2021-06-25',
    lsoaPublished: '2021-09-16',
    release: 'ONS mid-year population estimates, mid-2020: districts released 25 June 2021; Lower layer Super Output Area estimates released 16 September 2021',
    lsoaVintage: 2011,
  },
  census2021: {
    id: 'census2021',
    name: 'Census 2021 usual residents',
    short: 'Census 2021',
    label: 'Census 2021 usual residents (2021 LSOAs)',
    referenceDate: '2021-03-21',
    // ONS, "Population and household estimates, England and Wales: Census 2021, unrounded data"
    // and topic summary TS001 "Number of usual residents in households and communal
    // establishments" (LSOAs), both released 2 November 2022. The first results of 28 June 2022
    // gave districts rounded to the nearest hundred, not these figures.
    published: '2022-11-02',
    lsoaPublished: '2022-11-02',
    release: 'ONS Census 2021: unrounded population estimates and topic summary TS001 (usual residents), released 2 November 2022',
    lsoaVintage: 2021,
  },
};

export const SOURCE_LABEL: Record<PopulationSeries, string> = Object.fromEntries(
  POPULATION_SERIES_IDS.map((id) => [id, POPULATION_SERIES[id].label]),
) as Record<PopulationSeries, string>;

export const isPopulationSeries = (v: unknown): v is PopulationSeries => typeof v === 'string' && (POPULATION_SERIES_IDS as readonly string[]).includes(v);

/** "mid-2020 population estimates (published 25 June 2021)". */
export const seriesWithDate = (s: SeriesInfo): string => `${s.name} (published ${dateName(s.published)})`;

export interface PopulationChoice {
  source: PopulationSeries;
  ladOverride?: number | null;
}

export function districtPopulation(choice: PopulationChoice, fromSource: number | undefined): { population: number | null; basis: string } {
  if (choice.ladOverride) return { population: choice.ladOverride, basis: `figure entered by the partnership (${choice.ladOverride.toLocaleString('en-GB')})` };
  return { population: fromSource ?? null, basis: SOURCE_LABEL[choice.source] };
}

const DAY = 86_400_000;
const utc = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

/** First and last day of a period of months ('YYYY-MM'), and its middle, as UTC milliseconds. */
export function periodDates(from: string, to: string): { start: number; end: number; middle: number } {
  const start = utc(`${from}-01`);
  const end = Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0); // day 0 of the next month
  return { start, end, middle: start + (end - start) / 2 };
}

export const DEFAULT_RULE = 'the estimate nearest the middle of the period that was published by its end';

/**
 * The default series for a period: of the series published (for districts) by the period's last
 * day, the one whose reference date is nearest its middle (a tie goes to the later one). When none
 * had been published, the first one published, saying so. The reason is a clause for the page.
 */
export function defaultSeries(from: string, to: string, series: SeriesInfo[] = POPULATION_SERIES_IDS.map((id) => POPULATION_SERIES[id])): { series: PopulationSeries; reason: string } {
  const { end, middle } = periodDates(from, to);
  const distance = (s: SeriesInfo) => Math.abs(utc(s.referenceDate) - middle);
  const nearest = (list: SeriesInfo[]) => [...list].sort((a, b) => distance(a) - distance(b) || b.referenceDate.localeCompare(a.referenceDate))[0]!;
  const published = series.filter((s) => utc(s.published) <= end);
  if (published.length === 0) {
    // Nothing held was out yet: use what came out first, the nearest to what the analyst had.
    const first = [...series].sort((a, b) => a.published.localeCompare(b.published))[0]!;
    return { series: first.id, reason: 'none of the population series held had been published by the end of the period, so the first to be published is used' };
  }
  const chosen = nearest(published);
  // Say why a nearer series was passed over: it came out after the period ended.
  const passed = series.filter((s) => !published.includes(s) && distance(s) < distance(chosen) - DAY);
  const why = passed.map((s) => `; ${s.short} is nearer the middle but was published on ${dateName(s.published)}, after the period ended`).join('');
  return { series: chosen.id, reason: `${DEFAULT_RULE}${why}` };
}
