import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../../test/helpers.ts';
import type { Partnership } from '../../partnerships/service.ts';

// The scoring workspace against the demo partnership and its real Essex crime aggregates
// (police.uk, March 2021 – November 2022): score, audit, permissions, adopt as a priority.

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
const LIST = '/p/scp/assessment/scoring';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
});
after(async () => { await t?.close(); });

const signIn = (who: string) => new Agent(t.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD);

async function issueId(label: string): Promise<number> {
  const [row] = await t.db.query<{ id: number }>(
    `SELECT i.id FROM issue_scores i JOIN scoring_sets s ON s.id = i.set_id
      WHERE s.partnership_id = $1 AND s.period_from = '2021-10' AND s.period_to = '2022-09' AND i.label = $2`, [scp.id, label]);
  assert.ok(row, `${label} is in the scoring set`);
  return row.id;
}

/** The version the form on the agent's last page carries. */
const formVersion = (agent: Agent) => /name="version" value="(\d+)"/.exec(agent.lastHtml)![1];

/** Open an issue's scoring page as `agent`: the issue's id, the page's address and its form's version. */
async function openIssue(agent: Agent, label: string) {
  const id = await issueId(label);
  const page = `/p/scp/assessment/scoring/${id}`;
  await agent.get(page);
  return { id, page, version: formVersion(agent) };
}

const fullScores = (extra: Record<string, string> = {}) => ({
  version: '', volume: 'data', trend: 'data',
  harm: '5', harmConfidence: 'high', harmRationale: 'Knife injuries; serious harm to young people',
  vulnerability: '4', vulnerabilityConfidence: 'medium', vulnerabilityRationale: 'Young victims and exploitation',
  communityConcern: '4', communityConcernConfidence: 'medium', communityConcernRationale: 'Raised at every ward panel',
  partnershipPosition: '4', partnershipPositionConfidence: 'high', partnershipPositionRationale: 'Youth services and the VRU can act',
  ...extra,
});

test('the ranked list shows the demo period with volume and trend from the data', async () => {
  const analyst = await signIn('analyst');
  const res = await analyst.get(LIST);
  assert.equal(res.statusCode, 200);
  const body = text(res.body);
  assert.match(body, /Colchester, October 2021 to September 2022/);
  assert.match(body, /Issues ranked by total score/);
  assert.match(body, /Possession of weapons/);
  assert.match(body, /Anti-social behaviour/);
  assert.doesNotMatch(res.body, /Adopt as priority/, 'analysts score but do not adopt');
  const [{ n }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM issue_scores WHERE volume IS NOT NULL AND trend IS NOT NULL');
  assert.ok(n >= 14, 'every crime type and ASB has derived volume and trend');
});

test('a score without a rationale shows the error summary and keeps what was typed', async () => {
  const analyst = await signIn('analyst');
  const { id, page, version } = await openIssue(analyst, 'Possession of weapons');
  const res = await analyst.post(page, fullScores({ version, harmRationale: '', vulnerabilityRationale: 'Typed and kept' }), page);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /<a href="#harmRationale">Enter the rationale for the harm score<\/a>/);
  assert.match(res.body, /<title>Error: /);
  assert.match(res.body, /Typed and kept/);
  assert.match(res.body, /name="harm" type="radio" value="5" checked/);
  assert.match(res.body, /name="harmConfidence" type="radio" value="high" checked/);
  const [row] = await t.db.query<{ harm: number | null }>('SELECT harm FROM issue_scores WHERE id = $1', [id]);
  assert.equal(row.harm, null, 'nothing saved');
});

