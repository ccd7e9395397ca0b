import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, signIn, useServedApp } from './browser.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { meetingValues } from '../../src/features/meetings/forms.ts';

// The scrutiny officer in a real browser: records an action on a minute of a held committee meeting;
// at the body's next meeting adds the tracker from the agenda template and closes the action with a
// response (first forgetting the response: refused, with what was typed kept). The public tracker
// then shows it closed. Every page on the way is checked with axe-core, at 390px.

const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const ids = { held: 0, next: 0 };

const served = useServedApp(async (t) => {
  const scp = await t.services.partnerships.bySlug('scp');
  const committee = (await t.services.partnerships.bodies(scp.id)).find((b) => b.kind === 'scrutiny_committee')!;
  const on = (d: string, m: string, y: string, status: string) => ({ ...meetingValues(), 'meetsOn-day': d, 'meetsOn-month': m, 'meetsOn-year': y, startsAt: '18:00', venue: 'Town Hall', status });
  ids.held = await t.services.meetings.createMeeting(scp, committee.id, on('6', '11', '2023', 'held'), SYSTEM);
  await t.services.meetings.addMinute(scp, ids.held, { agendaItemId: '', title: 'Safer Colchester Partnership', text: 'The committee reviewed the year.', resolutions: '', firstNumber: '', version: '' }, SYSTEM);
  await t.services.meetings.publishMinutes(scp, ids.held, SYSTEM);
  ids.next = await t.services.meetings.createMeeting(scp, committee.id, on('5', '2', '2024', 'scheduled'), SYSTEM);
});

async function axeClean(page: Page, label: string, problems: string[]) {
  for (const v of await accessibilityViolations(page)) problems.push(`${label}: ${v}`);
  if (!await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)) problems.push(`${label}: scrolls sideways at 390px`);
}

test('the officer records an action on a minute, and at the next meeting closes it with a response', { skip: noBrowser }, async () => {
  const context = await served.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems: string[] = [];
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');

  await page.goto(`${served.base}/p/scp/meetings/${ids.held}`);
  await page.getByRole('link', { name: 'Record an action or recommendation on minute 39' }).click();
  await axeClean(page, 'action form', problems);
  await page.getByRole('radio', { name: 'An action: something promised' }).check();
  await page.getByLabel('What was promised or recommended').fill('Send members the figures for river patrols on the Stour.');
  await page.getByLabel('Owner: who promised it').fill('The District Commander');
  await page.getByLabel('Owner’s organisation').fill('Essex Police');
  await page.getByLabel('Day').fill('31');
  await page.getByLabel('Month').fill('1');
  await page.getByLabel('Year').fill('2024');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/actions\/\d+$/);
  const actionUrl = page.url();
  assert.match(await page.locator('main').innerText(), /The District Commander, Essex Police[\s\S]*31 January 2024/);
  await axeClean(page, 'action (open)', problems);

  // The next meeting: the tracker is offered as a standard item of the agenda.
  await page.goto(`${served.base}/p/scp/meetings/${ids.next}`);
  await page.getByRole('button', { name: 'Build the agenda' }).click();
  for (const name of ['Minutes of the previous meeting', 'Actions and recommendations tracker']) await page.getByRole('checkbox', { name }).check();
  await page.getByRole('button', { name: 'Add the standard items' }).click();
  await page.waitForURL(/\/agenda$/);
  await page.goto(`${served.base}/p/scp/meetings/${ids.next}`);
  const tracker = page.getByRole('region', { name: 'Actions and recommendations tracker' });
  assert.match(await tracker.innerText(), /river patrols on the Stour/);
  await axeClean(page, 'next meeting with the tracker', problems);
  const row = tracker.locator('tr', { hasText: 'river patrols on the Stour' });
  await row.getByRole('link', { name: /Close with a response/ }).click();
  await page.waitForURL(/\/close$/);
  await axeClean(page, 'close form', problems);

  // No response: refused, with the error summary, and what was typed kept.
  await page.getByLabel('Who answered').fill('Inspector Rivers, Essex Police');
  await page.getByRole('button', { name: 'Close the item' }).click();
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date of the response[\s\S]*Enter the response: what was done/);
  assert.equal(await page.getByLabel('Who answered').inputValue(), 'Inspector Rivers, Essex Police');
  await axeClean(page, 'close form with errors', problems);
  await page.getByLabel('Day').fill('29');
  await page.getByLabel('Month').fill('1');
  await page.getByLabel('Year').fill('2024');
  await page.getByLabel('What was done').fill('The figures were sent to every member of the committee.');
  await page.getByRole('button', { name: 'Close the item' }).click();
  await page.waitForURL(actionUrl);
  const closed = await page.locator('main').innerText();
  assert.match(closed, /Closed/);
  assert.match(closed, /Inspector Rivers, Essex Police[\s\S]*29 January 2024[\s\S]*The figures were sent to every member of the committee\./);
  await axeClean(page, 'action (closed)', problems);

  // The public tracker shows it answered.
  const visitor = await served.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const anon = await visitor.newPage();
  await anon.goto(`${served.base}/p/scp/actions?status=closed`);
  assert.match(await anon.locator('main').innerText(), /river patrols on the Stour[\s\S]*Answered by Inspector Rivers, Essex Police on 29 January 2024/);
  await axeClean(anon, 'public tracker', problems);
  assert.deepEqual(problems, []);
  await visitor.close();
  await context.close();
});
