// Document → Word (.docx) through the `docx` package. Councils edit these files, so the output
// uses Word's own heading styles, real tables with repeating header rows, and true vertical merges
// (not visually faked cells), which survive editing and read properly with screen readers.
import {
  AlignmentType, Document as WordDocument, Footer, HeadingLevel, ImageRun, LevelFormat, Packer,
  PageBreak as WordPageBreak, PageNumber, PageOrientation, Paragraph, ShadingType, Table as WordTable,
  TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
} from 'docx';
import type { ISectionOptions } from 'docx';
import type { Block, Cell, DataTable, Document, Figure, Heading, Inline, Section } from './model.js';
import { headingLabel, runsOf, sectionsOf } from './model.js';
import { fitColumnWidths } from './column-widths.js';

// A4 in twips (1/1440 inch); landscape sections get narrower margins to give wide tables room.
const A4 = { width: 11906, height: 16838 };
const MARGIN = { portrait: 1134, landscape: 850 } as const;
const ORDERED = 'ordered-list';
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function runs(text: Inline, extra: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return runsOf(text).map((r) => new TextRun({ text: r.text, bold: r.bold || extra.bold, italics: extra.italics }));
}

/** Width of the text area in twips, for the table grid that Word uses when it lays columns out. */
function textWidth(orientation: Section['orientation']): number {
  const pageWidth = orientation === 'landscape' ? A4.height : A4.width;
  return pageWidth - 2 * MARGIN[orientation];
}

function cellPct(widths: readonly number[] | undefined, col: number, cols: number): number {
  return widths?.[col] ?? 100 / cols;
}

interface Ctx { orientation: Section['orientation']; listCount: number; blocks: readonly Block[] }

function wordTable(caption: string, header: readonly string[], rows: readonly (readonly Cell[])[], given: readonly number[] | undefined, ctx: Ctx): (Paragraph | WordTable)[] {
  const cols = header.length;
  const total = textWidth(ctx.orientation);
  // Wide enough for each column's longest word at 11pt, with Word's default cell margins (0.08 inch a side).
  const widths = given ? fitColumnWidths({ header, rows, widths: given }, { tableWidthPt: total / 20, fontPt: 11, cellPaddingPt: 13 }) : undefined;
  const pct = (col: number) => cellPct(widths, col, cols);
  const headerRow = new TableRow({
    tableHeader: true, // repeated at the top of every page the table runs onto
    cantSplit: true,
    children: header.map((h, col) => new TableCell({
      width: { size: pct(col), type: WidthType.PERCENTAGE },
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'DEE0E2' },
      children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })],
    })),
  });
  // Track which columns are still covered by a cell spanning down from an earlier row, so each
  // cell gets the width of the column it actually sits in.
  const coveredUntil: number[] = new Array<number>(cols).fill(-1);
  const bodyRows = rows.map((row, r) => {
    let col = 0;
    const cells = row.map((c) => {
      while (col < cols && coveredUntil[col]! >= r) col++;
      const span = c.rowSpan && c.rowSpan > 1 ? c.rowSpan : 1;
      if (span > 1 && col < cols) coveredUntil[col] = r + span - 1;
      const width = pct(Math.min(col, cols - 1));
      col += c.colSpan && c.colSpan > 1 ? c.colSpan : 1;
      return new TableCell({
        width: { size: width, type: WidthType.PERCENTAGE },
        verticalAlign: VerticalAlign.TOP,
        ...(span > 1 ? { rowSpan: span } : {}),
        ...(c.colSpan && c.colSpan > 1 ? { columnSpan: c.colSpan } : {}),
        children: (c.paragraphs.length > 0 ? c.paragraphs : ['']).map((p) =>
          new Paragraph({ spacing: { after: 60 }, children: runs(p) })),
      });
    });
    return new TableRow({ children: cells });
  });
  const table = new WordTable({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: header.map((_, col) => Math.round((total * pct(col)) / 100)),
    layout: TableLayoutType.FIXED,
    rows: [headerRow, ...bodyRows],
  });
  return [new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(caption)] }), table, new Paragraph({})];
}

