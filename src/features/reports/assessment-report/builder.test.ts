// The Strategic Assessment report on the demo partnership (real police.uk months, March 2021 to
// November 2022): the Word and PDF files carry the analysis service's own figures, the scoring
// matrix with a person's score and rationale, and the priority adopted from it with its evidence;
// a partnership with no data still gets a report that says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDb } from '../../../../test/helpers.ts';
import { needsChromium, needsPdftotext } from '../../../../test/tools.ts';
import { pngOf } from '../../../../test/logos.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import type { AssessmentResult } from '../../assessment/types.ts';
import type { Figure } from '../../../documents/model.ts';
import { renderDocx } from '../../../documents/render-docx.ts';
import { closePdfBrowser, renderPdf } from '../../../documents/render-pdf.ts';
import { readZipText } from '../../../documents/zip-read.ts';
import { assembleDocument } from '../assemble.ts';
import type { GeneratedReport } from '../types.ts';
import { assessmentReportBuilder } from './builder.ts';
import { assessmentYearFor } from './period.ts';
import { num, pct, rate, signed } from './format.ts';

let t: Awaited<ReturnType<typeof testDb>>;
let scp: Partnership;
let analyst: Actor;
let coordinator: Actor;
let result: AssessmentResult;
let report: GeneratedReport;
const steps: [string, number][] = [];
let scoredAt: Date;
const RATIONALE = 'Cars broken into near the station car parks, raised at every ward meeting this year.';

const builder = () => assessmentReportBuilder({ assessment: t.services.assessment, scoring: t.services.scoring, imports: t.services.assessmentImport, plans: t.services.plans, partnerships: t.services.partnerships, wardShapes: t.services.boundaries.wards });

before(async () => {
  t = await testDb();
  scp = await t.services.partnerships.bySlug('scp');
  const userId = async (email: string) => (await t.services.users.findIdByEmail(email))!;
  analyst = { userId: await userId('analyst@demo.csp-hub.test'), role: 'analyst', organisationId: null };
  coordinator = { userId: await userId('coordinator@demo.csp-hub.test'), role: 'coordinator', organisationId: null };
  // A partner dataset by quarter over both years: two categories of council reports.
  const dir = mkdtempSync(join(tmpdir(), 'partner-'));
  const quarters = ['2020-Q4', '2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4', '2022-Q1', '2022-Q2', '2022-Q3'];
  const csv = ['area_code,period,category,count', ...quarters.flatMap((q, i) => [`E07000071,${q},Noise,${100 + i * 7}`, `E07000071,${q},Fly-tipping,${60 - i * 3}`])];
  writeFileSync(join(dir, 'council.csv'), `${csv.join('\n')}\n`);
  await t.services.assessmentImport.importPartnerFile(scp, join(dir, 'council.csv'), 'council-asb', analyst);
  // A person scores vehicle crime and the coordinator adopts it for 2023-24, as the workspace would.
  const ws = await t.services.scoring.workspace(scp, { from: '2021-10' }, analyst);
  assert.equal(ws.noData, null);
  const row = ws.ranked.find((r) => r.label === 'Vehicle crime')!;
  const scored = new Date(Date.now() - 1000);
  await t.services.scoring.saveScores(scp, row.id, {
    version: String(row.version), harm: '3', harmConfidence: 'high', harmRationale: RATIONALE, volume: 'data', trend: 'data',
    vulnerability: '2', vulnerabilityConfidence: 'medium', vulnerabilityRationale: 'Mostly property, seldom a vulnerable victim.',
    communityConcern: '', partnershipPosition: '',
  }, analyst);
  scoredAt = scored;
  await t.services.scoring.adopt(scp, row.id, {}, coordinator);
  await t.services.partnershipAdmin.uploadLogo(scp, { content: pngOf(60, 30), truncated: false }, 'Safer Colchester Partnership logo', { userId: await userId('admin@demo.csp-hub.test'), role: 'admin', organisationId: null });
  result = await t.services.assessment.assess(scp, { from: '2021-10' });
  report = await builder().build({ partnership: scp, scope: { year: 2023 }, actor: coordinator, progress: (s, f) => steps.push([s, f]) });
});
after(async () => {
  await closePdfBrowser();
  await t?.close();
});

/** The text of document.xml, one line per Word paragraph (table cells are paragraphs too). */
function wordLines(docx: Buffer): string[] {
  const xml = readZipText(docx, 'word/document.xml')!;
  return xml.split('</w:p>').map((p) => p.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
}

/** A run of consecutive lines equal to `cells` (one table row), anywhere in the document. */
function hasRow(lines: string[], cells: string[]): boolean {
  return lines.some((_, i) => cells.every((c, k) => lines[i + k] === c));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the plan year is informed by the assessment year that ends before it starts', () => {
  assert.deepEqual(assessmentYearFor(2023, { planYearStartMonth: 4, assessmentYearStartMonth: 10 }), { from: '2021-10', to: '2022-09' });
  assert.deepEqual(assessmentYearFor(2023, { planYearStartMonth: 4, assessmentYearStartMonth: 4 }), { from: '2022-04', to: '2023-03' });
  assert.deepEqual(assessmentYearFor(2023, { planYearStartMonth: 1, assessmentYearStartMonth: 1 }), { from: '2022-01', to: '2022-12' });
  assert.deepEqual([report.kind, result.period], ['assessment', { from: '2021-10', to: '2022-09' }]);
});

