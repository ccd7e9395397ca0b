// Find police.uk files to import from what the user gave: one file, a folder (searched
// recursively, which covers the bulk archive layout YYYY-MM/YYYY-MM-<force>-street.csv), .csv or
// .csv.gz. Files are classified by their header line, not only by name, because users rename
// downloads; a file that claims to be street or outcomes data but is not is refused.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { readLines } from '../../csv/read-lines.ts';
import { splitCsvLine } from '../../csv/split.ts';
import { ImportError } from '../../csv/errors.ts';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../../csv/limits.ts';
import { describeHeaderMismatch } from '../../csv/read-records.ts';
import { STREET_HEADER, OUTCOMES_HEADER, parsePoliceFileName, type PoliceFileKind } from './format.ts';

export interface FoundFile {
  path: string;
  /** Name shown in messages and the import log (relative to the folder given). */
  label: string;
  kind: 'street' | 'outcomes';
  /** From the file name when it follows the police.uk pattern; else read from the rows. */
  nameMonth?: string;
  nameForce?: string;
}

export interface SkippedFile {
  label: string;
  reason: string;
}

export interface Discovery {
  files: FoundFile[];
  skipped: SkippedFile[];
}

class StopReading extends Error {}

/** The first line of a (possibly gzipped) text file. */
export async function readFirstLine(path: string, label = path, limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<string> {
  let first = '';
  try {
    // One line is wanted: read 16 KB, not a whole 1 MB chunk. The import's budget is not spent
    // on it (the file is read again in full).
    await readLines(path, (line) => {
      first = line;
      throw new StopReading();
    }, { label, chunkSize: 16 * 1024, limits: { ...limits, budget: undefined } });
  } catch (e) {
    if (!(e instanceof StopReading)) throw e;
  }
  return first;
}

export function classifyHeader(line: string): PoliceFileKind | 'other' {
  const fields = splitCsvLine(line) ?? [];
  if (!describeHeaderMismatch(fields, STREET_HEADER)) return 'street';
  if (!describeHeaderMismatch(fields, OUTCOMES_HEADER)) return 'outcomes';
  if (fields[0] === 'Type' && fields[1] === 'Date') return 'stop-and-search';
  return 'other';
}

const isCsvName = (name: string): boolean => /\.csv(\.gz)?$/i.test(name);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

async function classify(path: string, label: string, explicit: boolean, d: Discovery, limits: ReadLimits): Promise<void> {
  const name = basename(path);
  const fromName = parsePoliceFileName(name);
  if (!explicit && !isCsvName(name)) {
    d.skipped.push({ label, reason: 'not a .csv or .csv.gz file' });
    return;
  }
  const header = await readFirstLine(path, label, limits);
  const kind = classifyHeader(header);
  if (kind === 'street' || kind === 'outcomes') {
    if (fromName && fromName.kind !== kind) {
      throw new ImportError(label, 1, `the name says ${fromName.kind} but the header is that of a ${kind} file`);
    }
    d.files.push({ path, label, kind, nameMonth: fromName?.month, nameForce: fromName?.force });
    return;
  }
  if (kind === 'stop-and-search' || fromName?.kind === 'stop-and-search') {
    d.skipped.push({ label, reason: 'stop and search data is not used in the assessment' });
    return;
  }
  if (fromName || explicit) {
    const expected = fromName?.kind === 'outcomes' ? OUTCOMES_HEADER : STREET_HEADER;
    const problem = describeHeaderMismatch(splitCsvLine(header) ?? [], expected);
    throw new ImportError(label, 1, `not a police.uk ${fromName?.kind ?? 'street or outcomes'} file: ${problem}`);
  }
  d.skipped.push({ label, reason: 'not a police.uk street or outcomes file (header not recognised)' });
}

/** Discover files under each path. Order: by month, then force, then kind (stable logs). */
export async function discoverPoliceFiles(paths: string[], limits: ReadLimits = DEFAULT_READ_LIMITS): Promise<Discovery> {
  const d: Discovery = { files: [], skipped: [] };
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new ImportError(p, 0, 'no such file or folder');
    if (s.isDirectory()) {
      const found: string[] = [];
      await walk(p, found);
      found.sort();
      for (const f of found) await classify(f, relative(p, f) || basename(f), false, d, limits);
    } else {
      await classify(p, basename(p), true, d, limits);
    }
  }
  d.files.sort((a, b) => (a.nameMonth ?? '').localeCompare(b.nameMonth ?? '') || a.label.localeCompare(b.label));
  return d;
}
