// Which population a rate uses: the partnership picks an ONS source per assessment year and may
// override the district figure (the seed report uses 194,706 for Colchester, which matches
// neither ONS file). Ward rates always use the chosen source; only the district can be overridden.
export type PopulationSource = 'mid2020' | 'census2021';

export interface PopulationChoice {
  source: PopulationSource;
  ladOverride?: number | null;
}

export const SOURCE_LABEL: Record<PopulationSource, string> = {
  mid2020: 'ONS mid-2020 population estimates (2011 LSOAs)',
  census2021: 'Census 2021 usual residents (2021 LSOAs)',
};

export function districtPopulation(choice: PopulationChoice, fromSource: number | undefined): { population: number | null; basis: string } {
  if (choice.ladOverride) return { population: choice.ladOverride, basis: `figure entered by the partnership (${choice.ladOverride.toLocaleString('en-GB')})` };
  return { population: fromSource ?? null, basis: SOURCE_LABEL[choice.source] };
}
