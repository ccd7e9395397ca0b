// A measure's values as a CSV file: `period,value,note`, one row per period. Reading checks every
// row and reports every bad one by its line, so an import either takes the whole file or nothing.
import { parse, CsvError } from 'csv-parse/sync';
import { csvDocument } from '../../platform/csv.ts';
import { parsePeriod, type Frequency } from './periods.ts';
import type { NewValue } from './queries.ts';

export const CSV_HEADER = ['period', 'value', 'note'] as const;
/** More rows than a century of months: a file this long is not one measure's values. */
export const MAX_ROWS = 2000;
export const MAX_NOTE = 500;

export interface LineProblem { line: number; message: string }

/** A value as people type it: "1,234", "58.5", "-3". Not "58%" or "about 60". */
export function parseNumber(input: string): { ok: true; value: number } | { ok: false; message: string } {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the value' };
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) {
    return { ok: false, message: `“${text}” is not a number: write the figure alone, as 58 or 1,234.5 (the measure gives its unit)` };
  }
  return { ok: true, value: Number(text.replace(/,/g, '')) };
}

/** One value from a form or a CSV row: the problems, or the value ready to store. */
export function readValue(row: { period: string; value: string; note: string }, frequency: Frequency): { ok: true; value: NewValue } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const period = parsePeriod(row.period, frequency);
  if (!period.ok) problems.push({ field: 'period', message: period.message });
  const value = parseNumber(row.value);
  if (!value.ok) problems.push({ field: 'value', message: value.message });
  const note = row.note.trim();
  if (note.length > MAX_NOTE) problems.push({ field: 'note', message: `The note is longer than ${MAX_NOTE} characters` });
  if (!period.ok || !value.ok || problems.length) return { ok: false, problems };
  return { ok: true, value: { period: period.period.code, starts: period.period.starts, ends: period.period.ends, value: value.value, note } };
}

/** Read a whole file. Every bad line is named; one bad line means no values at all. */
export function readValuesCsv(text: string, frequency: Frequency): { ok: true; values: NewValue[] } | { ok: false; problems: LineProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines ?? 1;
      return { ok: false, problems: [{ line, message: 'a quoted value is not closed, or text follows a closing quote' }] };
    }
    throw err;
  }
  if (records.length === 0) return { ok: false, problems: [{ line: 1, message: 'the file is empty: its first line should be period,value,note' }] };
  const header = records[0]!.record.map((h) => h.toLowerCase());
  if (header[0] !== 'period' || header[1] !== 'value' || (header.length > 2 && header[2] !== 'note') || header.length > 3) {
    return { ok: false, problems: [{ line: records[0]!.info.lines, message: `the first line should be period,value,note, not ${records[0]!.record.join(',')}` }] };
  }
  const rows = records.slice(1);
  if (rows.length === 0) return { ok: false, problems: [{ line: 2, message: 'the file has no values under its header' }] };
  if (rows.length > MAX_ROWS) return { ok: false, problems: [{ line: rows[MAX_ROWS]!.info.lines, message: `the file has more than ${MAX_ROWS} values: one file holds one measure’s values` }] };

  const problems: LineProblem[] = [];
  const values: NewValue[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length > 3) {
      problems.push({ line, message: `it has ${record.length} columns, not 3 (put a note with commas in double quotes)` });
      continue;
    }
    const read = readValue({ period: record[0] ?? '', value: record[1] ?? '', note: record[2] ?? '' }, frequency);
    if (!read.ok) {
      problems.push(...read.problems.map((p) => ({ line, message: p.message })));
      continue;
    }
    const earlier = seen.get(read.value.period);
    if (earlier !== undefined) {
      problems.push({ line, message: `${read.value.period} is already given on line ${earlier}` });
      continue;
    }
    seen.set(read.value.period, line);
    values.push(read.value);
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/** The values as a file that imports back unchanged. */
export function valuesCsv(values: { period: string; value: number; note: string }[]): string {
  return csvDocument([...CSV_HEADER], values.map((v) => [v.period, v.value, v.note]));
}
