// `csp-hub import police-uk PATH… [--force SLUG | --partnership SLUG]` and
// `csp-hub import partner PATH --dataset NAME [--partnership SLUG]`: the same import service as
// the upload page, with a progress bar on the terminal, then the import report. police.uk data is
// held once per force for the instance: --force names the force (or --partnership, its force), and
// the import serves every partnership of that force. The command line
// acts as an administrator and is recorded as 'command line'. The import limits come from the
// settings (IMPORT_MAX_*) and may be raised for one run with --max-file-size and the like.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Services } from '../../../services.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../../platform/config.ts';
import { parseSize } from '../../../platform/sizes.ts';
import type { Limit } from '../csv/limits.ts';
import { ImportRefusedError, describeMonths, type ImportProgress, type ImportReport } from './service.ts';

export const IMPORT_USAGE = `  import police-uk PATH… [--force SLUG | --partnership SLUG]
                             import police.uk street/outcomes files (.csv, .csv.gz, folders, the bulk archive)
                             for a police force (e.g. essex; or the partnership's force), serving every
                             partnership of that force
  import partner PATH --dataset NAME [--partnership SLUG]
                             import a partner dataset CSV (area_code,period,category,count)
      both take [--max-file-size SIZE] [--max-total-size SIZE] [--max-line-length SIZE]
                             limits once decompressed, e.g. 2GB (defaults 1GB, 8GB, 64KB)`;

/** The option that raises each limit for one run. */
const LIMIT_OPTION: Record<Limit, string> = { file: '--max-file-size', total: '--max-total-size', line: '--max-line-length' };

/** A problem with the command itself (printed without a stack, exit code 1). */
export class ImportUsageError extends Error {}

const COMMAND_LINE: Actor = { userId: null, role: 'admin', organisationId: null };
const n = (v: number): string => v.toLocaleString('en-GB');

export async function choosePartnership(services: Services, slug: string | undefined): Promise<Partnership> {
  if (slug) {
    const p = await services.partnerships.findBySlug(slug);
    if (!p) throw new ImportUsageError(`No partnership ${slug}`);
    return p;
  }
  const all = await services.partnerships.list();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new ImportUsageError('There is no partnership yet: create one (or run `csp-hub demo load`) first');
  throw new ImportUsageError(`Name the partnership with --partnership (one of ${all.map((p) => p.slug).join(', ')})`);
}

/**
 * What to do when the server holds the embedded database: import through its upload page (the
 * same import, with the same checks), or stop it and run the command again.
 */
export function importThroughServer(serverUrl: string | undefined, slug?: string): string {
  if (!serverUrl) return 'Wait for that command to finish, then run this one again.';
  const page = `${serverUrl}p/${slug ?? '<partnership>'}/assessment/imports/new`;
  return [
    `To import while the server runs, sign in as an analyst, coordinator or administrator and upload the files on ${page}${slug ? '' : ' (<partnership> is the short name in the partnership\'s web address)'}.`,
    'Or stop the server, run this command again, then start the server.',
  ].join('\n');
}

/** The import report as plain text lines (a police.uk import for a force names no partnership). */
export function reportLines(r: ImportReport, partnership: Partnership | null): string[] {
  const files = `${r.files.length} file${r.files.length === 1 ? '' : 's'}`;
  const lines = [
    r.source === 'partner' ? `Imported ${files} into ${partnership?.name ?? ''} (import ${r.id}).` : `Imported ${files} of police.uk data for ${r.force ?? ''} (import ${r.id}).`,
    ...(r.source === 'police-uk' ? [`  Served:           ${r.served.join(', ') || 'no partnership yet'}`] : []),
    `  Rows read:        ${n(r.rowsRead)}`,
    `  Rows used:        ${n(r.rowsUsed)}`,
    `  Rows set aside:   ${n(r.rowsSetAside)}`,
    ...r.setAside.map((s) => `    ${n(s.rows)} ${s.text}${s.examples.length ? ` (e.g. ${s.examples.slice(0, 3).map((e) => e.value).join(', ')})` : ''}`),
    `  ${r.source === 'partner' ? 'Periods' : 'Months'} imported: ${describeMonths(r.monthsImported) || 'none'}`,
    `  ${r.source === 'partner' ? 'Periods' : 'Months'} replaced: ${describeMonths(r.monthsReplaced) || 'none (new data)'}`,
  ];
  if (r.skipped.length) lines.push('  Files skipped:', ...r.skipped.map((s) => `    ${s.label}: ${s.reason}`));
  if (partnership) lines.push(`Report: /p/${partnership.slug}/assessment/imports/${r.id}`);
  return lines;
}

