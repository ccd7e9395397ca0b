// The agenda pack of the demo committee meeting of 7 November 2022: the front sheet with the members
// and chair, the agenda's page numbers matching the pages where each paper begins in the joined PDF,
// the earlier minutes printed from the data, a Word report listed as published separately, and a
// Part B report (with a sentinel in its text) never in the pack, though a coordinator generates it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { testDb } from '../../../../test/helpers.ts';
import type { Services } from '../../../services.ts';
import { ANONYMOUS, type Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { closePdfBrowser } from '../../../documents/render-pdf.ts';
import { renderHtml } from '../../../documents/render-html.ts';
import { renderDocx } from '../../../documents/render-docx.ts';
import { readZipText } from '../../../documents/zip-read.ts';
import { assembleDocument } from '../assemble.ts';
import type { GeneratedReport } from '../types.ts';
import type { Document } from '../../../documents/model.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { agendaPackBuilder, type AgendaPackDeps } from './builder.ts';
import { meetingsForConfirmation } from './previous-meetings.ts';
import type { MeetingRow } from '../../meetings/service.ts';

let t: { services: Services; close(): Promise<void> };
let scp: Partnership;
let meetingId: number;
let report: GeneratedReport;
const COORDINATOR: Actor = { userId: null, role: 'admin', organisationId: null };
const PART_B_TITLE = 'Sentinel-B-title: a named person’s case';
const PART_B_TEXT = 'SENTINEL-PART-B-REPORT-TEXT';
const uploadedAt = Date.now();
const GENERATED_TEXT = 'Text of the generated annual report, printed in the HTML and Word packs';
let deps: AgendaPackDeps;

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pdfSkip = !existsSync(chromium) ? `Chromium is not at ${chromium} (set CHROMIUM_PATH): the PDF cannot be printed here`
  : spawnSync('pdftotext', ['-v']).error ? 'pdftotext is not installed: the PDF text cannot be read here' : false;
if (pdfSkip) console.log(`Skipping the PDF checks: ${pdfSkip}`);

/** A PDF of `pages` pages, each with its own line of text. */
async function pdfOf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of lines) doc.addPage([595, 842]).drawText(line, { x: 60, y: 700, size: 14, font });
  return Buffer.from(await doc.save());
}

before(async () => {
  t = await testDb();
  scp = await t.services.partnerships.bySlug('scp');
  const { meetings, bodies } = await t.services.meetings.allMeetings(scp);
  const committee = bodies.find((b) => b.kind === 'scrutiny_committee')!;
  meetingId = meetings.find((m) => m.bodyId === committee.id && m.meetsOn === '2022-11-07')!.id;
  const agenda = await t.services.meetings.agenda(scp, meetingId, COORDINATOR);
  const scpItem = agenda.find((i) => i.title === 'Safer Colchester Partnership Report')!;
  const m = t.services.meetings;
  const scpPdf = await pdfOf(['SCP report opens here', 'SCP report second page', 'SCP report last page']);
  await m.addReport(scp, meetingId, scpItem.id, { fileName: 'scp-annual-report.pdf', content: scpPdf }, 1e7, COORDINATOR);
  // The annual report stands for a published generated report: its document is found by the PDF's checksum.
  const generated: Document = { title: 'Safer Colchester Partnership annual report', partnershipName: scp.name, blocks: [{ kind: 'paragraph', text: GENERATED_TEXT }] };
  const scpSha = createHash('sha256').update(scpPdf).digest('hex');
  deps = { meetings: m, partnerships: t.services.partnerships, generatedDocument: async (_p, sha) => (sha === scpSha ? generated : null) };
  await m.addReport(scp, meetingId, scpItem.id, { fileName: 'partner-returns.docx', content: await renderDocx({ title: 'Partner returns', partnershipName: scp.name, blocks: [] }) }, 1e7, COORDINATOR);
  const exempt = await m.addAgendaItem(scp, meetingId, { title: PART_B_TITLE, description: 'Sentinel-B-description', part: 'B', exemptionParagraph: '1' }, COORDINATOR);
  await m.addReport(scp, meetingId, exempt, { fileName: 'exempt.pdf', content: await pdfOf([PART_B_TEXT]) }, 1e7, COORDINATOR);
  report = await agendaPackBuilder(deps).build({ partnership: scp, scope: { meetingId }, actor: COORDINATOR, progress: () => {} });
});
after(async () => { await closePdfBrowser(); await t?.close(); });

