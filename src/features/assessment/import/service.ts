// Imports of police.uk files and partner datasets into the assessment tables. The importers
// (police-uk/, partner-data/) read and check every file first and return plain rows; this
// service then writes everything in ONE transaction: the deletes that make re-imported months
// replace the earlier ones, the rows, and the import log. A refused file writes nothing.
// police.uk data is held once per instance by force: one import serves every partnership of the
// force, and may be run by an administrator or by an analyst of any partnership in that force.
import type { Db } from '../../../platform/db/types.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';
import { can } from '../../../platform/auth/roles.ts';
import type { CurrentUser } from '../../../platform/auth/users-service.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { ImportError } from '../csv/errors.ts';
import { importReadLimits, type Limit } from '../csv/limits.ts';
import type { ImportLimits } from '../../../platform/config.ts';
import { loadGeography } from '../geography/lookup.ts';
import { SET_ASIDE_TEXT, type SetAsideReason } from './police-uk/aggregate.ts';
import type { TableRows } from './police-uk/tables.ts';
import { importPoliceUk, type PoliceImportResult } from './police-uk/import.ts';
import { parsePartnerFile, partnerTables } from './partner-data/parse.ts';
import * as q from './queries.ts';
import { recordChange } from '../../../platform/audit.ts';
import { formatMonth } from '../../../platform/dates.ts';

export interface ImportProgress {
  filesDone: number;
  filesTotal: number;
  /** Rows read so far, over all files. */
  rows: number;
  phase: 'reading' | 'saving' | 'done';
  /** The file being read. */
  current?: string;
}
export type OnProgress = (p: ImportProgress) => void;

/** A refused import: names the file, the line (0 = the file as a whole) and the problem. */
export class ImportRefusedError extends ValidationError {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
  /** Set when the file was refused for exceeding an import limit. */
  readonly exceeded?: Limit;
  constructor(e: ImportError) {
    super([{ field: 'files', message: e.message }]);
    this.name = 'ImportRefusedError';
    this.file = e.file;
    this.line = e.line;
    this.problem = e.problem;
    if (e.exceeded) this.exceeded = e.exceeded;
  }
}

export interface ReportFile extends q.ImportFileRow {
  /** An earlier import had already brought this file's force-month (or period). */
  replaced: boolean;
}

export interface ImportReport {
  id: number;
  source: 'police-uk' | 'partner';
  /** police.uk imports: the force imported in detail. */
  force: string | null;
  /** police.uk imports: the partnerships it served (every partnership of the force then), by name. */
  served: string[];
  dataset: string | null;
  importedBy: string;
  startedAt: string;
  finishedAt: string;
  rowsRead: number;
  rowsUsed: number;
  rowsSetAside: number;
  /** Every reason with rows, with up to 10 examples (value → rows) over all files. */
  setAside: { reason: string; text: string; rows: number; examples: { value: string; rows: number }[] }[];
  files: ReportFile[];
  skipped: { label: string; reason: string }[];
  /** Months (police.uk) or periods (partner data) this import brought. */
  monthsImported: string[];
  /** Those of them that replaced data from an earlier import (never counted twice). */
  monthsReplaced: string[];
}

export interface ImportOptions {
  /** Name recorded as imported_by; defaults to the user's name, or 'command line' without a user. */
  by?: string;
  /** "Today" for the month checks (tests). */
  today?: Date;
  /** Bytes per file, per import and per line; defaults to the default import limits. */
  limits?: ImportLimits;
  /** Abandons the import before anything is committed (the service is shutting down). */
  signal?: AbortSignal;
}

const DATASET = /^[a-z0-9][a-z0-9-]{0,49}$/;

/** 'Council ASB' → 'council-asb': the stored name of a partner dataset. */
export function datasetName(value: string): string {
  return value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const nextMonth = (m: string): string => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
};

/**
 * ['2021-03', '2021-04', '2021-05', '2022-01', '2022-Q3'] → 'March 2021 to May 2021, January 2022, July to
 * September 2022'.
 */
