import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { planYearOf, planYearsOfMonths, yearLabel } from './years.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

/** The options of the select named `name` on a page, as shown. */
const optionsOf = (html: string, name: string): string[] => {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]!.trim());
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('starting a plan offers every year without a plan from those with plans or crime data to the coming one', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const current = planYearOf(new Date(), scp.planYearStartMonth);
  const planYears = (await t.db.query<{ y: number }>('SELECT start_year AS y FROM plans WHERE partnership_id = $1', [scp.id])).map((r) => r.y);
  const dataYears = planYearsOfMonths(await t.services.assessment.months(scp), scp.planYearStartMonth);
  assert.ok(dataYears.length > 0, 'the demo has crime data');
  const earliest = Math.min(...planYears, ...dataYears);
  const expected = range(earliest, current + 1).filter((y) => !planYears.includes(y)).map(yearLabel);
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const page = (await coordinator.get('/p/scp/plans/new')).body;
  assert.deepEqual(optionsOf(page, 'startYear'), ['Choose a year', ...expected]);
  assert.ok(expected.includes(yearLabel(Math.max(...planYears) + 1)), 'the year after the latest plan');
  assert.ok(expected.includes(yearLabel(current + 1)), 'the coming year');
  assert.match(page, new RegExp(`<option value="${yearLabel(current)}" selected>`), 'this year is chosen first');
});

test('membership can be set for every year from the earliest with a plan or members to the coming one', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const current = planYearOf(new Date(), scp.planYearStartMonth);
  const [{ y: earliest }] = await t.db.query<{ y: number }>(
    `SELECT least((SELECT min(start_year) FROM plans WHERE partnership_id = $1), (SELECT min(plan_year) FROM memberships WHERE partnership_id = $1)) AS y`, [scp.id]);
  const admin = await new Agent(t.app).signIn('admin@demo.csp-hub.test', DEMO_PASSWORD);
  const offered = optionsOf((await admin.get('/p/scp/admin/membership')).body, 'year');
  assert.deepEqual(offered, range(earliest, current + 1).reverse().map(yearLabel));
  // The coming year, which has no plan yet, can be edited.
  const coming = await admin.get(`/p/scp/admin/membership?year=${current + 1}`);
  assert.match(coming.body, new RegExp(`Members in ${yearLabel(current + 1)}`));
  assert.match(coming.body, new RegExp(`action="/p/scp/admin/membership/${yearLabel(current + 1)}"`));
});
