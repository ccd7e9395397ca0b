import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { Agent, testApp } from '../../../../test/helpers.ts';
import { planDocument } from '../plan-document.ts';
import { renderDocx } from '../../../documents/render-docx.ts';
import { paragraph } from '../../../documents/model.ts';
import { renderPdf, closePdfBrowser } from '../../../documents/render-pdf.ts';
import { needsChromium } from '../../../../test/tools.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { InitiativeDetail, PlanDetail } from '../types.ts';
import { allInitiatives } from '../compare.ts';
import { defaultEdit } from './service.ts';
import type { PlanProposal, ProposedInitiative } from './propose.ts';

// Importing a plan end to end on the real database: the demo's 2022-23 plan, exported by the product
// itself as Word (and PDF), comes back with every initiative, lead and reference; a pasted extract in
// the seed plans' layout is read; bad input is refused with a message and writes nothing.

const t = await testApp();
after(async () => { await closePdfBrowser(); await t.close(); });
const system: Actor = { userId: null, role: 'admin', organisationId: null };
const scp = await t.services.partnerships.bySlug('scp');
const agent = new Agent(t.app);
before(async () => { await agent.startSession(t.services, 'coordinator@demo.csp-hub.test'); });

/** Post the import form as a browser does: the CSRF token, the pasted text, the file. */
const upload = (fields: Record<string, string>, file?: { name: string; bytes: Buffer; type: string }) =>
  agent.postMultipart('/p/scp/plans/import', fields, file ? [{ field: 'file', filename: file.name, content: file.bytes, contentType: file.type }] : []);

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const counts = async () => {
  const [row] = await t.db.query<{ plans: number; pending: number; initiatives: number }>(
    'SELECT (SELECT count(*)::int FROM plans) AS plans, (SELECT count(*)::int FROM pending_plan_imports) AS pending, (SELECT count(*)::int FROM initiatives) AS initiatives');
  return row!;
};
const idFrom = (location: string) => /\/plans\/import\/([0-9a-f]{32})$/.exec(location)![1]!;
const coordinator = async (): Promise<Actor> => ({ userId: (await t.services.users.findIdByEmail('coordinator@demo.csp-hub.test'))!, role: 'coordinator', organisationId: null });

const key = (l: { type: string; id: number }) => `${l.type}:${l.id}`;
const pccOf = (i: InitiativeDetail) => [...new Set(i.frameworkItems.filter((f) => f.frameworkKind === 'pcc_plan').map((f) => Number(f.number)))].sort((a, b) => a - b);
const strandsOf = (i: InitiativeDetail) => [...new Set(i.frameworkItems.filter((f) => f.frameworkKind === 'county_strategy').map((f) => f.title))].sort();
const otherRefs = (refs: number[], own: number | null) => [...new Set(refs.filter((n) => n !== own))].sort((a, b) => a - b);

/** Every initiative of the plan is in the proposal, under its priority and objective, with its leads and references. */
function assertRoundTrip(plan: PlanDetail, proposal: PlanProposal) {
  const missing: string[] = [];
  for (const p of plan.priorities) {
    const inPriority = [...p.objectives.flatMap((o) => o.initiatives.map((i) => ({ i, objective: o.title as string | null }))), ...p.initiatives.map((i) => ({ i, objective: null }))];
    for (const { i, objective } of inPriority) {
      const found: ProposedInitiative | undefined = proposal.initiatives.find((x) => x.name === i.name && x.priority === (p.kind === 'key' ? p.number : null));
      if (!found) { missing.push(`${i.name} (priority ${p.number})`); continue; }
      assert.equal(found.objective, objective, `${i.name}: objective`);
      assert.deepEqual(found.leads.map((l) => (l.match ? key(l.match) : `unmatched ${l.written}`)).sort(), i.leads.map(key).sort(), `${i.name}: leads`);
      assert.deepEqual(found.supports.map((l) => (l.match ? key(l.match) : `unmatched ${l.written}`)).sort(), i.supports.map(key).sort(), `${i.name}: supports`);
      assert.deepEqual(otherRefs(found.priorityRefs, p.number), otherRefs(i.priorityRefs, p.number), `${i.name}: partnership priorities`);
      assert.deepEqual(found.pccRefs, pccOf(i), `${i.name}: PCC priorities`);
      assert.deepEqual([...found.strands].sort(), strandsOf(i), `${i.name}: strategy strands`);
      assert.equal(found.status, i.status === 'cancelled' || i.status === 'delayed' ? i.status : 'active', `${i.name}: status`);
    }
  }
  assert.deepEqual(missing, [], 'initiatives not found');
  assert.equal(proposal.initiatives.length, allInitiatives(plan).length);
}

