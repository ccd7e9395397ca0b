// `csp-hub import boundaries FILE… [--partnership SLUG] [--vintage WD22]`: the same import as the
// boundaries page, with a progress line on the terminal, then what was stored.
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import type { Services } from '../../../services.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import { formatSize } from '../../../platform/sizes.ts';
import { describeVintage, parseVintage } from './boundary-import/layers.ts';

export const BOUNDARIES_USAGE = `  import boundaries FILE… [--partnership SLUG] [--vintage WD22|WD25|LSOA11|LSOA21|LAD22]
                             import ONS ward, LSOA or district boundaries (GeoJSON, .geojson or .geojson.gz);
                             keeps the areas in the partnership's police force area`;

export class BoundariesUsageError extends Error {}

export async function runBoundariesCommand(services: Services, args: string[], choosePartnership: (slug?: string) => Promise<Partnership>): Promise<string> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { partnership: { type: 'string' }, vintage: { type: 'string' } } });
  if (positionals.length === 0) throw new BoundariesUsageError(`Name the boundary files to import\nUsage:\n${BOUNDARIES_USAGE}`);
  const claimed = values.vintage ? parseVintage(values.vintage) : undefined;
  if (claimed === null) throw new BoundariesUsageError(`--vintage must be a code column's prefix such as WD22, WD25, LSOA11, LSOA21 or LAD22, not '${values.vintage}'`);
  const partnership = await choosePartnership(values.partnership);
  const result = await services.boundaries.importFiles(
    partnership, positionals.map((path) => ({ path, label: basename(path) })), { importedBy: 'command line', userId: null },
    { claimed, onProgress: (p) => process.stderr.write(`\r${p.file}: ${p.features.toLocaleString('en-GB')} areas read`) },
  );
  process.stderr.write('\n');
  return result.files.map((f) =>
    `${f.label}: ${describeVintage(f)}, resolution ${f.resolution}; ${f.areas.length.toLocaleString('en-GB')} of ${f.featuresRead.toLocaleString('en-GB')} areas kept for ${partnership.name}'s police force area; ${formatSize(f.bytesRead)} read, ${formatSize(f.bytesStored)} stored (import ${f.id}).`,
  ).join('\n') + '\n';
}
