// Document → one standalone HTML page: no external files, so it can be saved, emailed, published
// on the public site, or printed to PDF by Chromium without network access.
import type { Block, Cell, Contents, DataTable, Document, Figure, Heading, Inline, Logo, Orientation, Section, Table } from './model.js';
import { headingLabel, runsOf, sectionsOf } from './model.js';
import { fitColumnWidths, type Measure } from './column-widths.js';
import { headingAnchors } from './anchors.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// Print first: A4 pages, a named landscape page for wide tables, header rows repeated by the
// browser (thead), rows kept whole where they fit. Screen view is the same page centred.
// Page headers and footers are in pageCss, as they carry the document's own words.
const CSS = `
:root { color: #0b0c0c; background: #fff; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; margin: 0; }
main { max-width: 270mm; margin: 0 auto; padding: 8mm; }
header.cover { border-bottom: 3px solid #1d70b8; margin-bottom: 6mm; }
.partnership { font-size: 12pt; font-weight: bold; color: #1d70b8; margin: 0; }
h1 { font-size: 20pt; margin: 2mm 0 4mm; }
h2 { font-size: 15pt; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; }
h4 { font-size: 11.5pt; margin: 4mm 0 2mm; break-after: avoid; }
.doc-title { font-size: 24pt; }
.subtitle { font-size: 13pt; color: #505a5f; margin: 0 0 4mm; }
p { margin: 0 0 2.5mm; }
ul, ol { margin: 0 0 3mm; padding-left: 7mm; }
table { border-collapse: collapse; width: 100%; margin: 0 0 6mm; font-size: 9.5pt; table-layout: fixed; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 11pt; padding: 0 0 2mm; break-after: avoid; }
th, td { border: 1px solid #6f777b; padding: 1.5mm 2mm; vertical-align: top; text-align: left; overflow-wrap: break-word; hyphens: manual; }
thead th { background: #dee0e2; }
tbody th { font-weight: normal; }
td p, th p { margin: 0 0 1.5mm; }
td p:last-child, th p:last-child { margin-bottom: 0; }
thead { display: table-header-group; }
/* Keep a row whole, except rows that start a rowspan: Chromium would then keep the whole group together. */
tbody tr:not(:has(> [rowspan])) { break-inside: avoid; }
figure { margin: 0 0 6mm; break-inside: avoid; }
figure .chart svg { max-width: 100%; height: auto; }
.source-note { font-size: 9pt; color: #505a5f; margin-bottom: 4mm; }
/* Numbers hang in the margin of their text, so "4.1" stands out as committee papers print it. */
.numbered { padding-left: 15mm; text-indent: -15mm; }
.numbered > .number { display: inline-block; min-width: 15mm; text-indent: 0; }
.contents ul { list-style: none; padding-left: 0; }
.contents li { margin: 0 0 1.5mm; }
.contents .level-2 { padding-left: 6mm; }
.contents a { color: #1d70b8; }
.logo { display: block; height: 20mm; width: auto; margin: 0 0 3mm; }
figcaption { font-weight: bold; margin: 0 0 2mm; }
section.landscape { page: wide; }
.page-break { break-before: page; }
@media screen { section.landscape { border-top: 1px dashed #b1b4b6; padding-top: 4mm; } }
`;

function inline(text: Inline): string {
  return runsOf(text).map((r) => (r.bold ? `<strong>${escapeHtml(r.text)}</strong>` : escapeHtml(r.text))).join('');
}

const dataUrl = (logo: Logo): string =>
  `data:image/${logo.type === 'jpg' ? 'jpeg' : 'png'};base64,${Buffer.from(logo.data).toString('base64')}`;

