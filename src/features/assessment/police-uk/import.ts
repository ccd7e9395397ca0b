// One police.uk import: discover, parse and aggregate every file, and return the rows to write
// plus the import log. Any problem in any file throws an ImportError before anything is
// returned, so the caller writes all of it in one transaction or nothing.
import { discoverPoliceFiles, type SkippedFile } from './discover.ts';
import { parsePoliceFile, type FileLog } from './parse-file.ts';
import { PoliceAggregator, SET_ASIDE_TEXT, type SetAsideReason } from './aggregate.ts';
import { toTableRows, replaceStatements, type TableRows, type Statement } from './tables.ts';

export interface PoliceImportOptions {
  partnershipId: string;
  /** police.uk slug of the partnership's force, e.g. 'essex'. */
  force: string;
  lsoaToLad: (code: string) => string | undefined;
  forceLads: Iterable<string>;
  /** Who ran the import (user id or name), for the log. */
  by: string;
  today?: Date;
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
  deletes: Statement[];
  tables: TableRows[];
}

export async function importPoliceUk(inputs: string[], opts: PoliceImportOptions): Promise<PoliceImportResult> {
  const startedAt = new Date().toISOString();
  const { files, skipped } = await discoverPoliceFiles(inputs);
  const agg = new PoliceAggregator({ force: opts.force, lsoaToLad: opts.lsoaToLad, forceLads: opts.forceLads });
  const logs: FileLog[] = [];
  for (const f of files) {
    const log = await parsePoliceFile(f, agg, opts.today);
    if (!log.used) skipped.push({ label: f.label, reason: `outcomes for ${log.force} are not used (only the partnership's own force)` });
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
