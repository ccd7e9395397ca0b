import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, signIn, useServedApp } from './browser.ts';

// A coordinator in a real browser: searches the partnership from the header's search box, narrows
// the results to initiatives with the kind filter, and opens a result. Every page on the way is
// checked with axe-core, at 390px.

const served = useServedApp();

async function axeClean(page: Page, label: string, problems: string[]) {
  for (const v of await accessibilityViolations(page)) problems.push(`${label}: ${v}`);
  if (!await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)) problems.push(`${label}: scrolls sideways at 390px`);
}

test('a coordinator searches from the header, filters by kind and opens a result', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems: string[] = [];
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');

  await page.goto(`${served.base}/p/scp`);
  await page.getByRole('search', { name: 'Site search' }).getByLabel('Search SCP').fill('knives');
  await page.getByRole('search', { name: 'Site search' }).getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/search\?q=knives&partnership=scp$/);
  const summary = await page.locator('#search-summary').innerText();
  const total = Number(/^(\d+) results for knives/.exec(summary)?.[1]);
  assert.ok(total > 1, `several records about knife crime are found: ${summary}`);
  assert.ok(await page.locator('.app-search-result mark').count() > 0, 'the words found are highlighted');
  await axeClean(page, 'results', problems);

  // Narrow to initiatives with the filter form.
  await page.getByLabel('Kind of record').selectOption('initiative');
  await page.getByRole('search', { name: 'Search and filters' }).getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/kind=initiative/);
  const tags = await page.locator('.app-search-result .govuk-tag').allInnerTexts();
  assert.ok(tags.length > 0 && tags.every((x) => x === 'Initiative'), `only initiatives: ${tags.join(', ')}`);
  assert.match(await page.locator('#search-summary').innerText(), /among initiatives/);
  assert.equal(await page.getByRole('search', { name: 'Search and filters' }).getByLabel('Words to find').inputValue(), 'knives');
  await axeClean(page, 'results filtered to initiatives', problems);

  // Open the first result: its page names what was searched for.
  const first = page.locator('.app-search-result h2 a').first();
  const title = await first.innerText();
  await first.click();
  await page.waitForURL(/\/p\/scp\/initiatives\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), title);
  assert.match(await page.locator('main').innerText(), /knife|knives/i);
  await axeClean(page, 'the result opened', problems);

  assert.deepEqual(problems, [], 'pages are accessible and fit a phone');
  await context.close();
});
