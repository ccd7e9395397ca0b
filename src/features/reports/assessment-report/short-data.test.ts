// The assessment report of a partnership holding only two months (the committed police.uk slices:
// Essex August 2022, Colchester rows only; Essex September 2022, four districts), in place of the
// demo's year: it says what the assessment page says. Rates name the months they cover, ranks say what
// they are ranked over and which districts are not ranked and why, and the scoring matrix shows an
// unknown trend with its reason and totals out of the most that could be scored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDb } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import { renderHtml } from '../../../documents/render-html.ts';
import { renderDocx } from '../../../documents/render-docx.ts';
import { readZipText } from '../../../documents/zip-read.ts';
import { fixture } from '../../assessment/import/police-uk/fixtures.test-helper.ts';
import { assembleDocument } from '../assemble.ts';
import { assessmentReportBuilder } from './builder.ts';

const COORDINATOR: Actor = { userId: null, role: 'admin', organisationId: null };
const FILES = [fixture('archive/2022-08/2022-08-essex-street.csv.gz'), fixture('archive/2022-09/2022-09-essex-street.csv')];
const MONTHS = '2 months, August 2022 to September 2022';
const SUFFIX = 'over 2 months (August 2022 to September 2022)';

let t: Awaited<ReturnType<typeof testDb>>;
let scp: Partnership;
let html: string;
let word: string;

const plain = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;|&apos;/g, '\'').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ');
// Word text: runs joined without the spaces that tags would add inside a paragraph.
const wordText = (xml: string) => xml.replace(/<\/w:p>/g, ' ').replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '').replace(/&apos;/g, '\'').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

before(async () => {
  t = await testDb();
  scp = await t.services.partnerships.bySlug('scp');
  // Only the imported months: the demo's Essex year is taken out first.
  await t.db.query("DELETE FROM crime_district_month WHERE force = 'essex'");
  await t.db.query('DELETE FROM crime_lsoa_month WHERE force = $1', [scp.policeForce]);
  await t.services.assessmentImport.importPoliceFiles(scp, FILES, { userId: null, role: 'analyst', organisationId: null });
  const s = t.services;
  const builder = assessmentReportBuilder({ assessment: s.assessment, scoring: s.scoring, imports: s.assessmentImport, plans: s.plans, partnerships: s.partnerships, wardShapes: s.boundaries.wards });
  const doc = assembleDocument(await builder.build({ partnership: scp, scope: { year: 2023 }, actor: COORDINATOR, progress: () => {} }));
  // The charts' own drawing (labels inside the SVG) is left out: its caption and alt text carry the months.
  html = plain(renderHtml(doc).replace(/<svg[\s\S]*?<\/svg>/g, ''));
  word = wordText(readZipText(await renderDocx(doc), 'word/document.xml') ?? '');
});
after(async () => { await t?.close(); });

test('every rate names the two months it covers, in the HTML and the Word file; none is set beside a yearly rate unlabelled', async () => {
  const r = await t.services.assessment.assess(scp, { from: '2021-10' });
  assert.equal(r.rateBasis.label, MONTHS, 'the report year holds two months');
  for (const [name, text] of [['HTML', html], ['Word', word]] as const) {
    assert.ok(text.includes(`Per 1,000 residents ${SUFFIX}`), `${name}: the crime type and district tables' rate columns`);
    assert.ok(text.includes(`Crimes per 1,000 residents ${SUFFIX}`), `${name}: the ward table and map`);
    assert.ok(text.includes(`${r.ratePer1000!.toFixed(1)} crimes per 1,000 residents ${SUFFIX} (not a yearly rate), ranking 1 of 1 districts of the force (1 is the highest), ranked over ${MONTHS}`), `${name}: the summary`);
    assert.ok(text.includes(`Rates per 1,000 residents cover ${MONTHS}, not a full year, and are not scaled up to a year`), `${name}: the note under the district table`);
    assert.ok(text.includes(`Rates cover the months held (${MONTHS}), not a full year, and are never scaled up to a year`), `${name}: the method`);
    // Every "per 1,000 residents" says its months, or is the method's definition of a rate.
    const unlabelled = [...text.matchAll(/per 1,000 residents(.{0,80})/g)].map((m) => m[1]!)
      .filter((after) => !after.startsWith(` ${SUFFIX}`) && !after.startsWith(` by ward ${SUFFIX}`) && !after.startsWith(` cover ${MONTHS}`) && !/^\. (Rates use|Rates cover)/.test(after));
    assert.deepEqual(unlabelled, [], `${name}: no rate without its months`);
  }
});

test('ranks say what they are ranked over, and which districts are not ranked and why', () => {
  for (const [name, text] of [['HTML', html], ['Word', word]] as const) {
    assert.ok(text.includes(`ranked 1 of the 1 districts of the force by rate (1 is the highest), ranked over ${MONTHS}`), `${name}: the rank`);
    assert.ok(text.includes(`Districts are ranked over ${MONTHS}, not a full year: only districts with records for each of these months are ranked against each other.`), `${name}: what the ranks are over`);
    assert.ok(text.includes('Chelmsford: Not ranked: its rate covers 1 month, September 2022; no records for August 2022'), `${name}: Chelmsford, not ranked and why`);
    assert.ok(text.includes('No police.uk records for August 2022 to September 2022'), `${name}: districts with no records at all`);
    assert.ok(text.includes(`(1 = highest rate; ranked over ${MONTHS})`), `${name}: the district table's caption`);
  }
});

test('the scoring matrix shows an unknown trend with its reason, and totals out of the most that could be scored', async () => {
  const ws = await t.services.scoring.workspace(scp, { from: '2021-10' }, COORDINATOR);
  assert.ok(ws.noData === null);
  const unknown = ws.ranked.filter((r) => r.unknown.includes('trend'));
  assert.ok(unknown.length > 0);
  const first = unknown[0]!;
  for (const [name, text] of [['HTML', html], ['Word', word]] as const) {
    assert.ok(text.includes(`${first.total} of ${first.max} over 5 of 6 criteria; trend unknown`), `${name}: ${first.label}'s total out of what could be scored`);
    assert.ok(text.includes('unknown Unknown: no months of the period before are held to compare with'), `${name}: the unknown score with its reason`);
    assert.ok(text.includes('Trend unknown from the data Unknown: no months of the period before are held to compare with.'), `${name}: the reasons table`);
    assert.ok(text.includes('A trend the data cannot measure (too few months, or no period before) is left out of both the total and that most'), `${name}: the ranking rule`);
  }
});
