// Document → PDF by printing the HTML rendering with headless Chromium, so the PDF committees
// publish is the same page people see in the browser. Launching Chromium costs ~1.4 s and a
// print ~0.4 s, so one browser is started on first use and shared by the whole process.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
// playwright-core is loaded on the first render: most processes never make a PDF and it takes ~0.5 s to load.
import type { Browser } from 'playwright-core';
import { UnavailableError } from '../platform/errors.ts';
import type { Document } from './model.js';
import { renderHtml } from './render-html.js';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/** Where Chromium is looked for: CHROMIUM_PATH, else where Debian's package puts it. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_HELP = 'PDF needs Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH to where it is, then restart CSP Hub.';

/**
 * No PDF can be made on this machine: Chromium is missing or will not start. The message says how to
 * fix it; `detail` (where it looked, what failed) is for the log, not the page.
 */
export class PdfUnavailableError extends UnavailableError {
  constructor(detail: string) { super(CHROMIUM_HELP, detail); }
}

let browserPromise: Promise<Browser> | null = null;
let launches = 0;

/** How many times this process has started Chromium (one browser serves every render). */
export const pdfBrowserLaunches = (): number => launches;

async function launch(path: string): Promise<Browser> {
  if (!existsSync(path)) throw new PdfUnavailableError(`Chromium was not found at ${path}.`);
  launches++;
  try {
    const { chromium } = await import('playwright-core');
    return await chromium.launch({ executablePath: path, args: ARGS });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new PdfUnavailableError(`Chromium at ${path} did not start (${first}).`);
  }
}

function browser(): Promise<Browser> {
  if (!browserPromise) {
    const launching = launch(chromiumPath());
    browserPromise = launching;
    launching.then(
      // A crashed browser must not be handed out again; the next render launches a new one.
      (b) => b.on('disconnected', () => { if (browserPromise === launching) browserPromise = null; }),
      () => { if (browserPromise === launching) browserPromise = null; },
    );
  }
  return browserPromise;
}

/** Closes the shared browser; call on shutdown and at the end of tests so the process can exit. */
export async function closePdfBrowser(): Promise<void> {
  const pending = browserPromise;
  browserPromise = null;
  if (!pending) return;
  try {
    await (await pending).close();
  } catch {
    // It failed to launch or has already gone: nothing left to close.
  }
}

/**
 * `footer: false` leaves the footer off, for a document that is one part of a larger PDF whose
 * pages are numbered once the parts are joined (the agenda pack).
 */
export async function renderPdf(doc: Document, options: { footer?: boolean } = {}): Promise<Buffer> {
  const html = renderHtml(doc, options);
  const key = createHash('sha256').update(html).digest('hex');
  const kept = printed.get(key);
  if (kept) {
    printed.delete(key);
    printed.set(key, kept); // most recently used last
    return kept;
  }
  const pdf = await print(html);
  keep(key, pdf);
  return pdf;
}

// The same document printed again (a published plan downloaded by many people) is sent from memory:
// printing takes a second or more, and the HTML it is printed from identifies it exactly.
const PRINTED_MAX_BYTES = 64 * 1024 * 1024;
const printed = new Map<string, Buffer>();
let printedBytes = 0;

function keep(key: string, pdf: Buffer) {
  if (pdf.length > PRINTED_MAX_BYTES / 4) return;
  printed.set(key, pdf);
  printedBytes += pdf.length;
  for (const [k, v] of printed) {
    if (printedBytes <= PRINTED_MAX_BYTES) break;
    printed.delete(k);
    printedBytes -= v.length;
  }
}

/** Empties the printed-PDF memory (so a benchmark times the printing, not the memory). */
export function forgetPrintedPdfs(): void {
  printed.clear();
  printedBytes = 0;
}

async function print(html: string): Promise<Buffer> {
  const b = await browser();
  // Documents carry no scripts and need nothing from the network: turn both off, so nothing typed
  // into a plan can run or fetch anything while it is printed.
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      // The @page rules choose A4 portrait or landscape per section, the margins, and the page
      // headers and footers (CSS margin boxes, which unlike Chromium's own header template can
      // leave the cover without a header).
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: false,
      tagged: true,
      outline: true,
    });
    return pdf;
  } finally {
    await context.close();
  }
}
