// The demo's annual report to the Crime and Disorder Committee of 7 November 2022, built from the
// records and opened as people get it: the Word file's document.xml and the PDF's text. Each fact
// checked is read again from the service that owns it, not written down here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { testDb } from '../../../../test/helpers.ts';
import { needsChromium, needsPdftotext } from '../../../../test/tools.ts';
import { ANONYMOUS, type Actor } from '../../../platform/auth/actor.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import { formatPounds } from '../../../platform/money.ts';
import { paragraph, type Block, type Document, type Table } from '../../../documents/model.ts';
import { renderDocx } from '../../../documents/render-docx.ts';
import { closePdfBrowser, renderPdf } from '../../../documents/render-pdf.ts';
import { readZipText } from '../../../documents/zip-read.ts';
import { assembleDocument } from '../assemble.ts';
import type { GeneratedReport } from '../types.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { committeeReportBuilder } from './builder.ts';
import { blockText, COMMON_TERMS, usesTerm } from './acronyms.ts';

const t = await testDb();
const s = t.services;
const builder = committeeReportBuilder(s);
const coordinator: Actor = { userId: null, role: 'coordinator', organisationId: null };
const timings: Record<string, number> = {};

let scp: Partnership;
let report: GeneratedReport;
let doc: Document;
let xml: string;
let pdfText = '';
let pdf: Buffer | null = null;
const steps: [string, number][] = [];

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try { return await run(); } finally { timings[name] = Math.round(performance.now() - start); }
}

before(async () => {
  scp = await s.partnerships.bySlug('scp');
  const { meetings } = await s.meetings.allMeetings(scp);
  const meeting = meetings.find((m) => m.meetsOn === '2022-11-07');
  assert.ok(meeting, 'the demo has the committee meeting of 7 November 2022');
  report = await timed('build', () => builder.build({ partnership: scp, scope: { meetingId: meeting.id }, actor: coordinator, progress: (step, f) => steps.push([step, f]) }));
  doc = assembleDocument(report);
  const docx = await timed('word', () => renderDocx(doc));
  xml = readZipText(docx, 'word/document.xml') ?? '';
  if (!needsChromium && !needsPdftotext) {
    pdf = await timed('pdf', () => renderPdf(doc));
    pdfText = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout;
  }
});

after(async () => {
  console.log(`Committee report timings (ms): ${JSON.stringify(timings)}`);
  await closePdfBrowser();
  await t.close();
});

const unescape = (x: string) => x.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Word paragraphs as [style, text], in order. */
function paragraphs(): { style: string; text: string }[] {
  return xml.split('</w:p>').map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '',
    text: unescape([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
  }));
}

/** Word table rows as cell texts. */
function rows(): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([r]) => [...r.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)]
    .map(([c]) => unescape([...c.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))));
}

const flat = (x: string) => x.replace(/\s+/g, ' ');
const wordText = () => flat(paragraphs().map((p) => p.text).join('\n'));
const pdfSkip = needsChromium || needsPdftotext;

test('the report is for the meeting’s twelve months and says so; progress is reported as it is built', () => {
  assert.match(wordText(), /from 8 November 2021 to 7 November 2022\. It covers the twelve months up to the day of the meeting\./);
  assert.equal(report.subtitle, 'Meeting of 7 November 2022. Period: 8 November 2021 to 7 November 2022');
  assert.ok(steps.length >= 5 && steps[steps.length - 1]![1] === 1, 'progress goes on to the end');
  assert.ok(steps.every(([, f], k) => k === 0 || f >= steps[k - 1]![1]), 'progress never goes back');
  assert.ok(report.asOf.getTime() > Date.parse('2022-11-01'), 'as of the newest change read, not the period');
});

