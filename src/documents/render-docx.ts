// Document → Word (.docx) through the `docx` package. Councils edit these files, so the output
// uses Word's own heading styles, real tables with repeating header rows, and true vertical merges
// (not visually faked cells), which survive editing and read properly with screen readers.
import {
  AlignmentType, Bookmark, Document as WordDocument, Footer, Header, HeadingLevel, ImageRun, InternalHyperlink, LevelFormat,
  Packer, PageBreak as WordPageBreak, PageNumber, PageOrientation, Paragraph, ShadingType, Tab, Table as WordTable,
  TableCell, TableLayoutType, TableRow, TabStopType, TextRun, VerticalAlign, WidthType,
} from 'docx';
import type { ISectionOptions, ParagraphChild } from 'docx';
import type { Block, Cell, DataTable, Document, Figure, Heading, Inline, Logo, Orientation } from './model.js';
import { headingLabel, runsOf, sectionsOf } from './model.js';
import { fitColumnWidths } from './column-widths.js';
import { placeCells } from './table-grid.js';
import { headingAnchors } from './anchors.js';
import { rasteriseSvgAsync } from './rasterise.js';

// A4 in twips (1/1440 inch); landscape sections get narrower margins to give wide tables room.
const A4 = { width: 11906, height: 16838 };
const MARGIN = { portrait: 1134, landscape: 850 } as const;
const ORDERED = 'ordered-list';
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
/** Where text starts after a hanging number ("4.1", "2.3"): 15 mm, as in the HTML. */
const HANG = 851;
/** Pictures are sized in CSS pixels (96 to the inch); a twip is 1/1440 inch. */
const TWIPS_PER_PX = 15;

function runs(text: Inline, extra: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return runsOf(text).map((r) => new TextRun({ text: r.text, bold: r.bold || extra.bold, italics: extra.italics }));
}

/** Width of the text area in twips, for the table grid that Word uses when it lays columns out. */
function textWidth(orientation: Orientation): number {
  const pageWidth = orientation === 'landscape' ? A4.height : A4.width;
  return pageWidth - 2 * MARGIN[orientation];
}

interface Ctx {
  orientation: Orientation;
  listCount: number;
  blocks: readonly Block[];
  anchors: Map<Heading, string>;
  /** Pictures drawn from figures that came without one. */
  rasters: Map<Figure, Uint8Array>;
}

/**
 * A number hanging before its text: the number, a tab, then the text lined up at HANG. A space
 * before the tab keeps "4.1 The …" one phrase for search and for anything that reads only the text.
 */
function hanging(number: string | undefined): { indent?: { left: number; hanging: number }; lead: ParagraphChild[] } {
  return number ? { indent: { left: HANG, hanging: HANG }, lead: [new TextRun({ children: [`${number} `, new Tab()] })] } : { lead: [] };
}

function wordTable(caption: string, header: readonly string[], rows: readonly (readonly Cell[])[], given: readonly number[] | undefined, ctx: Ctx): (Paragraph | WordTable)[] {
  const cols = header.length;
  const total = textWidth(ctx.orientation);
  // Wide enough for each column's longest word at 11pt, with Word's default cell margins (0.08 inch a side).
  const pcts = given ? fitColumnWidths({ header, rows, widths: given }, { tableWidthPt: total / 20, fontPt: 11, cellPaddingPt: 13 }) : header.map(() => 100 / cols);
  const grid = pcts.map((p) => Math.round((total * p) / 100));
  // A cell is as wide as the grid columns it covers.
  const widthOf = (col: number, span: number) => grid.slice(col, col + span).reduce((a, b) => a + b, 0);
  const headerRow = new TableRow({
    tableHeader: true, // repeated at the top of every page the table runs onto
    cantSplit: true,
    children: header.map((h, col) => new TableCell({
      width: { size: grid[col]!, type: WidthType.DXA },
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'DEE0E2' },
      children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })],
    })),
  });
  // Rows leave out the columns a cell above still covers; Word's continuation cells for those are
  // added by the table itself, in the columns placeCells found.
  const bodyRows = placeCells(rows, cols).map((row) => new TableRow({
    children: row.map(({ cell: c, col, colSpan, rowSpan }) => new TableCell({
      width: { size: widthOf(col, colSpan), type: WidthType.DXA },
      verticalAlign: VerticalAlign.TOP,
      ...(rowSpan > 1 ? { rowSpan } : {}),
      ...(colSpan > 1 ? { columnSpan: colSpan } : {}),
      children: (c.paragraphs.length > 0 ? c.paragraphs : ['']).map((p) =>
        new Paragraph({ spacing: { after: 60 }, children: runs(p) })),
    })),
  }));
  const table = new WordTable({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: grid,
    layout: TableLayoutType.FIXED,
    rows: [headerRow, ...bodyRows],
  });
  return [new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(caption)] }), table, new Paragraph({})];
}

