import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Document } from './model.js';
import { escapeHtml, renderHtml } from './render-html.js';
import { renderDocx } from './render-docx.js';
import { closePdfBrowser, pdfBrowserLaunches, renderPdf } from './render-pdf.js';
import { checkDocx } from './docx-check.js';
import { sampleDocument } from './sample-document.js';
import { parseXml, walk, type XmlElement } from './xml-tree.js';
import { needsChromium, needsPdftotext } from '../../test/tools.ts';
import { inkShare, readPng } from '../../test/png.ts';
import { readZip, readZipText } from './zip-read.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const EMU_PER_INCH = 914400;

let doc: Document;
let docx: Buffer;
let pdf: Buffer | null = null;
before(async () => {
  doc = await sampleDocument();
  docx = await renderDocx(doc);
});
after(closePdfBrowser);

const w = (el: XmlElement, local: string) => el.nsAttrs.get(`${W}|${local}`);
const children = (el: XmlElement | undefined, local: string) => el?.children.filter((c) => c.ns === W && c.local === local) ?? [];
const child = (el: XmlElement | undefined, local: string) => children(el, local)[0];

/** A paragraph's text as Word shows it: its runs' text, a tab as "\t". */
function paragraphText(p: XmlElement): string {
  return [...walk(p)].filter((e) => e.ns === W && e.local === 'r')
    .flatMap((r) => r.children.map((e) => (e.local === 't' ? e.text : e.local === 'tab' ? '\t' : ''))).join('');
}

