// Document → one standalone HTML page: no external files, so it can be saved, emailed, published
// on the public site, or printed to PDF by Chromium without network access.
import type { Block, Cell, Contents, DataTable, Document, Figure, Heading, Inline, Orientation, Section, Table } from './model.js';
import { headingLabel, runsOf, sectionsOf } from './model.js';
import { fitColumnWidths, type Measure } from './column-widths.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// Print first: A4 pages, a named landscape page for wide tables, header rows repeated by the
// browser (thead), rows kept whole where they fit. Screen view is the same page centred.
const CSS = `
@page { size: A4 portrait; margin: 16mm 14mm; }
@page wide { size: A4 landscape; margin: 14mm 12mm; }
:root { color: #0b0c0c; background: #fff; }
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; margin: 0; }
main { max-width: 270mm; margin: 0 auto; padding: 8mm; }
header.cover { border-bottom: 3px solid #1d70b8; margin-bottom: 6mm; }
.partnership { font-size: 12pt; font-weight: bold; color: #1d70b8; margin: 0; }
h1 { font-size: 20pt; margin: 2mm 0 4mm; }
h2 { font-size: 15pt; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; }
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
.source-note { font-size: 9pt; color: #505a5f; }
.contents ul { list-style: none; padding-left: 0; }
.contents .level-2 { padding-left: 6mm; }
figcaption { font-weight: bold; margin: 0 0 2mm; }
section.landscape { page: wide; }
.page-break { break-before: page; }
@media screen { section.landscape { border-top: 1px dashed #b1b4b6; padding-top: 4mm; } }
`;

function inline(text: Inline): string {
  return runsOf(text).map((r) => (r.bold ? `<strong>${escapeHtml(r.text)}</strong>` : escapeHtml(r.text))).join('');
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

function contentsHtml(c: Contents, blocks: readonly Block[]): string {
  const items = blocks.filter((b): b is Heading => b.kind === 'heading' && b.level <= c.depth)
    .map((h) => `<li class="level-${h.level}">${escapeHtml(headingLabel(h))}</li>`).join('');
  return `<nav class="contents"><h2>${escapeHtml(c.title)}</h2><ul>${items}</ul></nav>`;
}

function blockHtml(b: Block, orientation: Orientation, blocks: readonly Block[]): string {
  switch (b.kind) {
    // The document title is the page's only h1, so model levels 1-3 map to h2-h4.
    case 'heading': return `<h${b.level + 1}>${escapeHtml(headingLabel(b))}</h${b.level + 1}>`;
    case 'paragraph': return `<p>${b.number ? `<span class="number">${escapeHtml(b.number)}</span> ` : ''}${inline(b.text)}</p>`;
    case 'contents': return contentsHtml(b, blocks);
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

function sectionHtml(s: Section, index: number, blocks: readonly Block[]): string {
  const cls = s.orientation === 'landscape' ? 'landscape' : 'portrait';
  // Sections after the first begin on a new page, as the pageBreak that opened them asked.
  const brk = index > 0 ? ' page-break' : '';
  return `<section class="${cls}${brk}">\n${s.blocks.map((b) => blockHtml(b, s.orientation, blocks)).join('\n')}\n</section>`;
}

export function renderHtml(doc: Document): string {
  const subtitle = doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)} – ${escapeHtml(doc.partnershipName)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="cover">
<p class="partnership">${escapeHtml(doc.partnershipName)}</p>
<h1 class="doc-title">${escapeHtml(doc.title)}</h1>
${subtitle}
</header>
${sectionsOf(doc.blocks).map((s, i) => sectionHtml(s, i, doc.blocks)).join('\n')}
</main>
</body>
</html>
`;
}