test('a score change is saved, moves the issue up the list and is in its history with before and after', async () => {
  const analyst = await signIn('analyst');
  const { id, page, version } = await openIssue(analyst, 'Possession of weapons');
  const res = await analyst.post(page, fullScores({ version }), page);
  assert.equal(res.statusCode, 303);
  assert.match(res.headers.location as string, /\/assessment\/scoring\?from=2021-10&to=2022-09#issue-\d+/);

  const list = await analyst.get(LIST);
  const firstRow = /<tbody[^>]*>\s*<tr[^>]*>([\s\S]*?)<\/tr>/.exec(list.body)![1];
  assert.match(text(firstRow), /^ 1 Possession of weapons/, 'the scored issue ranks first');

  const history = await t.services.scoring.history(id);
  const change = history.find((h) => h.action === 'update' && h.userName === 'Ana Analyst');
  assert.ok(change, 'the change is recorded against the analyst');
  assert.equal(change.before!.harm, null);
  assert.equal(change.after!.harm, 5);
  assert.equal(change.after!.harmRationale, 'Knife injuries; serious harm to young people');
  assert.ok(change.changedFields.includes('harm') && change.changedFields.includes('partnershipPositionConfidence'));
  const historyPage = await analyst.get(`${page}/history`);
  assert.equal(historyPage.statusCode, 200);
  assert.match(text(historyPage.body), /Harm rationale \(none\) Knife injuries/);
});

test('a stale save is refused with a clear message and keeps the typed values', async () => {
  const analyst = await signIn('analyst');
  const coordinator = await signIn('coordinator');
  const { id, page, version } = await openIssue(analyst, 'Burglary');
  assert.equal((await coordinator.post(page, fullScores({ version, harm: '3', harmRationale: 'Coordinator view' }), page)).statusCode, 303);
  const stale = await analyst.post(page, fullScores({ version, harm: '4', harmRationale: 'Analyst view' }), page);
  assert.equal(stale.statusCode, 409);
  assert.match(text(stale.body), /Someone else saved scores for this issue after you opened it/);
  assert.match(text(stale.body), /The scores saved by someone else .*Coordinator view/);
  assert.match(stale.body, /Analyst view<\/textarea>/);
  const [row] = await t.db.query<{ harm: number }>('SELECT harm FROM issue_scores WHERE id = $1', [id]);
  assert.equal(row.harm, 3, 'the first save stands');
});

test('overriding volume or trend needs a rationale; weights change the totals and are audited', async () => {
  const analyst = await signIn('analyst');
  const { id, page, version } = await openIssue(analyst, 'Robbery');
  const bad = await analyst.post(page, { ...fullScores({ version, trend: '2', trendConfidence: 'low' }) }, page);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Enter why the trend score differs from the data/);
  await analyst.get(page);
  const ok = await analyst.post(page, fullScores({ version: formVersion(analyst), trend: '2', trendConfidence: 'low', trendRationale: 'One series of linked robberies' }), page);
  assert.equal(ok.statusCode, 303);
  const [row] = await t.db.query<{ trend: number; trendDerived: boolean; setId: number }>(
    'SELECT trend, trend_derived AS "trendDerived", set_id AS "setId" FROM issue_scores WHERE id = $1', [id]);
  assert.deepEqual([row.trend, row.trendDerived], [2, false]);

  const weightsPage = `/p/scp/assessment/scoring/sets/${row.setId}/weights`;
  await analyst.get(weightsPage);
  const setVersion = formVersion(analyst);
  const weights = { harm: '3', volume: '1', trend: '1', vulnerability: '1', communityConcern: '1', partnershipPosition: '0', version: setVersion };
  assert.equal((await analyst.post(weightsPage, { ...weights, harm: 'lots' }, weightsPage)).statusCode, 400);
  assert.equal((await analyst.post(weightsPage, weights, weightsPage)).statusCode, 303);
  const ws = await t.services.scoring.workspace(scp, { from: '2021-10', to: '2022-09' }, { userId: null, role: 'analyst', organisationId: null });
  assert.ok(ws.noData === null);
  const robbery = ws.ranked.find((r) => r.label === 'Robbery')!;
  // 3 × harm 5 + volume + trend 2 + vulnerability 4 + community concern 4 (+ partnership position × 0)
  assert.equal(robbery.total, 15 + robbery.scores.volume! + 2 + 4 + 4);
  const audit = await t.services.scoring.weightsHistory(row.setId);
  assert.equal(audit[0].before!.harm, 2);
  assert.equal(audit[0].after!.harm, 3);
});

