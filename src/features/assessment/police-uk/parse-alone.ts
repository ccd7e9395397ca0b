// Reading one police.uk file on its own, into an aggregator of its own, on whichever thread:
// what parse-pool.ts runs on this thread and parse-worker.ts runs in worker threads, and the
// plain data that passes between them.
import { ImportError } from '../csv/errors.ts';
import type { AggregatorOptions, Bucket, BucketKind, PoliceAggregator } from './aggregate.ts';
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

/**
 * What a worker is started with: the setup, its table as one string ('code,lad\n…'), which is
 * copied to a thread about ten times faster than a Map of 37,000 entries is cloned.
 */
export interface WorkerSetup extends Omit<ParseSetup, 'lsoaLad'> {
  lsoaLad: string;
}

const packed = new WeakMap<ReadonlyMap<string, string>, string>();
export function packSetup(s: ParseSetup): WorkerSetup {
  let table = packed.get(s.lsoaLad);
  if (table === undefined) {
    const parts: string[] = [];
    for (const [code, lad] of s.lsoaLad) parts.push(`${code},${lad}`);
    table = parts.join('\n');
    packed.set(s.lsoaLad, table);
  }
  return { ...s, lsoaLad: table };
}

export function unpackSetup(s: WorkerSetup): ParseSetup {
  const lsoaLad = new Map<string, string>();
  for (const line of s.lsoaLad.split('\n')) {
    const comma = line.indexOf(',');
    if (comma > 0) lsoaLad.set(line.slice(0, comma), line.slice(comma + 1));
  }
  return { ...s, lsoaLad };
}