test('the sections follow the committee paper, numbered; the acronyms and the appendix are not numbered and not editable', () => {
  const level1 = paragraphs().filter((p) => p.style === 'Heading1').map((p) => p.text);
  const expected = ['1 Executive Summary', '2 Action Required', '3 Reason for Scrutiny', '4 Background Information', '5 Overall Police Summary',
    '6 The Partnership Priorities', '7 Priority One – ', '8 Priority Two – ', '9 Priority Three – '];
  expected.forEach((e, k) => assert.ok(level1[k]?.startsWith(e), `heading ${k + 1} is "${e}…", not "${level1[k]}"`));
  for (const title of ['Future Plans', 'Funding from Partners', 'Equality, Diversity and Human Rights Implications', 'Strategic Plan References', 'Consultation',
    'Publicity Considerations', 'Financial Implications', 'Community Safety Implications', 'Health and Safety Implications', 'Risk Management Implications']) {
    assert.ok(level1.some((h) => new RegExp(`^\\d+ ${title}`).test(h)), `a numbered "${title}" section`);
  }
  assert.ok(level1.includes('Acronyms') && level1.includes('Appendix A: Annual Partnership Plan 2022-23'));
  const fixed = report.sections.filter((x) => !x.editable).map((x) => x.key);
  assert.deepEqual(fixed, ['acronyms', 'appendix-a']);
});

test('the priorities, and every initiative of the plan in the appendix, in Word and PDF', async () => {
  const plan = await s.plans.get(scp, 2022, ANONYMOUS);
  const keys = plan.priorities.filter((p) => p.kind === 'key');
  const names = plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]).map((i) => i.name);
  assert.ok(keys.length === 3 && names.length > 40);
  const word = wordText();
  for (const [k, p] of keys.entries()) {
    const title = `Priority ${['One', 'Two', 'Three'][k]} – ${p.title}`;
    assert.ok(word.includes(title), `Word: ${title}`);
    if (!pdfSkip) assert.ok(flat(pdfText).includes(title), `PDF: ${title}`);
  }
  const appendix = word.slice(word.indexOf('Appendix A: Annual Partnership Plan'));
  for (const name of names) assert.ok(appendix.includes(flat(name)), `Word appendix: ${name}`);
  if (!pdfSkip) {
    const pdf = flat(pdfText.slice(pdfText.indexOf('Appendix A: Annual Partnership Plan')));
    for (const name of names) assert.ok(pdf.includes(flat(name)), `PDF appendix: ${name}`);
  }
});

test('the police summary gives the assessment’s figures for the twelve months to the month before the meeting', async () => {
  const r = await s.assessment.assess(scp, { to: '2022-10' });
  const table = rows();
  for (const c of r.crimeTypes) {
    const row = table.find((x) => x[0] === c.type);
    assert.ok(row, `a row for ${c.type}`);
    assert.equal(row[1], c.count.toLocaleString('en-GB'), `${c.type}: count`);
    assert.match(row[2]!, new RegExp(`${Math.abs(Math.round((c.changePct ?? 0) * 10) / 10).toFixed(1)}%`), `${c.type}: change`);
    assert.match(row[3]!, new RegExp(`${Math.abs(Math.round((c.forceChangePct ?? 0) * 10) / 10).toFixed(1)}%`), `${c.type}: force change`);
  }
  const total = table.find((x) => x[0] === 'All crime');
  assert.equal(total?.[1], r.totals.crimes.count.toLocaleString('en-GB'));
  const rank = `${(Math.round(r.ratePer1000! * 10) / 10).toFixed(1)} crimes per 1,000 residents (population ${r.population!.toLocaleString('en-GB')}), ranking ${r.rank!.rank} of the ${r.rank!.of} districts`;
  assert.ok(wordText().includes(rank), `Word: ${rank}`);
  if (!pdfSkip) {
    assert.ok(flat(pdfText).includes(rank), `PDF: ${rank}`);
    assert.ok(flat(pdfText).includes(r.totals.crimes.count.toLocaleString('en-GB')));
  }
  // The perception survey from the measures: each question with its latest result.
  const perception = (await s.measures.list(scp)).filter((m) => /perception/i.test(m.name));
  assert.ok(perception.length > 0);
  for (const m of perception) {
    const row = table.find((x) => m.name.endsWith(x[0] ?? '\u0000') && x.length === 3);
    assert.ok(row, `a row for ${m.name}`);
    assert.ok(row[1]!.startsWith(m.values[m.values.length - 1]!.text), `${m.name}: its latest value`);
  }
});

