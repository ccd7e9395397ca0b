import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thinGeometry, GRID, countPositions, type Ring, type Polygon } from './geometry.ts';

// A full-resolution boundary is thinned as it is read: points on a straight run go, corners and
// curves stay, and no point dropped lies further than a few metres from the line kept.

/** The ring with every edge cut into `steps` equal parts. */
function densify(ring: Ring, steps: number): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    for (let s = 0; s < steps; s++) out.push([x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps]);
  }
  out.push(ring[0]!);
  return out;
}

const distanceToSegment = ([px, py]: number[], [ax, ay]: number[], [bx, by]: number[]): number => {
  const dx = bx! - ax!;
  const dy = by! - ay!;
  const t = Math.max(0, Math.min(1, ((px! - ax!) * dx + (py! - ay!) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px! - (ax! + t * dx), py! - (ay! + t * dy));
};

test('a square cut into 400 points comes back as its four corners, whichever way the ring runs', () => {
  const square: Ring = [[0.9, 51.8], [0.91, 51.8], [0.91, 51.81], [0.9, 51.81], [0.9, 51.8]];
  const corners = (r: Ring) => new Set(r.map((p) => p.join()));
  const thin = thinGeometry({ type: 'Polygon', coordinates: [densify(square, 100)] });
  assert.deepEqual(corners((thin.coordinates as Polygon)[0]!), corners(square));
  assert.equal((thin.coordinates as Polygon)[0]!.length, 5);
  const reversed = thinGeometry({ type: 'Polygon', coordinates: [densify([...square].reverse(), 100)] });
  assert.deepEqual(corners((reversed.coordinates as Polygon)[0]!), corners(square));
});

test('two areas sharing a wavy edge thin it to the same points (away from its two ends, where the areas differ)', () => {
  const edge: Ring = [];
  for (let i = 0; i <= 400; i++) edge.push([0.9 + i * 0.00005, 51.8 + 0.0004 * Math.sin(i / 15)]);
  const a: Ring = [...edge, [0.92, 51.7], [0.9, 51.7], edge[0]!];
  const b: Ring = [...[...edge].reverse(), [0.9, 51.9], [0.92, 51.9], edge.at(-1)!];
  const pointsOf = (r: Ring) => new Set((thinGeometry({ type: 'Polygon', coordinates: [r] }).coordinates as Polygon)[0]!.map((p) => p.join()));
  const onEdge = (s: Set<string>) => [...s].filter((p) => { const [x, y] = p.split(',').map(Number); return Math.abs(y! - 51.8) < 0.001 && x! > 0.9005 && x! < 0.9195; }).sort();
  const shared = onEdge(pointsOf(a));
  assert.ok(shared.length >= 10 && shared.length < 300, `${shared.length} points kept on the edge`);
  assert.deepEqual(onEdge(pointsOf(b)), shared);
});

test('a circle keeps its curve: every point of the original lies within two grid steps (about 10 m) of the thinned ring', () => {
  const circle: Ring = [];
  for (let i = 0; i < 2000; i++) circle.push([0.9 + 0.01 * Math.cos((2 * Math.PI * i) / 2000), 51.8 + 0.01 * Math.sin((2 * Math.PI * i) / 2000)]);
  circle.push(circle[0]!);
  const thin = thinGeometry({ type: 'Polygon', coordinates: [circle] });
  const ring = (thin.coordinates as Polygon)[0]!;
  assert.ok(ring.length >= 8 && ring.length < 200, `${ring.length} points`);
  assert.deepEqual(ring[0], ring.at(-1), 'still closed');
  const snapError = (GRID / 2) * Math.SQRT2;
  for (const p of circle) {
    let best = Infinity;
    for (let i = 0; i < ring.length - 1; i++) best = Math.min(best, distanceToSegment(p, ring[i]!, ring[i + 1]!));
    assert.ok(best <= 2 * GRID + snapError, `a point lies ${best} from the thinned ring`);
  }
});

test('thinning keeps a tiny polygon that is the only one, and drops tiny islands beside a real one', () => {
  const big: Ring = [[0.9, 51.8], [0.91, 51.8], [0.91, 51.81], [0.9, 51.8]];
  const speck: Ring = [[1.0, 52.0], [1.0 + GRID / 10, 52.0], [1.0, 52.0 + GRID / 10], [1.0, 52.0]];
  const both = thinGeometry({ type: 'MultiPolygon', coordinates: [[big], [speck]] });
  assert.equal(both.type, 'Polygon');
  assert.equal(countPositions(both), 4);
  const alone = thinGeometry({ type: 'Polygon', coordinates: [speck] });
  assert.deepEqual(alone.coordinates, [speck]);
});
