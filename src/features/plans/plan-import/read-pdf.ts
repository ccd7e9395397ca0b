// A PDF plan: its text laid out as on the page by `pdftotext -layout` (poppler-utils), then the
// tables found by their header line and cut into columns where the header's words start. A row
// starts where the initiative column starts a new name after the labelled lines ("Lead: …") of the
// one before, as the product's own plan document writes them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnreadablePlanError, type SourceTable } from './source.ts';

export const looksLikePdf = (bytes: Buffer): boolean => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

export class PdfTextUnavailableError extends UnreadablePlanError {}

export const PDFTOTEXT_HELP = 'Reading PDF plans needs pdftotext from poppler-utils (apt-get install poppler-utils), which this server does not have. Upload the Word file, or paste the table text instead.';

function pdftotext(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.env.PDFTOTEXT_PATH || 'pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { maxBuffer: 32 * 1024 * 1024, timeout: 60_000 }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') reject(new PdfTextUnavailableError(PDFTOTEXT_HELP));
      else if (err) reject(new UnreadablePlanError('The PDF could not be read: it may be damaged or protected.'));
      else resolve(stdout);
    });
  });
}

export async function readPdfTables(bytes: Buffer): Promise<SourceTable[]> {
  if (!looksLikePdf(bytes)) throw new UnreadablePlanError('The file is not a PDF.');
  const dir = await mkdtemp(join(tmpdir(), 'plan-import-'));
  try {
    const path = join(dir, 'plan.pdf');
    await writeFile(path, bytes);
    const text = await pdftotext(path);
    const tables = layoutTables(text);
    if (!tables.length) throw new UnreadablePlanError('No table of projects and initiatives was found in the PDF. If it is a scan, paste the table text instead.');
    return tables;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const HEADER = /project\s*(\/|or)\s*initiative/i;
const LABELLED = /^(lead|supported by|when|cancelled|delayed)\b:?|^(also )?serves priorit/i;

/** Where each column of a header line starts: chunks separated by two or more spaces. */
function columnStarts(line: string): number[] {
  const starts: number[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) starts.push(m.index);
  return starts;
}

/** Cut a line at the columns: each chunk goes to the column whose start is nearest at or before it. */
function cut(line: string, starts: number[]): string[] {
  const cells = starts.map(() => '');
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    let col = 0;
    for (let c = 0; c < starts.length; c++) if (m.index >= starts[c]! - 2) col = c;
    cells[col] = cells[col] ? `${cells[col]} ${m[0]}` : m[0];
  }
  return cells;
}

/** Tables in `pdftotext -layout` text. Pure, so it is tested on text directly. */
export function layoutTables(text: string): SourceTable[] {
  const lines = text.replace(/\f/g, '\n').split('\n');
  const tables: SourceTable[] = [];
  let context: string[] = [];
  let table: { starts: number[]; nameCol: number; rows: string[][][]; lastLabelled: boolean } | null = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    if (HEADER.test(line) && / {2,}/.test(line.trim())) {
      const starts = columnStarts(line);
      const header = cut(line, starts);
      table = { starts, nameCol: header.findIndex((h) => HEADER.test(h)), rows: [header.map((h) => [h])], lastLabelled: false };
      tables.push({ context, rows: table.rows });
      context = [];
      continue;
    }
    const trimmed = line.trim();
    // A priority heading, or prose starting at the margin, ends the table.
    if (table && (/^(priority \d|projects and initiatives|appendix)/i.test(trimmed))) table = null;
    if (!table) { context.push(trimmed); continue; }
    const cells = cut(line, table.starts);
    const name = cells[table.nameCol] ?? '';
    const labelled = LABELLED.test(name);
    const last = table.rows[table.rows.length - 1]!;
    const startsRow = table.rows.length === 1 || (name && !labelled && table.lastLabelled);
    const row = startsRow ? table.starts.map(() => [] as string[]) : last;
    if (startsRow) table.rows.push(row);
    cells.forEach((c, i) => {
      if (!c) return;
      const cell = row[i]!;
      // A labelled line starts a paragraph of its own; other lines continue the one before.
      if (i === table!.nameCol && (labelled || !cell.length)) cell.push(c);
      else if (i === table!.nameCol && table!.lastLabelled) cell[cell.length - 1] += ` ${c}`;
      else if (i === table!.nameCol) cell[cell.length - 1] += ` ${c}`;
      else if (!cell.length) cell.push(c);
      else cell[cell.length - 1] += ` ${c}`;
    });
    if (name) table.lastLabelled = labelled;
  }
  return tables;
}