function wordParagraphs(xml: string) {
  return [...walk(parseXml(xml))].filter((e) => e.ns === W && e.local === 'p').map((p) => {
    const pPr = child(p, 'pPr');
    return { el: p, style: w(child(pPr, 'pStyle') ?? p, 'val') ?? '', text: paragraphText(p), ind: child(pPr, 'ind') };
  });
}

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('HTML: numbered headings and paragraphs, contents links to heading ids, merged cells, source notes, logo and page boxes', () => {
  const html = renderHtml(doc);
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en-GB">/);
  assert.match(html, /<title>Annual report &amp; &lt;review&gt; – Safer O&#39;Town Partnership<\/title>/);
  assert.ok(!html.includes('<script>'), 'user text must never become markup');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  // Every contents link lands on a heading's id, in the headings' order.
  const links = [...html.matchAll(/<li class="level-(\d)"><a href="#([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[2], m[3]]);
  assert.deepEqual(links.map((l) => l[1]), ['1 Executive summary', '2 Background', '2.1 Members', '3 Delivery', '4 Referrals', 'Appendix A']);
  for (const [id, label] of links) {
    const heading = new RegExp(`<h[2-4] id="${id}"[^>]*>(.*?)</h[2-4]>`).exec(html);
    assert.ok(heading, `a heading has id ${id}`);
    assert.equal(heading[1]!.replace(/<[^>]+>/g, ''), label);
  }
  assert.equal(new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])).size, [...html.matchAll(/ id="/g)].length, 'ids are unique');
  assert.ok(html.includes('<h2 id="sec_1" class="numbered"><span class="number">1 </span>Executive summary</h2>'));
  assert.ok(html.includes('<p class="numbered"><span class="number">1.1 </span><strong>Crime fell: </strong>the partnership met its commitments.</p>'));
  assert.ok(html.includes('<p>An unnumbered paragraph.</p>'));
  assert.ok(html.includes('<td rowspan="2">Raise awareness</td>'));
  assert.ok(html.includes('<td colspan="2">Outcomes and lead not yet split</td>'));
  assert.ok(html.includes('<td rowspan="2" colspan="2">Share intelligence across partners</td>'));
  assert.ok(html.includes('<th scope="row"><p><strong>Crucial Crew</strong></p><p>Lead: CBC</p></th>'));
  assert.match(html, /<p class="source-note">Source: partners’ quarterly updates/);
  assert.match(html, /<img class="logo" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Safer Town logo"/);
  // Page boxes: the running header and the small logo on pages after the first, page numbers in the footer.
  assert.match(html, /@top-right \{ content: "Scrutiny Committee – 7 \\22 November\\22  \\3c \/style> 2022"/);
  assert.match(html, /@bottom-center \{ content: "Safer O'Town Partnership – Annual report & \\3c review> – page " counter\(page\) " of " counter\(pages\)/);
  assert.match(html, /@page :first \{ @top-left \{ content: none;/);
  assert.equal(html.match(/<\/style>/g)!.length, 1, 'no text closes the style element');
  assert.ok(html.includes('role="img" aria-label="Bar chart of referrals by quarter"><svg'));
  assert.ok(html.includes('<th scope="row">Q1 2022-23</th><td>12</td>'));
  assert.ok(!/(src|href)="https?:/.test(html), 'nothing is fetched from the network');
});

test('Word: the package passes every check', () => {
  assert.deepEqual(checkDocx(docx), []);
});

test('Word: the checker finds broken packages', () => {
  const files = readZip(docx);
  const documentXml = files.get('word/document.xml')!.toString('utf8');
  // A run's bold after its size breaks the schema's order; an unknown relationship; a crossed tag.
  const broken = documentXml.replace('<w:rPr><w:b/><w:bCs/><w:color w:val="1D70B8"/><w:sz w:val="26"/>', '<w:rPr><w:color w:val="1D70B8"/><w:sz w:val="26"/><w:b/>')
    .replace(/r:embed="rId\d+"/, 'r:embed="rId999"');
  assert.notEqual(broken, documentXml);
  const problems = checkDocx(rezip(files, { 'word/document.xml': broken, 'word/footer1.xml': '<w:ftr><w:p></w:ftr>' }, ['word/styles.xml']));
  const expect = [/w:b comes too late in w:rPr/, /refers to relationship rId999/, /word\/footer1.xml: not well-formed XML/, /points at styles.xml, which is not in the package/, /names \/word\/styles.xml, which is not in the package/];
  for (const e of expect) assert.ok(problems.some((p) => e.test(p)), `${e} in ${problems.join('\n')}`);
});

test('Word: heading styles with the number in the text and a bookmark; numbered paragraphs hang', () => {
  const paragraphs = wordParagraphs(readZipText(docx, 'word/document.xml')!);
  // The last paragraph of that text: the contents list repeats the headings before them.
  const byText = (text: string) => paragraphs.filter((p) => p.text === text).pop();
  for (const [text, style] of [['1 \tExecutive summary', 'Heading1'], ['2.1 \tMembers', 'Heading2'], ['2.2 \tBodies', 'Heading3'], ['Appendix A', 'Heading1']] as const) {
    const p = byText(text);
    assert.ok(p, `heading "${text}" in ${paragraphs.map((q) => JSON.stringify(q.text)).join(', ')}`);
    assert.equal(p.style, style);
    assert.ok([...walk(p.el)].some((e) => e.local === 'bookmarkStart'), `"${text}" carries a bookmark`);
  }
  const numbered = paragraphs.find((p) => p.text.startsWith('1.2 \tA second numbered paragraph'));
  assert.ok(numbered);
  assert.equal(w(numbered.ind!, 'hanging'), w(numbered.ind!, 'left'), 'the number hangs out of the text by the whole indent');
  assert.ok(Number(w(numbered.ind!, 'left')) >= 720);
  assert.equal(byText('An unnumbered paragraph.')?.ind, undefined);
  assert.equal(byText('Source: partners’ quarterly updates to the partnership, April to September 2022.')?.style, 'SourceNote');
  assert.match(readZipText(docx, 'word/styles.xml')!, /<w:style w:type="paragraph" w:styleId="SourceNote"[^>]*><w:name w:val="Source note"\/>/);
});

test('Word: the contents list links each heading’s bookmark, without a field to update', () => {
  const xml = readZipText(docx, 'word/document.xml')!;
  const root = parseXml(xml);
  const bookmarks = new Map([...walk(root)].filter((e) => e.local === 'bookmarkStart').map((e) => [w(e, 'name')!, e]));
  const links = [...walk(root)].filter((e) => e.ns === W && e.local === 'hyperlink');
  assert.deepEqual(links.map((l) => paragraphText(l)), ['1 Executive summary', '2 Background', '2.1 Members', '3 Delivery', '4 Referrals', 'Appendix A']);
  for (const l of links) assert.ok(bookmarks.has(w(l, 'anchor')!), `link to ${w(l, 'anchor')}`);
  assert.doesNotMatch(xml, /<w:fldChar|<w:instrText|<w:fldSimple/, 'no TOC field');
});

test('Word: merged cells take the width of the columns they cover and continue merges in those columns', () => {
  const root = parseXml(readZipText(docx, 'word/document.xml')!);
  const table = [...walk(root)].find((e) => e.ns === W && e.local === 'tbl' && paragraphText(e).includes('Crucial Crew'))!;
  const grid = children(child(table, 'tblGrid'), 'gridCol').map((g) => Number(w(g, 'w')));
  assert.equal(grid.length, 4);
  const rows = children(table, 'tr').slice(1).map((tr) => children(tr, 'tc').map((tc) => {
    const pr = child(tc, 'tcPr');
    return {
      text: paragraphText(tc), width: Number(w(child(pr, 'tcW')!, 'w')), span: Number(w(child(pr, 'gridSpan') ?? tc, 'val') ?? 1),
      merge: child(pr, 'vMerge') ? (w(child(pr, 'vMerge')!, 'val') ?? 'continue') : '',
    };
  }));
  // Row 2: the objective continues in column 1; the spanning cell covers columns 3 and 4.
  assert.deepEqual(rows[1]!.map((c) => [c.merge, c.span]), [['continue', 1], ['', 1], ['', 2]]);
  assert.equal(rows[1]![2]!.text, 'Outcomes and lead not yet split');
  assert.equal(rows[1]![2]!.width, grid[2]! + grid[3]!);
  // Rows 3 and 4: a cell across two columns and two rows, continued under both its columns.
  assert.deepEqual(rows[2]!.map((c) => [c.merge, c.span]), [['restart', 2], ['', 1], ['', 1]]);
  assert.equal(rows[2]![0]!.width, grid[0]! + grid[1]!);
  assert.deepEqual(rows[3]!.map((c) => [c.merge, c.span, c.text]), [['continue', 2, ''], ['', 1, 'Two arrests'], ['', 1, 'Police']]);
  assert.ok([...walk(children(table, 'tr')[0]!)].some((e) => e.local === 'tblHeader'), 'the header row repeats on each page');
});

/** The parts a part's relationships point at, by id. */
function relTargets(files: Map<string, Buffer>, rels: string): Map<string, string> {
  return new Map(parseXml(files.get(rels)!.toString('utf8')).children.map((r) => [r.attrs.get('Id')!, `word/${r.attrs.get('Target')!}`]));
}
const relId = (el: XmlElement, local: string) => [...el.nsAttrs].find(([k]) => k.endsWith(`/relationships|${local}`))?.[1];

test('Word: a chart without a picture gets one drawn from its SVG at print resolution, with its labels', () => {
  const files = readZip(docx);
  const document = parseXml(files.get('word/document.xml')!.toString('utf8'));
  const drawing = [...walk(document)].find((e) => e.local === 'docPr' && e.attrs.get('descr') === 'Bar chart of referrals by quarter');
  assert.ok(drawing, 'the chart is in the document with its description');
  const inline = [...walk(document)].find((e) => e.local === 'inline' && e.children.includes(drawing))!;
  const extent = inline.children.find((e) => e.local === 'extent')!;
  const blip = [...walk(inline)].find((e) => e.local === 'blip')!;
  const png = files.get(relTargets(files, 'word/_rels/document.xml.rels').get(relId(blip, 'embed')!)!)!;
  const image = readPng(png);
  const printedInches = Number(extent.attrs.get('cx')) / EMU_PER_INCH;
  assert.ok(image.width / printedInches >= 200, `${image.width} px over ${printedInches.toFixed(2)} in is at least 200 dpi`);
  assert.ok([...walk(inline)].some((e) => e.local === 'svgBlip'), 'the SVG stays beside it for Word to draw');
  // The axis labels are drawn: the strip under the bars holds text.
  const strip = { ...image, pixels: image.pixels.subarray(Math.floor(image.height * 0.75) * image.width) };
  assert.ok(inkShare(strip) > 0.005, `labels under the chart (${(inkShare(strip) * 100).toFixed(2)}% ink)`);
  assert.ok(paragraphText(document).includes('Data for: Referrals by quarter'), 'the data table stays');
});

test('Word: the logo on the cover and in the header of later pages with the running header; page numbers in the footer', () => {
  const files = readZip(docx);
  const document = files.get('word/document.xml')!.toString('utf8');
  const root = parseXml(document);
  const body = child(root, 'body')!;
  assert.ok([...walk(body.children[0]!)].some((e) => e.local === 'docPr' && e.attrs.get('descr') === 'Safer Town logo'), 'the cover opens with the logo');
  const sections = [...walk(root)].filter((e) => e.ns === W && e.local === 'sectPr');
  assert.equal(sections.length, 3);
  assert.ok(child(sections[0], 'titlePg'), 'the first section has a cover page of its own');
  const targets = relTargets(files, 'word/_rels/document.xml.rels');
  const headerOf = (s: XmlElement, type: string) => {
    const ref = children(s, 'headerReference').find((r) => w(r, 'type') === type);
    return ref ? files.get(targets.get(relId(ref, 'id')!)!)!.toString('utf8') : null;
  };
  for (const [i, s] of sections.entries()) {
    const header = headerOf(s, 'default')!;
    assert.equal(paragraphText(parseXml(header)), '\tScrutiny Committee – 7 "November" </style> 2022', `section ${i + 1}'s header`);
    assert.match(header, /descr="Safer Town logo"/);
  }
  assert.equal(paragraphText(parseXml(headerOf(sections[0]!, 'first')!)), '', 'the cover has no header');
  const footer = files.get('word/footer1.xml')!.toString('utf8');
  assert.match(footer, /PAGE/);
  assert.match(footer, /NUMPAGES/);
});

function rezip(files: Map<string, Buffer>, replace: Record<string, string>, drop: string[]): Buffer {
  // Stored (uncompressed) entries are enough for the checker, which reads both kinds.
  const entries = [...files].filter(([name]) => !drop.includes(name)).map(([name, data]) => [name, replace[name] !== undefined ? Buffer.from(replace[name]!) : data] as const);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const needsPdfText = needsChromium || needsPdftotext;

async function samplePdf(): Promise<Buffer> {
  pdf ??= await renderPdf(doc);
  return pdf;
}

test('PDF prints from the HTML and reuses one browser', { skip: needsChromium }, async () => {
  const launchesBefore = pdfBrowserLaunches();
  const first = await samplePdf();
  assert.equal(first.subarray(0, 4).toString(), '%PDF');
  const second = await renderPdf({ title: 'Short', partnershipName: 'P', blocks: [] });
  assert.equal(second.subarray(0, 4).toString(), '%PDF');
  assert.ok(pdfBrowserLaunches() - launchesBefore <= 1, 'the second print used the browser the first started');
});

test('PDF: numbers, the running header after the cover, page numbers and contents links', { skip: needsPdfText }, async () => {
  const file = await samplePdf();
  const page = (n: number) => spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-', '-'], { input: file, encoding: 'utf8' }).stdout;
  const all = spawnSync('pdftotext', ['-layout', '-', '-'], { input: file, encoding: 'utf8' }).stdout;
  assert.ok(all.includes('Crucial Crew'), all);
  assert.ok(all.includes('<script>alert(1)</script>'), 'escaped text prints as typed');
  assert.match(all, /1\.1 +Crime fell: the partnership met its commitments\./);
  assert.match(page(1), /page 1 of \d/);
  assert.doesNotMatch(page(1), /Scrutiny Committee/, 'the cover has no running header');
  assert.match(page(2), /Scrutiny Committee – 7 "November" <\/style> 2022/);
  assert.match(page(2), /page 2 of \d/);
  // Chromium keeps the contents' links as links inside the PDF.
  const links = (file.toString('latin1').match(/\/Subtype\s*\/Link/g) ?? []).length;
  assert.ok(links >= 6, `${links} links in the PDF`);
});

test('PDF: page 1 rendered to an image is not blank', { skip: needsChromium || (spawnSync('pdftoppm', ['-v']).error ? 'needs pdftoppm (apt-get install poppler-utils)' : false) }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'csp-hub-page-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), await samplePdf());
    const run = spawnSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-png', '-singlefile', join(dir, 'doc.pdf'), join(dir, 'page')]);
    assert.equal(run.status, 0, String(run.stderr));
    const image = readPng(readFileSync(join(dir, 'page.png')));
    assert.ok(image.width > 300 && image.height > 400, `${image.width}×${image.height}`);
    const ink = inkShare(image);
    // Text, the logo and the cover rule: a few per cent of the page, not nothing and not all.
    assert.ok(ink > 0.01 && ink < 0.5, `${(ink * 100).toFixed(2)}% of page 1 is ink`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const needsSoffice = spawnSync('soffice', ['--version']).error
  ? 'needs LibreOffice to open the .docx (apt-get install libreoffice-writer-nogui)' : false;

test('LibreOffice opens the .docx and converts it to PDF with its text', { skip: needsSoffice || needsPdftotext }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'csp-hub-soffice-'));
  try {
    writeFileSync(join(dir, 'report.docx'), docx);
    // A private profile, so a running LibreOffice or an earlier test cannot get in the way.
    const run = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'report.docx')],
      { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const text = spawnSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['Annual report & <review>', 'Executive summary', 'Crucial Crew', 'Outcomes and lead not yet split', 'Data for: Referrals by quarter', 'Source: referral records.', 'Scrutiny Committee']) {
      assert.ok(text.includes(expected), `"${expected}" in LibreOffice's PDF:\n${text}`);
    }
    assert.match(text, /page 1 of \d/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