export function describeMonths(values: string[]): string {
  const out: string[] = [];
  const sorted = [...values].sort();
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (/^\d{4}-\d{2}$/.test(sorted[j]!) && sorted[j + 1] === nextMonth(sorted[j]!)) j++;
    const [a, b] = [formatMonth(sorted[i]), formatMonth(sorted[j])];
    out.push(j > i + 1 ? `${a} to ${b}` : j === i + 1 ? `${a}, ${b}` : a);
    i = j;
  }
  return out.join(', ');
}

/** The partnerships an import served, by name in alphabetical order. */
const servedNames = (ids: number[], names: Map<number, string>): string[] =>
  ids.map((id) => names.get(id) ?? `partnership ${id}`).sort((a, b) => a.localeCompare(b));

const onlyCounted = (r: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0));

export interface ImportServiceHooks {
  /** Told of each committed police.uk import's rows (the metrics count them): used, and set aside. */
  policeRowsCommitted?: (used: number, setAside: number) => void;
}

/** Who runs an instance-level police.uk import: a signed-in user, or the command line (an administrator). */
export type PoliceImporter = CurrentUser | 'command line';

export function importService(db: Db, hooks: ImportServiceHooks, deps: { partnerships: { list(): Promise<Partnership[]> } }) {
  async function who(actor: Actor, opts: ImportOptions): Promise<string> {
    if (opts.by) return opts.by;
    if (actor.userId === null) return 'command line';
    return (await q.userName(db, actor.userId)) ?? `user ${actor.userId}`;
  }

  /** One police.uk import of `force`, all or nothing; serves every partnership of the force. */
  async function importForce(force: string, paths: string[], userId: number | null, by: string, onProgress: OnProgress | undefined, opts: ImportOptions): Promise<q.ImportRow> {
    if (paths.length === 0) throw new ValidationError([{ field: 'files', message: 'Choose at least one police.uk file' }]);
    const geo = await loadGeography();
    const forceLads = geo.ladsOfForce(force);
    if (forceLads.length === 0) throw new ValidationError([{ field: 'files', message: `The police force '${force}' is not in the geography lookups` }]);
    let result: PoliceImportResult;
    try {
      result = await importPoliceUk(paths, {
        force, lsoaToLad: geo.lsoaToLad, forceLads, by, today: opts.today, limits: opts.limits, signal: opts.signal,
        onProgress: onProgress && ((p) => onProgress({ ...p, phase: 'reading' })),
      });
    } catch (e) {
      if (e instanceof ImportError) throw new ImportRefusedError(e);
      throw e;
    }
    const { log } = result;
    const labels = log.files.map((f) => f.label);
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice) throw new ValidationError([{ field: 'files', message: `Two of the files are called ${twice}: rename one, or import them separately` }]);
    onProgress?.({ filesDone: log.files.length, filesTotal: log.files.length, rows: log.rowsRead, phase: 'saving' });
    const files: q.ImportFileRow[] = log.files.map((f) => ({
      label: f.label, kind: f.kind, force: f.force, month: f.month, sha256: f.sha256, bytes: f.bytes,
      rowsRead: f.rowsRead, rowsUsed: f.rowsUsed, setAside: onlyCounted(f.setAside), examples: f.examples as Record<string, Record<string, number>>,
    }));
    const served = (await ofForce(force)).map((p) => p.id);
    const id = await write(result.deletes, result.tables, {
      partnershipId: null, force, source: 'police-uk', dataset: null, importedBy: by, userId,
      startedAt: log.startedAt, finishedAt: new Date().toISOString(), rowsRead: log.rowsRead, rowsUsed: log.rowsUsed,
      setAside: onlyCounted(log.setAside), skippedFiles: log.skipped,
    }, files, served, opts.signal);
    hooks.policeRowsCommitted?.(log.rowsUsed, log.rowsRead - log.rowsUsed);
    onProgress?.({ filesDone: log.files.length, filesTotal: log.files.length, rows: log.rowsRead, phase: 'done' });
    return (await q.findImportById(db, id))!;
  }

  function assertCan(actor: Actor): void {
    if (!actorCan(actor, 'analyse')) throw new ForbiddenError('Only an analyst, coordinator or administrator can import data.');
  }

  const ofForce = async (force: string): Promise<Partnership[]> => (await deps.partnerships.list()).filter((p) => p.policeForce === force);

  /**
   * The deletes, the rows and the log, all or nothing (an abandoned import rolls back). `served`:
   * the partnerships a police.uk import serves; a partner import serves its own.
   */
  async function write(deletes: q.Clearing[], tables: TableRows[], log: q.NewImport, files: q.ImportFileRow[], served: number[], signal?: AbortSignal): Promise<number> {
    return db.transaction(async (tx) => {
      await q.writeTables(db, tx, deletes, tables, signal);
      signal?.throwIfAborted();
      const id = await q.insertImport(tx, log);
      await q.insertImportFiles(tx, id, files);
      if (log.source === 'police-uk') await q.insertServed(tx, id, served);
      // In the audit log as well: the public pages that show the assessment are cached against each partnership's latest entry.
      for (const partnershipId of served) {
        await recordChange(tx, { partnershipId, userId: log.userId, recordType: 'data_import', recordId: id, action: 'create',
          summary: log.source === 'partner' ? `Partner dataset ${log.dataset ?? ''} imported` : `police.uk data imported (${log.rowsUsed} rows used)` });
      }
      return id;
    });
  }

  async function getImport(partnership: Partnership, id: number): Promise<ImportReport> {
    const row = await q.findImport(db, partnership.id, partnership.policeForce, id);
    if (!row) throw new NotFoundError('Import');
    return report(row, partnership.id);
  }

  async function report(row: q.ImportRow, partnershipId: number | null): Promise<ImportReport> {
    const id = row.id;
    const files = await q.importFiles(db, id);
    let monthsImported: string[];
    let monthsReplaced: string[];
    let replacedFile: (f: q.ImportFileRow) => boolean;
    if (row.source === 'partner') {
      monthsImported = [...new Set(files.flatMap((f) => Object.keys(f.examples.periods ?? {})))].sort();
      monthsReplaced = await q.replacedPartnerPeriods(db, partnershipId!, id);
      replacedFile = (f) => Object.keys(f.examples.periods ?? {}).some((p) => monthsReplaced.includes(p));
    } else {
      monthsImported = [...new Set(files.map((f) => f.month).filter((m): m is string => !!m))].sort();
      const replaced = await q.replacedPoliceMonths(db, id);
      const keys = new Set(replaced.map((r) => `${r.kind}|${r.force}|${r.month}`));
      monthsReplaced = [...new Set(replaced.map((r) => r.month))].sort();
      replacedFile = (f) => keys.has(`${f.kind}|${f.force}|${f.month}`);
    }
    const reasons = Object.keys(onlyCounted(row.setAside));
    const setAside = reasons.map((reason) => {
      const examples = new Map<string, number>();
      for (const f of files) for (const [value, n] of Object.entries(f.examples[reason] ?? {})) examples.set(value, (examples.get(value) ?? 0) + n);
      return {
        reason, text: SET_ASIDE_TEXT[reason as SetAsideReason] ?? reason, rows: row.setAside[reason]!,
        examples: [...examples].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([value, rows]) => ({ value, rows })),
      };
    });
    const names = new Map((await deps.partnerships.list()).map((p) => [p.id, p.name]));
    return {
      id: row.id, source: row.source, force: row.force, served: servedNames(row.servedIds, names), dataset: row.dataset, importedBy: row.importedBy, startedAt: row.startedAt, finishedAt: row.finishedAt,
      rowsRead: row.rowsRead, rowsUsed: row.rowsUsed, rowsSetAside: setAside.reduce((s, r) => s + r.rows, 0), setAside,
      files: files.map((f) => ({ ...f, replaced: replacedFile(f) })), skipped: row.skippedFiles, monthsImported, monthsReplaced,
    };
  }

  return {
    /**
     * Import police.uk street and outcomes files through a partnership's pages: its force's files
     * (and any force's district figures), serving every partnership of that force.
     */
    async importPoliceFiles(partnership: Partnership, paths: string[], actor: Actor, onProgress?: OnProgress, opts: ImportOptions = {}): Promise<ImportReport> {
      assertCan(actor);
      const row = await importForce(partnership.policeForce, paths, actor.userId, opts.by ?? await who(actor, opts), onProgress, opts);
      return report(row, partnership.id);
    },

    /**
     * Import police.uk files for a force, at the level of the instance (the command line, or an
     * administrator): allowed to an instance administrator and to the analysts (coordinators,
     * administrators) of any partnership whose area lies in that force.
     */
    async importPoliceForce(force: string, paths: string[], by: PoliceImporter, onProgress?: OnProgress, opts: ImportOptions = {}): Promise<ImportReport> {
      if (by !== 'command line') {
        const forceIds = new Set((await ofForce(force)).map((p) => p.id));
        const allowed = by.isInstanceAdmin || by.roles.some((r) => forceIds.has(r.partnershipId) && can(r.role, 'analyse'));
        if (!allowed) throw new ForbiddenError(`Only an administrator, or an analyst of a partnership in ${force}, can import its police.uk data.`);
      }
      const userId = by === 'command line' ? null : by.id;
      const row = await importForce(force, paths, userId, opts.by ?? (by === 'command line' ? 'command line' : by.name), onProgress, opts);
      return report(row, null);
    },

    /**
     * Import one partner dataset file (area_code,period,category,count) as `dataset`; the periods
     * it holds replace the same periods of the same dataset. Any bad line refuses the file.
     */
    async importPartnerFile(partnership: Partnership, path: string, dataset: string, actor: Actor, opts: ImportOptions & { label?: string } = {}, onProgress?: OnProgress): Promise<ImportReport> {
      assertCan(actor);
      const name = datasetName(dataset);
      if (!DATASET.test(name)) throw new ValidationError([{ field: 'dataset', message: 'Enter the dataset name, for example council-asb or fire' }]);
      const by = await who(actor, opts);
      const startedAt = new Date().toISOString();
      onProgress?.({ filesDone: 0, filesTotal: 1, rows: 0, phase: 'reading', current: opts.label });
      let imp;
      try {
        imp = await parsePartnerFile(path, { label: opts.label, today: opts.today, limits: importReadLimits(opts.limits, opts.signal) });
      } catch (e) {
        if (e instanceof ImportError) throw new ImportRefusedError(e);
        throw e;
      }
      const rows = imp.figures.length;
      onProgress?.({ filesDone: 1, filesTotal: 1, rows, phase: 'saving' });
      const periods: Record<string, number> = {};
      for (const f of imp.figures) periods[f.period] = (periods[f.period] ?? 0) + 1;
      const { deletes, tables } = partnerTables(imp, String(partnership.id), name);
      const id = await write(deletes, tables, {
        partnershipId: partnership.id, force: null, source: 'partner', dataset: name, importedBy: by, userId: actor.userId,
        startedAt, finishedAt: new Date().toISOString(), rowsRead: rows, rowsUsed: rows, setAside: {}, skippedFiles: [],
      }, [{ label: imp.label, kind: 'partner', force: null, month: null, sha256: imp.sha256, bytes: imp.bytes, rowsRead: rows, rowsUsed: rows, setAside: {}, examples: { periods } }], [partnership.id], opts.signal);
      onProgress?.({ filesDone: 1, filesTotal: 1, rows, phase: 'done' });
      return getImport(partnership, id);
    },

    /** The partnership's log: its partner imports and its force's police.uk imports, each with the partnerships it served. */
    async listImports(partnership: Partnership) {
      const [rows, all] = await Promise.all([q.listImports(db, partnership.id, partnership.policeForce), deps.partnerships.list()]);
      const names = new Map(all.map((p) => [p.id, p.name]));
      return rows.map((r) => ({ ...r, served: servedNames(r.servedIds, names) }));
    },
    getImport,
    partnerDatasets: (partnership: Partnership) => q.partnerDatasets(db, partnership.id),
    /** Each partner dataset with the periods it holds (months and quarters), for the statutory calendar. */
    partnerPeriods: (partnership: Partnership) => q.partnerPeriods(db, partnership.id),
  };
}

export type ImportService = ReturnType<typeof importService>;
