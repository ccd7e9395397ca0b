import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, useServedApp } from './browser.ts';

// A resident, with no account, on a desktop and on a phone (390px): from the partnership's home types
// their street, picks the ward it lies in, and reads the ward's crime chart and its table. Every page
// on the way passes axe-core and does not scroll sideways. The ward map's wards are links the
// keyboard reaches.

const served = useServedApp();
const STREET = 'Magdalen Street';

async function check(page: Page, label: string, problems: string[]) {
  problems.push(...(await accessibilityViolations(page)).map((v) => `${label}: ${v}`));
  if (!await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)) problems.push(`${label}: scrolls sideways`);
}

for (const width of [1024, 390]) {
  test(`a resident finds their ward by street name and reads its crime chart (${width}px wide)`, { skip: noBrowser }, async () => {
    const { base, browser } = served;
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    await page.goto(`${base}/p/scp`);
    await check(page, 'home', problems);
    await page.getByLabel('Your street, place or ward').fill(STREET);
    await page.getByRole('button', { name: 'Find your ward' }).click();
    await page.waitForURL(/\/p\/scp\/area\?q=/);
    await check(page, 'search results', problems);
    const result = page.locator('.app-search-results a').first();
    assert.match(await result.innerText(), /Magdalen Street/);
    await result.click();
    await page.waitForURL(/\/p\/scp\/area\/E05\d{6}$/);
    const ward = (await page.locator('h1').innerText()).replace(/^Crime in /, '');
    assert.ok(ward.length > 0);
    // The chart is an image with a name, and its figures are in the table below it.
    const chart = page.getByRole('img', { name: `Crimes per month in ${ward}` });
    assert.equal(await chart.isVisible(), true, 'the monthly chart is shown');
    const rows = page.getByRole('table', { name: `Crimes per month in ${ward}` }).locator('tbody tr');
    assert.equal(await rows.count(), 24, 'both periods, month by month');
    assert.match(await page.locator('main').innerText(), /on or near the street/);
    await check(page, 'ward page', problems);
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test('the ward map: each ward is a link the keyboard reaches, named by the ward', { skip: noBrowser }, async () => {
  const { base, browser } = served;
  const page = await browser.newPage();
  await page.goto(`${base}/p/scp/area`);
  const first = page.locator('svg.app-ward-map a').first();
  const name = await first.getAttribute('aria-label');
  await page.locator('#q').focus();
  // From the search box: the Search button, then the first ward of the map.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), name);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/p\/scp\/area\/E05\d{6}$/);
  assert.equal(await page.locator('h1').innerText(), `Crime in ${name}`);
  await page.close();
});
