// The Documents pages on the demo: a coordinator previews the plan, makes a version (a job the page
// polls), downloads its files and publishes it; edits a section through the form (a refused text
// stays in the box), sees the data change under the edit, keeps or resets it; publishes a meeting's
// document to an agenda item. The public never reaches an unpublished version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testApp, Agent } from '../../../test/helpers.ts';
import { readZipText } from '../../documents/zip-read.ts';
import { cell, paragraph } from '../../documents/model.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { allInitiatives } from '../plans/compare.ts';
import { reportsService } from './service.ts';
import { planReportBuilder } from './plan-report.ts';
import type { ReportBuilder } from './types.ts';

const COORDINATOR = 'coordinator@demo.csp-hub.test';
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let meetingId: number;
const data = { offences: 930 };
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** A meeting's document standing in for the committee report until it is registered. */
const fake: ReportBuilder = {
  kind: 'committee-report',
  async build({ partnership, progress }) {
    progress('Counting', 0.5);
    return {
      kind: 'committee-report', title: 'Report to the committee', partnershipName: partnership.name, asOf: new Date('2022-10-01T00:00:00Z'),
      sections: [{ key: 'summary', title: 'Executive Summary', editable: true, blocks: [paragraph(`There were ${data.offences} offences.`),
        { kind: 'table', caption: 'Offences', header: ['Type', 'Count'], rows: [[cell('All'), cell(String(data.offences))]] }] }],
    };
  },
};

before(async () => {
  t = await testApp();
  scp = await t.services.partnerships.bySlug('scp');
  // The routes read `services.reports` on each request: give them the stand-in beside the plan, and a
  // stand-in printer (the service's own test prints a real PDF; Chromium is slow to start).
  t.services.reports = reportsService(t.db, { builders: [planReportBuilder({ plans: t.services.plans }), fake], meetings: t.services.meetings,
    renderPdf: async () => Buffer.from('%PDF-1.4\n%%EOF\n') });
  const { bodies, meetings } = await t.services.meetings.allMeetings(scp);
  const committee = bodies.find((b) => b.kind === 'scrutiny_committee')!;
  for (const m of meetings.filter((x) => x.bodyId === committee.id)) {
    if ((await t.services.meetings.agenda(scp, m.id, SYSTEM)).some((i) => i.part === 'A')) { meetingId = m.id; break; }
  }
});
after(async () => { await t?.close(); });

const signedIn = () => new Agent(t.app).startSession(t.services, COORDINATOR);

