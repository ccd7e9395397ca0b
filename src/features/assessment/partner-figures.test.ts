// Partner figures end to end: a Colchester council ASB and fire file imported as a user would, then
// the assessment's partner rows, the assessment page's table, the scoring list and adoption.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { ensureCrimeData, hasShared } from './analysis/crime-data.test-helper.ts';
import { monthRange } from './analysis/months.ts';

const h = await testApp();
const scp = await h.services.partnerships.bySlug('scp');
const [{ n: existing }] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM crime_district_month');
const hasData = existing > 0 || hasShared;
if (hasData) await ensureCrimeData(h.db, scp);
const dir = mkdtempSync(join(tmpdir(), 'csp-partner-'));
after(async () => { rmSync(dir, { recursive: true, force: true }); await h.close(); });
const skip = !hasData && 'needs the demo crime data or ../shared/data';

const SYSTEM = { userId: null, role: 'admin' as const, organisationId: null };
const ANALYST = { userId: null, role: 'analyst' as const, organisationId: null };
const PERIOD = { from: '2021-10', to: '2022-09' };
const COLCHESTER = 'E07000071';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const signIn = (who: string) => new Agent(h.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD);

// Council ASB reports by month for the district: January to September 2021 (the council's system
// starts in January 2021, so October to December 2020 are missing), then October 2021 to September 2022.
const NOISE_PREV = [88, 81, 95, 102, 117, 131, 142, 138, 109];
const NOISE_CUR = [97, 84, 79, 86, 80, 98, 112, 126, 149, 161, 152, 118];
const FLY_PREV = [61, 58, 70, 74, 79, 83, 77, 80, 72];
const FLY_CUR = [69, 66, 52, 64, 60, 75, 83, 91, 88, 94, 86, 79];
// Fire and rescue incidents by quarter, 2020-Q4 to 2022-Q3.
const QUARTERS = ['2020-Q4', '2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4', '2022-Q1', '2022-Q2', '2022-Q3'];
const DELIBERATE = [31, 27, 44, 52, 29, 33, 58, 71];
const ACCIDENTAL = [24, 26, 19, 21, 25, 22, 18, 20];

function councilCsv(): string {
  const lines = ['area_code,period,category,count'];
  const months = (from: string, to: string, category: string, counts: number[]) =>
    monthRange(from, to).forEach((m, i) => lines.push(`${COLCHESTER},${m},${category},${counts[i]}`));
  months('2021-01', '2021-09', 'Noise', NOISE_PREV);
  months('2021-10', '2022-09', 'Noise', NOISE_CUR);
  months('2021-01', '2021-09', 'Fly-tipping', FLY_PREV);
  months('2021-10', '2022-09', 'Fly-tipping', FLY_CUR);
  lines.push(
    'E05010828,2022-01,Noise,21', // Castle ward, already inside the district's January figure
    'E07000067,2022-03,Noise,140', // Braintree: another partnership's district
    // Graffiti reported by ward only, July to September of each year: Castle and New Town and Christ Church.
    'E05010828,2021-07,Graffiti,10', 'E05010828,2021-08,Graffiti,12', 'E05010828,2021-09,Graffiti,7',
    'E05010835,2021-07,Graffiti,4', 'E05010835,2021-08,Graffiti,3', 'E05010835,2021-09,Graffiti,6',
    'E05010828,2022-07,Graffiti,14', 'E05010828,2022-08,Graffiti,11', 'E05010828,2022-09,Graffiti,9',
    'E05010835,2022-07,Graffiti,6', 'E05010835,2022-08,Graffiti,8', 'E05010835,2022-09,Graffiti,5',
  );
  return `${lines.join('\n')}\n`;
}

function fireCsv(): string {
  const lines = ['area_code,period,category,count'];
  QUARTERS.forEach((q, i) => lines.push(`${COLCHESTER},${q},Deliberate fires,${DELIBERATE[i]}`, `${COLCHESTER},${q},Accidental dwelling fires,${ACCIDENTAL[i]}`));
  lines.push(`${COLCHESTER},2022-09,Deliberate fires,26`); // September 2022 alone: inside 2022-Q3, not counted twice
  return `${lines.join('\n')}\n`;
}

async function importBoth() {
  const council = join(dir, 'colchester-council-asb.csv');
  const fire = join(dir, 'essex-fire-colchester.csv');
  writeFileSync(council, councilCsv());
  writeFileSync(fire, fireCsv());
  await h.services.assessmentImport.importPartnerFile(scp, council, 'Council ASB', ANALYST, { today: new Date('2023-01-15') });
  await h.services.assessmentImport.importPartnerFile(scp, fire, 'fire', ANALYST, { today: new Date('2023-01-15') });
}

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

