import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, signIn } from './browser.ts';

// Walks the site as one person would by following links, and checks every page it reaches at
// phone width: no sideways scrolling, no axe-core violations, nothing in the console.

export const PHONE = { width: 390, height: 844 };

/** Links the crawl never follows: leaving, downloads, machine-readable answers and assets. */
export function skipLink(url: URL): boolean {
  const path = url.pathname;
  return path === '/sign-out'
    || /\.(docx?|pdf|csv|json|zip|svg|png|gz|ics)$/i.test(path)
    || url.searchParams.has('format')
    || path.startsWith('/api/')
    || path.startsWith('/assets/')
    || path.endsWith('/events'); // server-sent events stream
}

/** "/p/scp/initiatives/145?year=2022" → "/p/scp/initiatives/#?year=#": pages of one kind share a shape. */
export function shapeOf(url: URL): string {
  const params = [...url.searchParams.keys()].sort().join('&');
  return url.pathname.replace(/\d+(-\d+)?/g, '#') + (params ? `?${params}` : '');
}

export interface PageCheck { url: string; problems: string[] }

export interface CrawlResult { pages: PageCheck[]; problems: string[] }

/**
 * A page's kind and its controls: two pages alike in both would give axe the same markup to judge,
 * so axe runs once for them across every role's crawl (an editor's page with more buttons differs).
 */
async function axeKey(page: Page): Promise<string> {
  const controls = await page.evaluate(() => ['form', 'input', 'select', 'textarea', 'button', 'table', 'details', 'svg']
    .map((tag) => `${tag}:${document.querySelectorAll(tag).length}`).join(','));
  return `${shapeOf(new URL(page.url()))} ${controls}`;
}

/** What a page fails on: sideways scroll, axe-core violations, console errors, an error status. */
async function checkPage(page: Page, consoleErrors: string[], axeSeen: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  if (widths.scroll > widths.inner) {
    const wide = await page.evaluate((inner) => [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > inner + 1 && !el.closest('[role="region"][tabindex="0"]'))
      .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`), widths.inner);
    problems.push(`scrolls sideways: ${widths.scroll}px wide at ${widths.inner}px (${wide.join(', ')})`);
  }
  // Dates and values as people write them: "1 April 2022", "Partner editor", not stored codes.
  // Text in code, kbd and samp is meant literally (a column to type, a command) and is left out.
  const text = await page.evaluate(() => [...document.querySelectorAll('code, pre, kbd, samp')]
    .reduce((all, el) => all.split((el as HTMLElement).innerText).join(' '), document.body.innerText));
  const codes = [...new Set(text.match(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b|\b[a-z]+(_[a-z]+)+\b/g) ?? [])];
  if (codes.length) problems.push(`shows codes rather than words: ${codes.slice(0, 5).join(', ')}`);
  const key = await axeKey(page);
  if (!axeSeen.has(key)) {
    axeSeen.add(key);
    for (const v of await accessibilityViolations(page)) problems.push(`axe: ${v}`);
  }
  for (const e of consoleErrors) problems.push(`console: ${e}`);
  return problems;
}

/**
 * Breadth-first from the home page over same-origin links, in the order they appear. A page of a
 * kind not yet seen (see shapeOf) always goes next; of pages of kinds already seen, at most
 * `repeats` are visited, taking one link from each page in turn (so a draft plan's initiative is
 * reached, not only the first fifty of a published plan). `email` signs in first (anonymous when
 * null); `limit` caps the pages of one role. `axeSeen` is shared by the roles' crawls (see axeKey).
 */
export async function crawl(browser: Browser, base: string, email: string | null, opts: { limit: number; repeats: number }, axeSeen = new Set<string>()): Promise<CrawlResult> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  // The console says only "404 (Not Found)"; name what was missing.
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') consoleErrors.push(`${r.status()} for ${new URL(r.url()).pathname}`);
  });
  try {
    if (email) await signIn(page, base, email);
    const origin = new URL(base).origin;
    const fresh = [`${base}/`];
    const repeatsByPage: string[][] = [];
    let turn = 0;
    let repeatsVisited = 0;
    const shapes = new Set<string>();
    const seen = new Set(fresh);
    const nextRepeat = (): string | undefined => {
      for (let i = 0; i < repeatsByPage.length; i++) {
        const queue = repeatsByPage[(turn + i) % repeatsByPage.length]!;
        if (queue.length) {
          turn = (turn + i + 1) % repeatsByPage.length;
          return queue.shift();
        }
      }
      return undefined;
    };
    const pages: PageCheck[] = [];
    const problems: string[] = [];
    while (pages.length < opts.limit) {
      let url = fresh.shift();
      if (!url && repeatsVisited < opts.repeats) {
        url = nextRepeat();
        if (url) repeatsVisited++;
      }
      if (!url) break;
      consoleErrors.length = 0;
      const response = await page.goto(url, { waitUntil: 'load' });
      const status = response?.status() ?? 0;
      const landed = new URL(page.url());
      landed.hash = '';
      if (landed.href !== url && seen.has(landed.href)) continue; // a redirect to a page already checked
      seen.add(landed.href);
      const pageProblems: string[] = [];
      if (status >= 400) pageProblems.push(`answers ${status}`);
      // A link that sends a signed-in person, or anyone who did not ask, to the sign-in page.
      if (landed.pathname === '/sign-in' && new URL(url).pathname !== '/sign-in') pageProblems.push('sends to sign in');
      if (!(response?.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      pageProblems.push(...await checkPage(page, consoleErrors, axeSeen));
      const path = landed.pathname + landed.search;
      pages.push({ url: path, problems: pageProblems });
      for (const p of pageProblems) problems.push(`${path}: ${p}`);
      // Links in SVG (the ward maps) have no string .href, so each link's attribute is resolved against the page.
      const hrefs = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href')!, document.baseURI).href));
      const mine: string[] = [];
      for (const href of hrefs) {
        const next = new URL(href);
        next.hash = '';
        if (next.origin !== origin || skipLink(next) || seen.has(next.href)) continue;
        seen.add(next.href);
        const shape = shapeOf(next);
        if (shapes.has(shape)) mine.push(next.href);
        else fresh.push(next.href);
        shapes.add(shape);
      }
      if (mine.length) repeatsByPage.push(mine);
    }
    return { pages, problems };
  } finally {
    await context.close();
  }
}
