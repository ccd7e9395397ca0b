import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, signIn, useServedApp } from './browser.ts';

// The scrutiny officer in a real browser: arranges a committee meeting, builds its agenda from the
// standard items and adds a Part B item, records attendance and a minute; the public page then shows
// the minutes but not the exempt item. Every page on the way is checked with axe-core.

const served = useServedApp();

async function axeClean(page: Page, label: string, problems: string[]) {
  for (const v of await accessibilityViolations(page)) problems.push(`${label}: ${v}`);
}

test('the officer builds an agenda, records attendance and a minute; the public sees the minutes, not the exempt item', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems: string[] = [];
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  await page.goto(`${served.base}/p/scp/meetings`);
  await axeClean(page, 'meetings', problems);
  await page.getByRole('link', { name: 'Crime and Disorder Committee' }).first().click();
  await axeClean(page, 'body meetings', problems);
  await page.getByRole('button', { name: 'Arrange a meeting' }).click();

  await page.getByLabel('Day').fill('6');
  await page.getByLabel('Month').fill('11');
  await page.getByLabel('Year').fill('2023');
  await page.getByLabel('Start time (optional)').fill('6pm');
  await page.getByLabel('Venue (optional)').fill('Grand Jury Room, Town Hall');
  await page.getByRole('radio', { name: 'Held' }).check();
  await axeClean(page, 'meeting form', problems);
  await page.getByRole('button', { name: 'Save the meeting' }).click();
  await page.waitForURL(/\/meetings\/\d+$/);
  const meetingUrl = page.url();

  await page.getByRole('button', { name: 'Build the agenda' }).click();
  await axeClean(page, 'agenda form', problems);
  for (const name of ['Welcome and announcements', 'Declarations of interest', 'Minutes of the previous meeting', 'Exclusion of the public']) {
    await page.getByRole('checkbox', { name }).check();
  }
  await page.getByRole('button', { name: 'Add the standard items' }).click();
  await page.waitForURL(/\/agenda$/);
  await page.getByLabel('Title').fill('Safer Colchester Partnership annual review');
  await page.getByRole('button', { name: 'Add the item' }).click();
  await page.waitForURL(/\/agenda$/);
  await page.getByLabel('Title').fill('Named offender case review');
  await page.getByRole('radio', { name: /Part B/ }).check();
  await page.getByRole('button', { name: 'Add the item' }).click();
  // No paragraph chosen: the error is shown and the title kept.
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the paragraph of Schedule 12A/);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Named offender case review');
  await axeClean(page, 'agenda form with errors', problems);
  await page.getByLabel('Exemption paragraph (Part B only)').selectOption('1');
  await page.getByRole('button', { name: 'Add the item' }).click();
  await page.waitForURL(/\/agenda$/);
  const agenda = await page.locator('ol.govuk-list--number').innerText();
  assert.match(agenda, /Welcome and announcements[\s\S]*Exclusion of the public[\s\S]*Safer Colchester Partnership annual review[\s\S]*Named offender case review/);

  await page.goto(meetingUrl);
  await page.getByRole('button', { name: 'Record attendance' }).click();
  await axeClean(page, 'attendance form', problems);
  await page.getByRole('group', { name: /Dennis Willetts/ }).getByRole('radio', { name: 'Present' }).check();
  await page.getByRole('group', { name: /Sue Lissimore/ }).getByRole('radio', { name: 'Apologies' }).check();
  await page.getByLabel('Also present (optional)').fill('The District Commander');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.waitForURL(/\/meetings\/\d+#attendance$/);

  await page.getByRole('button', { name: 'Record a minute' }).click();
  assert.match(await page.locator('main').innerText(), /It will be minute 39/);
  await page.getByLabel('Agenda item', { exact: true }).selectOption({ label: '5. Safer Colchester Partnership annual review' });
  await page.getByLabel('Minute', { exact: true }).fill('The committee reviewed the partnership’s year with its partners.');
  await page.getByLabel('Resolutions (optional)').fill('RESOLVED that the Committee had scrutinised the partnership.');
  await axeClean(page, 'minute form', problems);
  await page.getByRole('button', { name: 'Save the minute' }).click();
  await page.waitForURL(/#minute-39$/);
  await page.getByRole('button', { name: 'Record a minute' }).click();
  await page.getByLabel('Agenda item', { exact: true }).selectOption({ label: '6. Named offender case review (Part B)' });
  await page.getByLabel('Minute', { exact: true }).fill('The committee discussed the named case in private.');
  await page.getByRole('button', { name: 'Save the minute' }).click();
  await page.waitForURL(/#minute-40$/);
  await page.getByRole('button', { name: 'Publish the minutes' }).click();
  await page.waitForURL(/#minutes$/);
  await axeClean(page, 'meeting (officer)', problems);

  // The public page: the minutes, the exempt item's paragraph, never its title or minute.
  const visitor = await served.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const anon = await visitor.newPage();
  await anon.goto(meetingUrl);
  const text = await anon.locator('main').innerText();
  assert.match(text, /39\. Safer Colchester Partnership annual review/);
  assert.match(text, /RESOLVED that the Committee had scrutinised the partnership\./);
  assert.match(text, /Dennis Willetts/);
  assert.match(text, /paragraph 1 of Schedule 12A/);
  assert.match(text, /40\. Exempt minute/);
  assert.doesNotMatch(text, /Named offender case review|discussed the named case/);
  assert.ok(await anon.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 390px');
  await axeClean(anon, 'meeting (public)', problems);
  assert.deepEqual(problems, []);
  await visitor.close();
  await context.close();
});