test('the assessment has each partner category with counts, a like-for-like change and the missing months', { skip }, async () => {
  await importBoth();
  const r = await h.services.assessment.assess(scp, PERIOD);
  const by = (dataset: string, category: string) => r.partnerFigures.find((f) => f.dataset === dataset && f.category === category)!;
  assert.deepEqual(r.partnerFigures.map((f) => `${f.dataset}: ${f.category}`),
    ['council-asb: Noise', 'council-asb: Fly-tipping', 'council-asb: Graffiti', 'fire: Deliberate fires', 'fire: Accidental dwelling fires']);

  // Noise: 1,342 in the year (the ward row and Braintree left out); the change compares January to September.
  const noise = by('council-asb', 'Noise');
  assert.equal(sum(NOISE_CUR), 1342);
  assert.equal(sum(NOISE_PREV), 1003);
  assert.deepEqual([noise.count, noise.previousCount, noise.comparedCount, noise.comparedPreviousCount, noise.change], [1342, 1003, 1082, 1003, 79]);
  assert.equal(sum(NOISE_CUR.slice(3)), 1082);
  assert.equal(noise.changePct, (79 / 1003) * 100);
  assert.deepEqual(noise.missingPrevious, ['2020-10', '2020-11', '2020-12']);
  assert.deepEqual(noise.missingCurrent, []);
  assert.equal(noise.comparedLabel, 'January 2022 to September 2022');

  const fly = by('council-asb', 'Fly-tipping');
  assert.deepEqual([fly.count, fly.previousCount, fly.comparedCount, fly.comparedPreviousCount], [907, 654, 720, 654]);

  // Graffiti: the two wards summed, July to September only.
  const graffiti = by('council-asb', 'Graffiti');
  assert.deepEqual([graffiti.count, graffiti.previousCount, graffiti.changePct], [53, 42, (11 / 42) * 100]);
  assert.deepEqual(graffiti.missingCurrent, monthRange('2021-10', '2022-06'));

  // Fires: four whole quarters each side; the September 2022 month is inside 2022-Q3.
  const deliberate = by('fire', 'Deliberate fires');
  assert.deepEqual([deliberate.count, deliberate.previousCount, deliberate.change], [29 + 33 + 58 + 71, 31 + 27 + 44 + 52, 191 - 154]);
  assert.deepEqual(deliberate.periods, ['2021-Q4', '2022-Q1', '2022-Q2', '2022-Q3']);
  assert.equal(deliberate.note, null);
  const accidental = by('fire', 'Accidental dwelling fires');
  assert.deepEqual([accidental.count, accidental.previousCount], [85, 90]);

  // A rolling year to August 2022 counts only the quarters wholly inside it.
  const rolling = await h.services.assessment.assess(scp, { to: '2022-08' });
  const d2 = rolling.partnerFigures.find((f) => f.category === 'Deliberate fires')!;
  assert.deepEqual([d2.periods, d2.count], [['2021-Q4', '2022-Q1', '2022-Q2'], 29 + 33 + 58]);
  assert.deepEqual(d2.missingCurrent, ['2021-09', '2022-07', '2022-08']);
  assert.ok(r.sources.some((s) => s.name === 'Partner figures'));
});

test('the assessment page shows the partner figures after anti-social behaviour', { skip }, async () => {
  const analyst = await signIn('analyst');
  const res = await analyst.get('/p/scp/assessment?from=2021-10&to=2022-09');
  assert.equal(res.statusCode, 200);
  const asbAt = res.body.indexOf('data-table="asb"');
  const partnerAt = res.body.indexOf('data-table="partner-figures"');
  assert.ok(asbAt > 0 && partnerAt > asbAt, 'the partner table follows the ASB table');
  const table = text(res.body.slice(partnerAt, res.body.indexOf('</table>', partnerAt)));
  assert.match(table, /council-asb Noise 1,342 1,003 \+7\.9% No figures in the period before for October 2020 to December 2020/);
  assert.match(table, /fire Deliberate fires 191 154 \+24\.0%/);
  assert.match(table, /fire Accidental dwelling fires 85 90 −5\.6%/);
});