test('sections have stable keys; the narrative ones are editable, the data ones are not; progress reaches 1', () => {
  assert.deepEqual(report.sections.map((s) => [s.key, s.editable]), [
    ['summary', true], ['method', true], ['data-sources', true], ['completeness', false], ['tables', false], ['charts', false],
    ['partner-figures', false], ['scoring', false], ['priorities', false],
  ]);
  const fractions = steps.map(([, f]) => f);
  assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'progress only moves forward');
  assert.equal(fractions.at(-1), 1);
  assert.deepEqual([report.logo?.alt, report.logo?.width, report.logo?.height], ['Safer Colchester Partnership logo', 60, 30], 'the uploaded logo');
  // As of the newest input change: the score given above, not the moment the report was made.
  assert.ok(report.asOf >= scoredAt && report.asOf <= new Date(), `${report.asOf.toISOString()} after ${scoredAt.toISOString()}`);
});

test('figures carry alt text, a data table and a source note', () => {
  const doc = assembleDocument(report);
  const figures = doc.blocks.filter((b): b is Figure => b.kind === 'figure');
  assert.equal(figures.length, 3, 'monthly chart, change chart and ward map');
  for (const f of figures) {
    assert.match(f.svg, /^<svg /);
    assert.ok(f.alt.length > 40, f.alt);
    assert.ok(f.data.rows.length >= 12 && f.data.rows.every((r) => r.length === f.data.header.length), f.caption);
    assert.equal(doc.blocks[doc.blocks.indexOf(f) + 1]!.kind, 'sourceNote', `${f.caption} has a source note under it`);
  }
  const map = figures.find((f) => f.caption!.includes('by ward'))!;
  const castle = result.wards.find((w) => w.name === 'Castle')!;
  assert.ok(map.data.rows.some((r) => r[1] === 'Castle' && r[2] === num(castle.crimes) && r[4] === rate(castle.ratePer1000)));
  const highest = [...result.wards].sort((a, b) => b.ratePer1000! - a.ratePer1000!)[0]!;
  assert.ok(map.alt.includes(`${highest.name} (${rate(highest.ratePer1000)})`), map.alt);
});

test('the Word file and the PDF hold the assessment figures, the scoring matrix and the chosen priority', { skip: needsChromium || needsPdftotext }, async () => {
  const doc = assembleDocument(report);
  const started = performance.now();
  const docx = await renderDocx(doc);
  const wordMs = performance.now() - started;
  const pdfStarted = performance.now();
  const pdf = await renderPdf(doc);
  const pdfMs = performance.now() - pdfStarted;
  console.log(`# assessment report: Word ${Math.round(wordMs)} ms, PDF ${Math.round(pdfMs)} ms`);

  const lines = wordLines(docx);
  const word = lines.join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'assessment-report-'));
  writeFileSync(join(dir, 'report.pdf'), pdf);
  const printed = spawnSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' }).stdout;
  const flat = printed.replace(/\s+/g, ' ');

  // A crime type's counts and change, and the force beside it, exactly as the analysis gives them.
  const vehicle = result.crimeTypes.find((c) => c.type === 'Vehicle crime')!;
  const row = ['Vehicle crime', num(vehicle.count), num(vehicle.previousCount), signed(vehicle.change), pct(vehicle.changePct), pct(vehicle.forceChangePct), rate(vehicle.ratePer1000)];
  assert.ok(hasRow(lines, row), `Word row ${row.join(' | ')}`);
  assert.match(printed, new RegExp(row.map(escapeRe).join('\\s+')), 'PDF row');

  // The area's rate and its rank among the force's districts.
  const rankSentence = `${result.area.name} had ${rate(result.ratePer1000)} crimes per 1,000 residents, ranked ${result.rank!.rank} of the ${result.rank!.of} districts`;
  assert.ok(word.includes(rankSentence), rankSentence);
  assert.ok(flat.includes(rankSentence), 'PDF rank');
  assert.ok(flat.includes(`${num(result.totals.crimes.count)} crimes were recorded in Colchester`));
  // Months missing before the period, from the completeness of the data.
  assert.ok(result.completeness.missingPrevious.length > 0);
  assert.ok(word.includes(result.completeness.note!) && flat.includes(result.completeness.note!.replace(/\s+/g, ' ')));

  // The scoring matrix: every issue, the person's score with its confidence and rationale.
  const ws = await t.services.scoring.workspace(scp, { from: '2021-10' }, analyst);
  assert.ok(ws.noData === null);
  for (const issue of ws.ranked) assert.ok(lines.includes(issue.label), issue.label);
  const vehicleRank = ws.ranked.find((r) => r.label === 'Vehicle crime')!;
  assert.ok(hasRow(lines, [String(vehicleRank.rank), 'Vehicle crime', 'Priority 1, 2023-24', '3', 'high confidence']), 'matrix row with score and confidence');
  assert.ok(word.includes(RATIONALE) && flat.includes(RATIONALE));

  // The chosen priority with the evidence statement the plan holds for it.
  const plan = await t.services.plans.get(scp, 2023, coordinator);
  const [priority] = plan.priorities;
  assert.equal(priority!.title, 'Vehicle crime');
  assert.ok(word.includes(`Priority 1: ${priority!.title}`) && flat.includes(`Priority 1: ${priority!.title}`));
  assert.ok(word.includes(priority!.evidence), priority!.evidence);
  assert.ok(flat.includes(priority!.evidence.replace(/\s+/g, ' ')), 'evidence in the PDF');

  // Partner figures as imported, with their like-for-like change.
  const noise = result.partnerFigures.find((f) => f.category === 'Noise')!;
  assert.ok(hasRow(lines, ['council-asb', 'Noise', num(noise.count), num(noise.previousCount), signed(noise.change), pct(noise.changePct)]), 'partner row');
  assert.match(printed, new RegExp(['Noise', num(noise.count), num(noise.previousCount), signed(noise.change), pct(noise.changePct)].map(escapeRe).join('\\s+')));

  // Figures: alt text (as text or as the picture's description) and each data table's rows.
  const xml = readZipText(docx, 'word/document.xml')!;
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  for (const f of assembleDocument(report).blocks.filter((b): b is Figure => b.kind === 'figure')) {
    assert.ok(word.includes(f.alt) || xml.includes(escapeXml(f.alt)), `alt text in Word: ${f.caption}`);
    for (const r of [f.data.rows[0]!, f.data.rows.at(-1)!]) {
      assert.ok(hasRow(lines, [...r]), `data row in Word: ${r.join(' | ')}`);
      // A long cell wraps inside its column: the row's first printed line holds the first word of each.
      assert.match(printed, new RegExp(r.map((c) => escapeRe(c.split(/\s+/)[0]!)).join('[^\\n]*?')), `data row in the PDF: ${r.join(' | ')}`);
    }
  }
});

