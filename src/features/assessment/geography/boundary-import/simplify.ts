// Topology-preserving simplification (topojson-server, -simplify, -client): neighbouring areas keep
// one shared edge, so simplifying leaves no gaps or overlaps between wards.
import { topology } from 'topojson-server';
import { presimplify, simplify } from 'topojson-simplify';
import { feature } from 'topojson-client';
import type { Topology, GeometryObject } from 'topojson-specification';
import type { Feature as GeoFeature, FeatureCollection as GeoCollection, Polygon as GeoPolygon, MultiPolygon as GeoMultiPolygon } from 'geojson';
import type { Geometry } from './geometry.ts';

/**
 * Smallest triangle (in square degrees, planar) a point must make with its neighbours to be kept:
 * about 900 m² in England, under a pixel on a page map of a district.
 */
export const MIN_WEIGHT = 1.2e-7;

export interface Shape { code: string; geometry: Geometry }

const round = (c: unknown): unknown => (Array.isArray(c) ? c.map(round) : typeof c === 'number' ? Math.round(c * 1e5) / 1e5 : c);

/** The shapes simplified together, each returned as GeoJSON geometry text keyed by code. */
export function simplifyShapes(shapes: Shape[], minWeight = MIN_WEIGHT): Map<string, string> {
  const collection: GeoCollection<GeoPolygon | GeoMultiPolygon, { code: string }> = {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({ type: 'Feature', properties: { code: s.code }, geometry: s.geometry as GeoPolygon | GeoMultiPolygon })),
  };
  const topo = topology({ areas: collection }) as Topology;
  const simplified = simplify(presimplify(topo as unknown as Parameters<typeof presimplify>[0]), minWeight) as unknown as Topology;
  const out = feature(simplified, simplified.objects['areas'] as GeometryObject) as unknown as GeoCollection;
  const result = new Map<string, string>();
  for (const f of out.features as GeoFeature[]) {
    const code = (f.properties as { code: string }).code;
    const g = f.geometry as GeoPolygon | GeoMultiPolygon;
    result.set(code, JSON.stringify({ type: g.type, coordinates: round(g.coordinates) }));
  }
  return result;
}