test('funding from partners: the ledger’s totals by funder for 2021-22 and 2022-23, with a total row', async () => {
  const streams = (await s.funding.list(scp, ANONYMOUS)).filter((x) => x.financialYears.some((y) => y === 2021 || y === 2022));
  const byFunder = new Map<string, number>();
  for (const x of streams) byFunder.set(x.funder ?? 'Funder not recorded', (byFunder.get(x.funder ?? 'Funder not recorded') ?? 0) + x.amountPence);
  const table = rows();
  const start = table.findIndex((r) => r.join('|') === 'Funder|Awards|Amount');
  assert.ok(start >= 0, 'the funding table');
  const body = table.slice(start + 1, start + 2 + byFunder.size);
  for (const [funder, pence] of byFunder) assert.equal(body.find((r) => r[0] === funder)?.[2], formatPounds(pence), funder);
  const total = streams.reduce((n, x) => n + x.amountPence, 0);
  assert.deepEqual(body[body.length - 1], ['Total', String(streams.length), formatPounds(total)]);
  if (!pdfSkip) assert.match(flat(pdfText), new RegExp(`Total ${streams.length} ${formatPounds(total).replace(/[£,]/g, '.')}`));
});

test('achievements by partner: each published update of the period under its organisation’s heading', async () => {
  const since = new Date('2021-11-08T00:00:00Z');
  const plans = await Promise.all([2021, 2022].map((y) => s.plans.get(scp, y, ANONYMOUS)));
  const initiatives = new Map(plans.flatMap((p) => p.priorities.flatMap((x) => [...x.objectives.flatMap((o) => o.initiatives), ...x.initiatives])).map((i) => [i.id, i]));
  const updates = (await Promise.all([2021, 2022].map((y) => s.delivery.updatesSince(scp, y, since, ANONYMOUS)))).flat()
    .filter((u) => u.reportedOn >= '2021-11-08' && u.reportedOn <= '2022-11-07');
  assert.ok(updates.length > 10);
  const ps = paragraphs();
  let checked = 0;
  for (const u of updates) {
    const lead = initiatives.get(u.initiativeId)!.leads.find((l) => l.type === 'organisation');
    const organisation = u.organisationName ?? lead?.name;
    if (!organisation) continue;
    const at = ps.findIndex((p) => p.text.includes(u.narrative));
    assert.ok(at > 0, `the update on ${u.initiativeName} is in the report`);
    const heading = ps.slice(0, at).reverse().find((p) => p.style.startsWith('Heading'));
    assert.equal(heading?.text.replace(/^[\d.]+ /, ''), organisation, `${u.initiativeName} is under ${organisation}`);
    for (const f of u.figures) assert.ok(ps[at]!.text.includes(`${f.label}: ${f.text}`), `${u.initiativeName}: ${f.label}`);
    checked++;
  }
  assert.ok(checked > 10, `${checked} updates checked`);
  if (!pdfSkip) assert.ok(flat(pdfText).includes('Colchester Borough Council Virtual Crew:'), 'PDF: an achievement under its organisation');
});

/** Every candidate term: the organisations’ acronyms, the partnership’s short name and the common terms. */
async function candidates(): Promise<string[]> {
  const [orgs, glossary] = await Promise.all([s.partnerships.organisations(scp.id), s.partnerships.glossary(scp)]);
  return [...new Set([...glossary.map((g) => g.term), ...orgs.flatMap((o) => (o.acronym ? [o.acronym] : [])), scp.shortName, ...COMMON_TERMS.map((c) => c.term)])];
}

