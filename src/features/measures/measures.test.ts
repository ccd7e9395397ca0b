// Measures through HTTP on the demo partnership: the public pages and chart, the form, one value at a
// time, the CSV import (all or nothing), the CSV download, the API, who may change what, and the links
// shown on the plan's pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const signIn = (who: string) => new Agent(t.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD);
const idOf = async (name: string) => (await t.db.query<{ id: number }>('SELECT id FROM measures WHERE name = $1', [name]))[0]!.id;
const valuesIn = async (id: number) => t.db.query<{ period: string; value: number; note: string }>(
  'SELECT period, value, note FROM measure_values WHERE measure_id = $1 ORDER BY ends, starts DESC', [id]);
const REFERRALS = 'Domestic abuse referrals to Next Chapter, Colchester';

/** A multipart form by hand: the CSRF token, then one file called `file`. */
async function uploadCsv(agent: Agent, measureId: number, filename: string, content: string, formPage = `/p/scp/measures/${measureId}/import`) {
  const page = await agent.get(formPage);
  assert.equal(page.statusCode, 200);
  const boundary = `----measures-${randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${agent.csrfToken()}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: `/p/scp/measures/${measureId}/import`, payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: (agent as unknown as { cookieHeader(): string }).cookieHeader() } });
}

const form = (extra: Record<string, string | string[]> = {}) => ({
  name: 'Hate crime reports, Colchester', unit: 'reports', description: '', source: '', frequency: 'monthly', direction: 'neither',
  baseline: '', baselinePeriod: '', target: '', targetPeriod: '', ...extra,
});

test('anyone sees the demo measures, a measure’s chart and its table in period order', async () => {
  const anon = new Agent(t.app);
  const list = await anon.get('/p/scp/measures');
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(REFERRALS));
  assert.doesNotMatch(list.body, /Add a measure/);
  const id = await idOf(REFERRALS);
  const page = await anon.get(`/p/scp/measures/${id}`);
  assert.equal(page.statusCode, 200);
  const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
  assert.match(svg, /role="img"/);
  for (const n of ['143', '155', '181', '189', '173']) assert.ok(svg.includes(`>${n}<`), `the chart prints ${n}`);
  assert.doesNotMatch(svg, /Target/, 'no target, no target line');
  const table = page.body.slice(page.body.indexOf('<table'));
  const labels = [...table.matchAll(/<th scope="row" class="govuk-table__header">([^<]+)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(labels, ['Q1 2021-22', 'Q2 2021-22', 'Q3 2021-22', 'Q4 2021-22', 'Q1 2022-23']);
  assert.match(page.body, /Next Chapter/);
  assert.match(page.body, /2022-23 plan, Priority 3:/, 'the priority it follows is linked');
  assert.doesNotMatch(page.body, /Change this measure|Save value/);
});

test('a coordinator adds a measure with a target; the chart draws the target line and the trend', async () => {
  const coordinator = await signIn('coordinator');
  const [priority] = await t.db.query<{ id: number }>(
    `SELECT pr.id FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE p.start_year = 2022 AND pr.number = 2`);
  const res = await coordinator.post('/p/scp/measures', form({ target: '1,200', targetPeriod: '2023-03', priorities: [String(priority!.id)] }), '/p/scp/measures/new');
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const id = await idOf('Hate crime reports, Colchester');
  const [row] = await t.db.query<{ target: number; target_period: string }>('SELECT target, target_period FROM measures WHERE id = $1', [id]);
  assert.deepEqual({ ...row }, { target: 1200, target_period: '2023-03' });
  for (const [period, value] of [['2022-06', '900'], ['2022-04', '1,010'], ['2022-05', '950.5']]) {
    const saved = await coordinator.post(`/p/scp/measures/${id}/values`, { period, value, note: period === '2022-05' ? 'Bank holiday, late returns' : '' }, `/p/scp/measures/${id}`);
    assert.equal(saved.statusCode, 303);
  }
  assert.deepEqual((await valuesIn(id)).map((v) => [v.period, v.value]), [['2022-04', 1010], ['2022-05', 950.5], ['2022-06', 900]]);
  const page = await coordinator.get(`/p/scp/measures/${id}`);
  const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)![0];
  assert.ok(svg.includes('>Target 1,200<'), 'the target line is labelled');
  for (const n of ['1,010', '950.5', '900']) assert.ok(svg.includes(`>${n}<`), `the chart prints ${n}`);
  assert.match(svg, /stroke-dasharray="6,4"/, 'a dashed trend line');
  assert.match(page.body, /Bank holiday, late returns/);
  assert.match(page.body, /1,200 by March 2023/);
  // The plan's priority lists the measure.
  const plan = await new Agent(t.app).get('/p/scp/plans/2022-23');
  const section = plan.body.slice(plan.body.indexOf('id="priority-2"'), plan.body.indexOf('id="priority-3"'));
  assert.ok(section.includes(`href="/p/scp/measures/${id}">Hate crime reports, Colchester</a>`));
});

test('a bad measure form keeps what was typed and saves nothing', async () => {
  const analyst = await signIn('analyst');
  const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM measures'))[0]!.n;
  const res = await analyst.post('/p/scp/measures', form({ name: 'Rough sleepers', unit: '', frequency: 'quarterly', target: '12%', targetPeriod: '2022-13', priorities: ['999999'] }), '/p/scp/measures/new');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /govuk-error-summary/);
  assert.match(res.body, /Enter the unit/);
  assert.match(res.body, /The target: “12%” is not a number/);
  assert.match(res.body, /The target’s period: “2022-13” is not a quarter/);
  assert.match(res.body, /value="Rough sleepers"/);
  const linked = await analyst.post('/p/scp/measures', form({ name: 'Rough sleepers', priorities: ['999999'] }), '/p/scp/measures/new');
  assert.equal(linked.statusCode, 400);
  assert.match(linked.body, /Select priorities from the list/);
  const taken = await analyst.post('/p/scp/measures', form({ name: REFERRALS.toUpperCase() }), '/p/scp/measures/new');
  assert.match(taken.body, /already has a measure called/);
  assert.equal((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM measures'))[0]!.n, before);
});

test('a value with a bad period or figure is refused on the page and nothing changes', async () => {
  const analyst = await signIn('analyst');
  const id = await idOf(REFERRALS);
  const before = await valuesIn(id);
  const res = await analyst.post(`/p/scp/measures/${id}/values`, { period: '2022-06', value: 'about 200', note: 'typed' }, `/p/scp/measures/${id}`);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /“2022-06” is not a quarter: write a quarter of the financial year as 2021-Q1/);
  assert.match(res.body, /“about 200” is not a number/);
  assert.match(res.body, /value="about 200"/);
  assert.deepEqual(await valuesIn(id), before);
});

test('a CSV file with one bad row imports nothing and names the line; every bad line is listed', async () => {
  const analyst = await signIn('analyst');
  const id = await idOf(REFERRALS);
  const before = await valuesIn(id);
  const oneBad = await uploadCsv(analyst, id, 'referrals.csv', 'period,value,note\n2022-Q2,190,\n2022-Q5,200,\n2022-Q3,"1,201","Late, revised"\n');
  assert.equal(oneBad.statusCode, 400);
  assert.match(oneBad.body, /Line 3: “2022-Q5” is not a quarter/);
  assert.deepEqual(await valuesIn(id), before, 'nothing imported');

  const many = await uploadCsv(analyst, id, 'referrals.csv', 'period,value,note\n2022-Q2,190,\n2022-Q5,x,\n\n2022-Q2,5,\n2022-Q3,1,2,3\n');
  assert.equal(many.statusCode, 400);
  const summary = many.body.slice(many.body.indexOf('govuk-error-summary'), many.body.indexOf('</ul>', many.body.indexOf('govuk-error-summary')));
  assert.ok(summary.includes('Line 3: “2022-Q5” is not a quarter'), summary);
  assert.ok(summary.includes('Line 3: “x” is not a number'));
  assert.ok(summary.includes('Line 5: 2022-Q2 is already given on line 2'));
  assert.ok(summary.includes('Line 6: it has 4 columns'));
  assert.match(many.body, /4 lines have problems|lines have problems/);

  for (const [name, content, message] of [
    ['referrals.csv', 'when,count\n2022-Q2,1\n', /Line 1: the first line should be period,value,note/],
    ['referrals.csv', '', /Line 1: the file is empty/],
    ['referrals.txt', 'period,value\n2022-Q2,1\n', /referrals\.txt is not a \.csv file/],
    ['referrals.csv', 'period,value\n2022-Q2,"1\n', /Line 2: a quoted value is not closed/],
  ] as const) {
    const res = await uploadCsv(analyst, id, name, content);
    assert.equal(res.statusCode, 400, name + content);
    assert.match(res.body, message);
  }
  assert.deepEqual(await valuesIn(id), before, 'still nothing imported');

  const good = await uploadCsv(analyst, id, 'referrals.csv', '\uFEFFperiod,value,note\r\nQ2 2022-23,190,\r\n2022-Q3,"1,201","Late, revised"\r\n2021-Q1,143,\r\n');
  assert.equal(good.statusCode, 303, good.body.slice(0, 3000));
  const after = await valuesIn(id);
  assert.deepEqual(after.map((v) => [v.period, v.value, v.note]),
    [['2021-Q1', 143, ''], ['2021-Q2', 155, ''], ['2021-Q3', 181, ''], ['2021-Q4', 189, ''], ['2022-Q1', 173, ''], ['2022-Q2', 190, ''], ['2022-Q3', 1201, 'Late, revised']]);
  const page = await analyst.get(String(good.headers.location));
  assert.match(page.body, /3 values imported/);

  // The download is the same file shape, and imports back unchanged.
  const csv = await new Agent(t.app).get(`/p/scp/measures/${id}/values.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.equal(csv.body, '\uFEFFperiod,value,note\r\n2021-Q1,143,\r\n2021-Q2,155,\r\n2021-Q3,181,\r\n2021-Q4,189,\r\n2022-Q1,173,\r\n2022-Q2,190,\r\n2022-Q3,1201,"Late, revised"\r\n');
  assert.equal((await uploadCsv(analyst, id, 'again.csv', csv.body)).statusCode, 303);
  assert.deepEqual(await valuesIn(id), after);

  // Removing a value.
  const removed = await analyst.post(`/p/scp/measures/${id}/values/remove`, { period: '2022-Q3' }, `/p/scp/measures/${id}`);
  assert.equal(removed.statusCode, 303);
  assert.equal((await valuesIn(id)).length, 6);
});

