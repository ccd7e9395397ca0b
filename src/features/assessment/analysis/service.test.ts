// The assessment on real Essex police.uk months (the demo's aggregates, or ../shared/data imported
// here), checked against figures worked out independently from the published files.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { testDb } from '../../../../test/helpers.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import { SHARED_DATA } from '../geography/paths.ts';
import { ensureCrimeData, hasShared, SHARED_POLICE } from './crime-data.test-helper.ts';
import { NoCrimeDataError, choosePeriod } from './service.ts';
import { runAssessCommand, AssessUsageError } from './cli.ts';
import { monthRange } from './months.ts';

const COLCHESTER = 'E07000071';
const ASB = 'Anti-social behaviour';
const ANALYST = { userId: null, role: 'analyst' as const, organisationId: null };

// Set up before the tests are declared, so that `skip` sees whether there is data.
const t = await testDb();
const scp: Partnership = await t.services.partnerships.bySlug('scp');
const [{ n: existing }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM crime_district_month');
const hasData = existing > 0 || hasShared;
if (hasData) await ensureCrimeData(t.db, scp);
after(() => t.close());

const needsData = () => !hasData && 'needs the demo crime data or ../shared/data';

// ---- Independent counts straight from the published files ----

/** Split one police.uk CSV line (quoted fields may hold commas). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Rows whose LSOA name starts with "Colchester", by crime or ASB, for the months given. */
function colchesterFromFiles(months: string[]): { crimes: number; asb: number } {
  let crimes = 0;
  let asb = 0;
  for (const m of months) {
    const text = gunzipSync(readFileSync(join(SHARED_POLICE, `essex/street/${m}-essex-street.csv.gz`))).toString('utf8');
    for (const line of text.split('\n').slice(1)) {
      if (!line) continue;
      const f = fields(line.replace(/\r$/, ''));
      if (!f[8]?.startsWith('Colchester ')) continue;
      if (f[9] === ASB) asb++; else crimes++;
    }
  }
  return { crimes, asb };
}

/** Census 2021 usual residents of the LSOAs named "Colchester …" (SOURCES.md: 192,717). */
function colchesterCensus2021(): number {
  const text = readFileSync(join(SHARED_DATA, 'ons/population/lsoa21_census2021_usual_residents_ew.csv'), 'utf8');
  let sum = 0;
  for (const line of text.split('\n').slice(1)) {
    const f = fields(line.replace(/\r$/, ''));
    if (f[0]?.startsWith('Colchester ')) sum += Number(f[2]!.replace(/,/g, ''));
  }
  return sum;
}

const sharedFiles = () => hasShared && existsSync(join(SHARED_POLICE, 'essex/street')) && readdirSync(join(SHARED_POLICE, 'essex/street')).length >= 21;

// ---- Tests ----

test('rolling 12 months to July 2022 on Census 2021: every Essex Police district ranked; Colchester checkable by hand from the files', { skip: needsData() }, async (tc) => {
  const r = await t.services.assessment.assess(scp, { to: '2022-07', population: 'census2021' });
  assert.deepEqual(r.period, { from: '2021-08', to: '2022-07' });
  assert.deepEqual(r.previous, { from: '2020-08', to: '2021-07' });
  assert.equal(r.districts.length, 14);
  assert.deepEqual(r.districts.map((d) => d.rank), Array.from({ length: 14 }, (_, i) => i + 1));
  for (const d of r.districts) {
    assert.ok(d.population && d.population > 50_000, d.name);
    assert.equal(d.ratePer1000, (d.crimes / d.population) * 1000, d.name);
  }
  for (let i = 1; i < 14; i++) assert.ok(r.districts[i - 1]!.ratePer1000! >= r.districts[i]!.ratePer1000!);
  const colchester = r.districts.find((d) => d.code === COLCHESTER)!;
  assert.equal(colchester.name, 'Colchester');
  assert.equal(r.populationSource, 'census2021');
  assert.equal(r.populationBase.chosenBy, 'request');
  assert.ok(r.districts.every((d) => d.populationBase === 'census2021') && r.wards.every((w) => w.populationBase === 'census2021'));
  assert.equal(r.rank?.rank, colchester.rank);
  assert.equal(r.rank?.of, 14);
  assert.equal(r.totalCrimes, colchester.crimes);
  assert.equal(r.ratePer1000, colchester.ratePer1000);
  tc.diagnostic(r.districts.map((d) => `${d.rank}. ${d.name} ${d.crimes} / ${d.population} = ${d.ratePer1000!.toFixed(1)}`).join('; '));

  if (sharedFiles()) {
    const fromFiles = colchesterFromFiles(monthRange('2021-08', '2022-07'));
    const population = colchesterCensus2021();
    assert.equal(population, 192_717);
    assert.equal(colchester.crimes, fromFiles.crimes);
    assert.equal(colchester.population, population);
    assert.equal(colchester.ratePer1000, (fromFiles.crimes / population) * 1000);
    assert.equal(r.totalAsb, fromFiles.asb);
  } else {
    tc.diagnostic('../shared/data absent: the hand check against the files was skipped');
  }
});

test('anti-social behaviour is shown apart and never counted as crime', { skip: needsData() }, async () => {
  const r = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.ok(!r.crimeTypes.some((c) => c.type === ASB));
  assert.equal(r.totalCrimes, r.crimeTypes.reduce((s, c) => s + c.count, 0));
  assert.ok(r.totalAsb > 0);
  assert.equal(r.ratePer1000, (r.totalCrimes / r.population!) * 1000);
  assert.equal(r.crimeTypes.reduce((s, c) => s + c.ratePer1000!, 0).toFixed(6), r.ratePer1000!.toFixed(6));
  const monthly = r.monthly.filter((m) => m.month >= '2021-08');
  assert.equal(monthly.reduce((s, m) => s + m.crimes!, 0), r.totalCrimes);
  assert.equal(monthly.reduce((s, m) => s + m.asb!, 0), r.totalAsb);
  const asbHotspots = r.hotspots.find((h) => h.type === ASB);
  assert.ok(asbHotspots && asbHotspots.wards.length === 5);
  assert.equal(r.hotspots[0]!.type, 'All crime');
});

test('a period before with missing months: the note names them and the change compares matching months only', { skip: needsData() }, async () => {
  const r = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.equal(r.completeness.complete, false);
  assert.deepEqual(r.completeness.missingCurrent, []);
  assert.deepEqual(r.completeness.missingPrevious, monthRange('2020-08', '2021-02'));
  assert.equal(r.completeness.comparedMonths, 5);
  assert.deepEqual(r.completeness.comparedCurrent, monthRange('2022-03', '2022-07'));
  assert.deepEqual(r.completeness.comparedPrevious, monthRange('2021-03', '2021-07'));
  assert.match(r.completeness.note!, /missing for August 2020, .* and February 2021, so changes compare the 5 months present in both periods/);
  const byMonth = new Map(r.monthly.map((m) => [m.month, m]));
  assert.equal(byMonth.get('2020-08')!.crimes, null, 'a month without data is null, not zero');
  const sum = (months: string[]) => months.reduce((s, m) => s + byMonth.get(m)!.crimes!, 0);
  const tot = r.totals.crimes;
  assert.equal(tot.comparedCount, sum(monthRange('2022-03', '2022-07')));
  assert.equal(tot.comparedPreviousCount, sum(monthRange('2021-03', '2021-07')));
  assert.equal(tot.change, tot.comparedCount - tot.comparedPreviousCount);
  assert.equal(r.totalChangePct, ((tot.comparedCount - tot.comparedPreviousCount) / tot.comparedPreviousCount) * 100);
  // Not the false change of 12 months against 5.
  assert.ok(r.totalCrimes > 2 * r.previousTotalCrimes);
  assert.ok(Math.abs(r.totalChangePct!) < 20);
  for (const c of r.crimeTypes) {
    assert.equal(c.change, c.comparedCount - c.comparedPreviousCount, c.type);
    assert.ok(c.comparedCount <= c.count);
  }
});

test('gaps in both periods: the current year lacks December 2022, the year before January and February 2021', { skip: needsData() }, async () => {
  const r = await t.services.assessment.assess(scp, { from: '2022-01' });
  assert.deepEqual(r.period, { from: '2022-01', to: '2022-12' });
  assert.deepEqual(r.completeness.missingCurrent, ['2022-12']);
  assert.deepEqual(r.completeness.missingPrevious, ['2021-01', '2021-02']);
  assert.equal(r.completeness.comparedMonths, 9);
  assert.match(r.completeness.note!, /Figures are missing for December 2022 and, in the period before, for January 2021 and February 2021/);
});

test('without a period: the latest complete assessment year (October to September)', { skip: needsData() }, async () => {
  const r = await t.services.assessment.assess(scp);
  assert.deepEqual(r.period, { from: '2021-10', to: '2022-09' });
  assert.equal(r.completeness.comparedMonths, 7);
  assert.equal(choosePeriod({}, monthRange('2021-03', '2022-11'), 4).start, '2021-04');
  assert.equal(choosePeriod({}, monthRange('2022-05', '2022-11'), 4).start, '2022-04', 'no complete year: the latest with data');
  assert.equal(choosePeriod({ from: '2022-01', to: '2022-06' }, [], 10).months.length, 6);
});

test('wards: all 17 of Colchester with counts and rates that add up to the district', { skip: needsData() }, async () => {
  const r = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.equal(r.wards.length, 17);
  assert.equal(r.wards.reduce((s, w) => s + w.crimes, 0), r.totalCrimes);
  assert.equal(r.wards.reduce((s, w) => s + w.asb, 0), r.totalAsb);
  for (const w of r.wards) assert.equal(w.ratePer1000, (w.crimes / w.population!) * 1000, w.name);
  for (const h of r.hotspots) {
    assert.ok(h.wards.length <= 5 && h.wards.length > 0, h.type);
    for (let i = 1; i < h.wards.length; i++) assert.ok(h.wards[i - 1]!.count >= h.wards[i]!.count);
  }
  assert.match(r.caveat, /anonymous map points/);
});

test('a month without data and a malformed month are refused with a clear message', { skip: needsData() }, async () => {
  await assert.rejects(t.services.assessment.assess(scp, { to: '2019-06' }), (e: Error) =>
    e instanceof NoCrimeDataError && /no crime data for Colchester in June 2019\. Data is held for March 2021 to November 2022/.test(e.message));
  await assert.rejects(t.services.assessment.assess(scp, { to: '2022-13' }), ValidationError);
  await assert.rejects(t.services.assessment.assess(scp, { from: '2022-05', to: '2022-01' }), ValidationError);
});

test('the population override replaces the district figure, changes the rate and rank, and is audited', { skip: needsData() }, async () => {
  const before = await t.services.assessment.assess(scp, { to: '2022-07', population: 'census2021' });
  await assert.rejects(t.services.assessment.population.set(scp, { yearStart: '2021-10', source: 'census2021', ladOverride: '194706', note: 'x' },
    { userId: null, role: 'viewer', organisationId: null }), ForbiddenError);
  await assert.rejects(t.services.assessment.population.set(scp, { yearStart: '2021-10', source: 'census2021', ladOverride: '194,706', note: '' }, ANALYST),
    (e: ValidationError) => e.errors.some((x) => x.field === 'note'));
  await t.services.assessment.population.set(scp, { yearStart: '2021-10', source: 'census2021', ladOverride: '194,706', note: 'Figure used in the seed committee report' }, ANALYST);
  const r = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.equal(r.population, 194_706);
  assert.equal(r.populationSource, 'override');
  assert.equal(r.populationBase.chosenBy, 'partnership');
  assert.deepEqual(r.populationBase.override, { population: 194_706, note: 'Figure used in the seed committee report' });
  assert.equal(r.populationBase.statement, 'Rates use the Census 2021 usual residents (published 2 November 2022), chosen by the partnership for October 2021 to '
    + 'September 2022. The rates for Colchester itself use a population entered by the partnership: 194,706 (Figure used in the seed committee report).');
  assert.equal(r.ratePer1000, (r.totalCrimes / 194_706) * 1000);
  assert.notEqual(r.ratePer1000, before.ratePer1000);
  const colchester = r.districts.find((d) => d.code === COLCHESTER)!;
  assert.equal(colchester.population, 194_706);
  assert.equal(colchester.populationBase, 'override');
  assert.ok(r.districts.filter((d) => d.code !== COLCHESTER).every((d) => d.populationBase === 'census2021'));
  assert.equal(colchester.ratePer1000, r.ratePer1000);
  // 18,527 / 194,706 = 95.15 per 1,000: now just below Thurrock (95.20), so fifth rather than fourth.
  assert.equal(before.rank?.rank, 4);
  assert.equal(r.rank?.rank, 5);
  // Wards keep the ONS source.
  assert.deepEqual(r.wards.map((w) => w.population), before.wards.map((w) => w.population));
  const [audit] = await t.db.query<{ summary: string }>("SELECT summary FROM audit_log WHERE record_type = 'population_choice' ORDER BY id DESC LIMIT 1");
  assert.match(audit!.summary, /October 2021 to September 2022: Census 2021 .*194,706/);
  // The mid-2020 source for the same year, no override.
  await t.services.assessment.population.set(scp, { yearStart: '2021-10', source: 'mid2020', ladOverride: '', note: '' }, ANALYST);
  const mid = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.equal(mid.populationSource, 'mid2020');
  assert.equal(mid.population, 197_200); // SOURCES.md: Colchester mid-2020, sum of LSOA11
  // A series asked for wins over the stored choice and its district figure, for that view only.
  await t.services.assessment.population.set(scp, { yearStart: '2021-10', source: 'census2021', ladOverride: '194706', note: 'Seed report' }, ANALYST);
  const asked = await t.services.assessment.assess(scp, { to: '2022-07', population: 'mid2020' });
  assert.deepEqual([asked.populationSource, asked.population, asked.populationBase.chosenBy, asked.populationBase.override], ['mid2020', 197_200, 'request', null]);
  await t.db.query('DELETE FROM population_choice');
});

test('without a choice, rates use the estimate nearest the middle of the period that was published by its end', { skip: needsData() }, async () => {
  // August 2021 to July 2022: Census 2021 (March 2021) is nearer the middle, but came out in November 2022.
  const july = await t.services.assessment.assess(scp, { to: '2022-07' });
  assert.deepEqual([july.populationSource, july.populationBase.chosenBy, july.population], ['mid2020', 'default', 197_200]);
  assert.equal(july.populationBase.statement, 'Rates use the mid-2020 population estimates (published 25 June 2021): the estimate nearest the middle of the '
    + 'period that was published by its end; Census 2021 is nearer the middle but was published on 2 November 2022, after the period ended.');
  assert.equal(july.populationBase.published, '2021-06-25');
  assert.ok(july.districts.every((d) => d.populationBase === 'mid2020') && july.wards.every((w) => w.populationBase === 'mid2020'));
  assert.equal(july.rank?.rank, 6); // the committee's "ranks us 6/12"
  // The assessment year to September 2022 also ends before Census 2021 was published.
  assert.equal((await t.services.assessment.assess(scp, { from: '2021-10' })).populationSource, 'mid2020');
  // December 2021 to November 2022 ends after it: Census 2021.
  const nov = await t.services.assessment.assess(scp, { to: '2022-11' });
  assert.deepEqual([nov.populationSource, nov.populationBase.chosenBy, nov.population], ['census2021', 'default', 192_717]);
  assert.equal(nov.populationBase.statement, 'Rates use the Census 2021 usual residents (published 2 November 2022): the estimate nearest the middle of the period that was published by its end.');
  assert.ok(nov.wards.every((w) => w.populationBase === 'census2021'));
});

test('an unknown population base is refused with the ones there are', { skip: needsData() }, async () => {
  await assert.rejects(t.services.assessment.assess(scp, { to: '2022-07', population: 'mid2019' }),
    (e: ValidationError) => e instanceof ValidationError && e.errors[0]!.field === 'population' && /'mid2019' is not a population base: use mid2020 or census2021/.test(e.errors[0]!.message));
  await assert.rejects(runAssessCommand(t.services, ['--partnership', 'scp', '--population', 'census']),
    (e: Error) => e instanceof AssessUsageError && e.message === '--population must be one of mid2020, census2021');
});

test('the CLI prints the JSON document with the issue’s fields, and a CSV of the crime types', { skip: needsData() }, async () => {
  const json = JSON.parse(await runAssessCommand(t.services, ['--partnership', 'scp', '--to', '2022-09', '--format', 'json'])) as Record<string, unknown>;
  for (const k of ['area', 'period', 'previous', 'completeness', 'crimeTypes', 'totalCrimes', 'totalAsb', 'ratePer1000', 'population', 'districts', 'wards']) assert.ok(k in json, k);
  assert.deepEqual(json.period, { from: '2021-10', to: '2022-09' });
  const type = (json.crimeTypes as Record<string, unknown>[])[0]!;
  for (const k of ['type', 'count', 'previousCount', 'change', 'changePct', 'forceChangePct', 'ratePer1000']) assert.ok(k in type, k);
  for (const k of ['code', 'name', 'crimes', 'population', 'ratePer1000', 'rank']) assert.ok(k in (json.districts as object[])[0]!, k);
  for (const k of ['code', 'name', 'crimes', 'ratePer1000']) assert.ok(k in (json.wards as object[])[0]!, k);
  const from = JSON.parse(await runAssessCommand(t.services, ['--partnership', 'scp', '--from', '2021-04'])) as { period: unknown };
  assert.deepEqual(from.period, { from: '2021-04', to: '2022-03' });

  // Not trimmed: trim() would take the byte order mark too.
  const csv = (await runAssessCommand(t.services, ['--partnership', 'scp', '--to', '2022-09', '--format', 'csv'])).replace(/\r\n$/, '').split('\r\n');
  assert.match(csv[0]!, /^\uFEFFArea,Period from,Period to,Period before from,Period before to,Crime type,Crimes,Crimes in the period before,/);
  assert.match(csv[0]!, /,"Crimes per 1,000 residents",Population,Population base,Population published$/);
  assert.equal(csv.length, 1 + (json.crimeTypes as unknown[]).length + 2);
  assert.match(csv[csv.length - 1]!, /^Colchester,October 2021,September 2022,October 2020,September 2021,Anti-social behaviour,.*,197200,mid-2020 population estimates,25 June 2021$/);
  const census = (await runAssessCommand(t.services, ['--partnership', 'scp', '--to', '2022-09', '--population', 'census2021', '--format', 'csv'])).trim().split('\r\n');
  assert.match(census[1]!, /,192717,Census 2021 usual residents,2 November 2022$/);
  assert.equal((json.populationBase as { series: string }).series, 'mid2020');

  await assert.rejects(runAssessCommand(t.services, ['--partnership', 'nope']), (e: Error) => e instanceof AssessUsageError && e.message === 'No partnership nope');
  await assert.rejects(runAssessCommand(t.services, ['--partnership', 'scp', '--to', '2019-01']), (e: Error) => e instanceof AssessUsageError && /no crime data/.test(e.message));
  await assert.rejects(runAssessCommand(t.services, ['--partnership', 'scp', '--format', 'xml']), AssessUsageError);
});

test('a partnership with no crime data yet is told so', async () => {
  const id = await t.services.partnerships.create({ slug: 'tst', name: 'Test Partnership', shortName: 'TP', policeForce: 'kent',
    planYearStartMonth: 4, assessmentYearStartMonth: 4, areas: [{ code: 'E07000110', name: 'Maidstone' }] }, null);
  const p = await t.services.partnerships.bySlug('tst');
  assert.equal(p.id, id);
  await assert.rejects(t.services.assessment.assess(p), (e: Error) => e instanceof NoCrimeDataError && e.message === 'No police.uk crime data has been imported for Maidstone yet.');
  assert.deepEqual(await t.services.assessment.assessmentYears(p), []);
});
