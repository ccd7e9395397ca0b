// Read a CSV file record by record against an exact expected header: the one place where a
// wrong header, a wrong column count, a cut-short last line or a broken quote becomes an
// ImportError naming the file and line.
import { readLines, type ReadResult } from './read-lines.ts';
import { splitCsvLine, CsvSyntaxError } from './split.ts';
import { ImportError } from './errors.ts';
import { DEFAULT_READ_LIMITS, lineTooLong, longerThan, type ReadLimits } from './limits.ts';

export interface RecordOptions {
  /** Exact column names, in order. */
  header: readonly string[];
  /** What the file should be, for messages: "a police.uk street file". */
  kind: string;
  /** Compare header names ignoring case and surrounding spaces (partner files are hand-made). */
  looseHeader?: boolean;
  /** Name of the file in messages (defaults to the path). */
  label?: string;
  /** Defaults to the default import limits; a record spanning lines counts as one line. */
  limits?: ReadLimits;
}

export interface RecordsResult extends ReadResult {
  /** Data records (header and blank lines excluded). */
  records: number;
}

const norm = (s: string): string => s.trim().toLowerCase();

/** Explain how a header differs from the expected one, column by column. */
export function describeHeaderMismatch(found: string[], expected: readonly string[], loose = false): string | null {
  const same = (a: string | undefined, b: string): boolean => (loose ? a !== undefined && norm(a) === norm(b) : a === b);
  for (let i = 0; i < expected.length; i++) {
    if (!same(found[i], expected[i]!)) {
      const got = found[i] === undefined ? 'nothing' : `'${found[i]}'`;
      return `column ${i + 1} of the header is ${got} where '${expected[i]}' was expected`;
    }
  }
  if (found.length > expected.length) return `the header has ${found.length} columns; ${expected.length} were expected`;
  return null;
}

/**
 * Call `onRecord(fields, lineNo)` for every data record. `fields` is a fresh array per record.
 * Blank lines at the very end are allowed (spreadsheets add them); elsewhere they are an error.
 */
export async function readRecords(
  path: string,
  opts: RecordOptions,
  onRecord: (fields: string[], lineNo: number) => void,
): Promise<RecordsResult> {
  const label = opts.label ?? path;
  const limits = opts.limits ?? DEFAULT_READ_LIMITS;
  const width = opts.header.length;
  let pending = '';
  let pendingStart = 0;
  let records = 0;
  let blankAt = 0;
  let sawHeader = false;

  const result = await readLines(
    path,
    (line, info) => {
      const text = pending ? pending + '\n' + line : line;
      const startLine = pending ? pendingStart : info.lineNo;
      if (!pending && line.length === 0) {
        if (blankAt === 0) blankAt = info.lineNo;
        return;
      }
      let fields: string[] | null;
      try {
        fields = splitCsvLine(text);
      } catch (e) {
        if (e instanceof CsvSyntaxError) throw new ImportError(label, startLine, e.message);
        throw e;
      }
      if (fields === null) {
        if (info.unterminated) throw new ImportError(label, startLine, 'a quoted field is never closed (the file may be truncated)');
        // An open quote joins the lines that follow: without a bound, one stray quote would
        // gather the rest of the file into one record.
        if (longerThan(text, 0, text.length, limits.maxLineBytes)) throw lineTooLong(label, startLine, limits.maxLineBytes, true);
        pending = text;
        pendingStart = startLine;
        return;
      }
      pending = '';
      if (blankAt !== 0) throw new ImportError(label, blankAt, 'blank line in the middle of the file');
      if (!sawHeader) {
        sawHeader = true;
        const problem = describeHeaderMismatch(fields, opts.header, opts.looseHeader);
        if (problem) throw new ImportError(label, startLine, `wrong header for ${opts.kind}: ${problem}`);
        return;
      }
      if (fields.length !== width) {
        const cut = info.unterminated && fields.length < width;
        throw new ImportError(
          label,
          startLine,
          cut
            ? `the last line is cut short: ${fields.length} of ${width} columns (the file looks truncated)`
            : `expected ${width} columns, found ${fields.length}`,
        );
      }
      records++;
      onRecord(fields, startLine);
    },
    { label, limits },
  );
  if (pending) throw new ImportError(label, pendingStart, 'a quoted field is never closed (the file may be truncated)');
  if (!sawHeader) throw new ImportError(label, 0, `the file is empty: ${opts.kind} starts with a header line`);
  return { ...result, records };
}
