import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, useServedApp, signIn } from './browser.ts';

// Journey 4 (analyst) and the coordinator's choice of priorities, in a real browser: the analyst
// opens the assessment (chart and ward map), scores an issue — meeting the rationale rule on the
// way — and sees the ranked list update; the coordinator adopts the top issue as a priority and
// finds it, with its evidence sentence, in next year's draft plan.

const served = useServedApp();

const firstRowIssue = (page: Page) => page.locator('#ranked tbody tr').first().locator('th a').innerText();

test('analyst scores an issue and the ranked list updates; coordinator adopts the top issue into next year\'s draft plan', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext();
  const page = await context.newPage();
  await signIn(page, served.base, 'analyst@demo.csp-hub.test');

  // The assessment: a chart and the ward map.
  await page.goto(`${served.base}/p/scp/assessment`);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Colchester/);
  assert.ok(await page.locator('svg.app-chart').count() >= 1, 'at least one chart');
  assert.ok(await page.locator('#figure-map svg.app-map').isVisible(), 'the ward map');

  // The assessment page does not link to scoring yet, so the journey goes by address.
  await page.goto(`${served.base}/p/scp/assessment/scoring`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Scoring the issues');
  assert.ok(await page.locator('#ranked').isVisible(), 'the ranked list');
  assert.notEqual(await firstRowIssue(page), 'Possession of weapons');

  await page.getByRole('link', { name: 'Score Possession of weapons' }).click();
  await page.getByRole('group', { name: 'Harm', exact: true }).getByRole('radio', { name: '5', exact: true }).check();
  await page.getByRole('group', { name: 'Confidence in the harm score' }).getByRole('radio', { name: 'High' }).check();
  await page.getByRole('group', { name: 'Vulnerability', exact: true }).getByRole('radio', { name: '4', exact: true }).check();
  await page.getByRole('group', { name: 'Confidence in the vulnerability score' }).getByRole('radio', { name: 'Medium' }).check();
  await page.getByLabel('Rationale for the vulnerability score').fill('Young victims; links to exploitation');
  await page.getByRole('button', { name: 'Save scores' }).click();

  const summary = page.locator('.govuk-error-summary');
  assert.match(await summary.innerText(), /Enter the rationale for the harm score/);
  assert.equal(await page.getByLabel('Rationale for the vulnerability score').inputValue(), 'Young victims; links to exploitation', 'typed text kept');
  assert.ok(await page.getByRole('group', { name: 'Harm', exact: true }).getByRole('radio', { name: '5', exact: true }).isChecked(), 'chosen score kept');
  await summary.getByRole('link', { name: 'Enter the rationale for the harm score' }).click();
  await page.getByLabel('Rationale for the harm score').fill('Knife injuries; serious harm to young people');
  await page.getByRole('button', { name: 'Save scores' }).click();

  await page.waitForURL(/\/assessment\/scoring\?from=.*#issue-\d+$/);
  assert.equal(await firstRowIssue(page), 'Possession of weapons', 'the ranked list has updated');
  assert.equal(await page.getByRole('button', { name: /Adopt as priority/ }).count(), 0, 'analysts do not adopt');
  await context.close();

  // The coordinator adopts the top issue.
  const coordinatorContext = await served.browser.newContext();
  const cp = await coordinatorContext.newPage();
  await signIn(cp, served.base, 'coordinator@demo.csp-hub.test');
  await cp.goto(`${served.base}/p/scp/assessment/scoring`);
  const top = await firstRowIssue(cp);
  assert.equal(top, 'Possession of weapons');
  await cp.locator('#ranked tbody tr').first().getByRole('button', { name: /Adopt as priority/ }).click();
  await cp.waitForURL(/adopted=\d+/);
  const banner = cp.locator('.govuk-notification-banner');
  assert.match(await banner.innerText(), /Possession of weapons is priority 1 of the 2023-24 plan/);
  assert.match(await cp.locator('#ranked tbody tr').first().innerText(), /Priority 1, 2023-24/);

  await banner.getByRole('link', { name: 'View the 2023-24 plan' }).click();
  await cp.waitForURL(/\/plans\/2023-24/);
  assert.equal(await cp.getByRole('heading', { level: 1 }).innerText(), 'Annual Partnership Plan 2023-24');
  const body = await cp.locator('main').innerText();
  assert.match(body, /Draft/);
  assert.match(body, /Priority 1: Possession of weapons/);
  await cp.getByText('Evidence base').first().click();
  assert.match(await cp.locator('.govuk-details__text').first().innerText(),
    /^Possession of weapons (rose|fell) \d+% to [\d,]+ offences \(force-wide [+-]\d+%\)/);
  await coordinatorContext.close();
});

test('scoring pages have no accessibility violations (axe-core, WCAG 2.2 AA)', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');
  const problems: string[] = [];
  const check = async (label: string) => { for (const v of await accessibilityViolations(page)) problems.push(`${label}: ${v}`); };
  await page.goto(`${served.base}/p/scp/assessment/scoring`);
  await check('ranked list');
  await page.getByRole('link', { name: 'Score Burglary' }).click();
  await check('score form');
  await page.getByRole('group', { name: 'Harm', exact: true }).getByRole('radio', { name: '3', exact: true }).check();
  await page.getByRole('button', { name: 'Save scores' }).click();
  await check('score form with errors');
  await page.goto(`${served.base}/p/scp/assessment/scoring`);
  await page.getByRole('link', { name: 'Change the weights' }).click();
  await check('weights');
  assert.deepEqual(problems, []);
  await context.close();
});
