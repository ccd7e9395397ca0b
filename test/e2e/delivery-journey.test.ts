import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { accessibilityViolations, noBrowser, signIn, useServedApp } from './browser.ts';

// Delivery monitoring in a real browser: a partner editor sees what their organisation owes in the
// demo's update round, posts a progress update with two figures on an initiative it leads, and the
// coordinator sees the round drop that initiative and the priority's bar on the plan page move.

const served = useServedApp();

/** An initiative of the 2022-23 plan that Essex Police leads and nobody has reported on, with its priority's label. */
async function unreportedPoliceInitiative() {
  const [row] = await served.t.db.query<{ id: number; name: string; number: number; title: string }>(
    `SELECT i.id, i.name, pr.number, pr.title FROM initiatives i JOIN plans p ON p.id = i.plan_id JOIN priorities pr ON pr.id = i.priority_id
      WHERE p.start_year = 2022 AND pr.number IS NOT NULL
        AND EXISTS (SELECT 1 FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
                     WHERE io.initiative_id = i.id AND io.role = 'lead' AND o.name = 'Essex Police')
        AND NOT EXISTS (SELECT 1 FROM initiative_updates u WHERE u.initiative_id = i.id)
      ORDER BY i.id LIMIT 1`);
  assert.ok(row, 'the demo has an Essex Police initiative with no update yet');
  return { ...row, priorityLabel: `${row.number}. ${row.title}` };
}

/** The key of a priority's bar on the plan page, as a list of "Status: n" lines. */
async function barKey(page: Page, priorityLabel: string): Promise<Record<string, number>> {
  const key = page.locator('#delivery ~ h3', { hasText: priorityLabel }).first().locator('xpath=following-sibling::div[contains(@class, "app-bar")][1]');
  const text = await key.innerText();
  return Object.fromEntries([...text.matchAll(/^(.+?): (\d+)$/gm)].map((m) => [m[1]!.trim(), Number(m[2])]));
}

async function postUpdate(page: Page, initiative: { id: number; name: string }) {
  await page.goto(`${served.base}/p/scp/initiatives/${initiative.id}`);
  await page.getByRole('link', { name: 'Post an update' }).click();
  await page.getByRole('radio', { name: 'On track' }).check();
  await page.getByLabel('What has happened').fill('Patrols ran every weekend in the town centre.');
  await page.getByLabel('Progress (optional)').fill('60');
  const first = page.locator('#figure-1');
  await first.getByLabel('What it counts').fill('Patrols');
  await first.getByLabel('Value').fill('24');
  await first.getByLabel('Counted in').selectOption({ label: 'Sessions' });
  const second = page.locator('#figure-2');
  await second.getByLabel('What it counts').fill('Referrals to partners');
  await second.getByLabel('Value').fill('7');
  await second.getByLabel('Counted in').selectOption({ label: 'Referrals' });
  await page.getByRole('radio', { name: 'Yes, for publication' }).check();
  assert.deepEqual(await accessibilityViolations(page), [], 'the update form passes axe');
  await page.getByRole('button', { name: 'Post the update' }).click();
  await page.waitForURL(/\/initiatives\/\d+\?posted=1/);
}

/** The names of the initiatives a round page lists as still owing an update. */
async function owedOnRound(page: Page): Promise<string[]> {
  return page.locator('#owed ~ ul li a').allInnerTexts();
}

test('a partner editor sees what they owe and posts an update with two figures; the coordinator sees the round drop it and the priority bar change', { skip: noBrowser }, async () => {
  const { base, browser, t } = served;
  const initiative = await unreportedPoliceInitiative();
  const [round] = await t.db.query<{ id: number; title: string }>('SELECT id, title FROM update_rounds ORDER BY id LIMIT 1');
  assert.ok(round, 'the demo has an update round');
  const phone = { bypassCSP: true, viewport: { width: 390, height: 844 } };

  const coordinatorContext = await browser.newContext(phone);
  const coordinator = await coordinatorContext.newPage();
  await signIn(coordinator, base, 'coordinator@demo.csp-hub.test');
  await coordinator.goto(`${base}/p/scp/rounds/${round.id}`);
  assert.ok((await owedOnRound(coordinator)).includes(initiative.name), 'the round waits for the initiative');
  assert.deepEqual(await accessibilityViolations(coordinator), [], 'the round page passes axe');
  await coordinator.goto(`${base}/p/scp/rounds/${round.id}/summary`);
  assert.deepEqual(await accessibilityViolations(coordinator), [], 'the round summary passes axe');
  assert.ok(await coordinator.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the summary fits the phone');
  await coordinator.goto(`${base}/p/scp/plans/2022-23`);
  const before = await barKey(coordinator, initiative.priorityLabel);
  assert.ok((before['No update yet'] ?? 0) >= 1, 'the initiative counts as not reported yet');

  const context = await browser.newContext(phone);
  const page = await context.newPage();
  await signIn(page, base, 'police@demo.csp-hub.test');
  await page.goto(`${base}/p/scp`);
  const owed = page.locator('#owed');
  assert.match(await owed.innerText(), new RegExp(`${round.title}: due by 28 October 2022`));
  assert.ok((await owed.getByRole('link').allInnerTexts()).includes(`Post an update on ${initiative.name}`), 'the home lists what Essex Police owes');
  assert.deepEqual(await accessibilityViolations(page), [], 'the home with what is owed passes axe');

  await postUpdate(page, initiative);
  const timeline = await page.locator('.moj-timeline').first().innerText();
  assert.match(timeline, /On track, 60% done/);
  assert.match(timeline, /Patrols: 24 sessions/);
  assert.match(timeline, /Referrals to partners: 7 referrals/);
  assert.match(timeline, /by Pat Partner \(Essex Police\), Essex Police/);
  assert.deepEqual(await accessibilityViolations(page), [], 'the initiative page with its timeline passes axe');
  await page.goto(`${base}/p/scp`);
  assert.ok(!(await page.locator('#owed').getByRole('link').allInnerTexts()).includes(`Post an update on ${initiative.name}`), 'no longer owed on the home');
  await context.close();

  await coordinator.goto(`${base}/p/scp/rounds/${round.id}`);
  assert.ok(!(await owedOnRound(coordinator)).includes(initiative.name), 'the round dropped the initiative');
  await coordinator.goto(`${base}/p/scp/plans/2022-23`);
  const after = await barKey(coordinator, initiative.priorityLabel);
  assert.equal(after['No update yet'] ?? 0, before['No update yet']! - 1);
  assert.equal(after['On track'] ?? 0, (before['On track'] ?? 0) + 1);
  // The bar fits the phone's width: no sideways scroll.
  assert.ok(await coordinator.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await coordinatorContext.close();
});