function dataCells(d: DataTable): Cell[][] {
  return d.rows.map((r) => r.map((v) => ({ paragraphs: [v] })));
}

/**
 * The size a figure is shown at, in CSS pixels: its own, else the svg's width and height, else its
 * viewBox (charts that stretch to their page say width="100%"), shrunk to fit the text width.
 */
export function figureSize(f: Figure, orientation: Orientation): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(f.svg)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)(px)?"`).exec(open)?.[1]) || undefined;
  const box = /viewBox="[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(open);
  const width = f.width ?? attr('width') ?? (Number(box?.[1]) || 600);
  const height = f.height ?? attr('height') ?? (box ? (width * Number(box[2])) / Number(box[1]) : width * 0.6);
  const scale = Math.min(1, textWidth(orientation) / TWIPS_PER_PX / width);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function figure(f: Figure, ctx: Ctx): (Paragraph | WordTable)[] {
  const out: (Paragraph | WordTable)[] = [];
  if (f.caption) out.push(new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(f.caption)] }));
  const png = f.png ?? ctx.rasters.get(f);
  if (png) {
    // Word draws the SVG; programs that cannot read it show the picture beside it.
    out.push(new Paragraph({
      keepNext: true,
      children: [new ImageRun({
        type: 'svg', data: Buffer.from(f.svg, 'utf8'), fallback: { type: 'png', data: png },
        transformation: figureSize(f, ctx.orientation), altText: { name: f.caption ?? 'Chart', title: f.caption ?? 'Chart', description: f.alt },
      })],
    }));
  } else {
    // The chart could not be drawn: its description and its data stand in.
    out.push(new Paragraph({ children: [new TextRun({ text: `Chart: ${f.alt}`, italics: true })] }));
  }
  out.push(...wordTable(`Data for: ${f.caption ?? f.alt}`, f.data.header, dataCells(f.data), undefined, ctx));
  return out;
}

function heading(h: Heading, ctx: Ctx): Paragraph {
  const { indent, lead } = hanging(h.number);
  // The bookmark is what the contents list links to; the number stays in the text, so the
  // navigation pane and a search both see "2.1 Background".
  return new Paragraph({
    heading: HEADINGS[h.level], ...(indent ? { indent } : {}),
    children: [new Bookmark({ id: ctx.anchors.get(h)!, children: [...lead, new TextRun(h.text)] })],
  });
}

// A list of links, not a TOC field: a field would make Word ask to update it on opening.
function contentsList(depth: 1 | 2, title: string, ctx: Ctx): Paragraph[] {
  return [
    new Paragraph({ style: 'ContentsTitle', children: [new TextRun(title)] }),
    ...ctx.blocks.filter((h): h is Heading => h.kind === 'heading' && h.level <= depth).map((h) => new Paragraph({
      style: h.level === 1 ? 'ContentsEntry1' : 'ContentsEntry2',
      children: [new InternalHyperlink({ anchor: ctx.anchors.get(h)!, children: [new TextRun({ text: headingLabel(h), style: 'Hyperlink' })] })],
    })),
  ];
}

function block(b: Block, ctx: Ctx): (Paragraph | WordTable)[] {
  switch (b.kind) {
    case 'heading': return [heading(b, ctx)];
    case 'paragraph': {
      const { indent, lead } = hanging(b.number);
      return [new Paragraph({ spacing: { after: 120 }, ...(indent ? { indent } : {}), children: [...lead, ...runs(b.text)] })];
    }
    case 'contents': return contentsList(b.depth, b.title, ctx);
    case 'sourceNote': return [new Paragraph({ style: 'SourceNote', children: runs(b.text) })];
    case 'list': {
      // Each ordered list is its own numbering instance, so every list restarts at 1.
      const instance = ++ctx.listCount;
      return b.items.map((item) => new Paragraph({
        children: runs(item),
        ...(b.ordered ? { numbering: { reference: ORDERED, level: 0, instance } } : { bullet: { level: 0 } }),
      }));
    }
    case 'table': return wordTable(b.caption, b.header, b.rows, b.widths, ctx);
    case 'figure': return figure(b, ctx);
    case 'pageBreak': return [new Paragraph({ children: [new WordPageBreak()] })];
  }
}

/** The logo at a given height in CSS pixels, no wider than maxWidth, proportions kept. */
function logoRun(logo: Logo, height: number, maxWidth: number): ImageRun {
  const scale = Math.min(height / logo.height, maxWidth / logo.width);
  return new ImageRun({
    type: logo.type, data: logo.data,
    transformation: { width: Math.round(logo.width * scale), height: Math.round(logo.height * scale) },
    altText: { name: 'Logo', title: logo.alt, description: logo.alt },
  });
}

// Pages after the cover: the small logo on the left, the running header against the right margin.
function header(doc: Document, orientation: Orientation): Header | null {
  if (!doc.logo && !doc.runningHeader) return null;
  return new Header({
    children: [new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: textWidth(orientation) }],
      children: [
        ...(doc.logo ? [logoRun(doc.logo, 30, 170)] : []),
        ...(doc.runningHeader ? [new TextRun({ children: [new Tab(), doc.runningHeader], size: 16, color: '505A5F' })] : []),
      ],
    })],
  });
}

