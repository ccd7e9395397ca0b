// One measured run for bench/boundaries.ts, in its own process so that its peak RSS is its own:
// `prepare FILE` runs the import's read/check/simplify step for Essex Police's area;
// `parse FILE` reads the file whole with JSON.parse, for comparison. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadGeography } from '../src/features/assessment/geography/lookup.ts';
import { prepareBoundaryFile } from '../src/features/assessment/geography/boundary-import/prepare.ts';

const [mode, file] = process.argv.slice(2) as ['prepare' | 'parse', string];
const peak = (): number => process.resourceUsage().maxRSS / 1024;
if (mode === 'parse') {
  const t = performance.now();
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: unknown[] };
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, peakRssMb: peak(), featuresRead: fc.features.length }));
} else {
  const g = await loadGeography();
  const t = performance.now();
  const r = await prepareBoundaryFile(file, { label: basename(file), keepDistricts: new Set(g.ladsOfForce('essex')), areaName: 'Essex Police’s area', geography: g });
  console.log(JSON.stringify({ seconds: (performance.now() - t) / 1000, peakRssMb: peak(), featuresRead: r.featuresRead, kept: r.areas.length, bytesRead: r.bytesRead, bytesStored: r.bytesStored }));
}
