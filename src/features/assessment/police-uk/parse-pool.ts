// Parse police.uk files on several threads at once: this thread and worker threads each take
// whole files from one queue, every file into an aggregator of its own, and the per-file results
// (a small aggregate: counts by LSOA or district, not rows) are merged here IN FILE ORDER. So
// the import comes out exactly as if the files had been read one after another on this thread:
// the same rows in the same order, the same logs, and the same error for a broken import (the
// first file in order that fails decides it, whichever thread saw it first).
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { ImportError } from '../csv/errors.ts';
import { PoliceAggregator } from './aggregate.ts';
import type { FileLog } from './parse-file.ts';
import type { FoundFile } from './discover.ts';
import { aggregatorOptions, packSetup, parseAlone, type FileResult, type FromWorker, type ParseSetup, type ToWorker } from './parse-alone.ts';

export type { ParseSetup } from './parse-alone.ts';

// Workers run TypeScript. Starting tsx in a worker costs 0.2–0.3 s of CPU (its loader thread),
// as much as reading a few files, so the worker's few modules are bundled once per process with
// esbuild (tsx's own compiler; ~15 ms) and each worker runs that bundle as plain JavaScript.
let bundle: Promise<string> | undefined;
function workerCode(): Promise<string> {
  bundle ??= import('esbuild').then(async (esbuild) => {
    const out = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./parse-worker.ts', import.meta.url))],
      bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  });
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

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
  if (opts.workers < 1 && !opts.here) throw new Error('parseFilesInParallel: no thread to parse on');
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
  /** Workers still starting (no file yet): stopped when this thread has read every file first. */
  const starting = new Set<Worker>();
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

  async function runWorker(): Promise<void> {
    const code = await workerCode();
    if (failure || picked >= order.length) return;
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: workerSetup });
      workers.push(w);
      starting.add(w);
      if (failure) void w.terminate();
      let index: number | undefined;
      const next = (): void => {
        starting.delete(w);
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

  const workerSetup = opts.workers > 0 ? packSetup(setup) : null;
  const runners: Promise<void>[] = [];
  for (let k = 0; k < opts.workers; k++) runners.push(runWorker().catch(fail));
  if (opts.here) {
    runners.push(runHere().then(() => {
      for (const w of starting) void w.terminate();
    }, fail));
  }
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
