// A stored HTML file (as render-html.ts writes it) → the Document it was printed from. A published
// version keeps its files, not its model; reading the HTML back gives its text exactly as published,
// where building it again would give today's data. Only our own renderer's output is read.
import { parse, type HTMLElement, type Node } from 'node-html-parser';
import type { Block, Cell, Document, Heading, Inline, Orientation, Run, Table } from './model.js';

const TEXT_NODE = 3;

function runsOfNode(el: HTMLElement): Run[] {
  const runs: Run[] = [];
  for (const n of el.childNodes) {
    if (n.nodeType === TEXT_NODE) { if (n.text) runs.push({ text: n.text }); continue; }
    const child = n as HTMLElement;
    if (child.classList?.contains('number')) continue;
    const text = child.text;
    if (text) runs.push(child.tagName === 'STRONG' ? { text, bold: true } : { text });
  }
  return runs;
}

/** Runs as the model writes them: a plain string when nothing is bold. */
function inlineOf(el: HTMLElement): Inline {
  const runs = runsOfNode(el);
  return runs.some((r) => r.bold) ? runs : runs.map((r) => r.text).join('');
}

/** The hanging number ("2.1") a numbered heading or paragraph carries, without its trailing space. */
function numberOf(el: HTMLElement): { number?: string } {
  const span = el.childNodes.find((n): n is HTMLElement => n.nodeType !== TEXT_NODE && (n as HTMLElement).classList.contains('number'));
  return span ? { number: span.text.trim() } : {};
}

const elements = (nodes: readonly Node[]) => nodes.filter((n): n is HTMLElement => n.nodeType !== TEXT_NODE);

function cellOf(el: HTMLElement): Cell {
  const ps = elements(el.childNodes).filter((c) => c.tagName === 'P');
  const rowSpan = Number(el.getAttribute('rowspan') ?? 1);
  const colSpan = Number(el.getAttribute('colspan') ?? 1);
  return {
    paragraphs: ps.length ? ps.map(inlineOf) : [inlineOf(el)],
    ...(rowSpan > 1 ? { rowSpan } : {}), ...(colSpan > 1 ? { colSpan } : {}),
    ...(el.tagName === 'TH' ? { rowHeader: true } : {}),
  };
}

function tableOf(el: HTMLElement): Table {
  const widths = el.querySelectorAll('colgroup col').map((c) => Number(/width:\s*([\d.]+)%/.exec(c.getAttribute('style') ?? '')?.[1]));
  return {
    kind: 'table',
    caption: el.querySelector('caption')?.text ?? '',
    header: el.querySelectorAll('thead th').map((th) => th.text),
    rows: el.querySelectorAll('tbody tr').map((tr) => elements(tr.childNodes).map(cellOf)),
    ...(widths.length && widths.every(Number.isFinite) ? { widths } : {}),
  };
}

function blockOf(el: HTMLElement, source: string): Block | null {
  const tag = el.tagName;
  if (/^H[234]$/.test(tag)) {
    const text = el.childNodes.filter((n) => !(n.nodeType !== TEXT_NODE && (n as HTMLElement).classList.contains('number'))).map((n) => n.text).join('');
    return { kind: 'heading', level: (Number(tag[1]) - 1) as Heading['level'], text, ...numberOf(el) };
  }
  if (tag === 'P') {
    if (el.classList.contains('source-note')) return { kind: 'sourceNote', text: inlineOf(el) };
    return { kind: 'paragraph', text: inlineOf(el), ...numberOf(el) };
  }
  if (tag === 'UL' || tag === 'OL') {
    return { kind: 'list', items: elements(el.childNodes).map(inlineOf), ...(tag === 'OL' ? { ordered: true } : {}) };
  }
  if (tag === 'NAV' && el.classList.contains('contents')) {
    return { kind: 'contents', title: el.querySelector('h2')?.text ?? 'Contents', depth: el.querySelector('li.level-2') ? 2 : 1 };
  }
  if (tag === 'TABLE') return tableOf(el);
  if (tag === 'FIGURE') {
    const chart = el.querySelector('.chart');
    const data = el.querySelector('table.data');
    const caption = el.querySelector('figcaption')?.text;
    // The chart's markup is taken as it was written, not as the parser would write it again.
    const svg = chart ? source.slice(chart.firstChild ? chart.firstChild.range[0] : chart.range[1], chart.lastChild ? chart.lastChild.range[1] : chart.range[1]) : '';
    return {
      kind: 'figure', svg, alt: chart?.getAttribute('aria-label') ?? '', ...(caption ? { caption } : {}),
      data: {
        header: data?.querySelectorAll('thead th').map((th) => th.text) ?? [],
        rows: data?.querySelectorAll('tbody tr').map((tr) => elements(tr.childNodes).map((c) => c.text)) ?? [],
      },
    };
  }
  if (tag === 'DIV' && el.classList.contains('page-break')) return { kind: 'pageBreak' };
  return null;
}

/** Reads a document written by renderHtml; the logo and page furniture are left out (they are the page's, not the text's). */
export function readHtml(html: string): Document {
  const root = parse(html, { blockTextElements: { script: false, style: false } });
  const main = root.querySelector('main');
  if (!main) throw new Error('Not a generated document: it has no main element');
  const cover = main.querySelector('header.cover');
  const subtitle = cover?.querySelector('.subtitle')?.text;
  const blocks: Block[] = [];
  elements(main.childNodes).filter((s) => s.tagName === 'SECTION').forEach((s, i) => {
    // Each section after the first was opened by a page break with its orientation.
    if (i > 0) blocks.push({ kind: 'pageBreak', orientation: (s.classList.contains('landscape') ? 'landscape' : 'portrait') as Orientation });
    for (const el of elements(s.childNodes)) {
      const b = blockOf(el, html);
      if (b) blocks.push(b);
    }
  });
  return {
    title: cover?.querySelector('h1')?.text ?? '',
    ...(subtitle ? { subtitle } : {}),
    partnershipName: cover?.querySelector('.partnership')?.text ?? '',
    blocks,
  };
}