function acronymsOf(d: Document): { table: Table; rest: Block[] } {
  const table = d.blocks.find((b): b is Table => b.kind === 'table' && b.caption === 'Acronyms used in this report');
  assert.ok(table, 'an acronyms table');
  return { table, rest: d.blocks.filter((b) => b !== table) };
}

function checkAcronyms(d: Document, terms: string[]) {
  const { table, rest } = acronymsOf(d);
  const listed = table.rows.map((r) => String(r[0]!.paragraphs[0]));
  const meanings = table.rows.map((r) => String(r[1]!.paragraphs[0]));
  const text = [...rest.flatMap(blockText), ...meanings].join('\n');
  for (const term of terms) {
    assert.equal(listed.includes(term), usesTerm(text, term), `${term} is ${listed.includes(term) ? 'listed but not used' : 'used but not listed'}`);
  }
  return listed;
}

test('the acronyms table lists exactly the acronyms the document uses, in Word and PDF', async () => {
  const terms = await candidates();
  const listed = checkAcronyms(doc, terms);
  assert.ok(listed.includes('CBC') && listed.includes('VAWG') && listed.includes('PCC'), listed.join(' '));
  assert.ok(!listed.includes('MARAC') && !listed.includes('PSPO'), 'terms the report does not use are left out');
  // The partnership's glossary speaks first: its meaning, and its terms that name no organisation.
  const glossary = new Map((await s.partnerships.glossary(scp)).map((g) => [g.term, g.meaning]));
  const { table: acronyms } = acronymsOf(doc);
  for (const r of acronyms.rows) {
    const term = String(r[0]!.paragraphs[0]);
    if (glossary.has(term)) assert.equal(String(r[1]!.paragraphs[0]), glossary.get(term), `${term} means what the glossary says`);
  }
  assert.ok(listed.includes('CSDB'), 'a glossary term the appendix uses');
  const table = rows();
  for (const term of listed) assert.ok(table.some((r) => r[0] === term && r.length === 2), `Word: a row for ${term}`);
  if (!pdfSkip) {
    const pdf = pdfText.slice(pdfText.lastIndexOf('Acronyms used in this report'));
    for (const term of listed) assert.match(pdf, new RegExp(`(^|\\n)${term}\\n`), `PDF: ${term}`);
  }
});

test('an edit changes the acronyms: a term added is listed, a term edited out is not', async () => {
  const terms = await candidates();
  const before = acronymsOf(doc).table.rows.map((r) => String(r[0]!.paragraphs[0]));
  assert.ok(before.includes('LSOA') && !before.includes('MARAC'));
  const edited = assembleDocument(report, new Map([
    ['executive-summary', [paragraph('Cases were heard at the MARAC each month.')]],
    ['police-summary', [paragraph('The police will present their figures at the meeting.')]],
  ]));
  const listed = checkAcronyms(edited, terms);
  assert.ok(listed.includes('MARAC'), 'an acronym added by an edit');
  assert.ok(!listed.includes('LSOA'), 'an acronym only the edited-out text used');
});

test('a plan year as scope: the plan year is the period; a year with no plan is not found', async () => {
  const year = await builder.build({ partnership: scp, scope: { year: 2022 }, actor: coordinator, progress: () => {} });
  assert.equal(year.subtitle, 'Period: 1 April 2022 to 31 March 2023');
  const text = assembleDocument(year).blocks.flatMap(blockText).join('\n');
  assert.ok(text.includes('Crucial Crew'), 'an update of the year');
  assert.ok(!text.includes('Virtual Crew: '), 'an update dated before the year began is left out');
  await assert.rejects(builder.build({ partnership: scp, scope: { year: 2030 }, actor: coordinator, progress: () => {} }), NotFoundError);
});

