// Pasted table text in the layout of the seed plans (and of text copied out of a PDF or Word table):
// one row a line, cells separated by tabs (or by two or more spaces when the tabs were lost);
// lines without cell breaks are headings or running text, and belong to the next table's context.
import { UnreadablePlanError, type SourceTable } from './source.ts';

const HEADER = /project\s*(\/|or)?\s*initiative/i;

function cellsOf(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim());
  return line.split(/ {2,}/).map((c) => c.trim());
}

export function readPastedText(text: string): SourceTable[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (!lines.some((l) => l.trim())) throw new UnreadablePlanError('Paste the text of the plan’s tables.');
  const tables: SourceTable[] = [];
  let context: string[] = [];
  let current: SourceTable | null = null;
  for (const raw of lines) {
    const line = raw.replace(/[ \r]+$/, '');
    if (!line.trim()) continue;
    const cells = cellsOf(line);
    const isRow = cells.length > 1;
    if (isRow && HEADER.test(line)) {
      current = { context, rows: [cells.map((c) => [c])] };
      tables.push(current);
      context = [];
    } else if (isRow && current) {
      current.rows.push(cells.map((c) => (c ? [c] : [])));
    } else {
      // Running text: a priority heading ends the table it follows and names the next one.
      if (/^priority\b|not covered by|outside the key priorities/i.test(line.trim())) current = null;
      if (!current) context.push(line.trim());
    }
  }
  if (!tables.length) throw new UnreadablePlanError('No table of projects and initiatives was found: the text needs a header row naming the “Project / Initiative” column, with cells separated by tabs.');
  return tables;
}
