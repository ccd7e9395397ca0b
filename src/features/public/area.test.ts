// "Your area": the ward list, map and search, and each ward's page and API figures — checked against
// counts made here from the stored police.uk rows, with small counts never shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../../test/helpers.ts';
import { loadGeography } from '../assessment/geography/lookup.ts';
import { previousPeriod, rolling12To } from '../assessment/analysis/months.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

const text = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&#39;/g, '\'').replace(/\s+/g, ' ');

/** Per crime type, the ward's counts over some months, summed here from the stored rows. */
async function storedCounts(wardCode: string, months: string[]): Promise<Map<string, number>> {
  const g = await loadGeography();
  const lad = g.wardToLad(wardCode)!;
  const lsoas = [...g.lsoasOfLad(lad, 2011), ...g.lsoasOfLad(lad, 2021)].filter((l) => g.lsoaToWard(l) === wardCode);
  const rows = await t.db.query<{ crimeType: string; n: number }>(
    `SELECT crime_type AS "crimeType", sum(count)::int AS n FROM crime_lsoa_month WHERE force = 'essex' AND month = ANY($1::text[]) AND lsoa_code = ANY($2::text[]) GROUP BY crime_type`,
    [months, lsoas]);
  return new Map(rows.map((r) => [r.crimeType, r.n]));
}

type Count = number | { fewerThan: number } | { withheld: true };
interface Row { type: string; count: Count; previousCount: Count }

/** Every ward of the demo: the shown counts equal the stored ones, small ones are "fewer than 5", and no column lets one be worked out. */
test('each ward’s figures equal counts made from the stored rows, with small counts never given or derivable', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const wards = await t.services.assessment.wards.wards(scp);
  assert.equal(wards.length, 17, 'the demo’s Colchester wards');
  const months = await t.services.assessment.months(scp);
  const period = rolling12To(months.at(-1)!);
  const have = new Set(months);
  const cur = period.months.filter((m) => have.has(m));
  const prev = previousPeriod(period).months.filter((m) => have.has(m));
  let small = 0;
  for (const w of wards) {
    const res = await t.app.inject({ url: `/api/v1/public/partnerships/scp/wards/${w.code}` });
    assert.equal(res.statusCode, 200, w.name);
    const body = res.json<{ crimeTypes: Row[]; total: Row; asb: Row; rates: { ward: number | null; wardPopulation: number | null } }>();
    for (const [key, stored] of [['count', await storedCounts(w.code, cur)], ['previousCount', await storedCounts(w.code, prev)]] as const) {
      const crimeTotal = [...stored].reduce((s, [type, n]) => (type === 'Anti-social behaviour' ? s : s + n), 0);
      let hidden = 0;
      for (const row of [...body.crimeTypes, body.asb]) {
        const n = stored.get(row.type) ?? 0;
        const shown = row[key];
        if (n > 0 && n < 5) { assert.deepEqual(shown, { fewerThan: 5 }, `${w.name} ${row.type}`); small += 1; }
        else if (typeof shown === 'number') assert.equal(shown, n, `${w.name} ${row.type} ${key}`);
        else assert.deepEqual(shown, { withheld: true }, `${w.name} ${row.type}: a count of ${n} is shown or withheld`);
        if (typeof shown !== 'number' && row !== body.asb) hidden += 1;
      }
      if (typeof body.total[key] === 'number') {
        assert.equal(body.total[key], crimeTotal, `${w.name} total ${key}`);
        assert.notEqual(hidden, 1, `${w.name} ${key}: one hidden count beside its total would be the total minus the others`);
      }
    }
    const total = body.total.count;
    if (typeof total === 'number' && body.rates.wardPopulation) assert.equal(body.rates.ward, (total / body.rates.wardPopulation) * 1000);
  }
  assert.ok(small > 0, 'the demo has small counts, so the suppression is exercised');
});