const pageText = (pdf: Uint8Array, n?: number) =>
  spawnSync('pdftotext', [...(n ? ['-f', String(n), '-l', String(n)] : []), '-layout', '-', '-'], { input: pdf, encoding: 'utf8' }).stdout;

test('the PDF pack: front sheet, agenda page numbers that match the joined pages, earlier minutes, no Part B paper', { skip: pdfSkip }, async (ctx) => {
  const started = performance.now();
  const steps: string[] = [];
  const rebuilt = await agendaPackBuilder(deps).build({
    partnership: scp, scope: { meetingId }, actor: COORDINATOR, progress: (step) => steps.push(`${step} at ${Math.round(performance.now() - started)} ms`),
  });
  const pdf = await rebuilt.renderPdf!(assembleDocument(rebuilt));
  ctx.diagnostic(`agenda pack built and its PDF rendered in ${Math.round(performance.now() - started)} ms: ${steps.join('; ')}`);
  if (process.env.AGENDA_PACK_OUT) (await import('node:fs')).writeFileSync(process.env.AGENDA_PACK_OUT, pdf);
  const all = pageText(pdf);
  const pages = (await PDFDocument.load(pdf)).getPageCount();

  // Every page carries its number, stamped after joining.
  for (let n = 1; n <= pages; n++) assert.match(pageText(pdf, n), new RegExp(`Page ${n}\\s*$`), `page ${n} is numbered`);

  // The front sheet: when and where, the members with the chair and deputy, from the body's membership.
  const body = (await t.services.meetings.bodies(scp)).find((b) => b.kind === 'scrutiny_committee')!;
  const front = pageText(pdf, 1) + pageText(pdf, 2);
  assert.match(front, /Monday 7 November 2022/);
  assert.match(front, /Time: 6pm/);
  assert.match(front, /Grand Jury Room/);
  const chair = body.members.find((x) => x.role === 'chair')!.personName;
  const deputy = body.members.find((x) => x.role === 'deputy_chair')!.personName;
  assert.match(all, new RegExp(`Chair: ${chair}`));
  assert.match(all, new RegExp(`Deputy chair: ${deputy}`));
  for (const member of body.members) assert.ok(all.includes(member.personName), `${member.personName} is listed`);

  // Each paper's page range on the agenda is where it is in the pack.
  const rangeOf = (label: string) => {
    const found = new RegExp(`${label} – pages? (\\d+)(?:–(\\d+))?`).exec(all.replace(/\s+/g, ' '));
    assert.ok(found, `the agenda gives the pages of ${label}`);
    return { from: Number(found[1]), to: Number(found[2] ?? found[1]) };
  };
  const all25May = await t.services.meetings.allMeetings(scp);
  for (const date of ['2022-05-25', '2021-09-14']) {
    const earlier = all25May.meetings.find((x) => x.bodyId === body.id && x.meetsOn === date)!;
    const minutes = await t.services.meetings.minutes(scp, earlier.id, COORDINATOR);
    const label = `Minutes of the meeting of ${date === '2022-05-25' ? '25 May 2022' : '14 September 2021'}`;
    const range = rangeOf(label);
    const opening = pageText(pdf, range.from);
    assert.match(opening, new RegExp(label), `${label} begins on page ${range.from}`);
    assert.ok(opening.includes(`${minutes[0]!.minuteNumber}. ${minutes[0]!.title}`), `its first minute is printed from the data on page ${range.from}`);
    assert.doesNotMatch(pageText(pdf, range.to + 1), new RegExp(label), `${label} ends on page ${range.to}`);
  }
  const scpReport = rangeOf('Report: scp-annual-report.pdf');
  assert.match(pageText(pdf, scpReport.from), /SCP report opens here/);
  assert.match(pageText(pdf, scpReport.to), /SCP report last page/);
  assert.equal(scpReport.to - scpReport.from, 2);
  assert.equal(scpReport.to, pages, 'the last report ends the pack');
  assert.match(all.replace(/\s+/g, ' '), /Report: partner-returns\.docx – published separately/);

  // Part B: on the agenda by number and exemption paragraph only; its report and title never in the pack.
  assert.ok(!all.includes(PART_B_TEXT), 'the Part B report is not in the pack');
  assert.ok(!all.replace(/\s+/g, ' ').includes(GENERATED_TEXT), 'a generated report is printed once, from its own PDF');
  assert.ok(!all.includes('Sentinel-B'), 'the Part B title and description are not in the pack');
  assert.match(all.replace(/\s+/g, ' '), /Exempt item Exempt information under paragraph 1 of Schedule 12A/);
});

