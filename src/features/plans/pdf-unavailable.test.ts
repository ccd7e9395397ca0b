import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent } from '../../../test/helpers.ts';

// A server without Chromium: the PDF link answers with a page that says what PDF needs and how to
// install it (503), not a server error, and the Word document and printable page still work.
// render-pdf reads CHROMIUM_PATH when it first starts a browser, which this process never has.
process.env.CHROMIUM_PATH = '/nonexistent/csp-hub-test/chromium';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('without Chromium the PDF answers 503 with how to install it, and offers Word and the printable page', async () => {
  const res = await new Agent(t.app).get('/p/scp/plans/2022-23/document.pdf');
  assert.equal(res.statusCode, 503);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.equal(res.headers['content-disposition'], undefined, 'a page, not a download');
  assert.match(res.body, /<h1[^>]*>The PDF cannot be made on this server<\/h1>/);
  assert.match(res.body, /PDF needs Chromium: install it \(apt-get install chromium\) or set CHROMIUM_PATH/);
  assert.doesNotMatch(res.body, /nonexistent/, 'the server’s paths are for its log, not the page');
  assert.match(res.body, /href="\/p\/scp\/plans\/2022-23\/document.docx"/);
  assert.equal((await new Agent(t.app).get('/p/scp/plans/2022-23/document.docx')).statusCode, 200);
});

test('a plan the visitor may not see is still not found, Chromium or not', async () => {
  assert.equal((await new Agent(t.app).get('/p/scp/plans/1999-00/document.pdf')).statusCode, 404);
});
