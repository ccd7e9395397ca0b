// The documents machinery on the demo: edits laid over generated sections and checked against data
// that change, versions with their files and checksums, publishing to a meeting's agenda item (and
// never before), and the plan as a document, printed once to a real PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { testDb, draftNextYear } from '../../../test/helpers.ts';
import { ANONYMOUS, type Actor } from '../../platform/auth/actor.ts';
import { LockedError, NotFoundError, ValidationError, ForbiddenError } from '../../platform/errors.ts';
import { cell, heading, paragraph, type Table } from '../../documents/model.ts';
import { readZipText } from '../../documents/zip-read.ts';
import { closePdfBrowser, chromiumPath } from '../../documents/render-pdf.ts';
import { allInitiatives } from '../plans/compare.ts';
import type { Partnership } from '../partnerships/service.ts';
import { reportsService, mayGenerate } from './service.ts';
import { planReportBuilder } from './plan-report.ts';
import type { ReportBuilder } from './types.ts';

const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const COMMITTEE: Actor = { userId: null, role: 'committee_member', organisationId: null };
const ANALYST: Actor = { userId: null, role: 'analyst', organisationId: null };

let t: Awaited<ReturnType<typeof testDb>>;
let scp: Partnership;
let meetingId: number;

/** The "data" the fake committee report is made from; tests change it to see edits flagged. */
const data = { crimes: 1200, updated: new Date('2022-10-01T00:00:00Z') };
const fundingTable = (): Table => ({ kind: 'table', caption: 'Funding by partner', header: ['Partner', 'Amount'], rows: [[cell('Council'), cell('£1,000')]] });
const progressSeen: [string, number][] = [];
const fake: ReportBuilder = {
  kind: 'committee-report',
  async build({ partnership, progress }) {
    progress('Reading the figures', 0.5);
    return {
      kind: 'committee-report', title: 'Annual report to the committee', partnershipName: partnership.name, asOf: data.updated,
      sections: [
        { key: 'summary', title: 'Executive Summary', editable: true, blocks: [paragraph(`Crime stood at ${data.crimes} offences.`), paragraph('The partnership met four times.')] },
        { key: 'funding', title: 'Funding', editable: true, blocks: [paragraph('Partners gave money.'), fundingTable()] },
        { key: 'acronyms', title: 'Acronyms', editable: false, numbered: false, blocks: [heading(3, 'Fixed')] },
      ],
    };
  },
};
const fakePdf = async () => Buffer.from(`%PDF-1.4\n% stand-in ${Date.now()}\n%%EOF\n`);

let reports: ReturnType<typeof reportsService>;

before(async () => {
  t = await testDb();
  scp = await t.services.partnerships.bySlug('scp');
  reports = reportsService(t.db, { builders: [fake, planReportBuilder({ plans: t.services.plans })], meetings: t.services.meetings, renderPdf: fakePdf });
  const { bodies, meetings } = await t.services.meetings.allMeetings(scp);
  const committee = bodies.find((b) => b.kind === 'scrutiny_committee')!;
  for (const m of meetings.filter((x) => x.bodyId === committee.id)) {
    if ((await t.services.meetings.agenda(scp, m.id, SYSTEM)).some((i) => i.part === 'A')) { meetingId = m.id; break; }
  }
  assert.ok(meetingId, 'the demo committee has a meeting with a public agenda');
});
after(async () => { await closePdfBrowser(); await t?.close(); });

const scope = () => ({ meetingId });