test('the HTML and Word packs carry the front sheet and the minutes, and list the PDF reports', async () => {
  const doc = assembleDocument(report);
  const html = renderHtml(doc);
  assert.match(html, /Minutes of the meeting of 25 May 2022 – printed below/);
  assert.match(html, /Report: scp-annual-report\.pdf – printed below/);
  assert.ok(html.includes(GENERATED_TEXT), 'a generated report’s text is in the HTML pack');
  const docx = await renderDocx(doc);
  assert.ok((readZipText(docx, 'word/document.xml') ?? '').includes(GENERATED_TEXT), 'and in the Word pack');
  // Without its document, an attached PDF is only listed.
  const uploadedOnly = await agendaPackBuilder({ meetings: t.services.meetings, partnerships: t.services.partnerships }).build({ partnership: scp, scope: { meetingId }, actor: COORDINATOR, progress: () => {} });
  const listed = renderHtml(assembleDocument(uploadedOnly));
  assert.match(listed, /Report: scp-annual-report\.pdf – printed in the PDF pack/);
  assert.ok(!listed.includes(GENERATED_TEXT));
  assert.ok(!html.includes(PART_B_TEXT) && !html.includes('Sentinel-B'), 'nothing of Part B');
  assert.ok(report.asOf.getTime() >= uploadedAt - 1000, 'the pack is as of the newest upload');
  // An edited section replaces the default text.
  const edited = renderHtml(assembleDocument(report, new Map([['public-information', [{ kind: 'paragraph', text: 'Edited public note' }]]])));
  assert.match(edited, /Edited public note/);
});

test('a board with no members recorded and minutes not yet published: "not recorded", and the minutes to follow', async () => {
  const m = t.services.meetings;
  const board = (await m.bodies(scp)).find((b) => b.kind === 'delivery_board' && b.members.length === 0)!;
  const on = (date: string, status: string) => {
    const [y, mo, d] = date.split('-');
    return { 'meetsOn-day': d!, 'meetsOn-month': mo!, 'meetsOn-year': y!, startsAt: '', venue: '', remoteLink: '', status, version: '' };
  };
  const held = await m.createMeeting(scp, board.id, on('2030-01-15', 'held'), COORDINATOR);
  await m.addMinute(scp, held, { agendaItemId: '', title: 'Sentinel-unpublished-minute', text: 'Sentinel-unpublished-text', resolutions: '', firstNumber: '', version: '' }, COORDINATOR);
  const next = await m.createMeeting(scp, board.id, on('2030-03-15', 'scheduled'), COORDINATOR);
  const pack = await agendaPackBuilder(deps).build({ partnership: scp, scope: { meetingId: next }, actor: COORDINATOR, progress: () => {} });
  const html = renderHtml(assembleDocument(pack)).replace(/<[^>]+>/g, '');
  assert.match(html, /Chair: not recorded/);
  assert.match(html, /Deputy chair: not recorded/);
  assert.match(html, /Members: not recorded/);
  assert.match(html, /Time: not recorded/);
  assert.match(html, /Minutes for confirmation: Minutes of the meeting of 15 January 2030 – to follow once published/);
  assert.ok(!html.includes('Sentinel-unpublished'), 'unpublished minutes are not in the pack, though a coordinator made it');
  await assert.rejects(agendaPackBuilder(deps).build({ partnership: scp, scope: { year: 2022 }, actor: COORDINATOR, progress: () => {} }), ValidationError);
});

test('minutes for confirmation: those confirmed at this meeting, else the earlier held meetings not yet confirmed', () => {
  const row = (id: number, meetsOn: string, extra: Partial<MeetingRow> = {}): MeetingRow => ({
    id, bodyId: 1, meetsOn, startsAt: null, venue: '', remoteLink: '', status: 'held', minutesPublished: true, minutesPublishedOn: null,
    minutesConfirmedOn: null, minutesConfirmedAt: null, version: 1, ...extra,
  });
  const now = row(9, '2023-03-01', { status: 'scheduled' });
  const all = [
    row(1, '2022-01-10', { minutesConfirmedOn: '2022-05-01', minutesConfirmedAt: 2 }), // confirmed at another meeting
    row(2, '2022-05-01', { minutesConfirmedOn: '2023-03-01', minutesConfirmedAt: 9 }), // confirmed at this one
    row(3, '2022-09-01'), // held, not confirmed
    row(4, '2022-10-01'), // held, no minutes recorded
    row(5, '2022-11-01', { status: 'cancelled' }),
    row(6, '2023-06-01'), // later
    row(7, '2022-12-01', { bodyId: 2 }), // another body
    now,
  ];
  assert.deepEqual(meetingsForConfirmation(now, all, (id) => id !== 4).map((m) => m.id), [3, 2]);
});

