import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftNextYear } from '../helpers.ts';
import { accessibilityViolations, noBrowser, useServedApp, signIn } from './browser.ts';

// Journey 2 in a real browser: a coordinator adds an initiative to next year's draft plan,
// meets a validation error, fixes it, and finds the initiative in the plan and in its History.

const served = useServedApp(async (t) => {
  await draftNextYear(t.services);
});

test('coordinator adds an initiative, fixes a validation error, and sees it in the plan and its history', { skip: noBrowser }, async () => {
  const page = await served.browser.newPage();
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  await page.goto(`${served.base}/p/scp/plans/2023-24`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Annual Partnership Plan 2023-24');
  await page.getByRole('link', { name: 'Add an initiative' }).click();

  await page.getByLabel('About').fill('Weekly detached youth work in the town centre on Friday evenings');
  await page.getByRole('radio', { name: 'Cancelled' }).check();
  await page.getByRole('button', { name: 'Save initiative' }).click();

  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Enter the initiative's name/);
  assert.match(await summary.innerText(), /Enter why the initiative is cancelled/);
  assert.equal(await page.getByLabel('About').inputValue(), 'Weekly detached youth work in the town centre on Friday evenings', 'typed text kept');
  assert.match(await page.title(), /^Error: /);

  await summary.getByRole('link', { name: "Enter the initiative's name" }).click();
  await page.getByLabel('Name', { exact: true }).fill('Friday night detached youth work');
  await page.getByRole('radio', { name: 'Active' }).check();
  await page.getByRole('button', { name: 'Save initiative' }).click();

  await page.waitForURL(/\/initiatives\/\d+\?saved=1$/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Initiative saved/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Friday night detached youth work');

  await page.getByRole('link', { name: '2023-24' }).click();
  await page.waitForURL(/\/plans\/2023-24$/); // isVisible does not wait for the page to load
  assert.ok(await page.getByRole('link', { name: 'Friday night detached youth work' }).isVisible());

  await page.getByRole('link', { name: 'Friday night detached youth work' }).click();
  await page.getByRole('link', { name: 'History of changes' }).click();
  const timeline = await page.locator('.moj-timeline').innerText();
  assert.match(timeline, /Create: Added to the 2023-24 plan/);
  assert.match(timeline, /by Chris Coordinator/);
  await page.close();
});

test('main pages have no accessibility violations (axe-core, WCAG 2.2 AA)', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const [{ id: initiativeId }] = await served.t.db.query<{ id: number }>(
    'SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2022 ORDER BY i.id LIMIT 1');
  const publicPages = ['/p/scp', '/p/scp/plans', '/p/scp/plans/2022-23', `/p/scp/initiatives/${initiativeId}`, '/p/scp/frameworks', '/sign-in', '/no-such-page'];
  const signedInPages = ['/p/scp/plans/2023-24', '/p/scp/plans/2023-24/initiatives/new', `/p/scp/initiatives/${initiativeId}/history`, '/p/scp/partnership'];
  const problems: string[] = [];
  for (const path of publicPages) {
    await page.goto(served.base + path);
    for (const v of await accessibilityViolations(page)) problems.push(`${path}: ${v}`);
  }
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  for (const path of signedInPages) {
    await page.goto(served.base + path);
    for (const v of await accessibilityViolations(page)) problems.push(`${path}: ${v}`);
  }
  // The form with errors showing is a page of its own for accessibility.
  await page.goto(`${served.base}/p/scp/plans/2023-24/initiatives/new`);
  await page.getByRole('button', { name: 'Save initiative' }).click();
  for (const v of await accessibilityViolations(page)) problems.push(`form with errors: ${v}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('coordinator sees what is late on the home, opens the statutory calendar and records the plan sent to the PCC', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems: string[] = [];
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  await page.goto(`${served.base}/p/scp`);
  // The demo committee last met on 25 May 2022: more than 12 months ago on any day these tests run.
  const home = await page.locator('main').innerText();
  assert.match(home, /Statutory calendar\s+Late\s/);
  assert.match(home, /Crime and Disorder Committee has met to scrutinise the partnership in the last 12 months \(due 25 May 2023\): Last held meeting: 25 May 2022\./);
  await page.getByRole('link', { name: 'The full statutory calendar' }).click();
  await page.waitForURL(/\/p\/scp\/calendar$/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Statutory calendar');
  const committeeRow = page.locator('tr', { hasText: 'Crime and Disorder Committee has met' });
  assert.match(await committeeRow.innerText(), /Police and Justice Act 2006 s\.19[\s\S]*Late[\s\S]*25 May 2023[\s\S]*Meeting of 25 May 2022/);
  for (const v of await accessibilityViolations(page)) problems.push(`calendar: ${v}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll at 390px');

  // A date that does not exist: explained, and what was typed is kept.
  await page.getByLabel('Plan', { exact: true }).selectOption('2022');
  await page.getByLabel('Day').fill('30');
  await page.getByLabel('Month').fill('2');
  await page.getByLabel('Year').fill('2022');
  await page.getByRole('button', { name: 'Record the date sent' }).click();
  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /The date it was sent must be a real date/);
  assert.equal(await page.getByLabel('Day').inputValue(), '30');
  assert.equal(await page.getByLabel('Plan', { exact: true }).inputValue(), '2022');
  for (const v of await accessibilityViolations(page)) problems.push(`calendar form with errors: ${v}`);

  await page.getByLabel('Day').fill('5');
  await page.getByLabel('Month').fill('4');
  await page.getByRole('button', { name: 'Record the date sent' }).click();
  await page.waitForURL(/\/calendar\?recorded=2022#pcc$/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Recorded: the plan for 2022-23 was sent to the Police and Crime Commissioner/);
  assert.match(await page.getByLabel('Plan', { exact: true }).innerText(), /2022-23 \(recorded as sent on 5 April 2022\)/);
  assert.deepEqual(problems, []);
  await context.close();
});
