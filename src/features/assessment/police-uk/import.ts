// One police.uk import: discover, parse and aggregate every file, and return the rows to write
// plus the import log. Any problem in any file throws an ImportError before anything is
// returned, so the caller writes all of it in one transaction or nothing.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { discoverPoliceFiles, type FoundFile, type SkippedFile } from './discover.ts';
import { parsePoliceFile, type FileLog } from './parse-file.ts';
import { PoliceAggregator, SET_ASIDE_TEXT, type SetAsideReason } from './aggregate.ts';
import { parseFilesInParallel } from './parse-pool.ts';
import { toTableRows, replaceStatements, type TableRows, type Statement } from './tables.ts';

export interface PoliceImportOptions {
  partnershipId: string;
  /** police.uk slug of the partnership's force, e.g. 'essex'. */
  force: string;
  lsoaToLad: (code: string) => string | undefined;
  /**
   * The same lookup as lsoaToLad, as a table. Only needed to read files in worker threads (a
   * function cannot be sent to another thread): without it, every file is read on this thread.
   */
  lsoaLad?: ReadonlyMap<string, string>;
  forceLads: Iterable<string>;
  /** Who ran the import (user id or name), for the log. */
  by: string;
  today?: Date;
  /**
   * Where files are read. 'auto' (the default): on this thread and worker threads at once when
   * the import is big enough to gain (2 files or more, over PARALLEL_MIN_BYTES, lsoaLad given);
   * 'one': this thread only; 'workers': worker threads only, whatever the size (tests).
   * Every mode gives the same result, rows in the same order, and the same errors.
   */
  threads?: 'auto' | 'one' | 'workers';
  /** Called when reading starts, every 250 ms while it goes on, and after each file. */
  onProgress?: (p: ReadProgress) => void;
}

export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
  /** Rows read so far, over all files (including files still being read). */
  rows: number;
  /** The file being read (with several threads, the one most recently started). */
  current?: string;
}

/** Below this many bytes (on disk, all files), starting worker threads (~0.3 s each) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 5 * 1024 * 1024;
/** Worker threads besides this one: one per further core, at most 3. */
const WORKERS = Math.max(1, Math.min(3, availableParallelism() - 1));

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
  deletes: Statement[];
  tables: TableRows[];
}

/** Files one after another on this thread, into one aggregator. */
async function readHere(files: FoundFile[], agg: PoliceAggregator, opts: PoliceImportOptions): Promise<FileLog[]> {
  const logs: FileLog[] = [];
  let rowsBefore = 0;
  const report = (filesDone: number, current?: string): void => {
    opts.onProgress?.({ filesDone, filesTotal: files.length, rows: rowsBefore + (agg.current?.tally.rowsRead ?? 0), current });
  };
  for (const [i, f] of files.entries()) {
    agg.current = null;
    const timer = opts.onProgress ? setInterval(() => report(i, f.label), 250) : undefined;
    try {
      const log = await parsePoliceFile(f, agg, opts.today);
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

/** Files on several threads at once (parse-pool.ts), merged in file order into `agg`. */
async function readInParallel(files: FoundFile[], sizes: number[] | undefined, agg: PoliceAggregator, opts: PoliceImportOptions, here: boolean): Promise<FileLog[]> {
  if (!opts.lsoaLad) throw new Error('importPoliceUk: reading in worker threads needs the lsoaLad table');
  const setup = { force: opts.force, forceLads: [...opts.forceLads], lsoaLad: opts.lsoaLad, today: opts.today };
  const report = (): void => {
    const p = pool.progress();
    opts.onProgress?.({ filesDone: p.filesDone, filesTotal: files.length, rows: p.rows, current: p.filesDone < files.length ? p.current : undefined });
  };
  const pool = parseFilesInParallel(files, setup, agg, { workers: WORKERS, here, sizes, onFile: opts.onProgress && report });
  const timer = opts.onProgress ? setInterval(report, 250) : undefined;
  try {
    return await pool.done;
  } finally {
    clearInterval(timer);
  }
}

export async function importPoliceUk(inputs: string[], opts: PoliceImportOptions): Promise<PoliceImportResult> {
  const startedAt = new Date().toISOString();
  const { files, skipped } = await discoverPoliceFiles(inputs);
  const agg = new PoliceAggregator({ force: opts.force, lsoaToLad: opts.lsoaToLad, forceLads: opts.forceLads });
  opts.onProgress?.({ filesDone: 0, filesTotal: files.length, rows: 0 });
  const mode = opts.threads ?? 'auto';
  let sizes: number[] | undefined;
  if (mode !== 'one' && files.length >= 2 && opts.lsoaLad) sizes = await Promise.all(files.map(async (f) => (await stat(f.path)).size));
  const parallel = mode === 'workers' || (mode === 'auto' && sizes !== undefined && sizes.reduce((a, b) => a + b, 0) > PARALLEL_MIN_BYTES);
  const all = parallel ? await readInParallel(files, sizes, agg, opts, mode === 'auto') : await readHere(files, agg, opts);
  const logs: FileLog[] = [];
  for (const log of all) {
    if (!log.used) skipped.push({ label: log.label, reason: `outcomes for ${log.force} are not used (only the partnership's own force)` });
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
    deletes: replaceStatements(buckets, opts.partnershipId, opts.force),
    tables: toTableRows(buckets, agg.outcomeNames.names, opts.partnershipId, opts.lsoaToLad),
  };
}

/** A short plain-English account of set-aside rows for the import report. */
export function describeSetAside(setAside: Record<SetAsideReason, number>): string[] {
  return (Object.keys(setAside) as SetAsideReason[])
    .filter((r) => setAside[r] > 0)
    .map((r) => `${setAside[r].toLocaleString('en-GB')} rows set aside: ${SET_ASIDE_TEXT[r]}`);
}
