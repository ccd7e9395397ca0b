// Approvals whose date was not recorded: a plan approved before it was kept here says so, and is
// dated only when it is published here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
const COORDINATOR = 'coordinator@demo.csp-hub.test';
async function signedIn(email: string) { return new Agent(t.app).signIn(email, DEMO_PASSWORD); }
/** A name as the page writes it (HTML-escaped); body names hold no regular-expression characters. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');

before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

test('an approval whose date was not recorded says so, and publishing it later dates it with the real publication', async () => {
  const coordinator = await signedIn(COORDINATOR);
  const scp = await t.services.partnerships.bySlug('scp');
  const admin = { userId: null, role: 'admin' as const, organisationId: null };
  await t.services.lifecycle.create(scp, { startYear: 2032, introduction: 'A plan approved before it was kept here.', otherSection: '', frameworkIds: [], priorities: [] }, admin);
  const board = (await t.services.partnerships.bodies(scp.id)).find((b) => b.kind === 'strategic_board')!;
  await coordinator.get('/p/scp/plans/2032-33/approve');
  const both = await coordinator.post('/p/scp/plans/2032-33/approve', { bodyId: String(board.id), 'approvedOn-day': '1', 'approvedOn-month': '3', 'approvedOn-year': '2032', dateNotRecorded: 'yes' });
  assert.equal(both.statusCode, 400);
  assert.match(both.body, /Enter the date of approval, or say it was not recorded, not both/);
  const ok = await coordinator.post('/p/scp/plans/2032-33/approve', { bodyId: String(board.id), 'approvedOn-day': '', 'approvedOn-month': '', 'approvedOn-year': '', dateNotRecorded: 'yes' });
  assert.equal(ok.statusCode, 303);
  const [row] = await t.db.query<{ status: string; approvedOn: string | null }>(`SELECT status, approved_on AS "approvedOn" FROM plans WHERE partnership_id = $1 AND start_year = 2032`, [scp.id]);
  assert.deepEqual(row, { status: 'approved', approvedOn: null });
  const page = await coordinator.get('/p/scp/plans/2032-33');
  assert.match(page.body, new RegExp(`Approved by the ${esc(board.name)} \\(date not recorded\\)`));
  const doc = await coordinator.get('/p/scp/plans/2032-33/document');
  assert.match(doc.body, new RegExp(`Approved by the ${esc(board.name)} \\(date not recorded\\)`));

  // Published here and now, the plan carries the day it was published.
  const confirm = await coordinator.get('/p/scp/plans/2032-33/publish');
  const version = /name="version" value="(\d+)"/.exec(confirm.body)![1];
  assert.equal((await coordinator.post('/p/scp/plans/2032-33/publish', { confirm: 'yes', version }, '/p/scp/plans/2032-33/publish')).statusCode, 303);
  const published = await coordinator.get('/p/scp/plans/2032-33/document');
  const today = new Date().toISOString().slice(0, 10).split('-').map(Number);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  assert.match(published.body, new RegExp(`Published on ${today[2]} ${months[today[1]! - 1]} ${today[0]}; approved by the ${esc(board.name)} \\(date not recorded\\)`));
});