test('the demo 2022-23 plan exported as Word comes back with every initiative, lead and reference, and is accepted into a draft', async () => {
  const plan = await t.services.plans.get(scp, 2022, system);
  assert.equal(allInitiatives(plan).length, 51);
  const before = await counts();
  const res = await upload({ text: '' }, { name: 'plan-2022-23.docx', bytes: await renderDocx(planDocument(plan)), type: DOCX });
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const id = idFrom(res.headers.location as string);
  assert.equal((await counts()).plans, before.plans, 'no plan written before acceptance');

  const me = await coordinator();
  const pending = await t.services.planImport.pending(scp, id, me);
  assertRoundTrip(plan, pending.proposal);
  assert.deepEqual(pending.proposal.priorities.map((p) => p.number), plan.priorities.map((p) => (p.kind === 'key' ? p.number : null)).sort((a, b) => (a ?? 99) - (b ?? 99)));

  // The review page shows the source beside the proposal.
  const review = await agent.get(`/p/scp/plans/import/${id}`);
  assert.equal(review.statusCode, 200);
  assert.match(review.body, /Check the imported plan/);
  assert.match(review.body, new RegExp(allInitiatives(plan)[0]!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  // A year that already has a plan is refused, with the message on the form, and nothing is written.
  const taken = await agent.post(`/p/scp/plans/import/${id}`, { year: '2022-23' }, `/p/scp/plans/import/${id}`);
  assert.equal(taken.statusCode, 400);
  assert.match(taken.body, /There is already a 2022-23 plan/);
  assert.equal((await counts()).plans, before.plans);

  // Accepted as it was proposed: the new draft holds every initiative with its leads and references.
  const done = await t.services.planImport.accept(scp, id, '2023-24', pending.proposal.initiatives.map(defaultEdit), me);
  assert.equal(done.count, 51);
  const draft = await t.services.plans.get(scp, 2023, system);
  assert.equal(draft.status, 'draft');
  const byName = new Map(allInitiatives(draft).map((i) => [`${i.priorityId}:${i.name}`, i]));
  assert.equal(allInitiatives(draft).length, 51);
  for (const p of plan.priorities) {
    const np = draft.priorities.find((x) => x.number === p.number && x.kind === p.kind)!;
    assert.ok(np, `priority ${p.number} created`);
    assert.equal(np.title, p.title);
    for (const i of [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]) {
      const ni = byName.get(`${np.id}:${i.name}`);
      assert.ok(ni, `${i.name} imported`);
      assert.deepEqual(ni.leads.map(key).sort(), i.leads.map(key).sort(), `${i.name}: leads kept`);
      assert.deepEqual(pccOf(ni), pccOf(i), `${i.name}: PCC links kept`);
      assert.equal(ni.timingKind, i.timingKind, `${i.name}: timing kind`);
    }
  }
  const [audit] = await t.db.query<{ summary: string }>("SELECT summary FROM audit_log WHERE record_type = 'plan' AND record_id = $1 AND action = 'create'", [draft.id]);
  assert.match(audit!.summary, /Created the 2023-24 plan by importing plan-2022-23\.docx: 51 initiatives/);
  assert.equal((await counts()).pending, 0, 'the accepted import is removed');
});

test('a pasted extract in the seed plans’ layout is read: leads, timing, references, broken rows', async () => {
  const text = readFileSync(new URL('./fixtures/plan-2020-21-extract.txt', import.meta.url), 'utf8');
  const res = await upload({ text });
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const { proposal } = await t.services.planImport.pending(scp, idFrom(res.headers.location as string), await coordinator());
  const orgs = await t.services.partnerships.organisations(scp.id);
  const bodies = await t.services.partnerships.bodies(scp.id);
  const org = (acronymOrName: string) => `organisation:${orgs.find((o) => o.acronym === acronymOrName || o.name === acronymOrName)!.id}`;
  const row = (name: string) => {
    const i = proposal.initiatives.find((x) => x.name === name);
    assert.ok(i, `${name} read; read: ${proposal.initiatives.map((x) => x.name).join(' | ')}`);
    return i;
  };
  assert.deepEqual(proposal.priorities.map((p) => [p.number, p.title.slice(0, 20)]), [[1, 'Tackling organized c'], [2, 'Driving down Anti-So']]);
  assert.equal(proposal.initiatives.length, 6);
  const mac = row('MAC Panel');
  assert.deepEqual(mac.leads.map((l) => l.match && key(l.match)), [org('Essex Police')]);
  assert.deepEqual([mac.timing.kind, mac.timing.startsOn], ['ongoing', '2019-10-01']);
  assert.deepEqual([mac.priorityRefs, mac.pccRefs], [[1, 2], [4, 5, 6]]);
  assert.equal(row('Closure Orders').timing.kind, 'business_as_usual');
  const sceptre = row('Op Sceptre');
  assert.deepEqual([sceptre.timing.kind, sceptre.priorityRefs, sceptre.pccRefs], ['various', [1, 2, 3], [1, 4, 5, 6]]);
  const pspo = row('PSPO Car Parks');
  assert.equal(pspo.priority, 2);
  assert.deepEqual([pspo.timing.kind, pspo.timing.startsOn, pspo.timing.endsOn], ['dates', '2020-05-01', '2023-05-31']);
  assert.match(pspo.description, /harming local people in the car parks/, 'the row broken across lines is joined');
  const neighbourhoodTeam = `body:${bodies.find((b) => b.name === 'Neighbourhood Team')!.id}`;
  assert.deepEqual(pspo.leads.filter((l) => l.match).map((l) => key(l.match!)), [org('CBC'), neighbourhoodTeam]);
  // "Community Safety Team" is no organisation of the partnership: flagged, not applied.
  assert.ok(pspo.leads.some((l) => !l.match && l.written === 'Community Safety Team'));
  assert.ok(pspo.problems.some((p) => /Community Safety Team/.test(p)));
  const week = row('ASB Awareness Week');
  assert.deepEqual([week.timing.startsOn, week.timing.endsOn], ['2020-03-30', '2020-04-05']);
  assert.deepEqual(week.leads.map((l) => l.match && key(l.match)), [org('Essex Police'), org('CBC')]);
  const reopening = row('Town Centre Re-opening');
  assert.deepEqual(reopening.leads.map((l) => l.match && key(l.match)), [org('CBC'), org('Essex Police'), org('BID')]);
  assert.deepEqual([reopening.timing.kind, reopening.timing.startsOn], ['ongoing', '2020-04-01'], 'timing on the line after the row');
});

const noPdf = needsChromium || (() => { try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); return false; } catch { return 'pdftotext (poppler-utils) is not installed'; } })();

