import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { readZipText } from '../../src/documents/zip-read.ts';
import { accessibilityViolations, noBrowser, useServedApp, signIn } from './browser.ts';

// Journey 2 in a real browser, in the order it is written: the coordinator adopts three issues from
// the assessment's ranked list as next year's priorities, THEN rolls this year's plan forward into
// that draft — merging each old priority into a new one and retiring the last — checks the draft,
// its coverage and the comparison with this year, records approval, publishes through the
// confirmation page and downloads the Word document; the public can then read the plan.

const served = useServedApp();

const ADOPT = ['Violence and sexual offences', 'Drugs', 'Anti-social behaviour'];
/** 2022-23 key priority number (or 'outside', the section outside them) → merged into the adopted priority named, or retired. */
const MAPPING: Record<string, string | null> = { 1: 'Drugs', 2: 'Anti-social behaviour', 3: 'Violence and sexual offences', outside: null };

async function noViolations(page: Page, where: string) {
  assert.deepEqual(await accessibilityViolations(page), [], `${where} has no accessibility violations`);
}

test('journey 2: adopt three issues, roll forward with a mapping, check, approve, publish, download', { skip: noBrowser }, async () => {
  // What the demo's 2022-23 plan holds, to know what the draft must hold.
  const old = await served.t.db.query<{ id: number; name: string; number: number | null; status: string; refs: number[]; items: number }>(
    `SELECT i.id, i.name, pr.number, (SELECT count(*)::int FROM initiative_framework_items f WHERE f.initiative_id = i.id) AS items, i.status, i.priority_refs AS refs FROM initiatives i JOIN priorities pr ON pr.id = i.priority_id
       JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2022 ORDER BY i.id`);
  const oldPriorities = await served.t.db.query<{ id: number; number: number | null }>(
    'SELECT pr.id, pr.number FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.start_year = 2022 ORDER BY pr.number NULLS LAST');
  assert.deepEqual(oldPriorities.map((p) => p.number), [1, 2, 3, null], 'three key priorities and the section outside them');
  const key = (n: number | null) => String(n ?? 'outside');
  const ongoing = old.filter((i) => i.status !== 'completed' && i.status !== 'cancelled');
  const carried = ongoing.filter((i) => MAPPING[key(i.number)] !== null);
  assert.ok(ongoing.some((i) => MAPPING[key(i.number)] === null), 'the retired section has ongoing initiatives');
  // The seed plan cites no partnership priorities; let one initiative serve priorities 1 and 2, to follow the numbers.
  const names = old.map((i) => i.name);
  const shared = carried.find((i) => i.number === 1 && i.items > 0 && names.indexOf(i.name) === names.lastIndexOf(i.name))!;
  await served.t.db.query(`UPDATE initiatives SET priority_refs = '[1, 2]' WHERE id = $1`, [shared.id]);
  shared.refs = [1, 2];

  const context = await served.browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, served.base, 'coordinator@demo.csp-hub.test');

  // 1. Adopt three issues from the ranked list.
  await page.goto(`${served.base}/p/scp/assessment/scoring`);
  for (const [index, label] of ADOPT.entries()) {
    const row = page.locator('#ranked tbody tr', { has: page.getByRole('link', { name: label, exact: true }) });
    await row.getByRole('button', { name: /Adopt as priority/ }).click();
    await page.waitForURL(/adopted=\d+/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), new RegExp(`${label} is priority ${index + 1} of the 2023-24 plan`));
  }
  const numberOf = new Map(ADOPT.map((label, i) => [label, i + 1]));
  const newNumber = (oldNumber: number | null) => (MAPPING[key(oldNumber)] ? numberOf.get(MAPPING[key(oldNumber)]!)! : null);

  // 2. Roll the current plan forward into that draft, mapping each old priority.
  await page.goto(`${served.base}/p/scp/plans/2022-23`);
  await page.getByRole('link', { name: 'Roll forward to next year' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Roll forward to 2023-24');
  const fate = (n: number | null) => page.locator(`#fate-${oldPriorities.find((p) => p.number === n)!.id}`);
  const options = await fate(1).locator('option').allTextContents();
  assert.deepEqual(options.map((o) => o.trim()), ['Carry as its own priority', ...ADOPT.map((l) => `Merge into: ${l}`), 'Retire (do not carry)']);
  for (const p of oldPriorities) {
    const target = MAPPING[key(p.number)];
    await fate(p.number).selectOption({ label: target ? `Merge into: ${target}` : 'Retire (do not carry)' });
  }
  await page.getByRole('button', { name: 'Update the preview' }).first().click();
  await page.waitForLoadState();
  const retired = ongoing.filter((i) => MAPPING[key(i.number)] === null);
  const outside = oldPriorities.find((p) => p.number === null)!;
  assert.match(await page.locator(`#outline-retired-${outside.id}`).innerText(),
    new RegExp(`The section outside the key priorities of 2022-23, .*, is retired\\.\\s*Its ${retired.length} ticked initiatives are not carried`));
  for (const [label, n] of numberOf) {
    assert.match(await page.locator(`#outline-priority-${n}`).innerText(), new RegExp(`Priority ${n}: ${label}[\\s\\S]*Already in the 2023-24 draft; takes in priority`));
  }
  assert.equal(await fate(null).inputValue(), `${outside.id}:retire`, 'the choice is kept');
  await noViolations(page, 'the roll-forward preview');
  await page.getByRole('button', { name: 'Bring these into the 2023-24 draft' }).click();
  await page.waitForURL(/\/plans\/2023-24\?done=rolled-forward$/);

  // The draft has the three adopted priorities, and last year's initiatives under them.
  assert.equal(await page.locator('main section[id^="priority-"]').count(), 3, 'three priorities, not six');
  assert.equal(await page.locator('#outside-key-priorities').count(), 0, 'the retired section is not carried');
  for (const [label, n] of numberOf) {
    assert.equal(await page.locator(`#priority-${n} h2`).innerText(), `Priority ${n}: ${label}`);
    const expected = carried.filter((i) => newNumber(i.number) === n);
    assert.equal(await page.locator(`#priority-${n} tbody tr`).count(), expected.length, `priority ${n} holds the initiatives mapped to it`);
  }
  // The initiative serving priorities 1 and 2 now cites the draft's numbers, keeps its framework items, links to last year's.
  const refs = [...new Set(shared.refs.map(newNumber).filter((n): n is number => n !== null))].sort((a, b) => a - b);
  await page.locator(`#priority-${newNumber(shared.number)}`).getByRole('link', { name: shared.name, exact: true }).click();
  assert.equal((await page.locator('.govuk-summary-list__row', { hasText: 'Partnership priorities' }).locator('dd').innerText()).trim(), refs.join(' and '));
  assert.equal(refs.join(' and '), '2 and 3');
  const frameworkItems = (await page.locator('.govuk-summary-list__row', { hasText: 'Framework items' }).locator('dd').innerText()).trim().split('\n');
  assert.equal(frameworkItems.length, shared.items, 'its framework items came with it');
  assert.ok(await page.getByRole('link', { name: `2022-23: ${shared.name}` }).isVisible(), 'linked to last year’s initiative');
  await page.getByRole('link', { name: 'History of changes' }).click();
  assert.match(await page.locator('main').innerText(), /Carried from the 2022-23 plan \(was under priority 1\)/);

  // 3. Edit a priority's commitments; check the coverage of the frameworks.
  await page.goto(`${served.base}/p/scp/plans/2023-24`);
  await page.getByRole('link', { name: 'Edit priority 1 and its objectives' }).click();
  await page.getByLabel('The partnership will:').fill('Reduce violence in the night-time economy');
  await page.getByRole('button', { name: 'Save priority' }).click();
  await page.waitForURL(/done=saved/);
  await page.goto(`${served.base}/p/scp/plans/2023-24`);
  assert.match(await page.locator('#priority-1').innerText(), /The partnership will:\s*Reduce violence in the night-time economy/);
  await page.getByRole('link', { name: 'Coverage of the frameworks' }).click();
  assert.match(await page.locator('main').innerText(), /\d+ of \d+ PCC priorities have no initiative/);

  // 4. Compare the draft with this year.
  await page.goto(`${served.base}/p/scp/plans/2023-24`);
  await page.getByRole('link', { name: 'Compare with another year' }).click();
  const comparison = await page.locator('main').innerText();
  assert.match(comparison, /Compare 2022-23 with 2023-24/);
  assert.match(comparison, new RegExp(`Carried from 2022-23 \\(${carried.length}\\)`));
  assert.match(comparison, new RegExp(`Dropped after 2022-23 \\(${old.length - carried.length}\\)`));
  assert.match(comparison, /New in 2023-24 \(0\)/);

  // 5. Publishing first asks: approval is not recorded yet, and the link goes to record it.
  await page.goto(`${served.base}/p/scp/plans/2023-24`);
  await page.getByRole('link', { name: 'Publish the plan' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Publish the 2023-24 plan');
  assert.match(await page.locator('#unfinished').innerText(), /No approval has been recorded/);
  await noViolations(page, 'the publish confirmation');
  await page.locator('#unfinished').getByRole('link', { name: 'Record approval' }).click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Record approval');
  await page.getByLabel('Day').fill('15');
  await page.getByLabel('Month').fill('3');
  await page.getByLabel('Year').fill('2023');
  await page.getByRole('button', { name: 'Record approval' }).click();
  await page.waitForURL(/done=approved/);
  assert.match(await page.locator('main').innerText(), /Approved by .+ on 15 March 2023/);

  await page.getByRole('link', { name: 'Publish the plan' }).click();
  assert.doesNotMatch(await page.locator('main').innerText(), /No approval has been recorded/);
  await page.getByRole('button', { name: /^Publish/ }).click();
  await page.waitForURL(/done=published/);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Plan published/);

  // Download the Word document: the new priorities with the initiatives carried under them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as Word' }).click()]);
  assert.equal(download.suggestedFilename(), 'scp-annual-partnership-plan-2023-24.docx');
  const xml = readZipText(readFileSync((await download.path())!), 'word/document.xml');
  assert.ok(xml, 'a Word document');
  for (const [label, n] of numberOf) assert.ok(xml.includes(`Priority ${n}: ${label}`), `the document has priority ${n}`);
  assert.ok(!xml.includes('Priority 4:'), 'and no other');
  assert.ok(xml.includes(shared.name.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')), 'with the carried initiatives');
  await context.close();

  // The public site shows it.
  const visitor = await served.browser.newPage();
  const res = await visitor.goto(`${served.base}/p/scp/plans/2023-24`);
  assert.equal(res?.status(), 200);
  assert.equal(await visitor.getByRole('heading', { level: 1 }).innerText(), 'Annual Partnership Plan 2023-24');
  assert.match(await visitor.locator('main').innerText(), /Priority 2: Drugs/);
  await visitor.close();
});
