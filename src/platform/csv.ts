// CSV files people open in a spreadsheet: a UTF-8 byte order mark (without it Excel reads "–" and
// "’" as mojibake), CRLF line ends, quoting where needed, and no cell that a spreadsheet would run
// as a formula.

export const BOM = '\uFEFF';

/** One cell: numbers rounded to two places, empty for null, formulas defused, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
  // A leading =, +, - or @ in text would run as a formula; negative numbers stay numbers.
  const safe = typeof value !== 'number' && /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV file: header row in words, then the rows. */
export function csvDocument(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