test('an edit replaces its section; when the data change it is flagged with a diff, kept or reset', async () => {
  await reports.saveEdit(scp, 'committee-report', scope(), 'summary', 'Our own summary.\n\nCrime fell.', SYSTEM);
  let d = await reports.draft(scp, 'committee-report', scope(), SYSTEM);
  const texts = d.doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [`${b.number} ${String(b.text)}`] : []));
  assert.deepEqual(texts.slice(0, 3), ['1.1 Our own summary.', '1.2 Crime fell.', '2.1 Partners gave money.']);
  assert.equal(d.sections[0]!.edit?.changed, false);

  data.crimes = 1100;
  d = await reports.draft(scp, 'committee-report', scope(), SYSTEM);
  const edit = d.sections[0]!.edit!;
  assert.equal(edit.changed, true, 'the data behind the edited section changed');
  assert.deepEqual(edit.diff.filter((x) => x.change !== 'same').map((x) => `${x.change} ${x.text}`),
    ['removed Crime stood at 1200 offences.', 'added Crime stood at 1100 offences.']);
  assert.equal(d.sections[1]!.edit, null);

  await reports.keepEdit(scp, 'committee-report', scope(), 'summary', SYSTEM);
  d = await reports.draft(scp, 'committee-report', scope(), SYSTEM);
  assert.equal(d.sections[0]!.edit?.changed, false, 'kept: now written against today’s data');
  assert.equal(d.sections[0]!.edit?.text, 'Our own summary.\n\nCrime fell.');

  await reports.resetEdit(scp, 'committee-report', scope(), 'summary', SYSTEM);
  d = await reports.draft(scp, 'committee-report', scope(), SYSTEM);
  assert.equal(d.sections[0]!.edit, null);
  assert.match(JSON.stringify(d.doc.blocks), /Crime stood at 1100 offences/);
});

test('an invented table is refused and nothing is stored; a fixed section cannot be edited; text equal to the generated is no edit', async () => {
  await assert.rejects(reports.saveEdit(scp, 'committee-report', scope(), 'funding', 'Money.\n\n[Table: Invented]', SYSTEM),
    (e: unknown) => e instanceof ValidationError && /Line 3: “\[Table: Invented\]”/.test(e.message));
  assert.equal((await reports.draft(scp, 'committee-report', scope(), SYSTEM)).sections[1]!.edit, null);
  await assert.rejects(reports.saveEdit(scp, 'committee-report', scope(), 'acronyms', 'x', SYSTEM), NotFoundError);
  const generated = (await reports.draft(scp, 'committee-report', scope(), SYSTEM)).sections[1]!.generatedText;
  await reports.saveEdit(scp, 'committee-report', scope(), 'funding', `${generated}\n`, SYSTEM);
  assert.equal((await reports.draft(scp, 'committee-report', scope(), SYSTEM)).sections[1]!.edit, null);
});

test('who may make documents: coordinators all, analysts the assessment, committee members none and no versions', async () => {
  assert.equal(mayGenerate(ANALYST, 'assessment'), true);
  assert.equal(mayGenerate(ANALYST, 'plan'), false);
  await assert.rejects(reports.draft(scp, 'committee-report', scope(), ANALYST), ForbiddenError);
  await assert.rejects(reports.versions(scp, 'plan', { year: 2022 }, COMMITTEE), NotFoundError);
  await assert.rejects(reports.draft(scp, 'plan', { meetingId }, SYSTEM), (e: unknown) => e instanceof ValidationError && /plan year/.test(e.message));
  await assert.rejects(reports.draft(scp, 'committee-report', { meetingId: 999999 }, SYSTEM), NotFoundError);
});

