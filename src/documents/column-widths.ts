// Table columns wide enough for their longest word. Word and Chromium both break a word that does
// not fit its cell mid-word ("Vulnerabiliti / es"); a column is widened to hold its longest word on
// one line, taking the room from columns that have some to spare. Widths are estimated with Arial's
// advance widths (Liberation Sans, which renders Arial, has the same metrics).
import type { Cell, Table } from './model.js';
import { runsOf } from './model.js';
import { placeCells } from './table-grid.js';

// Advance widths of printable ASCII (space to ~) in thousandths of an em.
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = 1.1; // Arial Bold runs about a tenth wider
/** Longer "words" are addresses and the like, which have to break anyway: they do not set a column's width. */
const LONGEST_WORD = 24;

/** Width of a word in ems. */
export function wordWidthEm(word: string, bold = false): number {
  let units = 0;
  for (const ch of word) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? ARIAL[code - 32]! : 556;
  }
  return (units / 1000) * (bold ? BOLD : 1);
}

const words = (text: string) => text.split(/\s+/).filter((w) => w && [...w].length <= LONGEST_WORD);

function widestWord(cells: { text: string; bold: boolean }[]): number {
  return Math.max(0, ...cells.flatMap((c) => words(c.text).map((w) => wordWidthEm(w, c.bold))));
}

function cellTexts(c: Cell): { text: string; bold: boolean }[] {
  return c.paragraphs.flatMap((p) => runsOf(p).map((r) => ({ text: r.text, bold: !!r.bold })));
}

export interface Measure {
  /** Width of the whole table, in points. */
  tableWidthPt: number;
  fontPt: number;
  /** Padding and borders of one cell, left and right together, in points. */
  cellPaddingPt: number;
}

/**
 * The longest word of each column, in ems (header words are bold). Cells are placed on the grid as
 * the rows and columns they span leave them; a cell across several columns is wide enough already
 * and sets no single column's width.
 */
export function longestWords(t: Pick<Table, 'header' | 'rows'>): number[] {
  const texts: { text: string; bold: boolean }[][] = t.header.map((h) => [{ text: h, bold: true }]);
  for (const row of placeCells(t.rows, t.header.length)) {
    for (const p of row) if (p.colSpan === 1) texts[p.col]!.push(...cellTexts(p.cell));
  }
  return texts.map(widestWord);
}

/**
 * The table's column widths (per cent, adding up to 100), each widened where needed to hold its
 * longest word, the room taken from the others in proportion to what they can spare. When the
 * words cannot all fit, the widths are left as they were.
 */
export function fitColumnWidths(t: Pick<Table, 'header' | 'rows' | 'widths'>, m: Measure): number[] {
  const cols = t.header.length;
  const given = t.widths && t.widths.length === cols ? [...t.widths] : new Array<number>(cols).fill(100 / cols);
  const total = given.reduce((a, b) => a + b, 0);
  const widths = given.map((w) => (w * 100) / total);
  const needed = longestWords(t).map((em) => ((em * m.fontPt + m.cellPaddingPt) * 100) / m.tableWidthPt);
  if (needed.reduce((a, b) => a + b, 0) > 100) return widths;
  const short = widths.map((w, i) => Math.max(0, needed[i]! - w));
  const deficit = short.reduce((a, b) => a + b, 0);
  if (deficit === 0) return widths;
  const spare = widths.map((w, i) => Math.max(0, w - needed[i]!));
  const spareTotal = spare.reduce((a, b) => a + b, 0);
  return widths.map((w, i) => (short[i]! > 0 ? needed[i]! : w - (deficit * spare[i]!) / spareTotal));
}