function dataCells(d: DataTable): Cell[][] {
  return d.rows.map((r) => r.map((v) => ({ paragraphs: [v] })));
}

/** Reads the svg's own width/height so the picture keeps its proportions in Word. */
function svgSize(f: Figure): { width: number; height: number } {
  const attr = (name: string) => Number(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)`).exec(f.svg)?.[1]);
  const width = f.width ?? (attr('width') || 600);
  const height = f.height ?? (attr('height') || 400);
  // Fit the text width of a portrait page (about 620 px at 96 dpi).
  const scale = Math.min(1, 620 / width);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function figure(f: Figure, ctx: Ctx): (Paragraph | WordTable)[] {
  const out: (Paragraph | WordTable)[] = [];
  if (f.caption) out.push(new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(f.caption)] }));
  if (f.png) {
    out.push(new Paragraph({
      children: [new ImageRun({
        type: 'svg', data: Buffer.from(f.svg, 'utf8'), fallback: { type: 'png', data: f.png },
        transformation: svgSize(f), altText: { name: f.caption ?? 'Chart', title: f.caption ?? 'Chart', description: f.alt },
      })],
    }));
  } else {
    // Without a raster fallback Word cannot show the chart; the description and data stand in.
    out.push(new Paragraph({ children: [new TextRun({ text: `Chart: ${f.alt}`, italics: true })] }));
  }
  out.push(...wordTable(`Data for: ${f.caption ?? f.alt}`, f.data.header, dataCells(f.data), undefined, ctx));
  return out;
}

function block(b: Block, ctx: Ctx): (Paragraph | WordTable)[] {
  switch (b.kind) {
    case 'heading': return [new Paragraph({ heading: HEADINGS[b.level], children: [new TextRun(headingLabel(b))] })];
    case 'paragraph': return [new Paragraph({ spacing: { after: 120 }, children: [...(b.number ? [new TextRun(`${b.number} `)] : []), ...runs(b.text)] })];
    case 'contents': return [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(b.title)] }),
      ...ctx.blocks.filter((h): h is Heading => h.kind === 'heading' && h.level <= b.depth)
        .map((h) => new Paragraph({ indent: { left: (h.level - 1) * 360 }, children: [new TextRun(headingLabel(h))] })),
    ];
    case 'sourceNote': return [new Paragraph({ spacing: { after: 120 }, style: 'SourceNote', children: runs(b.text) })];
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
    new Paragraph({ children: [new TextRun({ text: doc.partnershipName, bold: true, color: '1D70B8', size: 26 })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    ...(doc.subtitle ? [new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: doc.subtitle, color: '505A5F', size: 26 })] })] : []),
  ];
}

export function buildWordDocument(doc: Document): WordDocument {
  const ctx: Ctx = { orientation: 'portrait', listCount: 0, blocks: doc.blocks };
  const sections: ISectionOptions[] = sectionsOf(doc.blocks).map((s, i) => {
    ctx.orientation = s.orientation;
    const landscape = s.orientation === 'landscape';
    const margin = MARGIN[s.orientation];
    return {
      properties: {
        page: {
          size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: margin, bottom: margin, left: margin, right: margin },
        },
      },
      footers: { default: footer(doc) },
      children: [...(i === 0 ? cover(doc) : []), ...s.blocks.flatMap((b) => block(b, ctx))],
    };
  });
  return new WordDocument({
    title: doc.title,
    creator: 'CSP Hub',
    description: `${doc.title} – ${doc.partnershipName}`,
    styles: {
      default: { document: { run: { font: 'Arial', size: 22 } } },
      paragraphStyles: [{
        id: 'Caption', name: 'caption', basedOn: 'Normal', next: 'Normal', quickFormat: true,
        run: { bold: true, size: 22 }, paragraph: { keepNext: true, spacing: { before: 120, after: 80 } },
      }, {
        id: 'SourceNote', name: 'Source note', basedOn: 'Normal', next: 'Normal', quickFormat: true,
        run: { size: 18, color: '505A5F' },
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

export async function renderDocx(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(buildWordDocument(doc));
}