test('a part year with nothing a year before: counts for the months held, no change invented; the plan year\'s priorities with their evidence', async () => {
  const part = await builder().build({ partnership: scp, scope: { year: 2022 }, actor: coordinator, progress: () => {} });
  const earlier = await t.services.assessment.assess(scp, { from: '2020-10' });
  assert.equal(earlier.completeness.comparedMonths, 0);
  const lines = wordLines(await renderDocx(assembleDocument(part)));
  const word = lines.join('\n');
  const drugs = earlier.crimeTypes.find((c) => c.type === 'Drugs')!;
  assert.ok(hasRow(lines, ['Drugs', num(drugs.count), 'no data', 'not recorded', 'not recorded', 'not recorded', rate(drugs.ratePer1000)]), 'no change shown');
  const held = 12 - earlier.completeness.missingCurrent.length;
  assert.ok(word.includes(`${num(earlier.totals.crimes.count)} crimes were recorded in Colchester in ${earlier.labels.period} (the ${held} months held)`));
  assert.match(word, /No month of the year before is held to compare with/);
  const plan = await t.services.plans.get(scp, 2022, coordinator);
  const key = plan.priorities.filter((p) => p.kind === 'key');
  assert.equal(key.length, 3);
  for (const p of key) {
    assert.ok(word.includes(`Priority ${p.number}: ${p.title}`), p.title);
    assert.ok(word.includes(p.evidence), `evidence of priority ${p.number}`);
  }
});

test('a partnership with no imported data gets a report that says so', async () => {
  const admin = await t.services.users.findIdByEmail('admin@demo.csp-hub.test');
  const slug = await t.services.newPartnership.create({
    name: 'Safer Ipswich Partnership', shortName: 'SIP', slug: 'ipswich', areaCodes: ['E07000202'], planYearStartMonth: '4', assessmentYearStartMonth: '10', confirmedForce: 'suffolk',
  }, { id: admin!, email: 'admin@demo.csp-hub.test', name: 'Alex Admin', isInstanceAdmin: true, roles: [] });
  const ipswich = await t.services.partnerships.bySlug(slug);
  const empty = await builder().build({ partnership: ipswich, scope: { year: 2023 }, actor: { userId: admin, role: 'admin', organisationId: null }, progress: () => {} });
  const word = wordLines(await renderDocx(assembleDocument(empty))).join('\n');
  assert.match(word, /No police\.uk months imported/);
  assert.match(word, /No imports recorded/);
  assert.match(word, /No partner figures/);
  assert.match(word, /No plan for 2023-24 has been started/);
  assert.doesNotMatch(word, /undefined|NaN|null/);
  assert.equal(empty.logo, undefined, 'no logo uploaded, none printed');
  assert.equal(empty.sections.length, report.sections.length, 'every section is there, saying what is missing');
});
