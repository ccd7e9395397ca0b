// The places index: police.uk's Location text of each row used, by force, month and LSOA. A real
// row's street is found by what a resident would type, only within the partnership's own area, and
// importing the same month again replaces its places rather than adding to them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Partnership } from '../../partnerships/service.ts';
import { fixture } from './police-uk/fixtures.test-helper.ts';
import { ANALYST, COLCHESTER, SEPTEMBER, twoPartnershipsOfEssex, type TwoPartnerships } from './chelmsford.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';
import { splitCsvLine } from '../csv/split.ts';
import { placeKey } from '../analysis/place-search.ts';
import { ImportRefusedError } from './service.ts';

let t: TwoPartnerships['t'];
let scp: Partnership;
let chelmsford: Partnership;

before(async () => { ({ t, scp, chelmsford } = await twoPartnershipsOfEssex()); });
after(async () => { await t?.close(); });

/** The fixture's rows at one published location, counted here from the file: [crimes, ASB]. */
async function fixtureCount(location: string): Promise<[number, number]> {
  const lines = (await readFile(SEPTEMBER, 'utf8')).split(/\r?\n/).slice(1).filter((l) => l !== '');
  let crimes = 0;
  let asb = 0;
  for (const l of lines) {
    const f = splitCsvLine(l)!;
    if (f[6] !== location) continue;
    if (f[9] === 'Anti-social behaviour') asb++;
    else crimes++;
  }
  return [crimes, asb];
}

/** What the demo holds for a place outside September (the months the fixture does not replace). */
async function demoOtherMonths(location: string, lsoa: string): Promise<{ crimes: number; asb: number }> {
  const [r] = await t.db.query<{ crimes: number; asb: number }>(
    `SELECT COALESCE(sum(crimes), 0)::int AS crimes, COALESCE(sum(asb), 0)::int AS asb FROM crime_places WHERE force = 'essex' AND location = $1 AND lsoa_code = $2 AND month <> '2022-09'`,
    [location, lsoa]);
  return r!;
}

test('typed text is matched without "On or near ", in any case', () => {
  assert.equal(placeKey('  On or near  Langdale Drive '), 'langdale drive');
  assert.equal(placeKey('LANGDALE'), 'langdale');
  assert.equal(placeKey('On or ne'), ''); // still typing the prefix: nothing to match yet
  assert.equal(placeKey(''), '');
});

test("a real row's street is found within the partnership's area, and a re-import does not double it", async () => {
  const location = 'On or near Langdale Drive';
  const [crimes, asb] = await fixtureCount(location);
  assert.equal(crimes + asb, 7); // seven rows of the fixture, all in Colchester
  await t.services.assessmentImport.importPoliceFiles(scp, [SEPTEMBER], ANALYST);

  const found = await t.services.assessment.placesMatching(scp.id, 'langdale d', 10);
  const here = found.find((f) => f.location === location);
  assert.ok(here, `found: ${JSON.stringify(found)}`);
  const other = await demoOtherMonths(location, here.lsoaCode);
  assert.equal(here.crimes, crimes + other.crimes);
  assert.equal(here.asb, asb + other.asb);
  assert.equal(here.lastMonth, '2022-11'); // the demo's later months are still there
  const geo = await loadGeography();
  for (const f of found) assert.equal(geo.lsoaToLad(f.lsoaCode), COLCHESTER);

  // The same month again replaces it: the count is unchanged.
  await t.services.assessmentImport.importPoliceFiles(scp, [SEPTEMBER], ANALYST);
  const again = (await t.services.assessment.placesMatching(scp.id, 'On or near Langdale', 10)).find((f) => f.location === location);
  assert.deepEqual(again, here);
});

test("each partnership finds only its own area's places", async () => {
  const location = 'On or near Blackley Lane'; // a Chelmsford row of the fixture
  const [crimes, asb] = await fixtureCount(location);
  assert.ok(crimes + asb > 0);
  const inChelmsford = await t.services.assessment.placesMatching(chelmsford.id, 'blackley', 10);
  const match = inChelmsford.find((f) => f.location === location);
  assert.ok(match);
  assert.equal(match.asb, asb); // the demo holds no Chelmsford detail: only the fixture's rows
  assert.equal(match.crimes, crimes);
  assert.deepEqual((await t.services.assessment.placesMatching(scp.id, 'blackley', 10)).filter((f) => f.location === location), []);
});

test('a word inside the name matches, a street starting with the text comes first, and LIKE wildcards are plain text', async () => {
  const drives = await t.services.assessment.placesMatching(scp.id, 'drive', 100);
  assert.ok(drives.some((f) => f.location === 'On or near Langdale Drive'));
  assert.ok(drives.every((f) => /\bdrive/i.test(f.location)));
  const lang = await t.services.assessment.placesMatching(scp.id, 'lang', 3);
  assert.ok(lang.length > 0 && lang.length <= 3);
  assert.match(lang[0]!.location, /^On or near Lang/i);
  assert.deepEqual(await t.services.assessment.placesMatching(scp.id, '%', 10), []);
  assert.deepEqual(await t.services.assessment.placesMatching(scp.id, '_', 10), []);
  assert.deepEqual(await t.services.assessment.placesMatching(scp.id, '   ', 10), []);
});

test('a refused import leaves the places as they were', async () => {
  const before = await t.services.assessment.placesMatching(scp.id, 'langdale', 10);
  await assert.rejects(
    t.services.assessmentImport.importPoliceFiles(scp, [SEPTEMBER, fixture('broken/month-13.csv')], ANALYST),
    ImportRefusedError);
  assert.deepEqual(await t.services.assessment.placesMatching(scp.id, 'langdale', 10), before);
});