function footer(doc: Document): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({ text: `${doc.partnershipName} – ${doc.title} – page `, size: 18 }),
        new TextRun({ children: [PageNumber.CURRENT], size: 18 }),
        new TextRun({ text: ' of ', size: 18 }),
        new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 18 }),
      ],
    })],
  });
}

function cover(doc: Document): Paragraph[] {
  return [
    ...(doc.logo ? [new Paragraph({ spacing: { after: 120 }, children: [logoRun(doc.logo, 76, 300)] })] : []),
    new Paragraph({ children: [new TextRun({ text: doc.partnershipName, bold: true, color: '1D70B8', size: 26 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    ...(doc.subtitle ? [new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: doc.subtitle, color: '505A5F', size: 26 })] })] : []),
  ];
}

export function buildWordDocument(doc: Document, rasters: Map<Figure, Uint8Array> = new Map()): WordDocument {
  const ctx: Ctx = { orientation: 'portrait', listCount: 0, blocks: doc.blocks, anchors: headingAnchors(doc.blocks), rasters };
  const sections: ISectionOptions[] = sectionsOf(doc.blocks).map((s, i) => {
    ctx.orientation = s.orientation;
    const landscape = s.orientation === 'landscape';
    const margin = MARGIN[s.orientation];
    const pageHeader = header(doc, s.orientation);
    // The cover page (the first of the first section) has the logo in its text and no header.
    const first = i === 0 && pageHeader !== null;
    return {
      properties: {
        page: {
          size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: margin, bottom: margin, left: margin, right: margin, header: 567, footer: 567 },
        },
        ...(first ? { titlePage: true } : {}),
      },
      ...(pageHeader ? { headers: first ? { default: pageHeader, first: new Header({ children: [new Paragraph({})] }) } : { default: pageHeader } } : {}),
      footers: first ? { default: footer(doc), first: footer(doc) } : { default: footer(doc) },
      children: [...(i === 0 ? cover(doc) : []), ...s.blocks.flatMap((b) => block(b, ctx))],
    };
  });
  return new WordDocument({
    title: doc.title,
    creator: 'CSP Hub',
    description: `${doc.title} – ${doc.partnershipName}`,
    styles: {
      // Word's own heading styles (the navigation pane lists them), set in the house type.
      default: {
        document: { run: { font: 'Arial', size: 22 } },
        heading1: { run: { font: 'Arial', bold: true, size: 30, color: '0B0C0C' }, paragraph: { keepNext: true, spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: 'Arial', bold: true, size: 26, color: '0B0C0C' }, paragraph: { keepNext: true, spacing: { before: 240, after: 100 } } },
        heading3: { run: { font: 'Arial', bold: true, size: 23, color: '0B0C0C' }, paragraph: { keepNext: true, spacing: { before: 200, after: 80 } } },
      },
      paragraphStyles: [{
        id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', quickFormat: true,
        run: { bold: true, size: 22 }, paragraph: { keepNext: true, spacing: { before: 120, after: 80 } },
      }, {
        id: 'SourceNote', name: 'Source note', basedOn: 'Normal', next: 'Normal', quickFormat: true,
        run: { size: 18, color: '505A5F' }, paragraph: { spacing: { before: 60, after: 200 } },
      }, {
        id: 'ContentsTitle', name: 'Contents title', basedOn: 'Normal', next: 'Normal', quickFormat: true,
        run: { bold: true, size: 30 }, paragraph: { keepNext: true, spacing: { before: 240, after: 120 } },
      }, {
        id: 'ContentsEntry1', name: 'Contents entry 1', basedOn: 'Normal', next: 'Normal',
        paragraph: { spacing: { after: 60 } },
      }, {
        id: 'ContentsEntry2', name: 'Contents entry 2', basedOn: 'Normal', next: 'Normal',
        paragraph: { indent: { left: 340 }, spacing: { after: 60 } },
      }],
    },
    numbering: {
      config: [{
        reference: ORDERED,
        levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START,
          style: { paragraph: { indent: { left: 720, hanging: 360 } } } }],
      }],
    },
    sections,
  });
}

/** Draws the figures that have no picture of their own, all at once, at the size each is shown at. */
async function rasterise(doc: Document): Promise<Map<Figure, Uint8Array>> {
  const jobs = sectionsOf(doc.blocks).flatMap((s) => s.blocks
    .filter((b): b is Figure => b.kind === 'figure' && !b.png)
    .map(async (f) => [f, (await rasteriseSvgAsync(f.svg, figureSize(f, s.orientation).width)).png] as const));
  return new Map(await Promise.all(jobs));
}

export async function renderDocx(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(buildWordDocument(doc, await rasterise(doc)));
}