function sizeOption(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = parseSize(value);
  if (n === null) throw new ImportUsageError(`${option} takes a size such as 64KB, 100MB or 2GB, not '${value}'`);
  return n;
}

export async function runImportCommand(services: Services, args: string[], configured: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<void> {
  const [what, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: {
      partnership: { type: 'string' }, force: { type: 'string' }, dataset: { type: 'string' },
      'max-file-size': { type: 'string' }, 'max-total-size': { type: 'string' }, 'max-line-length': { type: 'string' },
    },
  });
  const limits: ImportLimits = {
    maxFileBytes: sizeOption(values['max-file-size'], '--max-file-size', configured.maxFileBytes),
    maxTotalBytes: sizeOption(values['max-total-size'], '--max-total-size', configured.maxTotalBytes),
    maxLineBytes: sizeOption(values['max-line-length'], '--max-line-length', configured.maxLineBytes),
  };
  if (what !== 'police-uk' && what !== 'partner') throw new ImportUsageError(`Usage:\n${IMPORT_USAGE}`);
  if (positionals.length === 0) throw new ImportUsageError(`Name the file${what === 'police-uk' ? 's or folders' : ''} to import`);
  if (what === 'partner' && positionals.length > 1) throw new ImportUsageError('Import one partner file at a time');
  if (what === 'partner' && !values.dataset) throw new ImportUsageError('Name the dataset with --dataset, for example --dataset council-asb');
  if (values.force !== undefined && what !== 'police-uk') throw new ImportUsageError('--force is for police.uk files; a partner dataset belongs to one partnership (--partnership)');
  if (values.force !== undefined && values.partnership !== undefined) throw new ImportUsageError('Name the force with --force or the partnership with --partnership, not both');
  if (values.force !== undefined && !/^[a-z][a-z-]{1,40}$/.test(values.force)) throw new ImportUsageError(`--force takes a police.uk force name such as essex or metropolitan, not '${values.force}'`);
  const partnership = values.force === undefined ? await choosePartnership(services, values.partnership) : null;

  const bar = new cliProgress.SingleBar({
    format: '{bar} {value}/{total} files | {rows} rows | {phase}',
    hideCursor: true, stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  const onProgress = (p: ImportProgress): void => {
    const payload = { rows: n(p.rows), phase: p.phase === 'reading' ? (p.current ?? 'reading') : p.phase };
    if (!started) {
      bar.start(p.filesTotal, p.filesDone, payload);
      started = true;
    } else {
      bar.setTotal(p.filesTotal);
      bar.update(p.filesDone, payload);
    }
  };
  let report: ImportReport;
  try {
    report = !partnership
      ? await services.assessmentImport.importPoliceForce(values.force!, positionals, 'command line', onProgress, { limits })
      : what === 'police-uk'
        ? await services.assessmentImport.importPoliceFiles(partnership, positionals, COMMAND_LINE, onProgress, { limits })
        : await services.assessmentImport.importPartnerFile(partnership, positionals[0]!, values.dataset!, COMMAND_LINE, { limits }, onProgress);
  } catch (e) {
    if (e instanceof ImportRefusedError) {
      const raise = e.exceeded ? ` If the file is genuine, raise the limit for this run with ${LIMIT_OPTION[e.exceeded]}.` : '';
      throw new Error(`The import was refused and nothing was written. ${e.message}${raise ? `.${raise}` : ''}`);
    }
    throw e;
  } finally {
    if (started) bar.stop();
  }
  console.log(reportLines(report, partnership).join('\n'));
}