/** Follows a version job to its end, as the page's script does; returns the last status. */
async function finish(agent: Agent, jobUrl: string) {
  for (let i = 0; i < 600; i++) {
    const res = await agent.get(`${jobUrl}/status`);
    assert.equal(res.statusCode, 200);
    const status = res.json() as { status: string; step: string; percent: number; version?: number; message?: string };
    assert.ok(status.percent >= 0 && status.percent <= 100);
    if (status.status !== 'running') return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not end');
}

test('the plan: preview, a version made by a job, its files, and publishing it for the public', async () => {
  const agent = await signedIn();
  const home = await agent.get('/p/scp');
  assert.match(home.body, /href="\/p\/scp\/documents"/, 'the navigation links to the documents');
  const index = await agent.get('/p/scp/documents');
  assert.equal(index.statusCode, 200);
  assert.match(index.body, /href="\/p\/scp\/documents\/plan\/2022-23"/);
  const page = await agent.get('/p/scp/documents/plan/2022-23');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Members of the partnership/);
  const plan = await t.services.plans.get(scp, 2022, SYSTEM);
  const names = allInitiatives(plan).map((i) => i.name);
  const preview = await agent.get('/p/scp/documents/plan/2022-23/preview');
  for (const n of names) assert.ok(decode(preview.body).includes(n), `the preview has ${n}`);

  const started = await agent.post('/p/scp/documents/plan/2022-23/versions', {}, '/p/scp/documents/plan/2022-23');
  assert.equal(started.statusCode, 303);
  const jobUrl = String(started.headers.location);
  assert.match(jobUrl, /^\/p\/scp\/documents\/jobs\/[0-9a-f-]{36}$/);
  const running = await agent.get(jobUrl);
  assert.match(running.body, /http-equiv="refresh"|Version 1 made/, 'the page refreshes itself without JavaScript while it runs');
  const end = await finish(agent, jobUrl);
  assert.equal(end.status, 'done', end.message);
  assert.equal(end.version, 1);
  assert.match((await agent.get(jobUrl)).body, /Version 1 made/);

  const [version] = await t.services.reports.versions(scp, 'plan', { year: 2022 }, SYSTEM);
  const docPage = await agent.get('/p/scp/documents/plan/2022-23');
  for (const f of version!.files) assert.ok(docPage.body.includes(f.sha256), `the page shows the ${f.format} checksum`);
  const docx = await agent.get(`/p/scp/documents/versions/${version!.id}/document.docx`);
  assert.equal(docx.statusCode, 200);
  assert.equal(createHash('sha256').update(docx.rawPayload).digest('hex'), version!.files.find((f) => f.format === 'docx')!.sha256);
  const xml = decode(readZipText(docx.rawPayload, 'word/document.xml') ?? '');
  for (const n of names) assert.ok(xml.replace(/<[^>]+>/g, '').includes(n), `Word has ${n}`);

  // Unpublished: the public and committee members get "not found" at its direct address.
  const anon = new Agent(t.app);
  for (const f of ['document.pdf', 'document.docx', 'document.html']) assert.equal((await anon.get(`/p/scp/documents/versions/${version!.id}/${f}`)).statusCode, 404);
  const councillor = await new Agent(t.app).startSession(t.services, 'councillor@demo.csp-hub.test');
  assert.equal((await councillor.get(`/p/scp/documents/versions/${version!.id}/document.pdf`)).statusCode, 404);
  assert.doesNotMatch((await anon.get('/p/scp/documents/published')).body, /Annual Partnership Plan 2022-23/);

  const published = await agent.post(`/p/scp/documents/versions/${version!.id}/publish`, {}, `/p/scp/documents/versions/${version!.id}/publish`);
  assert.equal(published.statusCode, 303);
  const pdf = await anon.get(`/p/scp/documents/versions/${version!.id}/document.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match((await anon.get('/p/scp/documents/published')).body, new RegExp(`/p/scp/documents/versions/${version!.id}/document.pdf`));
});

test('a section edited through the form: a refused text stays in the box; a data change is shown and kept or reset', async () => {
  const agent = await signedIn();
  const doc = `/p/scp/documents/committee-report/meeting-${meetingId}`;
  const sectionUrl = `${doc}/sections/summary`;
  const form = await agent.get(sectionUrl);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /There were 930 offences\./);
  assert.match(form.body, /\[Table: Offences\]/);

  const refused = await agent.post(sectionUrl, { text: 'Our words.\n\n[Table: Invented]' }, sectionUrl);
  assert.equal(refused.statusCode, 400);
  assert.match(decode(refused.body), /Line 3: “\[Table: Invented\]” is not a table, figure or break of this section/);
  assert.match(decode(refused.body), /Our words\.\s*\n\s*\n\[Table: Invented\]<\/textarea>/, 'what was typed is still in the box');

  const saved = await agent.post(sectionUrl, { text: 'Our words.\n\n[Table: Offences]' }, sectionUrl);
  assert.equal(saved.statusCode, 303);
  assert.match((await agent.get(doc)).body, /Edited<\/strong>/);
  assert.match((await agent.get(`${doc}/preview`)).body, /Our words\./);

  data.offences = 875;
  assert.match((await agent.get(doc)).body, /Data changed since the edit/);
  const review = decode((await agent.get(sectionUrl)).body);
  assert.match(review, /− There were 930 offences\./);
  assert.match(review, /\+ There were 875 offences\./);
  assert.equal((await agent.post(`${sectionUrl}/keep`, {}, sectionUrl)).statusCode, 303);
  assert.doesNotMatch((await agent.get(doc)).body, /Data changed since the edit/);
  assert.equal((await agent.post(`${sectionUrl}/reset`, {}, sectionUrl)).statusCode, 303);
  const preview = (await agent.get(`${doc}/preview`)).body;
  assert.doesNotMatch(preview, /Our words\./);
  assert.match(preview, /There were 875 offences\./);
});

test('a meeting’s version is published to a Part A item and listed on the public meeting page', async () => {
  const agent = await signedIn();
  const doc = `/p/scp/documents/committee-report/meeting-${meetingId}`;
  const started = await agent.post(`${doc}/versions`, {}, doc);
  const end = await finish(agent, String(started.headers.location));
  assert.equal(end.status, 'done', end.message);
  const [version] = await t.services.reports.versions(scp, 'committee-report', { meetingId }, SYSTEM);
  const publishUrl = `/p/scp/documents/versions/${version!.id}/publish`;
  const refused = await agent.post(publishUrl, {}, publishUrl);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Select the agenda item the document is the report for/);
  const item = (await t.services.meetings.agenda(scp, meetingId, SYSTEM)).filter((i) => i.part === 'A').at(-1)!;
  assert.equal((await agent.post(publishUrl, { agendaItemId: String(item.id) }, publishUrl)).statusCode, 303);
  const meetingPage = await new Agent(t.app).get(`/p/scp/meetings/${meetingId}`);
  assert.ok(meetingPage.body.includes(`scp-committee-report-meeting-${meetingId}-version-${version!.number}.pdf`), 'the public meeting page lists the PDF');
});

test('pages refuse who may not: the public is asked to sign in, a committee member is refused, bad addresses are not found', async () => {
  const anon = new Agent(t.app);
  assert.notEqual((await anon.get('/p/scp/documents')).statusCode, 200);
  const councillor = await new Agent(t.app).startSession(t.services, 'councillor@demo.csp-hub.test');
  assert.equal((await councillor.get('/p/scp/documents')).statusCode, 403);
  const agent = await signedIn();
  assert.equal((await agent.get('/p/scp/documents/nonsense/2022-23')).statusCode, 404);
  assert.equal((await agent.get('/p/scp/documents/plan/2022-24')).statusCode, 404);
  assert.equal((await agent.get('/p/scp/documents/committee-report/meeting-999999')).statusCode, 404);
  assert.equal((await agent.get('/p/scp/documents/plan/meeting-1')).statusCode, 400, 'the plan is not made for a meeting');
  assert.equal((await agent.get('/p/scp/documents/versions/999999/document.pdf')).statusCode, 404);
  assert.equal((await agent.get('/p/scp/documents/jobs/00000000-0000-0000-0000-000000000000')).statusCode, 404);
});
