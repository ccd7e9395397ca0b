// `csp-hub export KIND --partnership SLUG [--year 2022-23 | --meeting ID] --format docx|pdf|html --out FILE`:
// a generated document as it would be printed today (coordinators' edits included) written to a file,
// with a progress bar on stderr. Nothing is stored: versions are made on the Documents page.
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Services } from '../../services.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { DomainError } from '../../platform/errors.ts';
import { CHROMIUM_HELP, chromiumPath, closePdfBrowser } from '../../documents/render-pdf.ts';
import { parseYearLabel, yearLabel } from '../partnerships/years.ts';
import { REPORT_KINDS, type ReportKind, type ReportScope } from './types.ts';
import { KIND_SCOPES } from './service.ts';
import { FILE_FORMATS, type FileFormat } from './queries.ts';

export const EXPORT_USAGE = `  export plan|committee-report|assessment|agenda-pack --partnership SLUG [--year 2022-23 | --meeting ID]
         --format docx|pdf|html --out FILE
                             write a generated document, with the coordinators' edits, to FILE`;

/** A mistake in the command or a thing it names that does not exist: its message is the whole answer. */
export class ExportError extends DomainError {}

/** The command line acts with an administrator's reach: it reads drafts and every edit. */
const COMMAND_LINE: Actor = { userId: null, role: 'admin', organisationId: null };

const isKind = (k: string | undefined): k is ReportKind => (REPORT_KINDS as readonly string[]).includes(k ?? '');
const isFormat = (f: string | undefined): f is FileFormat => (FILE_FORMATS as readonly string[]).includes(f ?? '');

export interface ExportRequest {
  kind: ReportKind; partnership: string; format: FileFormat; out: string;
  scope: { year: string } | { meeting: string };
}

/**
 * The command's arguments, checked before any database is opened (that takes seconds): a mistake in
 * the command, or a PDF asked of a machine without Chromium, is answered at once.
 */
export function parseExportArgs(argv: string[]): ExportRequest {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: {
    partnership: { type: 'string' }, year: { type: 'string' }, meeting: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
  } });
  const kind = positionals[0];
  if (!isKind(kind)) throw new ExportError(`Say which document to export: ${REPORT_KINDS.join(', ')}\n${EXPORT_USAGE}`);
  if (!values.partnership) throw new ExportError('export needs --partnership SLUG');
  if (!isFormat(values.format)) throw new ExportError(`export needs --format ${FILE_FORMATS.join('|')}`);
  if (!values.out) throw new ExportError('export needs --out FILE');
  const scopes = KIND_SCOPES[kind];
  if (values.meeting !== undefined && values.year !== undefined) throw new ExportError('Give either --year or --meeting, not both');
  if (values.meeting !== undefined && !scopes.includes('meeting')) throw new ExportError(`The ${kind} is made for a plan year: give --year (e.g. --year 2022-23), not --meeting`);
  if (values.year !== undefined && !scopes.includes('year')) throw new ExportError(`The ${kind} is made for a meeting: give --meeting ID, not --year`);
  if (values.year === undefined && values.meeting === undefined) {
    throw new ExportError(`The ${kind} needs ${scopes.map((x) => (x === 'year' ? '--year 2022-23' : '--meeting ID')).join(' or ')}`);
  }
  if (values.year !== undefined && parseYearLabel(values.year) === null) throw new ExportError(`--year must be a plan year such as 2022-23, not ${values.year}`);
  if (values.format === 'pdf' && !existsSync(chromiumPath())) throw new ExportError(`${CHROMIUM_HELP}\n(Looked for it at ${chromiumPath()}.)`);
  return { kind, partnership: values.partnership, format: values.format, out: values.out,
    scope: values.year !== undefined ? { year: values.year } : { meeting: values.meeting! } };
}

export async function runExportCommand(s: Services, req: ExportRequest, opts: { showProgress?: boolean } = {}): Promise<string> {
  const { kind } = req;
  const partnership = await s.partnerships.findBySlug(req.partnership);
  if (!partnership) throw new ExportError(`There is no partnership ${req.partnership}`);
  let scope: ReportScope;
  if ('meeting' in req.scope) {
    const id = /^[1-9]\d{0,8}$/.test(req.scope.meeting) ? Number(req.scope.meeting) : NaN;
    const { meetings } = await s.meetings.allMeetings(partnership);
    if (!meetings.some((m) => m.id === id)) throw new ExportError(`${partnership.name} has no meeting ${req.scope.meeting}`);
    scope = { meetingId: id };
  } else {
    const year = parseYearLabel(req.scope.year)!;
    const years = await s.plans.startYears(partnership.id);
    if (!years.includes(year)) {
      throw new ExportError(`${partnership.name} has no plan for ${yearLabel(year)}${years.length ? ` (its plan years: ${years.map(yearLabel).join(', ')})` : ''}`);
    }
    scope = { year };
  }

  const bar = opts.showProgress === false ? null : new cliProgress.SingleBar({
    format: '{bar} {percentage}% | {step}', hideCursor: true, stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  bar?.start(100, 0, { step: 'Starting' });
  try {
    const bytes = await s.reports.render(partnership, kind, scope, req.format, COMMAND_LINE,
      (step, fraction) => bar?.update(Math.round(fraction * 100), { step }));
    writeFileSync(req.out, bytes);
    return `Wrote ${req.out} (${bytes.length.toLocaleString('en-GB')} bytes)\n`;
  } finally {
    bar?.stop();
    await closePdfBrowser();
  }
}
