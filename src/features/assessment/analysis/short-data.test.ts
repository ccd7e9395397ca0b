// A partnership holding only a few months: the committed police.uk slices (Essex August 2022,
// Colchester rows only; Essex September 2022, four districts) imported in place of the demo's year.
// Rates say the months they cover, districts are ranked only over the same months, and a trend that
// cannot be worked out is unknown and left out of the total: in the service, on the pages and in the API.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { testApp, Agent, DEMO_PASSWORD } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { fixture } from '../import/police-uk/fixtures.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';
import { splitCsvLine } from '../csv/split.ts';
import { FACTORS } from '../scoring/rules.ts';
import type { AssessmentResult } from '../types.ts';

const ANALYST: Actor = { userId: null, role: 'analyst', organisationId: null };
const FILES = [fixture('archive/2022-08/2022-08-essex-street.csv.gz'), fixture('archive/2022-09/2022-09-essex-street.csv')];
const COLCHESTER = 'E07000071';
const CHELMSFORD = 'E07000070';

const h = await testApp();
after(() => h.close());
const scp = await h.services.partnerships.bySlug('scp');
// Only the imported months: the demo's Essex year is taken out first.
await h.db.query("DELETE FROM crime_district_month WHERE force = 'essex'");
await h.db.query('DELETE FROM crime_lsoa_month WHERE force = $1', [scp.policeForce]);
await h.services.assessmentImport.importPoliceFiles(scp, FILES, ANALYST);
const g = await loadGeography();
const essex = new Set(g.ladsOfForce('essex'));
/** 'district month' pairs with any record, anti-social behaviour included. */
const held = new Set<string>();

/** Crimes (anti-social behaviour left out) per district and month, counted here from the raw files. */
function countRaw(): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const file of FILES) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split(/\r?\n/).slice(1)) {
      const cells = line ? splitCsvLine(line) : null;
      const lad = cells ? g.lsoaToLad(cells[7]!) : undefined;
      if (!cells || !lad || !essex.has(lad)) continue;
      held.add(`${lad} ${cells[1]}`);
      if (cells[9] === 'Anti-social behaviour') continue;
      const m = out.get(lad) ?? new Map<string, number>();
      m.set(cells[1]!, (m.get(cells[1]!) ?? 0) + 1);
      out.set(lad, m);
    }
  }
  return out;
}
const raw = countRaw();
const crimes = (lad: string, months: string[]) => months.reduce((s, m) => s + (raw.get(lad)?.get(m) ?? 0), 0);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('a rate over two months says so, is not annualised, and ranks only districts holding both months', async () => {
  const r = await h.services.assessment.assess(scp, {});
  assert.deepEqual(r.rateBasis, { months: 2, list: ['2022-08', '2022-09'], fullYear: false, label: '2 months, August 2022 to September 2022',
    suffix: ' over 2 months (August 2022 to September 2022)' });
  const colchester = crimes(COLCHESTER, ['2022-08', '2022-09']);
  assert.ok(colchester > 0);
  assert.equal(r.totalCrimes, colchester);
  assert.equal(r.ratePer1000, (colchester / r.population!) * 1000, 'the count over the months held, not scaled to a year');
  // Colchester is the only district with records for both months: ranked 1 of 1, over those months.
  assert.deepEqual(r.rank, { rank: 1, of: 1, over: '2 months, August 2022 to September 2022' });
  assert.deepEqual(r.districtRanking, { months: ['2022-08', '2022-09'], label: '2 months, August 2022 to September 2022', ranked: 1, unranked: r.districts.length - 1 });
  const chelmsford = r.districts.find((d) => d.code === CHELMSFORD)!;
  assert.equal(chelmsford.rank, null);
  assert.equal(chelmsford.rateMonths, 1);
  assert.equal(chelmsford.crimes, crimes(CHELMSFORD, ['2022-09']));
  assert.equal(chelmsford.ratePer1000, (chelmsford.crimes / chelmsford.population!) * 1000);
  assert.equal(chelmsford.notRanked, 'Not ranked: its rate covers 1 month, September 2022; no records for August 2022');
  const none = r.districts.filter((d) => d.rateMonths === 0);
  assert.ok(none.length >= 9, 'the Essex districts the slices do not reach');
  assert.ok(none.every((d) => d.ratePer1000 === null && d.rank === null && d.notRanked === 'No police.uk records for August 2022 to September 2022'));
});

test('one month: every district with records for it is ranked over it, by rate', async () => {
  const r = await h.services.assessment.assess(scp, { from: '2022-09', to: '2022-09' });
  assert.equal(r.rateBasis.label, '1 month, September 2022');
  const ranked = r.districts.filter((d) => d.rank !== null);
  const withRecords = [...essex].filter((lad) => held.has(`${lad} 2022-09`));
  assert.deepEqual(ranked.map((d) => d.code).sort(), withRecords.sort());
  const byRate = [...ranked].sort((a, b) => crimes(b.code, ['2022-09']) / b.population! - crimes(a.code, ['2022-09']) / a.population!);
  assert.deepEqual(ranked.map((d) => d.code), byRate.map((d) => d.code));
  assert.deepEqual(ranked.map((d) => d.rank), ranked.map((_, i) => i + 1));
  assert.equal(r.rank!.of, ranked.length);
});