test('the API lists every measure with its values in period order', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/measures' });
  assert.equal(res.statusCode, 200);
  const body = res.json() as { measures: { id: number; name: string; unit: string; frequency: string; direction: string; target: number | null; values: { period: string; value: number; note: string }[] }[] };
  const informed = body.measures.find((m) => m.name.includes('Feel informed'))!;
  assert.deepEqual(Object.keys(informed).sort(), ['baseline', 'direction', 'frequency', 'id', 'name', 'source', 'target', 'unit', 'values']);
  assert.deepEqual(informed.values, [{ period: '2020-Q4', value: 38, note: '' }, { period: '2021-Q4', value: 58, note: '' }]);
  assert.equal(informed.frequency, 'quarterly');
  assert.equal(informed.unit, '% strongly or tend to agree');
  const cyp = body.measures.find((m) => m.name.endsWith('Recovery groups, children benefitting'))!;
  assert.deepEqual(cyp.values.map((v) => [v.period, v.value]), [['2021-Q1', 128], ['2021-Q2', 0], ['2021-Q3', 25], ['2021-Q4', 25], ['2022-Q1', 45]]);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/partnerships/nowhere/measures' })).statusCode, 404);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
  assert.ok(doc.paths['/api/v1/partnerships/{slug}/measures']?.get?.responses['200'], 'in the OpenAPI document');
});

