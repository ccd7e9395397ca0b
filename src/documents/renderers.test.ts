import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Document } from './model.js';
import { cell, heading, list, pageBreak, paragraph } from './model.js';
import { escapeHtml, renderHtml } from './render-html.js';
import { renderDocx } from './render-docx.js';
import { closePdfBrowser, pdfBrowserLaunches, renderPdf } from './render-pdf.js';
import { needsChromium, needsPdftotext } from '../../test/tools.ts';
import { readZip, readZipText } from './zip-read.js';

// A 1×1 PNG: Word needs a raster fallback beside an SVG picture.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"><rect width="100" height="50" fill="#1d70b8"/></svg>';

const doc: Document = {
  title: 'Test & <Report>',
  subtitle: 'Draft "one"',
  partnershipName: "Safer O'Town Partnership",
  blocks: [
    heading(1, 'Members'),
    paragraph([{ text: 'Lead: ', bold: true }, { text: 'CBC & Essex Police' }]),
    list(['Colchester Borough Council (CBC)', 'Essex Police']),
    list(['First', 'Second'], true),
    list(['Again first'], true),
    pageBreak('landscape'),
    heading(2, 'Priority 1'),
    {
      kind: 'table', caption: 'Priority 1 initiatives', header: ['Objective', 'Initiative', 'Outcomes'], widths: [30, 40, 30],
      rows: [
        [{ ...cell('Raise awareness'), rowSpan: 2 }, { ...cell([{ text: 'Crucial Crew', bold: true }], 'Lead: CBC'), rowHeader: true }, cell('1071 children')],
        [{ ...cell('<script>alert(1)</script>'), rowHeader: true }, cell('')],
        [cell('Share intelligence'), { ...cell('MAC Panel'), rowHeader: true }, cell('Lines disrupted')],
      ],
    },
    pageBreak('portrait'),
    { kind: 'figure', svg: SVG, alt: 'Bar chart of referrals', caption: 'Referrals by quarter', data: { header: ['Quarter', 'Referrals'], rows: [['Q1', '12'], ['Q2', '15']] }, png: PNG },
    { kind: 'figure', svg: SVG, alt: 'Chart without raster', data: { header: ['Year', 'Offences'], rows: [['2021', '320']] } },
  ],
};

after(closePdfBrowser);

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('HTML is a standalone en-GB page with accessible, escaped tables', () => {
  const html = renderHtml(doc);
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en-GB">/);
  assert.match(html, /<title>Test &amp; &lt;Report&gt; – Safer O&#39;Town Partnership<\/title>/);
  assert.ok(!html.includes('<script>'), 'user text must never become markup');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('<caption>Priority 1 initiatives</caption>'));
  assert.ok(html.includes('<th scope="col">Objective</th><th scope="col">Initiative</th>'));
  assert.ok(html.includes('<td rowspan="2">Raise awareness</td>'));
  assert.ok(html.includes('<th scope="row"><p><strong>Crucial Crew</strong></p><p>Lead: CBC</p></th>'));
  assert.ok(html.includes('<col style="width:30%">'));
  assert.ok(html.includes('<strong>Lead: </strong>CBC &amp; Essex Police'));
  assert.ok(html.includes('<ol><li>First</li><li>Second</li></ol>'));
  assert.ok(html.includes('<section class="landscape page-break">'));
  assert.ok(html.includes('role="img" aria-label="Bar chart of referrals"><svg'));
  assert.ok(html.includes('<th scope="row">Q1</th><td>12</td>'));
  assert.ok(!/(src|href)="https?:/.test(html), 'nothing is fetched from the network');
});

test('docx has heading styles, a repeated header row, a vertical merge and a landscape section', async () => {
  const buf = await renderDocx(doc);
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
  const xml = readZipText(buf, 'word/document.xml');
  assert.ok(xml);
  assert.ok(xml.includes('w:val="Heading1"'));
  assert.ok(xml.includes('w:val="Title"'));
  assert.ok(xml.includes('<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'), 'header row repeats on each page');
  assert.match(xml, /<w:vMerge w:val="restart"\/>/);
  assert.match(xml, /<w:vMerge w:val="continue"\/>/);
  assert.match(xml, /w:orient="landscape"/);
  assert.ok(xml.includes('Crucial Crew'));
  assert.ok(xml.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  // The merged cell sits in the first column: the row below starts with the continuation cell.
  const secondRow = xml.split('<w:tr>')[3]!;
  assert.ok(secondRow.indexOf('w:vMerge') < secondRow.indexOf('script'), 'continuation cell comes first');
  const files = [...readZip(buf).keys()];
  assert.ok(files.some((f) => f.startsWith('word/media/') && f.endsWith('.svg')), `svg picture embedded: ${files.join(', ')}`);
  assert.ok(xml.includes('Chart: Chart without raster'));
  // Two ordered lists restart their numbering: two numbering instances.
  const numbering = readZipText(buf, 'word/numbering.xml') ?? '';
  assert.ok((numbering.match(/<w:num w:numId=/g) ?? []).length >= 2);
});

test('PDF prints from the HTML and reuses one browser', { skip: needsChromium }, async (t) => {
  const launchesBefore = pdfBrowserLaunches();
  const first = await renderPdf(doc);
  assert.equal(first.subarray(0, 4).toString(), '%PDF');
  const second = await renderPdf(doc);
  assert.equal(second.subarray(0, 4).toString(), '%PDF');
  assert.ok(pdfBrowserLaunches() - launchesBefore <= 1, 'the second print used the browser the first started');
  if (needsPdftotext) return t.skip(`the PDF's text is not checked: ${needsPdftotext}`);
  const text = spawnSync('pdftotext', ['-', '-'], { input: first, encoding: 'utf8' });
  assert.ok(text.stdout.includes('Crucial Crew'), text.stdout);
  assert.ok(text.stdout.includes('<script>alert(1)</script>'), 'escaped text prints as typed');
  assert.match(text.stdout, /page 1 of \d/);
});
