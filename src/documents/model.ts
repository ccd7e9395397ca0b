// One small document model that every generated document (plan, committee report, assessment,
// agenda pack) is built in, so the HTML, Word and PDF outputs cannot drift apart.

/** A piece of text; bold runs let a label ("Lead:") stand out without a richer model. */
export interface Run { text: string; bold?: boolean }

/** Plain text, or text made of runs. */
export type Inline = string | readonly Run[];

export type Orientation = 'portrait' | 'landscape';

/**
 * `number` is the reference a report gives its sections and paragraphs ("2", "2.1"), shown before
 * the text: committee papers are discussed by paragraph number, so it is part of the content.
 */
export interface Heading { kind: 'heading'; level: 1 | 2 | 3; text: string; number?: string }
export interface Paragraph { kind: 'paragraph'; text: Inline; number?: string }
export interface List { kind: 'list'; items: readonly Inline[]; ordered?: boolean }

export interface Cell {
  /** One entry per paragraph inside the cell. */
  paragraphs: readonly Inline[];
  /**
   * Rows this cell covers, itself included. As in HTML, the rows below leave the covered column
   * out of their cell list (one Objective spans all its initiatives' rows).
   */
  rowSpan?: number;
  /** Columns this cell covers, itself included (a heading cell across a group of columns). */
  colSpan?: number;
  /** Marks the cell that names the row (the initiative), so screen readers announce it. */
  rowHeader?: boolean;
}

export interface Table {
  kind: 'table';
  caption: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Column widths in per cent of the table width; should add up to 100. */
  widths?: readonly number[];
}

/** A tabular companion to a figure, so the chart's numbers are readable without seeing it. */
export interface DataTable { header: readonly string[]; rows: readonly (readonly string[])[] }

export interface Figure {
  kind: 'figure';
  /** Markup from our own chart renderer (trusted, never user input); it is embedded as is. */
  svg: string;
  alt: string;
  caption?: string;
  data: DataTable;
  /** Word needs a raster fallback beside an SVG; without one the .docx shows the data table only. */
  png?: Uint8Array;
  /** Display size in pixels; read from the svg's width/height when missing. */
  width?: number;
  height?: number;
}

/**
 * Starts a new page. With an orientation it also starts a section whose pages have that
 * orientation, which wide tables need in Word and in print alike.
 */
export interface PageBreak { kind: 'pageBreak'; orientation?: Orientation }

/** The list of the document's headings (levels up to `depth`), placed where this block is. */
export interface Contents { kind: 'contents'; title: string; depth: 1 | 2 }

/** A note in small type under a table or figure: where the figures come from and their caveats. */
export interface SourceNote { kind: 'sourceNote'; text: Inline }

export type Block = Heading | Paragraph | List | Table | Figure | PageBreak | Contents | SourceNote;

/** The partnership's logo, uploaded by an admin, printed on the cover and in each page header. */
export interface Logo {
  data: Uint8Array;
  type: 'png' | 'jpg';
  alt: string;
  /** Natural size in pixels, so renderers keep its proportions. */
  width: number;
  height: number;
}

export interface Document {
  title: string;
  subtitle?: string;
  partnershipName: string;
  logo?: Logo;
  /** Printed at the top of every page after the first (e.g. "Crime and Disorder Committee – 7 November 2022"). */
  runningHeader?: string;
  blocks: Block[];
}

// Small constructors keep document builders readable.
export const heading = (level: 1 | 2 | 3, text: string): Heading => ({ kind: 'heading', level, text });
export const paragraph = (text: Inline): Paragraph => ({ kind: 'paragraph', text });
export const list = (items: readonly Inline[], ordered = false): List => ({ kind: 'list', items, ordered });
export const cell = (...paragraphs: Inline[]): Cell => ({ paragraphs });
export const contents = (title = 'Contents', depth: 1 | 2 = 2): Contents => ({ kind: 'contents', title, depth });
export const sourceNote = (text: Inline): SourceNote => ({ kind: 'sourceNote', text });
export const pageBreak = (orientation?: Orientation): PageBreak =>
  (orientation ? { kind: 'pageBreak', orientation } : { kind: 'pageBreak' });

/** The plain text of an inline, for captions, alt text and searching. */
export function plainText(text: Inline): string {
  return typeof text === 'string' ? text : text.map((r) => r.text).join('');
}

/** Runs of an inline, so renderers handle one shape. */
export function runsOf(text: Inline): readonly Run[] {
  return typeof text === 'string' ? [{ text }] : text;
}

/**
 * Splits free text typed into a form into paragraphs, one per line: people list operations
 * ("Op Vocal: …", "Op Tumbler: …") on separate lines and expect them to stay separate.
 */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Groups blocks into runs of one page orientation: a pageBreak with an orientation starts a new
 * group. Word sections and HTML print sections are both built from these groups.
 */
export interface Section { orientation: Orientation; blocks: Block[] }
export function sectionsOf(blocks: readonly Block[]): Section[] {
  const sections: Section[] = [{ orientation: 'portrait', blocks: [] }];
  for (const block of blocks) {
    if (block.kind === 'pageBreak' && block.orientation) {
      sections.push({ orientation: block.orientation, blocks: [] });
    } else {
      sections[sections.length - 1]!.blocks.push(block);
    }
  }
  // A leading break leaves an empty first section, which would print a blank page.
  return sections.filter((s, i) => i > 0 || s.blocks.length > 0 || sections.length === 1);
}

/** "2.1 Title" when numbered: the text a heading shows and a contents list repeats. */
export function headingLabel(h: Heading): string {
  return h.number ? `${h.number} ${h.text}` : h.text;
}
