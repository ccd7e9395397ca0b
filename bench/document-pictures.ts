// The README's pictures: page 1 of each demo document's PDF at 60 dpi, as docs/images/<kind>.png.
// Run after a change to what the documents print: node --import tsx bench/document-pictures.ts
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDb } from '../test/helpers.ts';
import { closePdfBrowser } from '../src/documents/render-pdf.ts';
import { demoDocuments } from './demo-documents.ts';

const OUT = fileURLToPath(new URL('../docs/images/', import.meta.url));
/** Kept small: the README loads them all. */
const MAX_BYTES = 150 * 1024;

const t = await testDb();
const work = mkdtempSync(join(tmpdir(), 'csp-hub-pictures-'));
let failed = false;
try {
  mkdirSync(OUT, { recursive: true });
  const { documents, missing } = await demoDocuments(t.services);
  if (missing.length) console.log(`The demo has no committee meeting of 7 November 2022: no picture of the ${missing.join(' or the ')}`);
  for (const d of documents) {
    const pdf = join(work, `${d.kind}.pdf`);
    writeFileSync(pdf, await d.produce('pdf'));
    const made = spawnSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', '-png', '-singlefile', pdf, join(work, d.kind)], { encoding: 'utf8' });
    if (made.error || made.status !== 0) throw new Error(`pdftoppm could not draw ${d.name}: ${made.error?.message ?? made.stderr}`);
    const png = join(OUT, `${d.kind}.png`);
    copyFileSync(join(work, `${d.kind}.png`), png);
    const size = statSync(png).size;
    const tooBig = size > MAX_BYTES;
    failed ||= tooBig;
    console.log(`${png}  ${(size / 1024).toFixed(0)} KB${tooBig ? `  larger than ${MAX_BYTES / 1024} KB: keep the first page lighter` : ''}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  await closePdfBrowser();
  await t.close();
}
process.exit(failed ? 1 : 0);
