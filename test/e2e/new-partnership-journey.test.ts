import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, noBrowser, useServedApp, signIn } from './browser.ts';

// Adding a partnership in a browser: districts found by typing their name in the accessible
// autocomplete and chosen with the keyboard; the check page names the police force.

const served = useServedApp();

test('with JavaScript: type a district’s name, choose it with the keyboard, confirm its force', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, served.base, 'admin@demo.csp-hub.test');
  await page.goto(`${served.base}/partnerships/new`);
  await page.getByLabel('Name', { exact: true }).fill('Safer Brighton and Hove Partnership');
  await page.getByLabel('Short name').fill('SBHP');
  await page.getByLabel('Web address name').fill('brighton-and-hove');

  const box = page.getByRole('combobox', { name: 'District 1' });
  await box.focus();
  await page.keyboard.type('brighton');
  const options = page.getByRole('listbox').getByRole('option');
  await options.first().waitFor();
  assert.deepEqual(await options.allInnerTexts(), ['Brighton and Hove (E06000043)']);
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await accessibilityViolations(page), [], 'the open list passes axe');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await box.inputValue(), 'Brighton and Hove (E06000043)');
  assert.equal(await page.locator('#areaCodes-select').inputValue(), 'E06000043', 'the select holds the choice');

  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Check the new partnership' }).waitFor();
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Police force\s+Sussex Police/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the check page passes axe');
  await page.getByRole('button', { name: 'Add partnership policed by Sussex Police' }).click();
  await page.waitForURL(/\/p\/brighton-and-hove\/admin$/);
  const p = await served.t.services.partnerships.bySlug('brighton-and-hove');
  assert.equal(p.policeForce, 'sussex');
  assert.deepEqual(p.areas, [{ code: 'E06000043', name: 'Brighton and Hove' }]);
  await context.close();
});