test('the demo 2022-23 plan printed by the product as PDF comes back with its initiatives and leads', { skip: noPdf }, async () => {
  const plan = await t.services.plans.get(scp, 2022, system);
  const res = await upload({ text: '' }, { name: 'plan-2022-23.pdf', bytes: await renderPdf(planDocument(plan)), type: 'application/pdf' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const { proposal } = await t.services.planImport.pending(scp, idFrom(res.headers.location as string), await coordinator());
  const all = allInitiatives(plan);
  const found = all.filter((i) => proposal.initiatives.some((x) => x.name === i.name && x.leads.filter((l) => l.match).map((l) => key(l.match!)).sort().join() === i.leads.map(key).sort().join()));
  // Text laid out from a PDF loses the cell borders, so rows are told apart by the labelled lines
  // ("Lead: …") of the product's own layout; a name or lead list wrapped over lines is then lost.
  // Today a little under half come back whole: this holds that floor (Word is the exact route).
  assert.ok(found.length >= all.length * 0.4, `${found.length} of ${all.length} initiatives found with their leads`);
});

test('bad input is refused with a clear message and writes nothing', async () => {
  const before = await counts();
  const notDocx = await upload({}, { name: 'plan.docx', bytes: Buffer.from('This is not really a Word file'), type: DOCX });
  assert.equal(notDocx.statusCode, 422);
  assert.match(notDocx.body, /govuk-error-summary/);
  assert.match(notDocx.body, /neither a Word document \(\.docx\) nor a PDF/);

  const noTables = await upload({}, { name: 'letter.docx', bytes: await renderDocx({ title: 'A letter', partnershipName: 'SCP', blocks: [paragraph('No tables here.')] }), type: DOCX });
  assert.equal(noTables.statusCode, 422);
  assert.match(noTables.body, /The Word file has no tables/);

  const empty = await upload({ text: '   ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Choose a Word or PDF file of the plan, or paste its table text/);

  const prose = await upload({ text: 'Just a sentence about the plan, with no table.' });
  assert.equal(prose.statusCode, 422);
  assert.match(prose.body, /No table of projects and initiatives was found/);
  assert.deepEqual(await counts(), before);
});

test('only coordinators import, and only the person who uploaded sees the pending import', async () => {
  const viewer = new Agent(t.app);
  await viewer.startSession(t.services, 'viewer@demo.csp-hub.test');
  assert.equal((await viewer.get('/p/scp/plans/import')).statusCode, 403);
  const res = await upload({ text: readFileSync(new URL('./fixtures/plan-2020-21-extract.txt', import.meta.url), 'utf8') });
  const id = idFrom(res.headers.location as string);
  const admin = new Agent(t.app);
  await admin.startSession(t.services, 'admin@demo.csp-hub.test');
  assert.equal((await admin.get(`/p/scp/plans/import/${id}`)).statusCode, 404, 'another coordinator does not see it');
});
