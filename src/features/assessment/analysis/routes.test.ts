// The assessment page, its downloads, the population page and the JSON API over HTTP.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../../test/helpers.ts';
import { ensureCrimeData, hasShared } from './crime-data.test-helper.ts';
import type { AssessmentResult } from '../types.ts';

const h = await testApp();
const scp = await h.services.partnerships.bySlug('scp');
const [{ n: existing }] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM crime_district_month');
const hasData = existing > 0 || hasShared;
if (hasData) await ensureCrimeData(h.db, scp);
after(() => h.close());
const skip = !hasData && 'needs the demo crime data or ../shared/data';

const signedIn = async (who: string) => new Agent(h.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD);

/** The inside of the element `<tag … id="id" …>…</tag>` (first match; no nesting of the same tag). */
function section(html: string, tag: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `#${id} is on the page`);
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end);
}

function table(html: string, name: string): string {
  const start = html.indexOf(`data-table="${name}"`);
  assert.ok(start >= 0, `table ${name} is on the page`);
  return html.slice(start, html.indexOf('</table>', start));
}

test('the analyst sees the assessment: headline, tables, the two charts with their data, the ward map and the caveat', { skip }, async () => {
  const agent = await signedIn('analyst');
  const res = await agent.get('/p/scp/assessment?to=2022-07');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.match(html, /<h1 class="govuk-heading-l">Colchester: August 2021 to July 2022<\/h1>/);
  // Headline and completeness.
  assert.match(section(html, 'dl', 'headline'), /18,527/);
  assert.match(section(html, 'dl', 'headline'), /6 of 14/);
  // The population base of the rates, and why.
  assert.equal(section(html, 'div', 'population-base').replace(/^[^>]*>/, '').trim(), 'Rates use the mid-2020 population estimates (published 25 June 2021): '
    + 'the estimate nearest the middle of the period that was published by its end; Census 2021 is nearer the middle but was published on 2 November 2022, after the period ended.');
  assert.match(html, /Population: ONS mid-2020 population estimates \(2011 LSOAs\), published 25 June 2021\./);
  assert.match(section(html, 'p', 'ward-population'), /ONS mid-2020 population estimates \(2011 LSOAs\) \(LSOA figures published 16 September 2021\)/);
  assert.match(section(html, 'div', 'completeness'), /missing for August 2020.*5 months present in both periods/s);
  // Charts: accessible SVG images, each with its data table.
  for (const id of ['chart-monthly', 'chart-change']) {
    assert.match(html, new RegExp(`<svg [^>]*role="img" aria-labelledby="${id}-title ${id}-desc"`));
    assert.match(html, new RegExp(`<title id="${id}-title">[^<]+</title>`));
  }
  assert.equal((table(html, 'monthly').match(/<tr class="govuk-table__row">/g) ?? []).length, 1 + 24);
  assert.match(table(html, 'monthly'), /August 2020<\/th>\s*<td[^>]*>no data<\/td>/);
  assert.match(table(html, 'change-chart'), /Vehicle crime/);
  // Map: one path per ward, 17 for Colchester, with a legend and the caveat.
  const map = section(html, 'figure', 'figure-map');
  assert.match(map, /<svg [^>]*role="img" aria-labelledby="map-wards-title map-wards-desc"/);
  assert.equal((map.match(/<path /g) ?? []).length, 17);
  assert.match(map, /Crimes per 1,000 residents<\/text>/);
  assert.match(section(html, 'div', 'caveat'), /anonymous map points/);
  // Tables: crime types with ASB apart, all districts ranked, all wards, hotspots.
  assert.doesNotMatch(table(html, 'crime-types'), /Anti-social behaviour/);
  assert.match(table(html, 'asb'), /Anti-social behaviour/);
  const districts = table(html, 'districts');
  assert.equal((districts.match(/data-code="E0\d+"/g) ?? []).length, 14);
  assert.match(districts, /<td[^>]*>6<\/td>\s*<th[^>]*><strong>Colchester<\/strong>/);
  assert.equal((table(html, 'wards').match(/data-code="E05\d+"/g) ?? []).length, 17);
  assert.match(table(html, 'hotspots'), /All crime[\s\S]*Castle \(/);
  // Traceable: the queries are shown.
  assert.match(section(html, 'details', 'sources'), /FROM crime_district_month/);
});

test('the page answers JSON and CSV for the same period', { skip }, async () => {
  const agent = await signedIn('viewer');
  const json = await agent.get('/p/scp/assessment?to=2022-07&format=json');
  assert.equal(json.statusCode, 200);
  assert.match(String(json.headers['content-type']), /application\/json/);
  const r = JSON.parse(json.body) as AssessmentResult;
  assert.deepEqual(r.period, { from: '2021-08', to: '2022-07' });
  assert.equal(r.districts.length, 14);
  const csv = await agent.get('/p/scp/assessment?year=2021-10&format=csv');
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /scp-assessment-2021-10-to-2022-09\.csv/);
  // Excel needs the byte order mark to read UTF-8; the header and months are in words.
  assert.ok(csv.body.startsWith('\uFEFFArea,Period from,Period to,'), csv.body.slice(0, 40));
  assert.match(csv.body, /\r\nColchester,October 2021,September 2022,October 2020,September 2021,/);
});

