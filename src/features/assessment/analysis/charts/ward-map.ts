// The ward map for a partnership's district, from the committed boundaries (geography/boundaries.ts).
// Boundaries are read once per process. Only districts with committed ward boundaries get a map.
import { loadBoundaries, BOUNDARY_FILES, type FeatureCollection } from '../../geography/boundaries.ts';
import { choroplethSvg, type Collection } from './choropleth.ts';
import { loadOncePerKey } from '../../../../platform/load-once.ts';

const WARD_BOUNDARIES: Record<string, string> = { E07000071: BOUNDARY_FILES.colchesterWards };

const boundaries: (file: string) => Promise<FeatureCollection> = loadOncePerKey((file) => loadBoundaries(file));

export const hasWardMap = (lads: string[]): boolean => lads.length === 1 && lads[0]! in WARD_BOUNDARIES;

/** One ward in the map's key: the number drawn on its shape, its name and its rate. */
export interface WardKeyEntry { number: number; code: string; name: string; ratePer1000: number | null }

export interface WardMap { svg: string; key: WardKeyEntry[] }

/**
 * The ward choropleth of crime rates, each ward numbered in alphabetical order with the key that
 * names them; null when the district has no committed boundaries.
 */
export async function wardRateMap(lads: string[], areaName: string, wards: { code: string; ratePer1000: number | null }[]): Promise<WardMap | null> {
  if (!hasWardMap(lads)) return null;
  const fc = await boundaries(WARD_BOUNDARIES[lads[0]!]!);
  const rates = new Map(wards.map((w) => [w.code, w.ratePer1000]));
  const key = fc.features
    .map((f) => ({ code: f.properties.WD22CD!, name: f.properties.WD22NM! }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((w, i) => ({ number: i + 1, ...w, ratePer1000: rates.get(w.code) ?? null }));
  const svg = choroplethSvg(fc as Collection, {
    id: 'map-wards',
    title: `Crimes per 1,000 residents by ward, ${areaName}`,
    description: `${fc.features.length} wards, numbered in alphabetical order as in the key below the map, shaded in five classes from lightest (lowest rate) to darkest (highest rate). The figures are in the wards table.`,
    codeProperty: 'WD22CD', nameProperty: 'WD22NM',
    values: rates,
    valueLabel: 'crimes per 1,000 residents',
    labels: new Map(key.map((w) => [w.code, String(w.number)])),
  });
  return { svg, key };
}