/** A CSS string literal; "<" is escaped too, so no text can close the style element. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

// Page margins leave room for the running header at the top. The margin boxes print on every page
// of the PDF and of the page printed from a browser: the first page (the cover) has its logo in the
// text and no header; the others carry the small logo and the running header. Footers number pages.
function pageCss(doc: Document, footer: boolean): string {
  const numbers = `content: ${cssString(`${doc.partnershipName} – ${doc.title} – page `)} counter(page) " of " counter(pages);`;
  const small = 'font: 8pt Arial, "Liberation Sans", Helvetica, sans-serif; color: #505a5f;';
  const logo = doc.logo ? `@top-left { content: ""; width: 45mm; background: url("${dataUrl(doc.logo)}") left center / auto 9mm no-repeat; }` : '';
  const running = doc.runningHeader ? `@top-right { content: ${cssString(doc.runningHeader)}; ${small} }` : '';
  const boxes = `${logo} ${running}${footer ? ` @bottom-center { ${numbers} ${small} }` : ''}`;
  return `
@page { size: A4 portrait; margin: 20mm 14mm 16mm; ${boxes} }
@page wide { size: A4 landscape; margin: 18mm 12mm 14mm; }
@page :first { @top-left { content: none; background: none; } @top-right { content: none; } }
`;
}

function cellHtml(c: Cell): string {
  const tag = c.rowHeader ? 'th' : 'td';
  const attrs = (c.rowHeader ? ' scope="row"' : '') + (c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '')
    + (c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
  // One paragraph stays bare so simple cells read as plain text; several get <p> each.
  const body = c.paragraphs.length === 1 ? inline(c.paragraphs[0]!) : c.paragraphs.map((p) => `<p>${inline(p)}</p>`).join('');
  return `<${tag}${attrs}>${body}</${tag}>`;
}

// The printed text width of an A4 page (less the page margins and main's padding) at the tables' 9.5pt,
// so columns are made wide enough for their longest word (see column-widths.ts).
const PT_PER_MM = 72 / 25.4;
const MEASURE: Record<Orientation, Measure> = {
  portrait: { tableWidthPt: (210 - 28 - 16) * PT_PER_MM, fontPt: 9.5, cellPaddingPt: 4 * PT_PER_MM + 2 },
  landscape: { tableWidthPt: (297 - 28 - 16) * PT_PER_MM, fontPt: 9.5, cellPaddingPt: 4 * PT_PER_MM + 2 },
};

function tableHtml(t: Table, orientation: Orientation): string {
  const widths = t.widths ? fitColumnWidths(t, MEASURE[orientation]) : null;
  const cols = widths ? `<colgroup>${widths.map((w) => `<col style="width:${Number(w.toFixed(2))}%">`).join('')}</colgroup>` : '';
  const head = `<thead><tr>${t.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = t.rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('\n');
  return `<table><caption>${escapeHtml(t.caption)}</caption>${cols}${head}<tbody>\n${body}\n</tbody></table>`;
}

function dataTableHtml(caption: string, d: DataTable): string {
  const head = `<thead><tr>${d.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = d.rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(v)}</th>` : `<td>${escapeHtml(v)}</td>`)).join('')}</tr>`).join('');
  return `<table class="data"><caption>${escapeHtml(caption)}</caption>${head}<tbody>${body}</tbody></table>`;
}

function figureHtml(f: Figure): string {
  const caption = f.caption ? `<figcaption>${escapeHtml(f.caption)}</figcaption>` : '';
  // The svg is our chart renderer's output; role="img" + aria-label gives it one accessible name.
  const chart = `<div class="chart" role="img" aria-label="${escapeHtml(f.alt)}">${f.svg}</div>`;
  return `<figure>${caption}${chart}${dataTableHtml(`Data for: ${f.caption ?? f.alt}`, f.data)}</figure>`;
}

interface Ctx { blocks: readonly Block[]; anchors: Map<Heading, string> }

// Links to the headings' ids: the reader jumps there, and Chromium keeps them as links in the PDF.
function contentsHtml(c: Contents, ctx: Ctx): string {
  const items = ctx.blocks.filter((b): b is Heading => b.kind === 'heading' && b.level <= c.depth)
    .map((h) => `<li class="level-${h.level}"><a href="#${ctx.anchors.get(h)!}">${escapeHtml(headingLabel(h))}</a></li>`).join('');
  return `<nav class="contents" aria-label="${escapeHtml(c.title)}"><h2>${escapeHtml(c.title)}</h2><ul>${items}</ul></nav>`;
}

/** The number before the text, in its own span so it can hang in the margin. */
function numbered(number: string | undefined, body: string): { cls: string; html: string } {
  // The space stays inside the span: copied text reads "4.1 The…", and the layout ignores it.
  return number ? { cls: ' class="numbered"', html: `<span class="number">${escapeHtml(number)} </span>${body}` } : { cls: '', html: body };
}

function blockHtml(b: Block, orientation: Orientation, ctx: Ctx): string {
  switch (b.kind) {
    case 'heading': {
      // The document title is the page's only h1, so model levels 1-3 map to h2-h4.
      const tag = `h${b.level + 1}`;
      const n = numbered(b.number, escapeHtml(b.text));
      return `<${tag} id="${ctx.anchors.get(b)!}"${n.cls}>${n.html}</${tag}>`;
    }
    case 'paragraph': {
      const n = numbered(b.number, inline(b.text));
      return `<p${n.cls}>${n.html}</p>`;
    }
    case 'contents': return contentsHtml(b, ctx);
    case 'sourceNote': return `<p class="source-note">${inline(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table': return tableHtml(b, orientation);
    case 'figure': return figureHtml(b);
    case 'pageBreak': return '<div class="page-break" aria-hidden="true"></div>';
  }
}

function sectionHtml(s: Section, index: number, ctx: Ctx): string {
  const cls = s.orientation === 'landscape' ? 'landscape' : 'portrait';
  // Sections after the first begin on a new page, as the pageBreak that opened them asked.
  const brk = index > 0 ? ' page-break' : '';
  return `<section class="${cls}${brk}">\n${s.blocks.map((b) => blockHtml(b, s.orientation, ctx)).join('\n')}\n</section>`;
}

/**
 * `footer: false` leaves the page numbers off, for a document printed as one part of a larger PDF
 * that numbers its pages once the parts are joined (the agenda pack).
 */
export function renderHtml(doc: Document, options: { footer?: boolean } = {}): string {
  const ctx: Ctx = { blocks: doc.blocks, anchors: headingAnchors(doc.blocks) };
  const logo = doc.logo
    ? `<img class="logo" src="${dataUrl(doc.logo)}" alt="${escapeHtml(doc.logo.alt)}" width="${doc.logo.width}" height="${doc.logo.height}">\n` : '';
  const subtitle = doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)} – ${escapeHtml(doc.partnershipName)}</title>
<style>${CSS}${pageCss(doc, options.footer !== false)}</style>
</head>
<body>
<main>
<header class="cover">
${logo}<p class="partnership">${escapeHtml(doc.partnershipName)}</p>
<h1 class="doc-title">${escapeHtml(doc.title)}</h1>
${subtitle}
</header>
${sectionsOf(doc.blocks).map((s, i) => sectionHtml(s, i, ctx)).join('\n')}
</main>
</body>
</html>
`;
}
