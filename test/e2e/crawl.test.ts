import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftNextYear } from '../helpers.ts';
import { DEMO_ACCOUNTS } from '../../src/features/demo/accounts.ts';
import { noBrowser, useServedApp } from './browser.ts';
import { crawl } from './crawl.ts';

// Every page a person can reach by following links, for each role, at phone width (390 × 844):
// nothing scrolls sideways, axe-core finds no WCAG 2.2 AA violation, the console stays clean, no
// link leads to an error or bounces a signed-in person to sign in, and dates and codes are shown
// in words. The demo has next year's draft plan, so forms and drafts are reached too.

/**
 * Every kind of page a role reaches, then 15 more of kinds already seen (one link from each page in
 * turn), and never more than 100 pages for one role: the whole crawl takes a few minutes.
 */
const LIMITS = { limit: 100, repeats: 15 };

const served = useServedApp(async (t) => {
  await draftNextYear(t.services);
  // The demo has sent no mail: one kept message, so the outbox's message page is crawled too.
  const scp = await t.services.partnerships.bySlug('scp');
  await t.services.mail.send({ partnershipId: scp.id, to: 'coordinator@demo.csp-hub.test', template: 'outbox/mail/test-message.njk',
    data: { name: 'Chris Coordinator', partnershipName: scp.name, sentAt: new Date() } });
});

const roles: { label: string; email: string | null }[] = [
  { label: 'anonymous', email: null },
  ...DEMO_ACCOUNTS.map((a) => ({ label: a.role, email: a.email })),
];

// Pages alike in kind and controls are judged by axe once, whichever role reached them first.
const axeSeen = new Set<string>();

for (const role of roles) {
  test(`crawl as ${role.label}: every page reached fits a phone, passes axe and logs no error`, { skip: noBrowser }, async () => {
    const result = await crawl(served.browser, served.base, role.email, LIMITS, axeSeen);
    console.log(`${role.label}: ${result.pages.length} pages checked`);
    assert.ok(result.pages.length >= (role.email ? 20 : 10), `reached only ${result.pages.map((p) => p.url).join(', ')}`);
    assert.deepEqual(result.problems, []);
  });
}
