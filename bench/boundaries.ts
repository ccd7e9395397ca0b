// Boundary import in bounded memory: builds a ~100 MB full-resolution-like GeoJSON by densifying the
// real Essex 2021 LSOA file (generalised, 3.3 MB): every ring edge is cut into equal steps by linear
// interpolation, so the shapes stay the same and only the point count grows. Then, each in a fresh
// process: the import's read, check and simplify step (stream-json + topojson) on the original file
// (the baseline) and on the densified one, and a plain JSON.parse of the densified file for
// comparison, then both again under a heap limit far below the file's size. Reports time, peak RSS
// and the sizes before and after simplification.
// Needs ../shared/data; says so and skips otherwise. Run: node --import tsx bench/boundaries.ts
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, '../../shared/data/boundaries/lsoa-2021/E10000012.geojson');
const TARGET_BYTES = 100 * 1024 * 1024;
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;

type Ring = [number, number][];

function densify(ring: Ring, steps: number): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    for (let s = 0; s < steps; s++) out.push([+(x0 + ((x1 - x0) * s) / steps).toFixed(7), +(y0 + ((y1 - y0) * s) / steps).toFixed(7)]);
  }
  out.push([...out[0]!] as [number, number]); // closed on the rounded first point, as a valid ring must be
  return out;
}

/** Writes the densified file feature by feature; returns its size. */
function buildLarge(path: string): { bytes: number; steps: number } {
  const fc = JSON.parse(readFileSync(SOURCE, 'utf8')) as { features: { properties: unknown; geometry: { type: string; coordinates: unknown } }[] };
  // Interpolated points are written shorter than the source's, so about twice the size ratio in steps.
  const steps = Math.max(2, Math.round((2 * TARGET_BYTES) / statSync(SOURCE).size));
  const fd = openSync(path, 'w');
  writeSync(fd, '{"type":"FeatureCollection","features":[\n');
  fc.features.forEach((f, i) => {
    const g = f.geometry;
    const coords = g.type === 'Polygon' ? (g.coordinates as Ring[]).map((r) => densify(r, steps)) : (g.coordinates as Ring[][]).map((p) => p.map((r) => densify(r, steps)));
    writeSync(fd, `${i ? ',\n' : ''}${JSON.stringify({ type: 'Feature', properties: f.properties, geometry: { type: g.type, coordinates: coords } })}`);
  });
  writeSync(fd, '\n]}\n');
  closeSync(fd);
  return { bytes: statSync(path).size, steps };
}

interface Run { seconds: number; peakRssMb: number; featuresRead?: number; kept?: number; bytesRead?: number; bytesStored?: number; error?: string }

/** A heap limit far below the large file's size: a read that holds the file whole cannot finish under it. */
const HEAP_CAP_MB = 160;

function child(mode: 'prepare' | 'parse', file: string, heapCapMb?: number): Run {
  const cap = heapCapMb ? [`--max-old-space-size=${heapCapMb}`] : [];
  const r = spawnSync(process.execPath, [...cap, '--import', 'tsx', join(here, 'boundaries-worker.ts'), mode, file], { encoding: 'utf8', cwd: join(here, '..'), maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Run;
  } catch {
    const oom = /heap out of memory|Allocation failed/.test(r.stderr);
    return { seconds: NaN, peakRssMb: NaN, error: oom ? 'out of memory' : (r.stderr || line).split('\n').slice(0, 3).join(' ') };
  }
}

export async function runBoundariesBench(): Promise<void> {
  console.log('\n== Boundary import (read, check, keep the force area, simplify) ==');
  if (!existsSync(SOURCE)) {
    console.log(`skipped: ${SOURCE} is absent (the shared data folder is needed)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'csp-hub-bench-boundaries-'));
  try {
    const large = join(dir, 'lsoa21-essex-densified.geojson');
    const { bytes, steps } = buildLarge(large);
    console.log(`Built ${mb(bytes)} by densifying ${SOURCE.split('/').slice(-2).join('/')} (${mb(statSync(SOURCE).size)}): each ring edge cut into ${steps} steps by linear interpolation.`);
    const base = child('prepare', SOURCE);
    const big = child('prepare', large);
    const parse = child('parse', large);
    const bigCapped = child('prepare', large, HEAP_CAP_MB);
    const parseCapped = child('parse', large, HEAP_CAP_MB);
    const row = (name: string, r: Run, ratioTo?: Run): string => r.error ? `${name}: failed: ${r.error}` :
      `${name.padEnd(34)} ${r.seconds.toFixed(1).padStart(6)} s${ratioTo ? ` (${(r.seconds / ratioTo.seconds).toFixed(1)}× the baseline)` : ' (baseline)'}, peak RSS ${r.peakRssMb.toFixed(0)} MB${r.bytesRead ? `; ${mb(r.bytesRead)} → ${mb(r.bytesStored!)} stored, ${r.kept} of ${r.featuresRead} areas kept` : ''}`;
    console.log(row('import step, original 3.3 MB file', base));
    console.log(row(`import step, densified ${mb(bytes)}`, big, base));
    console.log(row('JSON.parse of the densified file', parse, base) + ' (for comparison: what reading it whole would hold)');
    // Without a limit V8 lets garbage pile up before collecting, so the uncapped peak overstates what is held.
    console.log(row(`import step, densified, heap ≤ ${HEAP_CAP_MB} MB`, bigCapped, base));
    console.log(parseCapped.error ? `JSON.parse, heap ≤ ${HEAP_CAP_MB} MB: fails (${parseCapped.error})` : row(`JSON.parse, heap ≤ ${HEAP_CAP_MB} MB`, parseCapped, base));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runBoundariesBench();