test('roles without analyse are refused (403) and nothing is written', async () => {
  const id = await idOf(REFERRALS);
  const before = JSON.stringify([await valuesIn(id), await t.db.query('SELECT * FROM measures ORDER BY id')]);
  for (const who of ['police', 'viewer', 'councillor']) {
    const agent = await signIn(who);
    const page = `/p/scp/measures/${id}`;
    assert.equal((await agent.get('/p/scp/measures/new')).statusCode, 403, who);
    assert.equal((await agent.get(`/p/scp/measures/${id}/edit`)).statusCode, 403, who);
    assert.equal((await agent.get(`/p/scp/measures/${id}/import`)).statusCode, 403, who);
    assert.equal((await agent.post('/p/scp/measures', form({ name: `By ${who}` }), page)).statusCode, 403, who);
    assert.equal((await agent.post(`/p/scp/measures/${id}`, form({ name: 'Renamed', version: '1' }), page)).statusCode, 403, who);
    assert.equal((await agent.post(`/p/scp/measures/${id}/values`, { period: '2023-Q1', value: '1', note: '' }, page)).statusCode, 403, who);
    assert.equal((await agent.post(`/p/scp/measures/${id}/values/remove`, { period: '2021-Q1' }, page)).statusCode, 403, who);
    assert.equal((await uploadCsv(agent, id, 'values.csv', 'period,value,note\n2023-Q1,1,\n', page)).statusCode, 403, who);
    const refused = await agent.post(`/p/scp/measures/${id}/values`, { period: '2023-Q1', value: '1', note: '' }, page);
    assert.match(refused.body, /Only the partnership’s analysts, coordinators and administrators can enter values/);
  }
  const anon = new Agent(t.app);
  const res = await anon.get('/p/scp/measures/new');
  assert.equal(res.statusCode, 303);
  assert.equal(JSON.stringify([await valuesIn(id), await t.db.query('SELECT * FROM measures ORDER BY id')]), before);
});

