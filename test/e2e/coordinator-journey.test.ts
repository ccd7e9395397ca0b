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