test('the ward page shows the same figures, its chart with a table, the district’s rate and the caveats', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const castle = (await t.services.assessment.wards.wards(scp)).find((w) => w.name === 'Castle')!;
  const api = (await t.app.inject({ url: `/api/v1/public/partnerships/scp/wards/${castle.code}` })).json<{ total: Row; rates: { district: number } }>();
  const res = await t.app.inject({ url: `/p/scp/area/${castle.code}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<svg[^>]*role="img" aria-labelledby="chart-ward-monthly-title/);
  const page = text(res.body);
  assert.match(page, /Crime in Castle/);
  assert.match(page, new RegExp(`All crime \\(excluding anti-social behaviour\\) ${(api.total.count as number).toLocaleString('en-GB')} `));
  assert.match(page, new RegExp(`Colchester ${api.rates.district.toFixed(1)} crimes per 1,000 residents`));
  assert.match(page, /on or near the street/);
  assert.match(page, /Crimes per month in Castle Month Crimes December 2020 no data/);
});

test('small counts read “fewer than 5” on the page, and the number never appears', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const wards = await t.services.assessment.wards.wards(scp);
  for (const w of wards) {
    const profile = (await t.services.assessment.wards.profile(scp, w.code))!;
    const row = profile.crimeTypes.find((r) => r.count.kind === 'fewer-than');
    if (!row) continue;
    const page = text((await t.app.inject({ url: `/p/scp/area/${w.code}` })).body);
    assert.match(page, new RegExp(`${row.type} fewer than 5 `));
    return;
  }
  assert.fail('no ward of the demo has a small count');
});

test('the ward list, its map of links and the search by ward name', async () => {
  const res = await t.app.inject({ url: '/p/scp/area' });
  assert.equal(res.statusCode, 200);
  const links = [...res.body.matchAll(/<a href="\/p\/scp\/area\/(E05\d{6})" aria-label="([^"]+)"/g)];
  assert.equal(links.length, 17, 'every ward on the map is a named link');
  assert.ok(links.some(([, , name]) => name === 'Castle'));
  const found = await t.app.inject({ url: '/api/v1/public/partnerships/scp/places?q=castle' });
  assert.deepEqual(found.json<{ places: unknown[] }>().places[0], { name: 'Castle', wardCode: links.find(([, , n]) => n === 'Castle')![1], wardName: 'Castle' });
  const page = text((await t.app.inject({ url: '/p/scp/area?q=zzzz' })).body);
  assert.match(page, /Nothing found for “zzzz”/);
  assert.equal((await t.app.inject({ url: '/api/v1/public/partnerships/scp/places' })).statusCode, 400, 'the text is required');
});

test('a ward outside the area, a malformed code, and a partnership with no map or street-level data', async () => {
  assert.equal((await t.app.inject({ url: '/p/scp/area/E05000001' })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/p/scp/area/castle' })).statusCode, 404);
  assert.equal((await t.app.inject({ url: '/api/v1/public/partnerships/scp/wards/E05000001' })).json<{ error: string }>().error, 'Ward not found');
  await t.services.partnerships.create({
    slug: 'tendring-test', name: 'Tendring Test Partnership', shortName: 'TTP', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000076', name: 'Tendring' }],
  }, null);
  const area = text((await t.app.inject({ url: '/p/tendring-test/area' })).body);
  assert.match(area, /There is no ward map for this area/);
  const ward = (await t.services.assessment.wards.wards(await t.services.partnerships.bySlug('tendring-test')))[0]!;
  const page = await t.app.inject({ url: `/p/tendring-test/area/${ward.code}` });
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /No street-level crime data from police.uk has been loaded for Tendring yet/);
  assert.equal((await t.app.inject({ url: `/api/v1/public/partnerships/tendring-test/wards/${ward.code}` })).statusCode, 404);
});

test('the street search finds the ward of a real police.uk location, and the ward page it leads to', async () => {
  // Where the demo's police.uk files put "On or near Magdalen Street": its LSOAs, and so its wards.
  const g = await loadGeography();
  const rows = await t.db.query<{ lsoa: string }>(`SELECT DISTINCT lsoa_code AS lsoa FROM crime_places WHERE force = 'essex' AND location = 'On or near Magdalen Street'`);
  assert.ok(rows.length > 0, 'the demo holds Magdalen Street');
  const expected = new Set(rows.map((r) => g.lsoaToWard(r.lsoa)!));
  const res = await t.app.inject({ url: '/api/v1/public/partnerships/scp/places?q=magdalen%20st' });
  assert.equal(res.statusCode, 200);
  const places = res.json<{ places: { name: string; wardCode: string; wardName: string }[] }>().places;
  const magdalen = places.filter((p) => p.name === 'Magdalen Street');
  assert.deepEqual(new Set(magdalen.map((p) => p.wardCode)), expected);
  for (const p of magdalen) assert.equal(p.wardName, g.wardName(p.wardCode));
  const page = await t.app.inject({ url: '/p/scp/area?q=Magdalen+Street' });
  assert.match(page.body, new RegExp(`<a class="govuk-link" href="/p/scp/area/${magdalen[0]!.wardCode}">Magdalen Street</a>`));
});
