// The import benchmark: the importer against a bare parse and against pandas, over the national
// month (41 forces) and the 21 Essex months. Run: node --import tsx bench/import/index.ts
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '../../../shared/data/police-uk');
const DATASETS: [string, string][] = [
  ['national 2022-09 (41 forces)', join(DATA, 'national/2022-09')],
  ['Essex 21 months', join(DATA, 'essex/street')],
];
const RUNS = 3;

interface Measure {
  rows: number;
  seconds: number;
  peakRssMb: number;
  error?: string;
}

/** Fastest of RUNS runs; peak RSS is the highest seen. */
function best(run: () => Measure): Measure {
  const runs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = run();
    if (m.error) return m;
    runs.push(m);
  }
  const fastest = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
}

function node(mode: 'import' | 'bare', dir: string): Measure {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'worker.ts'), mode, dir], { encoding: 'utf8', cwd: join(here, '../..') });
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

/** The first Python with pandas: $PYTHON, python3 on the PATH, or Debian's /usr/bin/python3. */
function findPython(): string | null {
  const candidates = [process.env['PYTHON'], 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  return candidates.find((py) => spawnSync(py, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0) ?? null;
}

function pandas(dir: string): Measure {
  const py = findPython();
  if (!py) return { rows: 0, seconds: 0, peakRssMb: 0, error: 'pandas is not installed (apt-get install -y python3-pandas)' };
  const r = spawnSync(py, [join(here, 'pandas_aggregate.py'), dir], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { rows: 0, seconds: 0, peakRssMb: 0, error: `python3 failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}` };
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

export async function runImportBench(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`import bench skipped: ${DATA} is absent (needs ../shared/data)`);
    return;
  }
  for (const [name, dir] of DATASETS) {
    const bare = best(() => node('bare', dir));
    const imp = best(() => node('import', dir));
    const pd = best(() => pandas(dir));
    console.log(`\n${name}: ${fmt(imp.rows)} rows (best of ${RUNS})`);
    const line = (label: string, m: Measure): void =>
      console.log(`  ${label.padEnd(28)} ${m.seconds.toFixed(2).padStart(6)} s  ${fmt(m.rows / m.seconds).padStart(10)} rows/s  peak RSS ${fmt(m.peakRssMb)} MB`);
    line('bare parse (split only)', bare);
    line('importer (parse+aggregate)', imp);
    if (pd.error) console.log(`  pandas baseline skipped: ${pd.error}`);
    else line('pandas read_csv + groupby', pd);
    console.log(`  importer / bare parse time: ${(imp.seconds / bare.seconds).toFixed(2)}×` + (pd.error ? '' : `; pandas / importer time: ${(pd.seconds / imp.seconds).toFixed(2)}×`));
    if (!pd.error && pd.rows !== imp.rows) console.log(`  note: pandas read ${fmt(pd.rows)} rows, the importer ${fmt(imp.rows)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runImportBench();
