// One police.uk import: discover, parse and aggregate every file, and return the rows to write
// plus the import log. Any problem in any file throws an ImportError before anything is
// returned, so the caller writes all of it in one transaction or nothing.
import { discoverPoliceFiles, type FoundFile, type SkippedFile } from './discover.ts';
import { parsePoliceFile, type FileLog } from './parse-file.ts';
import { PoliceAggregator, SET_ASIDE_TEXT, type SetAsideReason } from './aggregate.ts';
import { toTableRows, replaceClearings, type TableRows } from './tables.ts';
import type { Clearing } from '../queries.ts';
import { importReadLimits, type ReadLimits } from '../../csv/limits.ts';
import type { ImportLimits } from '../../../../platform/config.ts';

export interface PoliceImportOptions {
  /** police.uk slug of the force imported in detail (LSOA × crime type), e.g. 'essex'. */
  force: string;
  lsoaToLad: (code: string) => string | undefined;
  forceLads: Iterable<string>;
  /** Who ran the import (user id or name), for the log. */
  by: string;
  today?: Date;
  /** Called when reading starts, every 250 ms while it goes on, and after each file. */
  onProgress?: (p: ReadProgress) => void;
  /** Bytes per file, per import and per line (defaults: the default import limits). */
  limits?: ImportLimits;
  /** Abandons the import (the service is shutting down). */
  signal?: AbortSignal;
}

export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
  /** Rows read so far, over all files (including files still being read). */
  rows: number;
  /** The file being read. */
  current?: string;
}

export interface ImportLog {
  by: string;
  startedAt: string;
  finishedAt: string;
  inputs: string[];
  files: FileLog[];
  skipped: SkippedFile[];
  rowsRead: number;
  rowsUsed: number;
  setAside: Record<SetAsideReason, number>;
}

export interface PoliceImportResult {
  log: ImportLog;
  /** Run first, in the same transaction: clears the force-months this import replaces. */
  deletes: Clearing[];
  tables: TableRows[];
}

/** Files one after another, into one aggregator. */
async function readFiles(files: FoundFile[], agg: PoliceAggregator, opts: PoliceImportOptions, limits: ReadLimits): Promise<FileLog[]> {
  const logs: FileLog[] = [];
  let rowsBefore = 0;
  const report = (filesDone: number, current?: string): void => {
    opts.onProgress?.({ filesDone, filesTotal: files.length, rows: rowsBefore + (agg.current?.tally.rowsRead ?? 0), current });
  };
  for (const [i, f] of files.entries()) {
    agg.current = null;
    const timer = opts.onProgress ? setInterval(() => report(i, f.label), 250) : undefined;
    try {
      const log = await parsePoliceFile(f, agg, opts.today, limits);
      rowsBefore += log.rowsRead;
      agg.current = null;
      logs.push(log);
    } finally {
      clearInterval(timer);
    }
    report(i + 1);
  }
  return logs;
}

export async function importPoliceUk(inputs: string[], opts: PoliceImportOptions): Promise<PoliceImportResult> {
  const startedAt = new Date().toISOString();
  const limits = importReadLimits(opts.limits, opts.signal);
  const { files, skipped } = await discoverPoliceFiles(inputs, limits);
  const agg = new PoliceAggregator({ force: opts.force, lsoaToLad: opts.lsoaToLad, forceLads: opts.forceLads });
  opts.onProgress?.({ filesDone: 0, filesTotal: files.length, rows: 0 });
  const all = await readFiles(files, agg, opts, limits);
  const logs: FileLog[] = [];
  for (const log of all) {
    if (!log.used) skipped.push({ label: log.label, reason: `outcomes for ${log.force} are not used (only the force imported: ${opts.force})` });
    else logs.push(log);
  }
  const setAside = Object.fromEntries(Object.keys(SET_ASIDE_TEXT).map((r) => [r, 0])) as Record<SetAsideReason, number>;
  for (const l of logs) for (const r of Object.keys(setAside) as SetAsideReason[]) setAside[r] += l.setAside[r];
  const buckets = [...agg.buckets.values()];
  return {
    log: {
      by: opts.by,
      startedAt,
      finishedAt: new Date().toISOString(),
      inputs,
      files: logs,
      skipped,
      rowsRead: logs.reduce((s, l) => s + l.rowsRead, 0),
      rowsUsed: logs.reduce((s, l) => s + l.rowsUsed, 0),
      setAside,
    },
    deletes: replaceClearings(buckets, opts.force),
    tables: toTableRows(buckets, agg.outcomeNames.names, opts.lsoaToLad),
  };
}

/** A short plain-English account of set-aside rows for the import report. */
export function describeSetAside(setAside: Record<SetAsideReason, number>): string[] {
  return (Object.keys(setAside) as SetAsideReason[])
    .filter((r) => setAside[r] > 0)
    .map((r) => `${setAside[r].toLocaleString('en-GB')} rows set aside: ${SET_ASIDE_TEXT[r]}`);
}