test('the assessment page, the home page, the CSV and the API name the months of every rate and of the ranking', async () => {
  const agent = await new Agent(h.app).signIn('analyst@demo.csp-hub.test', DEMO_PASSWORD);
  const page = (await agent.get('/p/scp/assessment')).body;
  assert.match(text(page), /Rates per 1,000 residents on this page cover 2 months, August 2022 to September 2022, not a full year\./);
  assert.match(page, /Per 1,000 residents over 2 months \(August 2022 to September 2022\)<\/th>/);
  assert.match(page, /Crimes per 1,000 residents over 2 months \(August 2022 to September 2022\)<\/th>/, 'the ward table');
  assert.match(text(page), /1 of 1 \(1 = highest crime rate\), ranked over 2 months, August 2022 to September 2022 against the districts with records for the same months/);
  const chelmsfordRow = page.slice(page.indexOf(`data-code="${CHELMSFORD}"`), page.indexOf('</tr>', page.indexOf(`data-code="${CHELMSFORD}"`)));
  assert.match(chelmsfordRow, /Not ranked: its rate covers 1 month, September 2022; no records for August 2022/);
  assert.match(text(page), /Ranked over 2 months, August 2022 to September 2022, not a full year: only districts with records for each of these months are ranked/);

  const r = await h.services.assessment.assess(scp, {});
  const home = text((await agent.get('/p/scp')).body);
  assert.match(home, new RegExp(`${r.ratePer1000!.toFixed(1)} crimes per 1,000 residents over 2 months, August 2022 to September 2022, not a full year`));
  assert.match(home, /1 of 1 districts of the force by crime rate \(1 = highest\), ranked over the same 2 months, August 2022 to September 2022/);

  const csv = (await agent.get('/p/scp/assessment?format=csv')).body.split('\r\n')[0]!;
  assert.match(csv, /,"Crimes per 1,000 residents over 2 months \(August 2022 to September 2022\)",Population,/);

  const api = JSON.parse((await h.app.inject({ url: '/api/v1/partnerships/scp/assessment' })).body) as AssessmentResult;
  assert.deepEqual(api.rateBasis, r.rateBasis);
  assert.deepEqual(api.rank, { rank: 1, of: 1, over: '2 months, August 2022 to September 2022' });
  assert.equal(api.districts.find((d) => d.code === CHELMSFORD)!.notRanked, 'Not ranked: its rate covers 1 month, September 2022; no records for August 2022');
  assert.equal(api.districts.find((d) => d.code === COLCHESTER)!.rateMonths, 2);
});

test('with no period before, every crime trend is unknown with its reason and left out of the total and of its most', async () => {
  const ws = await h.services.scoring.workspace(scp, {}, ANALYST);
  assert.ok(ws.noData === null);
  const crime = ws.ranked.filter((r) => r.issueKey.startsWith('crime:') || r.issueKey === 'asb');
  assert.ok(crime.length > 0);
  for (const r of crime) {
    assert.equal(r.fields.trend.score, null, `${r.label}: no trend score`);
    assert.ok(r.fields.trend.derived);
    assert.deepEqual(r.unknown, ['trend']);
    assert.equal(r.criteria, 5);
    const counted: number = FACTORS.filter((f) => f !== 'trend').reduce((sum: number, f) => sum + (r.fields[f].score ?? 0) * ws.weights[f], 0);
    assert.equal(r.total, counted, `${r.label}: the total is the other criteria only, no middle score for the trend`);
    assert.equal(r.max, 35 - 5 * ws.weights.trend);
  }
  assert.deepEqual(ws.unknownReasons, ['Unknown: no months of the period before are held to compare with']);
  // Ordered by share of the most each could score.
  for (let i = 1; i < ws.ranked.length; i++) {
    const [a, b] = [ws.ranked[i - 1]!, ws.ranked[i]!];
    assert.ok(a.total / a.max >= b.total / b.max, `${a.label} before ${b.label}`);
  }

  const agent = await new Agent(h.app).signIn('analyst@demo.csp-hub.test', DEMO_PASSWORD);
  const page = (await agent.get('/p/scp/assessment/scoring')).body;
  const first = crime[0]!;
  const row = page.slice(page.indexOf(`id="issue-${first.id}"`), page.indexOf('</tr>', page.indexOf(`id="issue-${first.id}"`)));
  assert.match(row, /<span class="app-unknown">unknown<\/span>/);
  assert.match(text(row), new RegExp(`${first.total} of ${first.max} over 5 of 6 criteria: trend unknown`));
  assert.match(text(page), /A trend the data cannot measure \(too few months, or no period before\) is left out of both the total and that most, rather than counted as a middle score/);
  assert.match(text(page), new RegExp(`The trend is unknown for ${crime.length} of the ${ws.ranked.length} issues and left out of their totals\\. Unknown: no months of the period before are held to compare with\\.`));

  const issue = text((await agent.get(`/p/scp/assessment/scoring/${first.id}`)).body);
  assert.match(issue, /From the data: unknown, not counted in the total Unknown: no months of the period before are held to compare with/);
  assert.match(issue, /Per 1,000 residents [\d.]+ over 2 months \(August 2022 to September 2022\)/);
  assert.match(issue, /per 1,000 residents over 2 months \(August 2022 to September 2022\); no months of the year before to compare with\./, 'the drafted evidence');
});