test('the population base can be chosen on the page; the choice carries to the downloads and the API takes it too', { skip }, async () => {
  const agent = await signedIn('viewer');
  const page = (await agent.get('/p/scp/assessment?to=2022-07')).body;
  const form = section(page, 'form', 'population-choice');
  assert.match(form, /<input type="hidden" name="to" value="2022-07">/);
  assert.match(form, /<option value="" selected>The partnership’s choice for the year, or the default<\/option>/);
  assert.match(form, /<option value="census2021" >Census 2021 usual residents \(2021 LSOAs\), published 2 November 2022<\/option>/);
  const census = (await agent.get('/p/scp/assessment?to=2022-07&population=census2021')).body;
  assert.match(section(census, 'form', 'population-choice'), /<option value="census2021" selected>/);
  assert.match(section(census, 'div', 'population-base'), /Rates use the Census 2021 usual residents \(published 2 November 2022\), as asked for; without a choice this period would use mid-2020 population estimates/);
  assert.match(section(census, 'dl', 'headline'), /4 of 14/);
  assert.match(census, /href="\/p\/scp\/assessment\?to=2022-07&amp;population=census2021&amp;format=csv"/);
  const csv = await agent.get('/p/scp/assessment?to=2022-07&population=census2021&format=csv');
  assert.match(csv.body.split('\r\n')[1]!, /,192717,Census 2021 usual residents,2 November 2022$/);
  const api = await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2022-07&population=census2021' });
  assert.equal(api.json<AssessmentResult>().populationBase.series, 'census2021');
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2022-07' })).json<AssessmentResult>().populationBase.chosenBy, 'default');
  const bad = await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?population=mid1999' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json<{ error: string }>().error, /'mid1999' is not a population base: use mid2020 or census2021/);
  assert.equal((await agent.get('/p/scp/assessment?population=mid1999')).statusCode, 400);
});

test('who may see it: anonymous people are sent to sign in; a user without a role is told why not', { skip }, async () => {
  const anon = await h.app.inject({ method: 'GET', url: '/p/scp/assessment' });
  assert.equal(anon.statusCode, 303);
  assert.equal(anon.headers.location, '/sign-in?returnTo=%2Fp%2Fscp%2Fassessment');
  await h.services.users.create({ email: 'outsider@example.org', name: 'Out Sider', password: 'a-long-enough-password' });
  const outsider = await new Agent(h.app).signIn('outsider@example.org', 'a-long-enough-password');
  const refused = await outsider.get('/p/scp/assessment');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Only members of the partnership can see its strategic assessment/);
  // The navigation offers it to members only.
  const viewer = await signedIn('viewer');
  assert.match((await viewer.get('/p/scp')).body, /href="\/p\/scp\/assessment"/);
});

test('the API: anonymous JSON, 400 on a malformed month, 404 on a month without data', { skip }, async () => {
  const ok = await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2022-07' });
  assert.equal(ok.statusCode, 200);
  const r = ok.json<AssessmentResult>();
  assert.equal(r.totalCrimes, r.districts.find((d) => d.code === 'E07000071')!.crimes);
  const bad = await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2022-13' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json<{ error: string }>().error, /'2022-13' is not a month in the form YYYY-MM/);
  const none = await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/scp/assessment?to=2019-01' });
  assert.equal(none.statusCode, 404);
  assert.match(none.json<{ error: string }>().error, /no crime data for Colchester in January 2019/);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/partnerships/nope/assessment' })).statusCode, 404);
});

test('the population page: an analyst enters the seed report’s figure and the rate changes; a viewer cannot', { skip }, async () => {
  const viewer = await signedIn('viewer');
  assert.equal((await viewer.get('/p/scp/assessment/population')).statusCode, 403);

  const analyst = await signedIn('analyst');
  const page = await analyst.get('/p/scp/assessment/population');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<option value="2021-10" selected>October 2021 to September 2022<\/option>/);
  // The default for that year is offered, with each series' publication date.
  assert.match(page.body, /Without a choice, each period uses the estimate nearest the middle of the period that was published by its end/);
  assert.match(page.body, /value="mid2020" checked/);
  assert.match(page.body, /Figures for 30 June 2020\. ONS mid-year population estimates, mid-2020: districts released 25 June 2021/);
  const missing = await analyst.post('/p/scp/assessment/population', { yearStart: '2021-10', source: 'census2021', ladOverride: '194706', note: '' }, '/p/scp/assessment/population');
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Enter the reason for the figure/);
  const saved = await analyst.post('/p/scp/assessment/population', { yearStart: '2021-10', source: 'census2021', ladOverride: '194,706', note: 'Seed committee report figure' }, '/p/scp/assessment/population');
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/p/scp/assessment/population?year=2021-10&saved=1');
  assert.match((await analyst.get(String(saved.headers.location))).body, /Population choice saved[\s\S]*194,706/);

  const r = JSON.parse((await analyst.get('/p/scp/assessment?to=2022-07&format=json')).body) as AssessmentResult;
  assert.equal(r.population, 194_706);
  assert.equal(r.ratePer1000, (r.totalCrimes / 194_706) * 1000);
  const html = (await analyst.get('/p/scp/assessment?to=2022-07')).body;
  assert.match(section(html, 'dl', 'headline'), /194,706 – a figure entered by the partnership \(Seed committee report figure\)/);
  await h.db.query('DELETE FROM population_choice');
});

test('periods can be chosen on the page by assessment year or rolling 12 months', { skip }, async () => {
  const agent = await signedIn('coordinator');
  const year = await agent.get('/p/scp/assessment?year=2021-10');
  assert.match(year.body, /Colchester: October 2021 to September 2022/);
  assert.match(year.body, /<option value="2021-10" selected>October 2021 to September 2022<\/option>/);
  const rolling = await agent.get('/p/scp/assessment?to=2022-11');
  assert.match(rolling.body, /Colchester: December 2021 to November 2022/);
  assert.match(rolling.body, /<option value="2022-11" selected>November 2022<\/option>/);
  const none = await agent.get('/p/scp/assessment?to=2019-01');
  assert.equal(none.statusCode, 404);
  assert.match(none.body, /no crime data for Colchester in January 2019/);
});
