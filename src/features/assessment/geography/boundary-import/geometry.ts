// Checks a boundary's geometry as it is read, and thins it on a fine grid so that a full-resolution
// file is held in memory at about the size of a generalised one. Snapping every vertex to the same
// grid keeps shared edges identical, so the topology built afterwards still sees them as shared.

export type Position = [number, number];
export type Ring = Position[];
export type Polygon = Ring[];
export interface Geometry { type: 'Polygon' | 'MultiPolygon'; coordinates: Polygon | Polygon[] }

/** Great Britain and its islands in WGS84 longitude/latitude (with a margin). */
const UK = { west: -9, east: 2.5, south: 49.5, north: 61.5 };

/** About 5 m on the ground: far below what a page map can show. */
export const GRID = 5e-5;

export class GeometryProblem extends Error {}

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

function checkRing(ring: unknown): void {
  if (!Array.isArray(ring) || ring.length < 4) throw new GeometryProblem('a polygon ring has fewer than four points');
  for (const p of ring) {
    if (!isPosition(p)) throw new GeometryProblem('a coordinate is not a pair of numbers');
    const [x, y] = p;
    if (x >= UK.west && x <= UK.east && y >= UK.south && y <= UK.north) continue;
    if (x >= 0 && x <= 700_000 && y >= 0 && y <= 1_300_000) {
      throw new GeometryProblem('the coordinates are British National Grid metres (EPSG:27700), not longitude and latitude: download the GeoJSON version of the file, which is in WGS84');
    }
    throw new GeometryProblem(`a coordinate (${x}, ${y}) is outside the United Kingdom in longitude and latitude (WGS84)`);
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new GeometryProblem('a polygon ring is not closed (its last point is not its first)');
}

/** Throws a GeometryProblem saying what is wrong, or returns the geometry as a Polygon/MultiPolygon. */
export function checkGeometry(g: unknown): Geometry {
  if (!g || typeof g !== 'object') throw new GeometryProblem('it has no geometry');
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') throw new GeometryProblem(`its geometry is ${typeof type === 'string' ? `a ${type}` : 'missing'}, not a Polygon or MultiPolygon`);
  if (!Array.isArray(coordinates) || coordinates.length === 0) throw new GeometryProblem('its geometry has no coordinates');
  const polygons = type === 'Polygon' ? [coordinates] : coordinates;
  for (const poly of polygons) {
    if (!Array.isArray(poly) || poly.length === 0) throw new GeometryProblem('a polygon has no rings');
    for (const ring of poly) checkRing(ring);
  }
  return { type, coordinates: coordinates as Polygon | Polygon[] };
}

const snap = (v: number): number => Math.round(v / GRID) * GRID;

/** Distance of p from the straight line through a and b (planar, in degrees). */
function offLine(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / len;
}

/** A point dropped as on the line between its neighbours lies within one grid step of it. */
const ON_LINE = GRID;
/** Most passes of thinning (each drops at most every other point of a straight run; it stops when none goes). */
const PASSES = 32;

/** A number for a point on the grid that does not depend on which ring it is read in. */
const pointHash = ([x, y]: Position): number => {
  const h = Math.imul(Math.round(x / GRID), 73856093) ^ Math.imul(Math.round(y / GRID), 19349663);
  return Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
};

/**
 * The ring on the grid without repeated points, nor points within a grid step of the line between
 * their neighbours, so a full-resolution boundary is held at about the size of a generalised one.
 * Which points go depends only on each point and its neighbours, never on where a ring starts or
 * which way it runs: two areas sharing an edge thin it alike, and the topology built afterwards
 * still finds the edge shared. A point goes when it is on the line and its hash is lower than that of
 * each neighbour also on the line (so no two neighbours go in one pass), pass after pass until none
 * goes. Null when the ring collapses.
 */
function thinRing(ring: Ring): Ring | null {
  let points: Ring = [];
  for (const [x, y] of ring) {
    const p: Position = [Number(snap(x).toFixed(6)), Number(snap(y).toFixed(6))];
    const prev = points[points.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) points.push(p);
  }
  // Work on the ring as a cycle: no closing point, so its start is not special.
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (points.length < 3) return null;
  for (let pass = 0; pass < PASSES && points.length > 3; pass++) {
    const n = points.length;
    const onLine = points.map((p, i) => offLine(p, points[(i + n - 1) % n]!, points[(i + 1) % n]!) <= ON_LINE);
    const hashes = points.map(pointHash);
    // Of neighbours both on the line, only the one with the lower hash goes this pass.
    const goes = (i: number) => onLine[i] && [(i + n - 1) % n, (i + 1) % n].every((j) => !onLine[j] || hashes[i]! < hashes[j]!);
    const kept = points.filter((_, i) => !goes(i));
    if (kept.length === n || kept.length < 3) break;
    points = kept;
  }
  return [...points, points[0]!];
}

function thinPolygon(poly: Polygon): Polygon | null {
  const outer = thinRing(poly[0]!);
  if (!outer) return null;
  return [outer, ...poly.slice(1).map(thinRing).filter((r): r is Ring => r !== null)];
}

/** Snapped, de-duplicated and straight runs thinned; a polygon smaller than the grid is dropped, unless it is the only one. */
export function thinGeometry(g: Geometry): Geometry {
  const polygons = g.type === 'Polygon' ? [g.coordinates as Polygon] : (g.coordinates as Polygon[]);
  const kept = polygons.map(thinPolygon).filter((p): p is Polygon => p !== null);
  if (kept.length === 0) return g;
  return kept.length === 1 ? { type: 'Polygon', coordinates: kept[0]! } : { type: 'MultiPolygon', coordinates: kept };
}

export function countPositions(g: Geometry): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates as Polygon] : (g.coordinates as Polygon[]);
  return polygons.reduce((s, p) => s + p.reduce((t, r) => t + r.length, 0), 0);
}
