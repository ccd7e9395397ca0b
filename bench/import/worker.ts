// One bench measurement in a fresh process, so that peak RSS belongs to that measurement only.
// Usage: node --import tsx bench/import/worker.ts import|bare FILE_OR_DIR...
//   import: the importer's parse + validate + aggregate as an import runs it; bare: read and split
//   lines only.
import { peakRssMb } from './peak-rss.ts';
import { timeImport, timeBareParse } from './parse-bench.ts';

const [mode, ...paths] = process.argv.slice(2);
const result = mode === 'bare' ? await timeBareParse(paths) : await timeImport(paths);
process.stdout.write(JSON.stringify({ ...result, peakRssMb: peakRssMb() }) + '\n');
