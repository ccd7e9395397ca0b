// Stream one police.uk street or outcomes file into the aggregator, checking each row's month
// against the file's month so that a mislabelled or mixed file is refused, not mis-counted.
import { readRecords } from '../../csv/read-records.ts';
import { ImportError } from '../../csv/errors.ts';
import type { ReadLimits } from '../../csv/limits.ts';
import { COL, FORCE_BY_NAME, OUTCOMES_HEADER, STREET_HEADER, monthProblem } from './format.ts';
import type { FoundFile } from './discover.ts';
import type { FileSink, PoliceAggregator, Tally } from './aggregate.ts';

export interface FileLog extends Tally {
  label: string;
  kind: 'street' | 'outcomes';
  force: string;
  month: string;
  sha256: string;
  bytes: number;
  /** False when the file was read but not kept (outcomes of another force). */
  used: boolean;
}

export async function parsePoliceFile(file: FoundFile, agg: PoliceAggregator, today = new Date(), limits?: ReadLimits): Promise<FileLog> {
  const { label, kind } = file;
  const street = kind === 'street';
  let month = file.nameMonth ?? '';
  let force = file.nameForce ?? '';
  let fallsWithin = '';
  let sink: FileSink | null = null;
  let keep = true;

  if (month) {
    const p = monthProblem(month, today);
    if (p) throw new ImportError(label, 0, `the file name's month is impossible: ${p}`);
  }

  const start = (fields: string[], lineNo: number): FileSink | null => {
    if (!month) {
      const p = monthProblem(fields[COL.month]!, today);
      if (p) throw new ImportError(label, lineNo, p);
      month = fields[COL.month]!;
    }
    if (!force) {
      // No police.uk file name: the force comes from the `Falls within` column.
      fallsWithin = fields[COL.fallsWithin]!;
      const slug = FORCE_BY_NAME.get(fallsWithin);
      if (!slug) throw new ImportError(label, lineNo, `unknown force '${fallsWithin}' in the Falls within column`);
      force = slug;
    }
    keep = agg.wants(kind, force);
    return keep ? agg.startFile(label, kind, force, month) : null;
  };

  let skippedRows = 0;
  const read = await readRecords(path(file), { header: street ? STREET_HEADER : OUTCOMES_HEADER, kind: `a police.uk ${kind} file`, label, limits }, (f, lineNo) => {
    if (sink === null && keep) sink = start(f, lineNo);
    const m = f[COL.month]!;
    if (m !== month) {
      throw new ImportError(label, lineNo, monthProblem(m, today) ?? `the row is for ${m} but the file is for ${month}`);
    }
    if (fallsWithin && f[COL.fallsWithin] !== fallsWithin) {
      throw new ImportError(label, lineNo, `the row falls within '${f[COL.fallsWithin]}' but the file's first row is '${fallsWithin}': one force per file`);
    }
    if (sink === null) {
      skippedRows++;
      return;
    }
    if (street) sink.street(f[COL.lsoaCode]!, f[COL.lsoaName]!, f[COL.crimeType]!, f[COL.lastOutcome]!, f[COL.location]!);
    else sink.outcome(f[COL.lsoaCode]!, f[COL.lsoaName]!, f[COL.outcomeType]!);
  });
  // An empty file (header only) still claims its force-month, so it replaces an earlier import.
  if (sink === null && keep && month && force) sink = agg.startFile(label, kind, force, month);
  if (!month) throw new ImportError(label, 0, 'the file has no rows and its name has no month (YYYY-MM-force-street.csv)');
  const s = sink as FileSink | null;
  const tally = s ? s.tally : { rowsRead: skippedRows, rowsUsed: 0, setAside: {} as Tally['setAside'], examples: {} };
  return { label, kind, force, month, sha256: read.sha256, bytes: read.bytes, used: s !== null, ...tally };
}

const path = (f: FoundFile): string => f.path;