test('a measure follows an initiative: the initiative page lists it; a stale form is refused', async () => {
  const coordinator = await signIn('coordinator');
  const id = await idOf('Hate crime reports, Colchester');
  const [initiative] = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2022 ORDER BY i.id LIMIT 1`);
  const edit = await coordinator.get(`/p/scp/measures/${id}/edit`);
  assert.equal(edit.statusCode, 200);
  const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
  const saved = await coordinator.post(`/p/scp/measures/${id}`, form({ target: '1200', initiatives: [String(initiative!.id)], version }), `/p/scp/measures/${id}/edit`);
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
  const page = await new Agent(t.app).get(`/p/scp/initiatives/${initiative!.id}`);
  assert.ok(page.body.includes(`href="/p/scp/measures/${id}">Hate crime reports, Colchester</a>`));
  const stale = await coordinator.post(`/p/scp/measures/${id}`, form({ name: 'Stale', version }), `/p/scp/measures/${id}/edit`);
  assert.equal(stale.statusCode, 409);
  assert.equal((await t.db.query<{ name: string }>('SELECT name FROM measures WHERE id = $1', [id]))[0]!.name, 'Hate crime reports, Colchester');
  // A measure with values keeps its frequency.
  const changed = await coordinator.post(`/p/scp/measures/${id}`, form({ frequency: 'quarterly', version: String(Number(version) + 1) }), `/p/scp/measures/${id}/edit`);
  assert.equal(changed.statusCode, 400);
  assert.match(changed.body, /remove them before changing how often it is reported/);
});
