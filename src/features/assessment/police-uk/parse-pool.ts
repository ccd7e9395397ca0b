// Parse police.uk files on several threads at once: this thread and worker threads each take
// whole files from one queue, every file into an aggregator of its own, and the per-file results
// (a small aggregate: counts by LSOA or district, not rows) are merged here IN FILE ORDER. So
// the import comes out exactly as if the files had been read one after another on this thread:
// the same rows in the same order, the same logs, and the same error for a broken import (the
// first file in order that fails decides it, whichever thread saw it first).
import { Worker } from 'node:worker_threads';
import { ImportError } from '../csv/errors.ts';
import { PoliceAggregator, type AggregatorOptions, type Bucket, type BucketKind } from './aggregate.ts';
import { parsePoliceFile, type FileLog } from './parse-file.ts';
import type { FoundFile } from './discover.ts';

/** What a worker needs to parse files: plain data only (a function cannot be sent to a thread). */
export interface ParseSetup {
  force: string;
  forceLads: string[];
  /** LSOA code (2011 or 2021) → district code. */
  lsoaLad: ReadonlyMap<string, string>;
  today?: Date;
}

/** One file read on its own: its log and aggregate, or the ImportError that refused it. */
export type FileResult =
  | { ok: true; log: FileLog; bucket: Bucket | null; outcomeNames: string[] }
  | {
      ok: false;
      file: string;
      line: number;
      problem: string;
      /** The force-month the file had claimed before failing: a duplicate of it is reported first. */
      started: { kind: BucketKind; force: string; month: string } | null;
    };

export type ToWorker = { index: number; file: FoundFile };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'rows'; index: number; rows: number }
  | { type: 'done'; index: number; result: FileResult }
  | { type: 'crash'; index: number; error: { name: string; message: string; stack?: string; code?: string } };

/** Read one file into a fresh aggregator. Errors other than ImportError propagate. */
export async function parseAlone(file: FoundFile, agg: PoliceAggregator, today?: Date): Promise<FileResult> {
  try {
    const log = await parsePoliceFile(file, agg, today);
    const [bucket] = agg.buckets.values();
    return { ok: true, log, bucket: bucket ?? null, outcomeNames: agg.outcomeNames.names };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    const [b] = agg.buckets.values();
    return { ok: false, file: e.file, line: e.line, problem: e.problem, started: b ? { kind: b.kind, force: b.force, month: b.month } : null };
  }
}

export const aggregatorOptions = (s: ParseSetup): AggregatorOptions => ({
  force: s.force,
  lsoaToLad: (code) => s.lsoaLad.get(code),
  forceLads: s.forceLads,
});

// Workers run TypeScript: a tiny JavaScript entry registers tsx in the worker, then imports the
// worker module. (Node 20 does not apply `--import tsx` from execArgv before a worker's entry.)
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_ENTRY = new URL('./parse-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_ENTRY)}); })`;

export interface PoolOptions {
  /** Worker threads to start. */
  workers: number;
  /** Whether this thread reads files too (false: it only merges; the tests force the worker path so). */
  here: boolean;
  /** Bytes of each file, to hand out the largest first (better balance); merging stays in file order. */
  sizes?: number[];
  /** Called after each file, in any order. */
  onFile?: () => void;
}

export interface PoolProgress {
  filesDone: number;
  /** Rows read, files finished and files still being read. */
  rows: number;
  /** The file most recently started. */
  current?: string;
}

/**
 * Parse every file, merging each into `agg` in file order; returns the file logs in file order.
 * `progress()` may be called at any time for a snapshot.
 */
export function parseFilesInParallel(files: FoundFile[], setup: ParseSetup, agg: PoliceAggregator, opts: PoolOptions): {
  done: Promise<FileLog[]>;
  progress: () => PoolProgress;
} {
  const results: (FileResult | undefined)[] = new Array(files.length);
  const order = files.map((_, i) => i);
  if (opts.sizes) order.sort((a, b) => opts.sizes![b]! - opts.sizes![a]! || a - b);
  let picked = 0;
  /** No file at or after this index is handed out (a file before it failed, or the import did). */
  let stopAt = files.length;
  let merged = 0;
  const logs: FileLog[] = [];
  let failure: { error: unknown } | null = null;
  let filesDone = 0;
  let rowsDone = 0;
  const inFlight = new Map<number, number | (() => number)>();
  let current: string | undefined;

  const take = (): number | undefined => {
    while (picked < order.length) {
      const i = order[picked++]!;
      if (i < stopAt) {
        current = files[i]!.label;
        return i;
      }
    }
    return undefined;
  };

  const workers: Worker[] = [];
  const fail = (error: unknown): void => {
    if (!failure) failure = { error };
    stopAt = -1;
    for (const w of workers) void w.terminate();
  };

  const finish = (i: number, r: FileResult): void => {
    inFlight.delete(i);
    filesDone++;
    if (r.ok) rowsDone += r.log.rowsRead;
    results[i] = r;
    if (!r.ok) stopAt = Math.min(stopAt, i);
    // Merge every result that is next in file order.
    while (merged < files.length && results[merged]) {
      const next = results[merged]!;
      results[merged] = undefined;
      if (!next.ok) {
        const f = files[merged]!;
        if (next.started) agg.claim(f.label, next.started.kind, next.started.force, next.started.month);
        throw new ImportError(next.file, next.line, next.problem);
      }
      if (next.bucket) agg.adopt(next.bucket, next.outcomeNames);
      logs.push(next.log);
      merged++;
    }
    opts.onFile?.();
  };

  async function runHere(): Promise<void> {
    for (let i = take(); i !== undefined && !failure; i = take()) {
      const local = new PoliceAggregator(aggregatorOptions(setup));
      inFlight.set(i, () => local.current?.tally.rowsRead ?? 0);
      finish(i, await parseAlone(files[i]!, local, setup.today));
    }
  }

  function runWorker(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(BOOT, { eval: true, workerData: setup });
      workers.push(w);
      if (failure) void w.terminate();
      let index: number | undefined;
      const next = (): void => {
        index = failure ? undefined : take();
        if (index === undefined) {
          void w.terminate();
          return;
        }
        inFlight.set(index, 0);
        w.postMessage({ index, file: files[index]! } satisfies ToWorker);
      };
      w.on('message', (m: FromWorker) => {
        try {
          if (m.type === 'ready') next();
          else if (m.type === 'rows') inFlight.set(m.index, m.rows);
          else if (m.type === 'done') {
            finish(m.index, m.result);
            next();
          } else {
            const e = Object.assign(new Error(m.error.message), { name: m.error.name, stack: m.error.stack, code: m.error.code });
            throw e;
          }
        } catch (e) {
          fail(e);
        }
      });
      w.on('error', (e) => fail(e));
      w.on('exit', () => (index !== undefined && !failure ? reject(new Error('a parse worker stopped in the middle of a file')) : resolve()));
    });
  }

  const runners: Promise<void>[] = [];
  for (let k = 0; k < opts.workers; k++) runners.push(runWorker().catch(fail));
  if (opts.here) runners.push(runHere().catch(fail));
  const done = Promise.all(runners).then(() => {
    if (failure) throw failure.error;
    if (merged !== files.length) throw new Error(`parsed ${merged} of ${files.length} files`);
    return logs;
  });
  const progress = (): PoolProgress => {
    let rows = rowsDone;
    for (const r of inFlight.values()) rows += typeof r === 'number' ? r : r();
    return { filesDone, rows, current };
  };
  return { done, progress };
}
