// The funding ledger end to end on the demo partnership: its pages, the allocation rule (also under
// concurrency), stream edits, totals, the 360Giving files, the API and who may change what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { testApp, Agent } from '../../../test/helpers.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { formatPounds, parsePounds } from '../../platform/money.ts';
import { CSV_COLUMNS } from './giving360.ts';
import { totalsByFunder, totalsByYear } from './totals.ts';
import { streamValues } from './form.ts';

const PREFIX = '360G-fundingtest';
let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp({ env: { GRANTS_IDENTIFIER_PREFIX: PREFIX } }); });
after(async () => { await t?.close(); });

const as = (who: string) => new Agent(t.app).startSession(t.services, `${who}@demo.csp-hub.test`);
const scp = () => t.services.partnerships.bySlug('scp');
const coordinator: Actor = { userId: null, role: 'coordinator', organisationId: null };
const allocationCount = async (streamId: number) =>
  (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM funding_allocations WHERE stream_id = $1', [streamId]))[0]!.n;
const streamCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM funding_streams')).at(0)!.n;

/** A new stream of `pounds` through the form, as a coordinator; its id. */
async function newStream(agent: Agent, fields: Record<string, string>): Promise<number> {
  const res = await agent.post('/p/scp/funding/new', { recurrence: '', ...fields }, '/p/scp/funding/new');
  assert.equal(res.statusCode, 303, res.body.slice(0, 400));
  return Number(/streams\/(\d+)$/.exec(String(res.headers.location))![1]);
}

async function anInitiative(year = 2022): Promise<{ id: number; name: string }> {
  const plan = await t.services.plans.get(await scp(), year, coordinator);
  const i = plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]).at(-1)!;
  return { id: i.id, name: i.name };
}

test('amounts are whole pence, parsed from what people type and shown as the partnership writes them', () => {
  assert.deepEqual(parsePounds('£494,000'), { pence: 49_400_000 });
  assert.deepEqual(parsePounds('5,513.5'), { pence: 551_350 });
  assert.deepEqual(parsePounds(' 0.07 '), { pence: 7 });
  for (const bad of ['43k', '1.234', '-5', '£', '12,34', '0']) assert.ok('problem' in parsePounds(bad), bad);
  assert.equal(formatPounds(49_400_000), '£494,000');
  assert.equal(formatPounds(551_350), '£5,513.50');
  assert.equal(formatPounds(2_251_100), '£22,511');
  // 0.1 + 0.2 in pounds would not be 0.3; in pence it is.
  assert.equal(formatPounds((parsePounds('0.10') as { pence: number }).pence + (parsePounds('0.20') as { pence: number }).pence), '£0.30');
});

test('the demo ledger: every stream, totals by year and by funder that add up, a chart with its table', async () => {
  const streams = await t.services.funding.list(await scp(), coordinator);
  const byName = new Map(streams.map((s) => [s.name, s]));
  assert.equal(byName.get('Together we Can 2022-23')!.amountPence, 49_400_000);
  assert.equal(byName.get('Together we Can 2022-23')!.unallocatedPence, 0);
  assert.equal(byName.get('ICB partnership funds')!.unallocatedPence, null, 'an allocation without an amount leaves the balance unknown');
  const years = new Map(totalsByYear(streams).map((x) => [x.label, x.pence / 100]));
  assert.equal(years.get('2021-22'), 376_000 + 32_610 + 33_646 + 22_000);
  assert.equal(years.get('2022-23'), 494_000 + 33_674 + 5_513 + 22_511);
  assert.equal(years.get('Year not recorded'), 43_000 + 264_000 + 283_000 + 500_000 + 46_000);
  const funders = new Map(totalsByFunder(streams).map((x) => [x.label, x.pence / 100]));
  assert.equal(funders.get('Home Office'), 547_000);
  assert.equal(funders.get('Essex County Council'), 494_000 + 32_610);
  assert.equal(funders.get('Funder not recorded'), 376_000 + 46_000);
  const whole = streams.reduce((n, s) => n + s.amountPence, 0);
  assert.equal([...years.values()].reduce((a, b) => a + b, 0) * 100, whole);
  assert.equal([...funders.values()].reduce((a, b) => a + b, 0) * 100, whole);

  const page = await new Agent(t.app).get('/p/scp/funding');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<svg[^>]*role="img"/);
  assert.match(page.body, /Funding by financial year, /);
  const yearTable = /data-table="totals-by-financial-year"[\s\S]*?<\/table>/.exec(page.body)![0];
  assert.match(yearTable, /2022-23<\/th>\s*<td[^>]*>4<\/td>\s*<td[^>]*>£555,698<\/td>/);
  assert.match(yearTable, /Total<\/th>[\s\S]*£2,155,954/);
  assert.equal(whole, 215_595_400);
});

