// Read the committed (gzipped) GeoJSON boundaries for maps.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { GEOGRAPHY_DIR } from './paths.ts';

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, string>; geometry: { type: string; coordinates: unknown } }[];
}

export const BOUNDARY_FILES = {
  /** Colchester wards, December 2022 (WD22CD, WD22NM, LAD22CD, LAD22NM). */
  colchesterWards: 'wards-2022-E07000071-colchester.geojson.gz',
  /** The 14 districts of Essex Police's area (LADCD, LADNM). */
  essexDistricts: 'lads-essex-pfa.geojson.gz',
} as const;

export async function loadBoundaries(file: string, dir = GEOGRAPHY_DIR): Promise<FeatureCollection> {
  return JSON.parse(gunzipSync(await readFile(join(dir, file))).toString('utf8')) as FeatureCollection;
}
