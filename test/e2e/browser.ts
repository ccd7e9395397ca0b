import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { before, after } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { testApp, DEMO_PASSWORD } from '../helpers.ts';
import { chromiumPath, needsChromium } from '../tools.ts';

const require = createRequire(import.meta.url);

/**
 * Browser tests skip (with this message) on a machine without Chromium, and on PostgreSQL: what a
 * browser judges (pages, scripts, layout, accessibility) is the same whichever database holds the
 * records, and every route and service they use is tested on both databases without a browser
 * (docs/decisions/017-browser-tests-on-the-embedded-database.md).
 */
export const noBrowser: false | string = needsChromium || (process.env.DATABASE_URL
  ? 'browser tests judge pages, which do not depend on the database: they run on the embedded database'
  : false);

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** The demo app (see testApp) listening on a free local port at `base`, and a browser to visit it. */
export async function servedApp(): Promise<Served> {
  const t = await testApp();
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    return { t, base, browser: await launchBrowser() };
  } catch (err) {
    await t.close(); // the caller never gets `t`, so its after() cannot close it
    throw err;
  }
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;
export interface Served { t: TestApp; base: string; browser: Browser }

/**
 * For a browser test file: the served demo app and a browser, started before the file's tests (then
 * `setup`, e.g. to add demo records) and closed after them. Nothing starts without Chromium.
 */
export function useServedApp(setup?: (t: TestApp) => Promise<void>): Served {
  const served = {} as Served;
  before(async () => {
    if (noBrowser) return;
    Object.assign(served, await servedApp());
    await setup?.(served.t);
  });
  after(async () => {
    await (served.browser as Browser | undefined)?.close();
    await (served.t as TestApp | undefined)?.close();
  });
  return served;
}

/** Sign in through the form at `base` as a demo account, and wait to leave the sign-in page. */
export async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Run axe-core (WCAG 2.0–2.2 A and AA rules) on the page; returns a readable list of violations. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