test('an allocation above what is left is refused with the figures, keeps what was typed and writes nothing', async () => {
  const agent = await as('coordinator');
  const streamId = await newStream(agent, { name: 'Test fund A', amount: '1,000', funder: 'Test Trust' });
  const initiative = await anInitiative();
  const url = `/p/scp/funding/streams/${streamId}/allocations/new`;
  const ok = await agent.post(url, { initiative: String(initiative.id), amount: '600' });
  assert.equal(ok.statusCode, 303);
  const refused = await agent.post(url, { initiative: String(initiative.id), amount: '400.01', 'startsOn-day': '3', 'startsOn-month': '4', 'startsOn-year': '2022' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /govuk-error-summary/);
  assert.ok(refused.body.includes('£400.01 is more than is left of Test fund A: £400 of its £1,000 is unallocated'), 'the message gives the figures');
  assert.match(refused.body, /name="amount"[^>]*value="400.01"/);
  assert.match(refused.body, /name="startsOn-day"[^>]*value="3"/);
  assert.match(refused.body, new RegExp(`<option value="${initiative.id}" selected`));
  assert.equal(await allocationCount(streamId), 1);
  // Exactly what is left is accepted; the stream's page then shows nothing unallocated.
  assert.equal((await agent.post(url, { initiative: String(initiative.id), amount: '400' })).statusCode, 303);
  const page = await agent.get(`/p/scp/funding/streams/${streamId}`);
  assert.match(page.body, /Unallocated\s*<\/dt>\s*<dd[^>]*>\s*£0\s*</);
  // A bad initiative id, or another partnership's, is a field error, not a crash.
  const bad = await agent.post(url, { initiative: '2147483647', amount: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Select an initiative of one of the partnership’s plans/);
});

test('two allocations saved at once cannot together exceed the stream', async () => {
  const partnership = await scp();
  const streamId = await t.services.funding.create(partnership, streamValues({ name: 'Concurrent fund', amount: '1000' }), coordinator);
  const initiative = await anInitiative();
  for (let round = 0; round < 3; round++) {
    const results = await Promise.allSettled([700, 600].map((pounds) => t.services.funding.allocate(partnership, streamId,
      { initiativeId: initiative.id, amountPence: pounds * 100, startsOn: null, endsOn: null }, coordinator)));
    const saved = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    if (round === 0) {
      assert.equal(saved.length, 1, 'one of the two is saved');
      assert.ok(refused[0]!.status === 'rejected' && refused[0]!.reason instanceof ValidationError, 'the other is refused as over the balance');
    } else assert.equal(saved.length, 0, 'nothing more fits');
    const [sum] = await t.db.query<{ total: number }>('SELECT COALESCE(sum(amount_pence), 0)::bigint AS total FROM funding_allocations WHERE stream_id = $1', [streamId]);
    assert.ok(sum!.total <= 100_000, `allocated ${sum!.total} pence of 100000`);
  }
});

test('a stream’s amount cannot be cut below what is allocated; a stale form is a conflict', async () => {
  const agent = await as('coordinator');
  const streamId = await newStream(agent, { name: 'Test fund B', amount: '2000', funder: 'Test Trust', financialYears: '2022-23' });
  const initiative = await anInitiative();
  assert.equal((await agent.post(`/p/scp/funding/streams/${streamId}/allocations/new`, { initiative: String(initiative.id), amount: '1500' })).statusCode, 303);
  const form = await agent.get(`/p/scp/funding/streams/${streamId}/edit`);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const cut = await agent.post(`/p/scp/funding/streams/${streamId}/edit`, { name: 'Test fund B', amount: '1499.99', financialYears: '2022-23', recurrence: '', version });
  assert.equal(cut.statusCode, 400);
  assert.ok(cut.body.includes('Amount cannot be less than the £1,500 already allocated to initiatives'));
  assert.match(cut.body, /name="amount"[^>]*value="1499.99"/);
  const [row] = await t.db.query<{ amount: number; version: number }>('SELECT amount_pence AS amount, version FROM funding_streams WHERE id = $1', [streamId]);
  assert.deepEqual(row, { amount: 200_000, version: Number(version) });
  // Bad fields each get their message, in form order.
  const bad = await agent.post(`/p/scp/funding/streams/${streamId}/edit`, {
    name: '', amount: '43k', financialYears: '2022-24', recurrence: 'sometimes', funderIdentifier: 'not an id', 'awardedOn-day': '31', 'awardedOn-month': '2', 'awardedOn-year': '2022', version,
  });
  assert.equal(bad.statusCode, 400);
  for (const m of ['Enter a name for the funding', 'Amount must be an amount in pounds', '“2022-24” is not a financial year', 'Select whether the funding is recurring',
    'Funder identifier must be a registered organisation identifier', 'Award date must be a real date']) assert.ok(bad.body.includes(m), m);
  const raised = await agent.post(`/p/scp/funding/streams/${streamId}/edit`, { name: 'Test fund B', amount: '1500', funder: 'Test Trust', financialYears: '2022-23, 2021-22', recurrence: 'recurring', version });
  assert.equal(raised.statusCode, 303);
  const [after] = await t.db.query<{ years: number[]; recurrence: string }>('SELECT financial_years AS years, recurrence FROM funding_streams WHERE id = $1', [streamId]);
  assert.deepEqual(after, { years: [2021, 2022], recurrence: 'recurring' });
  // Its history shows the change in words; only members who see unpublished work may read it.
  const history = await agent.get(`/p/scp/funding/streams/${streamId}/history`);
  assert.equal(history.statusCode, 200);
  assert.match(history.body, /Amount<\/th>\s*<td[^>]*>£2,000<\/td>\s*<td[^>]*>£1,500<\/td>/);
  assert.match(history.body, /Financial years<\/th>\s*<td[^>]*>2022-23<\/td>\s*<td[^>]*>2021-22, 2022-23<\/td>/);
  assert.match(history.body, /Allocated £1,500 to /);
  for (const who of [new Agent(t.app), await as('councillor')]) assert.equal((await who.get(`/p/scp/funding/streams/${streamId}/history`)).statusCode, 404);
  const stale = await agent.post(`/p/scp/funding/streams/${streamId}/edit`, { name: 'Stale', amount: '1500', recurrence: '', version });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this funding stream/);
});

test('360Giving JSON and CSV carry every required field of every grant, with identifiers from the prefix', async () => {
  const agent = await as('coordinator');
  const full = await newStream(agent, {
    name: 'Test grant C', amount: '12,345.67', funder: 'Home Office', funderIdentifier: 'GB-GOV-10', programme: 'Safer Streets round 5',
    recipient: 'Colchester Borough Council', purpose: 'Lighting, gates and patrols', 'awardedOn-day': '27', 'awardedOn-month': '7', 'awardedOn-year': '2022',
    'endsOn-day': '31', 'endsOn-month': '3', 'endsOn-year': '2023', financialYears: '2022-23',
  });
  const noDate = await newStream(agent, { name: 'Test grant D', amount: '100', funder: 'Home Office', recipient: 'Colchester Borough Council', purpose: 'Anything' });
  const json = await new Agent(t.app).get('/p/scp/funding/360giving.json');
  assert.equal(json.statusCode, 200);
  assert.match(String(json.headers['content-disposition']), /attachment; filename="scp-grants-360giving.json"/);
  const { grants } = JSON.parse(json.body) as { grants: Record<string, unknown>[] };
  const streams = await t.services.funding.list(await scp(), coordinator);
  const complete = streams.filter((s) => s.awardedOn && s.recipient && s.funder && s.purpose);
  assert.equal(grants.length, complete.length);
  assert.ok(grants.length >= 1);
  const REQUIRED = ['id', 'title', 'description', 'currency', 'amountAwarded', 'awardDate', 'recipientOrganization', 'fundingOrganization', 'dateModified'];
  for (const g of grants) {
    for (const key of REQUIRED) assert.ok(g[key] !== undefined && g[key] !== null && g[key] !== '', `${String(g.id)} has ${key}`);
    assert.equal(g.currency, 'GBP');
    assert.equal(typeof g.amountAwarded, 'number');
    assert.match(String(g.awardDate), /^\d{4}-\d{2}-\d{2}$/);
    assert.match(String(g.dateModified), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const org of [g.recipientOrganization, g.fundingOrganization] as { id: string; name: string }[][]) {
      assert.equal(org.length, 1);
      assert.ok(org[0]!.id && org[0]!.name);
    }
    assert.ok(String(g.id).startsWith(`${PREFIX}-scp-grant-`));
  }
  assert.equal(new Set(grants.map((g) => g.id)).size, grants.length, 'identifiers are unique');
  const c = grants.find((g) => g.id === `${PREFIX}-scp-grant-${full}`)!;
  assert.equal(c.amountAwarded, 12345.67);
  assert.equal(c.awardDate, '2022-07-27');
  assert.deepEqual(c.fundingOrganization, [{ id: 'GB-GOV-10', name: 'Home Office' }]);
  assert.deepEqual(c.recipientOrganization, [{ id: `${PREFIX}-scp-org-colchester-borough-council`, name: 'Colchester Borough Council' }]);
  assert.deepEqual(c.grantProgramme, [{ title: 'Safer Streets round 5' }]);
  assert.deepEqual(c.plannedDates, [{ endDate: '2023-03-31' }]);
  assert.ok(!grants.some((g) => g.id === `${PREFIX}-scp-grant-${noDate}`), 'a stream without an award date is left out');

  const csv = await new Agent(t.app).get('/p/scp/funding/360giving.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const rows = parse(csv.body, { bom: true, columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]!), [...CSV_COLUMNS]);
  assert.equal(rows.length, grants.length);
  for (const [i, r] of rows.entries()) {
    const g = grants[i]!;
    for (const col of CSV_COLUMNS.slice(0, 11)) assert.ok(r[col], `CSV row ${i + 1} has ${col}`);
    assert.equal(r.Identifier, g.id);
    assert.equal(Number(r['Amount Awarded']), g.amountAwarded);
    assert.equal(r['Recipient Org:Identifier'], (g.recipientOrganization as { id: string }[])[0]!.id);
    assert.equal(r['Funding Org:Name'], (g.fundingOrganization as { name: string }[])[0]!.name);
  }

  // The ledger page says which streams are left out and what each lacks.
  const page = await new Agent(t.app).get('/p/scp/funding');
  const leftOut = /data-list="left-out">([\s\S]*?)<\/ul>/.exec(page.body)![1]!;
  assert.match(leftOut, /Test grant D<\/a>: no award date recorded/);
  assert.match(leftOut, /Together we Can 2021-22<\/a>: no award date, recipient, funder recorded/);
  assert.doesNotMatch(leftOut, /Test grant C/);
});

test('the API lists every stream with its amount in pounds, years, allocations and balance, as the OpenAPI document says', async () => {
  const res = await new Agent(t.app).get('/api/v1/partnerships/scp/funding');
  assert.equal(res.statusCode, 200);
  const { funding } = res.json() as { funding: Record<string, unknown>[] };
  assert.equal(funding.length, await streamCount());
  const twc = funding.find((f) => f.name === 'Together we Can 2022-23')!;
  assert.equal(twc.amount, 494000);
  assert.equal(twc.funder, 'Essex County Council');
  assert.deepEqual(twc.financialYears, ['2022-23']);
  assert.equal(twc.unallocated, 0);
  assert.deepEqual((twc.allocations as { amount: number; initiative: { name: string; year: string } }[]).map((a) => [a.amount, a.initiative.year]), [[494000, '2022-23']]);
  const icb = funding.find((f) => f.name === 'ICB partnership funds')!;
  assert.equal(icb.unallocated, null);
  assert.equal(icb.recipient, 'Safer Colchester Partnership');
  assert.equal((icb.allocations as { amount: number | null }[])[0]!.amount, null);
  for (const f of funding) {
    for (const key of ['id', 'funder', 'programme', 'amount', 'financialYears', 'recipient', 'allocations', 'unallocated']) assert.ok(key in f, `${String(f.name)} has ${key}`);
    assert.ok(!('internalNotes' in f), 'internal notes never leave through the API');
  }
  assert.equal((await new Agent(t.app).get('/api/v1/partnerships/nope/funding')).statusCode, 404);
  const doc = (await new Agent(t.app).get('/api/openapi.json')).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  assert.ok(doc.paths['/api/v1/partnerships/{slug}/funding'], 'the endpoint is in the document');
  assert.deepEqual(Object.keys(doc.components.schemas.FundingList!.properties), ['funding']);
  for (const key of ['id', 'funder', 'programme', 'amount', 'financialYears', 'recipient', 'allocations', 'unallocated']) {
    assert.ok(key in doc.components.schemas.FundingStream!.properties, `FundingStream documents ${key}`);
  }
});

test('only coordinators and administrators change the ledger: others get 403 and nothing is written', async () => {
  const streamId = (await t.db.query<{ id: number }>('SELECT id FROM funding_streams ORDER BY id LIMIT 1'))[0]!.id;
  const initiative = await anInitiative();
  const before = [await streamCount(), await allocationCount(streamId)];
  for (const who of ['viewer', 'councillor', 'police', 'analyst']) {
    const agent = await as(who);
    const page = await agent.get('/p/scp/funding');
    assert.doesNotMatch(page.body, /Add a funding stream/, `${who} is not offered the button`);
    assert.equal((await agent.get('/p/scp/funding/new')).statusCode, 403, who);
    const add = await agent.post('/p/scp/funding/new', { name: 'Nope', amount: '1' }, '/p/scp/funding');
    assert.equal(add.statusCode, 403, who);
    assert.match(add.body, /Only the partnership’s coordinators and administrators can change its funding ledger/);
    assert.equal((await agent.post(`/p/scp/funding/streams/${streamId}/allocations/new`, { initiative: String(initiative.id), amount: '1' }, '/p/scp/funding')).statusCode, 403);
    assert.equal((await agent.post(`/p/scp/funding/streams/${streamId}/edit`, { name: 'Nope', amount: '1' }, '/p/scp/funding')).statusCode, 403);
  }
  const anonymous = new Agent(t.app);
  assert.equal((await anonymous.get('/p/scp/funding/new')).statusCode, 303);
  await assert.rejects(t.services.funding.create(await scp(), streamValues({ name: 'Nope', amount: '1' }), { userId: null, role: 'viewer', organisationId: null }),
    /Only the partnership’s coordinators/);
  assert.deepEqual([await streamCount(), await allocationCount(streamId)], before);
  // An administrator may.
  const admin = await as('admin');
  assert.equal((await admin.get('/p/scp/funding/new')).statusCode, 200);
});

test('internal notes are for members who see unpublished work; the initiative page lists its funding', async () => {
  const agent = await as('coordinator');
  const streamId = await newStream(agent, { name: 'Test fund E', amount: '300', internalNotes: 'Ring-fenced pending the audit' });
  const url = `/p/scp/funding/streams/${streamId}`;
  assert.match((await agent.get(url)).body, /Ring-fenced pending the audit/);
  for (const who of [new Agent(t.app), await as('councillor')]) {
    const page = await who.get(url);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Ring-fenced/);
  }
  for (const file of ['/p/scp/funding/360giving.json', '/p/scp/funding/360giving.csv', '/api/v1/partnerships/scp/funding']) {
    assert.doesNotMatch((await agent.get(file)).body, /Ring-fenced/, file);
  }
  const omnis = (await t.services.funding.list(await scp(), coordinator)).find((s) => s.name === 'Violence and Vulnerability Unit 2021-22')!;
  const initiativeId = omnis.allocations[0]!.initiativeId;
  const page = await new Agent(t.app).get(`/p/scp/initiatives/${initiativeId}`);
  assert.match(page.body, /<h2 class="govuk-heading-m">Funding<\/h2>/);
  assert.match(page.body, new RegExp(`href="/p/scp/funding/streams/${omnis.id}">Violence and Vulnerability Unit 2021-22</a> \\(Essex Violence and Vulnerability Unit\\): amount not recorded`));
  // Removing an allocation takes it off the initiative's page.
  await agent.get(`/p/scp/funding/streams/${omnis.id}`);
  const removed = await agent.post(`/p/scp/funding/allocations/${omnis.allocations[0]!.id}/remove`, {}, `/p/scp/funding/streams/${omnis.id}`);
  assert.equal(removed.statusCode, 303);
  assert.doesNotMatch((await new Agent(t.app).get(`/p/scp/initiatives/${initiativeId}`)).body, /Violence and Vulnerability Unit 2021-22/);
});
