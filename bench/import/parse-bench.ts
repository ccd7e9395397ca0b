// What the bench measures: (a) the importer's full parse + validate + aggregate, and (b) a bare
// parse that only splits lines and fields with the same reader, as the floor to compare with.
import { readLines } from '../../src/features/assessment/csv/read-lines.ts';
import { splitCsvLine } from '../../src/features/assessment/csv/split.ts';
import { discoverPoliceFiles } from '../../src/features/assessment/import/police-uk/discover.ts';
import { importPoliceUk } from '../../src/features/assessment/import/police-uk/import.ts';
import { loadGeography } from '../../src/features/assessment/geography/lookup.ts';

export interface Timing {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Parse, validate and aggregate like a real import (geography loading is not timed). */
export async function timeImport(paths: string[], force = 'essex'): Promise<Timing & { groups: number }> {
  const g = await loadGeography();
  const start = performance.now();
  const r = await importPoliceUk(paths, {
    force, lsoaToLad: g.lsoaToLad, forceLads: g.ladsOfForce(force), by: 'bench',
  });
  const seconds = (performance.now() - start) / 1000;
  const groups = r.tables.reduce((s, t) => s + t.rows.length, 0);
  return { rows: r.log.rowsRead, seconds, rowsPerSecond: r.log.rowsRead / seconds, groups };
}

/** Only read (gunzip + UTF-8 decode) and split lines into fields. */
export async function timeBareParse(paths: string[]): Promise<Timing> {
  const { files } = await discoverPoliceFiles(paths);
  const start = performance.now();
  let rows = 0;
  let fields = 0;
  for (const f of files) {
    let first = true;
    await readLines(f.path, (line) => {
      if (first) {
        first = false;
        return;
      }
      fields += splitCsvLine(line)?.length ?? 0;
      rows++;
    });
  }
  const seconds = (performance.now() - start) / 1000;
  if (fields === 0 && rows > 0) throw new Error('no fields');
  return { rows, seconds, rowsPerSecond: rows / seconds };
}