test('a published committee report attached to the agenda is carried as text in the HTML and Word packs; an unpublished version’s PDF is not', { skip: pdfSkip }, async () => {
  const reports = t.services.reports;
  const scope = { meetingId };
  const agenda = await t.services.meetings.agenda(scp, meetingId, COORDINATOR);
  const partA = agenda.filter((i) => i.part === 'A');
  const target = partA.find((i) => i.title === 'Safer Colchester Partnership Report')!;
  const published = await reports.createVersion(scp, 'committee-report', scope, COORDINATOR);
  await reports.publish(scp, published.id, { agendaItemId: String(target.id) }, COORDINATOR);
  const publishedHtml = (await reports.file(scp, published.id, 'html', ANONYMOUS)).content.toString('utf8');
  const publishedText = (await reports.draft(scp, 'committee-report', scope, COORDINATOR)).doc;

  // A later version, never published, whose PDF a coordinator uploads to another item as an ordinary file.
  const UNPUBLISHED = 'SENTINEL-UNPUBLISHED-VERSION-TEXT';
  await reports.saveEdit(scp, 'committee-report', scope, 'executive-summary', UNPUBLISHED, COORDINATOR);
  const draft = await reports.createVersion(scp, 'committee-report', scope, COORDINATOR);
  await reports.resetEdit(scp, 'committee-report', scope, 'executive-summary', COORDINATOR);
  const draftPdf = await reports.file(scp, draft.id, 'pdf', COORDINATOR);
  const other = partA.find((i) => i.id !== target.id && !i.standard) ?? partA.find((i) => i.id !== target.id)!;
  await t.services.meetings.addReport(scp, meetingId, other.id, { fileName: 'draft-annual-report.pdf', content: draftPdf.content }, 1e8, COORDINATOR);
  assert.equal(await reports.publishedDocumentByPdf(scp, draftPdf.sha256), null, 'an unpublished version’s PDF is not matched');

  const pack = (await reports.draft(scp, 'agenda-pack', scope, COORDINATOR)).doc;
  const html = renderHtml(pack);
  const text = html.replace(/<[^>]+>/g, '').replace(/&#39;/g, '\'').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
  const xml = readZipText(await renderDocx(pack), 'word/document.xml') ?? '';
  const wordText = xml.replace(/<[^>]+>/g, '').replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
  const itemNumber = target.number;
  assert.match(text, new RegExp(`Item ${itemNumber}: Annual report to the Crime and Disorder Committee`), 'the report is under its item');
  assert.match(text, /Report: scp-committee-report-meeting-\d+-version-1\.pdf – printed below/);
  assert.match(text, /Report: draft-annual-report\.pdf – printed in the PDF pack/, 'the unpublished version’s PDF is an ordinary upload');
  // The report's own numbered sections and paragraphs, one level below the item's heading.
  const headings = publishedText.blocks.filter((b) => b.kind === 'heading' && b.level === 1 && b.number);
  assert.ok(headings.length >= 5, 'the committee report has numbered sections');
  const packHeadings = pack.blocks.filter((b) => b.kind === 'heading');
  for (const h of headings) {
    if (h.kind !== 'heading') continue;
    assert.ok(packHeadings.some((x) => x.kind === 'heading' && x.level === 2 && x.number === h.number && x.text === h.text), `section ${h.number} ${h.text} is in the pack`);
    assert.ok(text.includes(`${h.number} ${h.text}`) && wordText.includes(h.text), `and printed in HTML and Word: ${h.text}`);
  }
  const firstParagraph = publishedText.blocks.find((b) => b.kind === 'paragraph' && b.number === '1.1')!;
  const words = (firstParagraph.kind === 'paragraph' && typeof firstParagraph.text === 'string' ? firstParagraph.text : '').slice(0, 60);
  assert.ok(words.length > 20 && publishedHtml.includes(words.replace(/'/g, '&#39;').replace(/&(?!#39;)/g, '&amp;')));
  assert.ok(text.includes(`1.1 ${words}`) && wordText.includes(words), 'paragraph 1.1 keeps its number and text');
  assert.ok(!pack.blocks.some((b) => b.kind === 'contents'), 'the report’s contents list is not carried');
  assert.ok(!html.includes(UNPUBLISHED) && !xml.includes(UNPUBLISHED), 'the unpublished version’s text is in neither pack');
});