test('the PDF’s first page prints the title, not a blank page', { skip: pdfSkip || (spawnSync('pdftoppm', ['-v']).error ? 'needs pdftoppm (apt-get install poppler-utils)' : false) }, () => {
  const first = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-', '-'], { input: pdf!, encoding: 'utf8' }).stdout;
  assert.ok(flat(first).includes(report.title), 'the title on page 1');
  // A grey-scale picture of page 1 (PGM: a text header, then one byte a pixel): some of it must be ink.
  const pgm = spawnSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', '-'], { input: pdf! }).stdout;
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'a grey-scale page');
  const pixels = pgm.subarray(header[0].length);
  const ink = pixels.filter((v) => v < 128).length;
  assert.ok(ink > pixels.length * 0.005, `${ink} of ${pixels.length} pixels are ink`);
});

test('each priority shows the measures that follow it, with their values in the period only', async () => {
  const plan = await s.plans.get(scp, 2022, ANONYMOUS);
  const linked = await s.plans.linkedMeasures(scp, 'priority', plan.priorities.map((p) => p.id));
  const measures = new Map((await s.measures.list(scp)).map((m) => [m.id, m]));
  const table = rows();
  let checked = 0;
  for (const refs of linked.values()) {
    for (const ref of refs) {
      const m = measures.get(ref.id)!;
      const row = table.find((r) => r[0] === m.name && r.length === 3 && r[1] === m.unit);
      assert.ok(row, `a row for ${m.name}`);
      // The demo's quarters run from April to June 2021 (before the period) to April to June 2022 (in it).
      const inside = m.values.find((v) => v.period === '2022-Q1');
      const before = m.values.find((v) => v.period === '2021-Q1');
      if (inside) assert.ok(row[2]!.includes(`${inside.label}: ${inside.text}`), `${m.name}: ${inside.label}`);
      if (before) assert.ok(!row[2]!.includes(before.label), `${m.name}: ${before.label} is before the period`);
      checked++;
    }
  }
  assert.ok(checked >= 8, `${checked} measures checked`);
});

test('a partnership with no plan, crime data, updates or funding yet: each section says what is not recorded, and invents nothing', async () => {
  await s.partnerships.create({ slug: 'new-csp', name: 'New Town Community Safety Partnership', shortName: 'NTCSP', policeForce: 'kent',
    planYearStartMonth: 4, assessmentYearStartMonth: 4, areas: [{ code: 'E07000110', name: 'Maidstone' }] }, null);
  const p = await s.partnerships.bySlug('new-csp');
  const committee = await s.partnerships.addBody(p.id, { name: 'Overview and Scrutiny Committee', kind: 'scrutiny_committee' }, [], null);
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  const meetingId = await s.meetings.createMeeting(p, committee, { 'meetsOn-day': '12', 'meetsOn-month': '3', 'meetsOn-year': '2024', startsAt: '', venue: 'Town Hall',
    remoteLink: '', status: 'scheduled', version: '' }, system);
  const empty = await builder.build({ partnership: p, scope: { meetingId }, actor: coordinator, progress: () => {} });
  const d = assembleDocument(empty);
  const text = d.blocks.flatMap(blockText).join('\n');
  assert.equal(empty.title, 'Annual report to the Overview and Scrutiny Committee');
  for (const said of ['No published Annual Partnership Plan covers this period', 'Its members for 2023-24 are not recorded',
    'Crime figures are not recorded for this report', 'No public perception survey results are recorded', 'The funding ledger records no funding for 2022-23 and 2023-24']) {
    assert.ok(text.includes(said), said);
  }
  assert.ok(!empty.sections.some((x) => x.key === 'appendix-a' || x.key.startsWith('priority-')), 'no plan, no priorities and no appendix');
  const listed = acronymsOf(d).table.rows.map((r) => String(r[0]!.paragraphs[0]));
  assert.deepEqual(listed, ['NTCSP'], 'only the acronym the text uses');
});