test('viewers read the list but cannot score or adopt (403); signed-out visitors are sent to sign in', async () => {
  const viewer = await signIn('viewer');
  const id = await issueId('Drugs');
  const list = await viewer.get(LIST);
  assert.equal(list.statusCode, 200);
  assert.doesNotMatch(list.body, /Adopt as priority/);
  const page = `/p/scp/assessment/scoring/${id}`;
  const read = await viewer.get(page);
  assert.equal(read.statusCode, 200);
  assert.doesNotMatch(read.body, /Save scores/);
  assert.equal((await viewer.post(page, fullScores({ version: '1' }), page)).statusCode, 403);
  assert.equal((await viewer.post(`${page}/adopt`, { priorityId: 'new' }, page)).statusCode, 403);
  const analyst = await signIn('analyst');
  assert.equal((await analyst.post(`${page}/adopt`, { priorityId: 'new' }, page)).statusCode, 403, 'analysts do not adopt');

  const anonymous = await new Agent(t.app).get(LIST);
  assert.equal(anonymous.statusCode, 303);
  assert.match(anonymous.headers.location as string, /^\/sign-in/);
});

test('adopting creates priority 1 of the next year\'s draft plan with the real figures, and adopting again links', async () => {
  const coordinator = await signIn('coordinator');
  const id = await issueId('Possession of weapons');
  assert.equal(await t.services.plans.list(scp, { userId: null, role: 'admin', organisationId: null }).then((p) => p.some((x) => x.startYear === 2023)), false);

  const res = await coordinator.post(`/p/scp/assessment/scoring/${id}/adopt`, { priorityId: 'new' }, LIST);
  assert.equal(res.statusCode, 303);
  const banner = await coordinator.get(res.headers.location as string);
  assert.match(text(banner.body), /Possession of weapons is priority 1 of the 2023-24 plan/);

  const system = { userId: null, role: 'admin' as const, organisationId: null };
  const plan = await t.services.plans.get(scp, 2023, system);
  assert.equal(plan.status, 'draft');
  assert.equal(plan.priorities.length, 1);
  const [p] = plan.priorities;
  assert.deepEqual([p.number, p.title, p.commitments], [1, 'Possession of weapons', []]);

  // The figures in the sentence are the assessment's own.
  const result = await t.services.assessment.assess(scp, { from: '2021-10', to: '2022-09' });
  const w = result.crimeTypes.find((c) => c.type === 'Possession of weapons')!;
  const pct = Math.round(Math.abs(w.changePct!));
  const verb = w.changePct! > 0 ? 'rose' : 'fell';
  assert.ok(p.evidence.startsWith(`Possession of weapons ${verb} ${pct}% to ${w.comparedCount.toLocaleString('en-GB')} offences (force-wide `), p.evidence);
  assert.ok(p.evidence.includes(`there were ${w.count.toLocaleString('en-GB')} offences`), p.evidence);
  const hot = result.hotspots.find((h) => h.type === 'Possession of weapons')!.wards[0];
  assert.ok(p.evidence.includes(`Most were in ${hot.name} (${hot.count})`), p.evidence);

  const [link] = await t.db.query<{ adopted: number }>('SELECT adopted_priority_id AS adopted FROM issue_scores WHERE id = $1', [id]);
  assert.equal(link.adopted, p.id);
  const history = await t.services.scoring.history(id);
  assert.match(history[0].summary, /Adopted as priority 1 of the 2023-24 plan/);

  // Again: the same priority, no duplicate.
  const again = await t.services.scoring.adopt(scp, id, { priorityId: 'new' }, system);
  assert.deepEqual([again.created, again.priorityId], [false, p.id]);
  assert.equal((await t.services.plans.get(scp, 2023, system)).priorities.length, 1);

  // A second issue takes the next number.
  const vehicle = await t.services.scoring.adopt(scp, await issueId('Vehicle crime'), {}, system);
  assert.deepEqual([vehicle.created, vehicle.number, vehicle.year], [true, 2, '2023-24']);

  // Linking to a priority chosen from the plan adds the evidence to it rather than a new priority.
  const bicycle = await t.services.scoring.adopt(scp, await issueId('Bicycle theft'), { priorityId: String(vehicle.priorityId) }, system);
  assert.deepEqual([bicycle.created, bicycle.number], [false, 2]);
  const after = await t.services.plans.get(scp, 2023, system);
  assert.equal(after.priorities.length, 2);
  assert.match(after.priorities[1].evidence, /^Vehicle crime rose [\s\S]*\n\nBicycle theft rose/);

  const bad = await coordinator.post(`/p/scp/assessment/scoring/${await issueId('Drugs')}/adopt`, { priorityId: '999999' }, LIST);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select a priority of the 2023-24 plan, or a new one/);
});
