// The demo's 2022-23 plan as people get it — the web page, the API, and the HTML, Word and PDF
// documents — states only what the plan records: no publication date it does not have, three key
// priorities (the section outside them unnumbered and shown once), no word broken in two, and no
// value repeated beside itself ("Ongoing (Ongoing)").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { testApp } from '../../../test/helpers.ts';
import { renderHtml } from '../../documents/render-html.js';
import { renderDocx } from '../../documents/render-docx.js';
import { closePdfBrowser, renderPdf } from '../../documents/render-pdf.js';
import { readZipText } from '../../documents/zip-read.js';
import { wordWidthEm } from '../../documents/column-widths.js';
import { formatDate, planDocument } from './plan-document.js';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import type { PlanDetail } from './types.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let plan: PlanDetail;
before(async () => {
  t = await testApp();
  plan = await t.services.plans.get(await t.services.partnerships.bySlug('scp'), 2022, ANONYMOUS);
});
after(async () => { await closePdfBrowser(); await t?.close(); });

const OUTSIDE = 'Vulnerabilities/Opportunities for Partnership/ Multi-agency working';
const today = formatDate(new Date().toISOString());
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** A value followed by itself in brackets, as in "Ongoing (Ongoing)". */
const REPEATED = /(?<![\w/])([A-Za-z][\w ]*?) \(\1\)/;

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pdfSkip = !existsSync(chromium) ? `Chromium is not at ${chromium} (set CHROMIUM_PATH): the PDF cannot be printed here`
  : spawnSync('pdftotext', ['-v']).error ? 'pdftotext is not installed: the PDF text cannot be read here' : false;
if (pdfSkip) console.log(`Skipping the PDF checks: ${pdfSkip}`);

/** The text of an HTML page: tags, scripts and styles removed, entities for & < > " ' decoded. */
function htmlText(html: string): string {
  return html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
}

/** Word paragraphs as [style, text]. */
function docxParagraphs(xml: string): { style: string; text: string }[] {
  return xml.split('</w:p>').map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '',
    text: [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }));
}

function checkText(text: string, where: string) {
  assert.ok(!text.includes('Published on'), `${where}: a publication date the plan does not record`);
  assert.ok(!text.includes(today), `${where}: today's date (${today}), when the demo was loaded`);
  assert.match(text, /identified 3 key priorities/, `${where}: three key priorities`);
  assert.ok(!/identified 4 key priorities|Priority 4/.test(text), `${where}: the section outside the key priorities counted or numbered`);
  assert.equal(count(text, OUTSIDE), 1, `${where}: the section outside the key priorities shown once`);
  assert.ok(!text.includes('Other vulnerabilities and opportunities'), `${where}: the section outside the key priorities shown a second time`);
  assert.match(text, /date not recorded/, `${where}: the approval date is said to be not recorded`);
  assert.ok(!REPEATED.test(text), `${where}: "${REPEATED.exec(text)?.[0]}" repeats a value beside itself`);
}

test('the HTML document', () => {
  const html = renderHtml(planDocument(plan));
  checkText(htmlText(html), 'HTML');
  assert.equal((html.match(/<h[2-4][^>]*>Vulnerabilities\/Opportunities/g) ?? []).length, 1);
  // Each strategy strand column is wide enough for "Vulnerabilities" at 9.5pt on a landscape page.
  const needed = ((wordWidthEm('Vulnerabilities') * 9.5 + 4 * 72 / 25.4) * 100) / ((297 - 28 - 16) * 72 / 25.4);
  const strandColumns = [...html.matchAll(/<colgroup>((?:<col style="width:[\d.]+%">)+)<\/colgroup>/g)].map((m) => Number(/([\d.]+)%">$/.exec(m[1]!)![1]));
  assert.ok(strandColumns.length >= 4);
  for (const w of strandColumns) assert.ok(w >= needed, `strand column ${w}% is narrower than "Vulnerabilities" needs (${needed.toFixed(1)}%)`);
});

test('the Word document', async () => {
  const xml = readZipText(await renderDocx(planDocument(plan)), 'word/document.xml') ?? '';
  const paragraphs = docxParagraphs(xml);
  checkText(paragraphs.map((p) => p.text).join('\n'), 'Word');
  assert.equal(paragraphs.filter((p) => /^Heading/.test(p.style) && p.text.startsWith('Vulnerabilities/Opportunities')).length, 1);
  // Word lays the grid out as given: the strand column must hold "Vulnerabilities" at 11pt with the cell margins.
  const needed = (wordWidthEm('Vulnerabilities') * 11 + 11.5) * 20;
  const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((x) => Number(x[1])));
  const planTables = grids.filter((g) => g.length === 6);
  assert.ok(planTables.length >= 4);
  for (const g of planTables) assert.ok(g.at(-1)! >= needed, `strand column ${g.at(-1)} twips, "Vulnerabilities" needs ${Math.ceil(needed)}`);
});

test('the PDF document', { skip: pdfSkip }, async () => {
  const pdf = await renderPdf(planDocument(plan));
  const text = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
  const flat = text.replace(/\s+/g, ' ');
  checkText(flat, 'PDF');
  // A word broken across lines shows as a start of it that ends the line's cell ("Vulnerabiliti").
  for (const word of ['Vulnerabilities', 'Organised', 'Complex', 'Serious', 'Violent', 'Violence']) {
    for (let k = 4; k < word.length; k++) {
      const broken = new RegExp(`\\b${word.slice(0, k)}(?![A-Za-z])`).exec(text);
      assert.equal(broken, null, `"${word}" is broken mid-word in the PDF: "${broken?.[0]}"`);
    }
  }
});

test('the plan page and the API say the same', async () => {
  const page = await t.app.inject({ url: '/p/scp/plans/2022-23' });
  assert.equal(page.statusCode, 200);
  // The delivery roll-up names every priority and the section (a bar and a table row each); the plan
  // itself must show the section once, and never as a priority.
  const rollup = /<h2[^>]*id="delivery"[\s\S]*?(?=<form method="get")/.exec(page.body);
  assert.ok(rollup, 'the plan page has its delivery roll-up');
  assert.equal(count(htmlText(rollup[0]), OUTSIDE), 2, 'the roll-up names the section in its bar and its table');
  const text = htmlText(page.body.replace(rollup[0], ''));
  assert.equal(count(text, OUTSIDE), 1, 'the section outside the key priorities shown once in the plan');
  assert.ok(!text.includes('Priority 4') && !REPEATED.test(text));
  assert.match(text, /Approved by the One Colchester Strategic Board \(date not recorded\)/);
  assert.ok(!text.includes(today));

  const api = await t.app.inject({ url: '/api/v1/partnerships/scp/plans/2022-23' });
  assert.equal(api.statusCode, 200);
  const json = JSON.parse(api.body) as { approvedOn: string | null; publishedAt: string | null; priorities: { kind: string; number: number | null; title: string }[] };
  assert.equal(json.approvedOn, null);
  assert.equal(json.publishedAt, null);
  assert.deepEqual(json.priorities.map((p) => [p.kind, p.number]), [['key', 1], ['key', 2], ['key', 3], ['cross_cutting', null]]);
  assert.equal(count(api.body, OUTSIDE), 1);
});