test('versions keep their files with checksums, the as-of time and the edits; publishing attaches the PDF to the agenda item', async () => {
  await reports.saveEdit(scp, 'committee-report', scope(), 'summary', 'A summary for version one.', SYSTEM);
  progressSeen.length = 0;
  const v1 = await reports.createVersion(scp, 'committee-report', scope(), SYSTEM, (step, f) => progressSeen.push([step, f]));
  assert.equal(v1.number, 1);
  assert.ok(progressSeen.some(([s]) => s === 'Reading the figures'), 'the builder’s steps reach the caller');
  assert.deepEqual(progressSeen.map(([, f]) => f), [...progressSeen.map(([, f]) => f)].sort((a, b) => a - b), 'progress only moves forward');
  assert.equal(progressSeen.at(-1)![1], 1);
  await reports.resetEdit(scp, 'committee-report', scope(), 'summary', SYSTEM);
  const v2 = await reports.createVersion(scp, 'committee-report', scope(), SYSTEM);
  assert.equal(v2.number, 2);

  const [second, first] = await reports.versions(scp, 'committee-report', scope(), SYSTEM);
  assert.equal(first!.number, 1);
  assert.deepEqual(first!.edits, { summary: 'A summary for version one.' });
  assert.deepEqual(second!.edits, {});
  assert.equal(new Date(first!.asOf).toISOString(), data.updated.toISOString());
  assert.deepEqual(first!.files.map((f) => f.format), ['docx', 'html', 'pdf']);
  for (const f of first!.files) {
    const file = await reports.file(scp, first!.id, f.format, SYSTEM);
    assert.equal(createHash('sha256').update(file.content).digest('hex'), f.sha256, `${f.format} checksum`);
    assert.equal(file.content.length, f.sizeBytes);
  }
  const html = (await reports.file(scp, first!.id, 'html', SYSTEM)).content.toString('utf8');
  assert.match(html, /A summary for version one\./);
  const docx = (await reports.file(scp, first!.id, 'docx', SYSTEM)).content;
  assert.match(readZipText(docx, 'word/document.xml') ?? '', /A summary for version one\./);
  assert.doesNotMatch(readZipText((await reports.file(scp, second!.id, 'docx', SYSTEM)).content, 'word/document.xml') ?? '', /version one/);

  // Unpublished: the public does not know it exists.
  await assert.rejects(reports.file(scp, first!.id, 'pdf', ANONYMOUS), NotFoundError);
  await assert.rejects(reports.file(scp, first!.id, 'pdf', COMMITTEE), NotFoundError);

  const { items } = await reports.publishTargets(scp, first!.id, SYSTEM);
  assert.ok(items.length > 0 && items.every((i) => i.part === 'A'));
  await assert.rejects(reports.publish(scp, first!.id, { agendaItemId: 'nonsense' }, SYSTEM), /Select the agenda item/);
  const item = items.at(-1)!;
  await reports.publish(scp, first!.id, { agendaItemId: String(item.id) }, SYSTEM);
  await assert.rejects(reports.publish(scp, first!.id, { agendaItemId: String(item.id) }, SYSTEM), LockedError);

  const publicMeeting = await t.services.meetings.meeting(scp, meetingId, ANONYMOUS);
  const attached = publicMeeting.agenda.find((i) => i.id === item.id)!.reports;
  const pdf = await reports.file(scp, first!.id, 'pdf', ANONYMOUS);
  assert.ok(attached.some((r) => r.sha256 === pdf.sha256), 'the meeting page lists the version’s PDF as the item’s report');
  assert.equal((await reports.publishedVersions(scp)).map((v) => v.id).join(), String(first!.id));
  await assert.rejects(reports.file(scp, second!.id, 'pdf', ANONYMOUS), NotFoundError, 'version 2 stays unpublished');
});

test('the plan as a document: every initiative in its Word file and PDF; a draft plan’s version cannot be published', async () => {
  const plans = planReportBuilder({ plans: t.services.plans });
  const report = await plans.build({ partnership: scp, scope: { year: 2022 }, actor: SYSTEM, progress: () => {} });
  assert.ok(report.sections.length >= 3 && report.sections.every((s) => !s.editable));
  let started = performance.now();
  const { id } = await reportsService(t.db, { builders: [plans], meetings: t.services.meetings }).createVersion(scp, 'plan', { year: 2022 }, SYSTEM);
  console.log(`plan version (HTML, Word, PDF): ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  const plan = await t.services.plans.get(scp, 2022, SYSTEM);
  const names = allInitiatives(plan).map((i) => i.name);
  assert.ok(names.length > 5);
  const xml = (readZipText((await reports.file(scp, id, 'docx', SYSTEM)).content, 'word/document.xml') ?? '').replace(/<[^>]+>/g, '');
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  for (const n of names) assert.ok(decode(xml).includes(n), `Word has ${n}`);
  if (existsSync(chromiumPath()) && spawnSync('pdftotext', ['-v']).error === undefined) {
    const pdf = (await reports.file(scp, id, 'pdf', SYSTEM)).content;
    const text = spawnSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    for (const n of names) assert.ok(text.includes(n.replace(/\s+/g, ' ')), `PDF has ${n}`);
  }
  await reports.publish(scp, id, {}, SYSTEM);
  assert.ok((await reports.file(scp, id, 'pdf', ANONYMOUS)).published, 'a published plan version is the public’s');

  await draftNextYear(t.services);
  const draftVersion = await reports.createVersion(scp, 'plan', { year: 2023 }, SYSTEM);
  await assert.rejects(reports.publish(scp, draftVersion.id, {}, SYSTEM), (e: unknown) => e instanceof LockedError && /not yet published/.test(e.message));
});
