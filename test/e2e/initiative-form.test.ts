import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftNextYear } from '../helpers.ts';
import { accessibilityViolations, noBrowser, useServedApp, signIn } from './browser.ts';

// The initiative form in a browser: organisations found by typing (and chosen without JavaScript
// from the same selects), priorities by their titles, wards from the partnership's list.

let initiativeId = 0;
const served = useServedApp(async (t) => {
  await draftNextYear(t.services);
  const [row] = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2023 ORDER BY i.id LIMIT 1`);
  initiativeId = row!.id;
});

const organisationsOf = async (role: 'lead' | 'support') => (await served.t.db.query<{ name: string }>(
  `SELECT o.name FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
    WHERE io.initiative_id = $1 AND io.role = $2 ORDER BY o.name`, [initiativeId, role])).map((r) => r.name);

test('with JavaScript: type to find an organisation, choose it by keyboard, empty a box to remove one', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  await page.goto(`${served.base}/p/scp/initiatives/${initiativeId}/edit`);

  // Priorities by their titles, in the select and in the partnership priorities.
  assert.match(await page.getByLabel('Priority', { exact: true }).innerText(), /^1\. Tackling /m);
  assert.ok(await page.getByRole('checkbox', { name: /^1\. Tackling / }).isVisible());

  const box = page.getByRole('combobox', { name: 'Supporter 1' });
  await box.fill('transport');
  const options = page.getByRole('listbox').getByRole('option');
  assert.deepEqual(await options.allInnerTexts(), ['British Transport Police (BTP)']);
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await accessibilityViolations(page), [], 'the open list passes axe');
  await box.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
  await box.press('Enter');
  assert.equal(await box.inputValue(), 'British Transport Police (BTP)');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');

  // Text that matches nothing is not kept: the box goes back to what is chosen.
  const second = page.getByRole('combobox', { name: 'Supporter 2' });
  await second.fill('no such organisation');
  assert.deepEqual(await page.getByRole('listbox').getByRole('option').allInnerTexts(), ['No results found']);
  await second.press('Tab');
  assert.equal(await second.inputValue(), '');

  // Emptying the lead box removes the lead.
  await page.getByRole('combobox', { name: 'Lead 1' }).fill('');
  await page.getByRole('checkbox', { name: 'Castle' }).check();
  await page.getByRole('button', { name: 'Save initiative' }).click();
  await page.waitForURL(/\?saved=1$/);
  assert.deepEqual(await organisationsOf('support'), ['British Transport Police']);
  assert.deepEqual(await organisationsOf('lead'), []);
  const [row] = await served.t.db.query<{ wards: string[] }>('SELECT wards FROM initiatives WHERE id = $1', [initiativeId]);
  assert.deepEqual(row!.wards, ['Castle']);
  await context.close();
});

test('without JavaScript: the same boxes are plain selects, and they save', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  await page.goto(`${served.base}/p/scp/initiatives/${initiativeId}/edit`);
  assert.equal(await page.getByRole('combobox', { name: 'Lead 1' }).evaluate((el) => el.tagName), 'SELECT');
  const names = await page.getByLabel('Lead 1').locator('option').allInnerTexts();
  assert.equal(names[0], 'None');
  const sorted = [...names.slice(1)].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
  assert.deepEqual(names.slice(1), sorted, 'sorted by name, ignoring case');
  await page.getByLabel('Lead 1').selectOption({ label: 'Essex Police' });
  await page.getByRole('button', { name: 'Save initiative' }).click();
  await page.waitForURL(/\?saved=1$/);
  assert.deepEqual(await organisationsOf('lead'), ['Essex Police']);
  assert.deepEqual(await organisationsOf('support'), ['British Transport Police'], 'the supporter chosen before is kept');
  await context.close();
});
