import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, signIn, useServedApp } from './browser.ts';

// A councillor without an account submits a Councillor Call for Action on a phone, confirms the
// address by the link sent to them and lands on the status page; the scrutiny officer then records
// that it qualifies. Every page on the way is checked with axe-core and for sideways scrolling.

const served = useServedApp();

async function check(page: Page, label: string, problems: string[]) {
  for (const v of await accessibilityViolations(page)) problems.push(`${label}: ${v}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 390) problems.push(`${label}: ${wide}px wide`);
}

test('a councillor submits on the public form and confirms by the link; the officer records the decision', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems: string[] = [];
  await page.goto(`${served.base}/p/scp/meetings`);
  await page.getByRole('link', { name: 'Councillor Call for Action' }).click();
  await check(page, 'list', problems);
  await page.getByRole('button', { name: 'Submit a Councillor Call for Action' }).click();
  await page.getByLabel('Your name').fill('Councillor Browser Test');
  await page.getByLabel('Your e-mail address').fill('browser.cllr@example.org');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByText('There is a problem').waitFor();
  await check(page, 'form with errors', problems);
  assert.equal(await page.getByLabel('Your name').inputValue(), 'Councillor Browser Test', 'what was typed is kept');
  await page.getByLabel('Ward', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('What is the matter?').fill('Repeated vandalism of the bus shelters at night.');
  await page.getByLabel('What have you already tried?').fill('Reported it to the police and the council.');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await check(page, 'check your e-mail', problems);

  const [mail] = await served.t.db.query<{ text: string }>('SELECT body_text AS text FROM mail_messages WHERE to_address = $1', ['browser.cllr@example.org']);
  const link = /http:\/\/\S+\/ccfa\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail!.text)![0];
  await page.goto(link);
  await check(page, 'confirm', problems);
  await page.getByRole('button', { name: 'Submit my Councillor Call for Action' }).click();
  await page.waitForURL(/\/ccfa\/status\//);
  await page.getByText('Submitted: waiting for the scrutiny officer’s decision').first().waitFor();
  await check(page, 'status page', problems);
  const id = /Councillor Call for Action (\d+)/.exec(await page.locator('h1').innerText())![1];

  const officer = await context.browser()!.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const officerPage = await officer.newPage();
  await signIn(officerPage, served.base, 'coordinator@demo.csp-hub.test');
  await officerPage.goto(`${served.base}/p/scp/ccfa/${id}`);
  await check(officerPage, 'officer’s page', problems);
  await officerPage.getByRole('radio', { name: 'It qualifies' }).check();
  await officerPage.getByLabel('Reason').fill('Persistent damage affecting residents across the ward.');
  await officerPage.getByRole('button', { name: 'Record the decision' }).click();
  await officerPage.getByRole('button', { name: 'Place on the first available agenda' }).waitFor();
  await check(officerPage, 'officer’s page after the decision', problems);
  assert.deepEqual(problems, []);
  await officer.close();
  await context.close();
});
