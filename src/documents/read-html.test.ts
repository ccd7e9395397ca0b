// Reading a stored HTML file back must give the document it was printed from: the agenda pack prints
// a published report's text from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from './render-html.js';
import { readHtml } from './read-html.js';
import { sampleDocument } from './sample-document.js';
import type { Document } from './model.js';

test('a document read back from its HTML prints the same HTML again', async () => {
  const { logo: _logo, runningHeader: _header, ...doc } = await sampleDocument();
  const html = renderHtml(doc);
  const read = readHtml(html);
  assert.equal(read.title, doc.title);
  assert.equal(read.subtitle, doc.subtitle);
  assert.equal(read.partnershipName, doc.partnershipName);
  assert.equal(renderHtml(read), html);
  // The blocks themselves, not only their printing: numbers, bold runs, spans, escaped text.
  const strip = (d: Document) => d.blocks.map((b) => (b.kind === 'table' ? { ...b, widths: undefined } : b.kind === 'list' ? { ...b, ordered: b.ordered === true } : b));
  assert.deepEqual(strip(read).filter((b) => b.kind !== 'figure'), strip(doc as Document).filter((b) => b.kind !== 'figure'));
  const figure = read.blocks.find((b) => b.kind === 'figure')!;
  const original = doc.blocks.find((b) => b.kind === 'figure')!;
  assert.equal(figure.svg, original.svg);
  assert.deepEqual(figure.data, original.data);
});

test('a page that is not a generated document is refused', () => {
  assert.throws(() => readHtml('<p>Hello</p>'), /Not a generated document/);
});