test('the API applies the page’s rule: partner figures only for members of the partnership, never for anonymous callers', { skip }, async () => {
  const url = `/api/v1/partnerships/scp/assessment?from=${PERIOD.from}&to=${PERIOD.to}`;
  const anonymous = await h.app.inject({ method: 'GET', url });
  assert.equal(anonymous.statusCode, 200);
  const open = anonymous.json<Record<string, unknown> & { sources: { name: string }[]; totalCrimes: number }>();
  assert.equal('partnerFigures' in open, false, 'no partner figures for someone who could not see the assessment page');
  assert.doesNotMatch(anonymous.body, /council-asb|Deliberate fires|Fly-tipping/);
  assert.equal(open.sources.some((src) => src.name === 'Partner figures'), false, 'nor the query that reads them');
  assert.ok(open.totalCrimes > 0, 'the police.uk figures are public');
  // A signed-in user without a role in the partnership cannot see the page either.
  await h.services.users.create({ email: 'api-outsider@example.org', name: 'Out Sider', password: 'a-long-enough-password' }).catch(() => undefined);
  const outsider = await new Agent(h.app).signIn('api-outsider@example.org', 'a-long-enough-password');
  assert.equal('partnerFigures' in (await outsider.get(url)).json<Record<string, unknown>>(), false);
  // A viewer sees the page, and so the figures, exactly as the service gives them.
  const viewer = await signIn('viewer');
  const members = (await viewer.get(url)).json<{ partnerFigures: unknown[] }>();
  const r = await h.services.assessment.assess(scp, PERIOD);
  assert.ok(r.partnerFigures.length > 0);
  assert.deepEqual(members.partnerFigures, JSON.parse(JSON.stringify(r.partnerFigures)));
});

test('scoring offers each partner category with volume from its share of the dataset and trend from its change', { skip }, async () => {
  const ws = await h.services.scoring.workspace(scp, PERIOD, ANALYST);
  assert.ok(ws.noData === null);
  const issue = (key: string) => ws.ranked.find((i) => i.issueKey === key)!;
  const deliberate = issue('partner:fire:Deliberate fires');
  assert.equal(deliberate.label, 'Deliberate fires (fire)');
  // 191 of 276 fire figures (69%) → 5; +24.0% → 5.
  assert.deepEqual([deliberate.fields.volume.score, deliberate.fields.trend.score, deliberate.fields.volume.derived], [5, 5, true]);
  const accidental = issue('partner:fire:Accidental dwelling fires');
  assert.deepEqual([accidental.fields.volume.score, accidental.fields.trend.score], [4, 2]); // 31% → 4; −5.6% → 2
  const noise = issue('partner:council-asb:Noise');
  assert.deepEqual([noise.fields.volume.score, noise.fields.trend.score], [5, 4]); // 1,342 of 2,302 (58%); +7.9%
  const graffiti = issue('partner:council-asb:Graffiti');
  assert.deepEqual([graffiti.fields.volume.score, graffiti.fields.trend.score], [1, 5]); // 53 of 2,302 (2.3%); +26.2% (53 and 42: not small numbers)
  const fly = issue('partner:council-asb:Fly-tipping');
  assert.deepEqual([fly.fields.volume.score, fly.fields.trend.score], [4, 4]); // 907 of 2,302 (39.4%); 720 against 654, +10.1%
  assert.equal(graffiti.figures!.sharePct, (53 / 2302) * 100);

  const list = text((await (await signIn('analyst')).get('/p/scp/assessment/scoring?from=2021-10&to=2022-09')).body);
  assert.match(list, /Deliberate fires \(fire\) 191 recorded, \+24\.0%/);
});

test('adopting a partner issue drafts its evidence with the partner figures', { skip }, async () => {
  const [row] = await h.db.query<{ id: number }>(`SELECT i.id FROM issue_scores i JOIN scoring_sets s ON s.id = i.set_id
    WHERE s.partnership_id = $1 AND i.issue_key = 'partner:fire:Deliberate fires'`, [scp.id]);
  const page = await (await signIn('analyst')).get(`/p/scp/assessment/scoring/${row!.id}`);
  assert.match(text(page.body), /Share of all fire figures 69\.2%/);

  const adopted = await h.services.scoring.adopt(scp, row!.id, { priorityId: 'new' }, SYSTEM);
  assert.equal(adopted.created, true);
  const plan = await h.services.plans.get(scp, adopted.startYear, SYSTEM);
  const p = plan.priorities.find((x) => x.id === adopted.priorityId)!;
  assert.equal(p.title, 'Deliberate fires (fire)');
  assert.equal(p.evidence, 'Deliberate fires (fire) rose 24% to 191 (October 2021 to September 2022).');

  const [noise] = await h.db.query<{ id: number }>(`SELECT id FROM issue_scores WHERE issue_key = 'partner:council-asb:Noise'`);
  const n = await h.services.scoring.adopt(scp, noise!.id, {}, SYSTEM);
  const np = (await h.services.plans.get(scp, n.startYear, SYSTEM)).priorities.find((x) => x.id === n.priorityId)!;
  assert.equal(np.evidence, 'Noise (council-asb) rose 8% to 1,082 (January 2022 to September 2022). '
    + 'No figures in the period before for October 2020 to December 2020, so the change compares the months held in both periods.');
});
