import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD, draftNextYear } from '../../../test/helpers.ts';
import { readZipText } from '../../documents/zip-read.ts';
import { needsChromium } from '../../../test/tools.ts';

// The Annual Partnership Plan as HTML, Word and PDF, and who may fetch which.

let t: Awaited<ReturnType<typeof testApp>>;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** An initiative of the 2022-23 plan whose name needs no escaping in XML or HTML. */
async function plainInitiativeName(): Promise<string> {
  const rows = await t.db.query<{ name: string }>(
    `SELECT i.name FROM initiatives i JOIN plans p ON p.id = i.plan_id JOIN partnerships s ON s.id = p.partnership_id
      WHERE s.slug = 'scp' AND p.start_year = 2022 ORDER BY i.id`);
  const name = rows.map((r) => r.name).find((n) => /^[A-Za-z0-9 ]{6,}$/.test(n));
  assert.ok(name, 'the 2022-23 plan has an initiative with a plain name');
  return name;
}

before(async () => {
  t = await testApp();
  await draftNextYear(t.services);
});
after(async () => { await t?.close(); });

test('the Word document of the published 2022-23 plan holds its initiatives under the Objective column', async () => {
  const name = await plainInitiativeName();
  const res = await new Agent(t.app).get('/p/scp/plans/2022-23/document.docx');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], DOCX);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="scp-annual-partnership-plan-2022-23.docx"');
  const zip = res.rawPayload;
  assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK', 'a zip file');
  const xml = readZipText(zip, 'word/document.xml');
  assert.ok(xml, 'the zip holds word/document.xml');
  assert.ok(xml.includes(name), `the document names ${name}`);
  assert.ok(xml.includes('Objective'), 'the delivery tables have an Objective column');
  assert.ok(xml.includes('Annual Partnership Plan 2022-23'));
});

test('the PDF of the published plan is a PDF', { skip: needsChromium }, async () => {
  const res = await new Agent(t.app).get('/p/scp/plans/2022-23/document.pdf');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['content-disposition'], 'attachment; filename="scp-annual-partnership-plan-2022-23.pdf"');
  assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(res.rawPayload.length > 10_000, 'a real document, not an empty page');
});

test('the print-friendly page is the document itself, with a policy that lets only its own styles in', async () => {
  const name = await plainInitiativeName();
  const res = await new Agent(t.app).get('/p/scp/plans/2022-23/document');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(res.body, /<h1 class="doc-title">Annual Partnership Plan 2022-23<\/h1>/);
  assert.ok(res.body.includes(name));
  assert.doesNotMatch(res.body, /<script/);
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /style-src 'unsafe-inline'/);
  assert.doesNotMatch(csp, /script-src/);
});

test('anonymous visitors get no document of the 2023-24 draft; a signed-in viewer does', async () => {
  const anon = new Agent(t.app);
  for (const path of ['document', 'document.docx', 'document.pdf']) {
    const res = await anon.get(`/p/scp/plans/2023-24/${path}`);
    assert.equal(res.statusCode, 404, `${path} of the draft is hidden`);
    assert.doesNotMatch(res.body, /Annual Partnership Plan 2023-24/);
  }
  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  const html = await viewer.get('/p/scp/plans/2023-24/document');
  assert.equal(html.statusCode, 200);
  assert.match(html.body, /Annual Partnership Plan 2023-24/);
  assert.match(html.body, /Draft/);
  assert.equal(html.headers['cache-control'], 'private, no-store');
  const docx = await viewer.get('/p/scp/plans/2023-24/document.docx');
  assert.equal(docx.statusCode, 200);
  assert.equal(docx.headers['content-disposition'], 'attachment; filename="scp-annual-partnership-plan-2023-24.docx"');
});

test('a year that is not a plan year is not found', async () => {
  const anon = new Agent(t.app);
  assert.equal((await anon.get('/p/scp/plans/2022-24/document.docx')).statusCode, 404);
  assert.equal((await anon.get('/p/scp/plans/1999-00/document.pdf')).statusCode, 404);
  assert.equal((await anon.get('/p/nowhere/plans/2022-23/document')).statusCode, 404);
});

test('the plan’s initiatives as CSV: byte order mark, headers and values in words', async () => {
  const res = await new Agent(t.app).get('/p/scp/plans/2022-23?format=csv');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/csv/);
  assert.ok(res.body.startsWith('\uFEFFPlan year,Priority,Objective,Initiative,Lead,'), res.body.slice(0, 60));
  const rows = res.body.split('\r\n');
  assert.ok(rows.length > 40, 'one row per initiative');
  assert.doesNotMatch(res.body, /,(business_as_usual|dates|ongoing|various|active|planned|completed|delayed|cancelled),/, 'no stored codes as cells');
  assert.match(res.body, /,(Active|Completed|Planned|Delayed|Cancelled),/);
  assert.doesNotMatch(res.body, /,\d{4}-\d{2}-\d{2},/, 'dates in words');
});
