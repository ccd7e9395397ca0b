// The ward map for a partnership's districts, from the boundaries service (imported ONS boundaries,
// or the demo's committed ones). Without boundaries for the districts there is no map.
import { committedWards, type AreaCollection } from '../../geography/boundaries-service.ts';
import { choroplethSvg, type Collection } from './choropleth.ts';

/** Ward shapes for some districts, or null when none are loaded. */
export type WardSource = (lads: string[]) => Promise<AreaCollection | null>;

/** One ward in the map's key: the number drawn on its shape, its name and its rate. */
export interface WardKeyEntry { number: number; code: string; name: string; ratePer1000: number | null }

export interface WardMap { svg: string; key: WardKeyEntry[]; source: string }

/**
 * The ward choropleth of crime rates, each ward numbered in alphabetical order with the key that
 * names them; null when no ward boundaries are loaded for the districts.
 */
export async function wardRateMap(lads: string[], areaName: string, wards: { code: string; ratePer1000: number | null }[], source: WardSource = committedWards): Promise<WardMap | null> {
  const fc = await source(lads);
  if (!fc || fc.features.length === 0) return null;
  const rates = new Map(wards.map((w) => [w.code, w.ratePer1000]));
  const key = fc.features
    .map((f) => ({ code: f.properties.code, name: f.properties.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((w, i) => ({ number: i + 1, ...w, ratePer1000: rates.get(w.code) ?? null }));
  const svg = choroplethSvg(fc as unknown as Collection, {
    id: 'map-wards',
    title: `Crimes per 1,000 residents by ward, ${areaName}`,
    description: `${fc.features.length} wards, numbered in alphabetical order as in the key below the map, shaded in five classes from lightest (lowest rate) to darkest (highest rate). The figures are in the wards table.`,
    codeProperty: 'code', nameProperty: 'name',
    values: rates,
    valueLabel: 'crimes per 1,000 residents',
    labels: new Map(key.map((w) => [w.code, String(w.number)])),
  });
  return { svg, key, source: fc.source };
}
