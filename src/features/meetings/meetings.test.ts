// Meetings: arranging them, agendas from the template, attendance, minutes numbered across a body's
// meetings (also when two are saved at once), exempt business withheld, confirmed minutes locked,
// report uploads checked by content and size, and the calendar feed parsed back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ical from 'node-ical';
import { testApp, Agent } from '../../../test/helpers.ts';
import { LockedError, ValidationError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { meetingValues } from './forms.ts';
import { ukMoment } from './ical.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let bodyId: number;
let boardId: number;
const COORDINATOR = 'coordinator@demo.csp-hub.test';
const SYSTEM: Actor = { userId: null, role: 'admin', organisationId: null };
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x27;/g, "'");

before(async () => {
  t = await testApp({ env: { REPORT_MAX_FILE_SIZE: '4KB' } });
  scp = await t.services.partnerships.bySlug('scp');
  const bodies = await t.services.partnerships.bodies(scp.id);
  bodyId = bodies.find((b) => b.kind === 'scrutiny_committee')!.id;
  boardId = bodies.find((b) => b.kind === 'delivery_board')!.id;
});
after(async () => { await t?.close(); });

const signedIn = (email: string) => new Agent(t.app).startSession(t.services, email);
const meetingOn = (date: string, status = 'held', time = '18:00') => {
  const [y, m, d] = date.split('-');
  return { ...meetingValues(), 'meetsOn-day': d!, 'meetsOn-month': m!, 'meetsOn-year': y!, startsAt: time, venue: 'Grand Jury Room, Town Hall', status };
};
const minute = (title: string, extra: Partial<Record<string, string>> = {}) =>
  ({ agendaItemId: '', title, text: '', resolutions: '', firstNumber: '', version: '', ...extra });

test('the officer arranges a meeting, builds the agenda from the template and records attendance and a minute', async () => {
  const agent = await signedIn(COORDINATOR);
  // A bad date and time are reported on the page, and what was typed is kept.
  const bad = await agent.post(`/p/scp/bodies/${bodyId}/meetings/new`, { ...meetingOn('2031-02-30', 'scheduled'), startsAt: '25 o’clock' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /There is a problem/);
  assert.match(bad.body, /The date of the meeting must be a real date/);
  assert.match(decode(bad.body), /Enter the start time like 18:00 or 6pm/);
  assert.match(bad.body, /value="Grand Jury Room, Town Hall"/);

  const made = await agent.post(`/p/scp/bodies/${bodyId}/meetings/new`, meetingOn('2031-03-10', 'scheduled'));
  assert.equal(made.statusCode, 303);
  const meetingId = Number(/\/meetings\/(\d+)$/.exec(String(made.headers.location))![1]);

  const agendaPage = await agent.get(`/p/scp/meetings/${meetingId}/agenda`);
  for (const s of ['Welcome and announcements', 'Substitutions', 'Urgent items', 'Declarations of interest', 'Minutes of the previous meeting', 'Have Your Say!', 'Exclusion of the public']) {
    assert.ok(agendaPage.body.includes(s), `the committee's template offers ${s}`);
  }
  assert.equal((await agent.post(`/p/scp/meetings/${meetingId}/agenda/standard`, { standard: ['welcome', 'declarations', 'exclusion'] }, `/p/scp/meetings/${meetingId}/agenda`)).statusCode, 303);
  const noParagraph = await agent.post(`/p/scp/meetings/${meetingId}/agenda/items`, { title: 'Staffing matter', description: '', part: 'B', exemptionParagraph: '' }, `/p/scp/meetings/${meetingId}/agenda`);
  assert.equal(noParagraph.statusCode, 400);
  assert.match(noParagraph.body, /Select the paragraph of Schedule 12A/);
  assert.match(noParagraph.body, /value="Staffing matter"/);
  await agent.post(`/p/scp/meetings/${meetingId}/agenda/items`, { title: 'Safer Colchester Partnership report', description: 'The annual review.', part: 'A', exemptionParagraph: '' }, `/p/scp/meetings/${meetingId}/agenda`);
  await agent.post(`/p/scp/meetings/${meetingId}/agenda/items`, { title: 'Staffing matter', description: 'Named officers.', part: 'B', exemptionParagraph: '1' }, `/p/scp/meetings/${meetingId}/agenda`);
  const agenda = await t.services.meetings.agenda(scp, meetingId, SYSTEM);
  assert.deepEqual(agenda.map((i) => `${i.number}. ${i.title} ${i.part}`), [
    '1. Welcome and announcements A', '2. Declarations of interest A', '3. Exclusion of the public A', '4. Safer Colchester Partnership report A', '5. Staffing matter B',
  ]);

  // Minutes only once the meeting is held.
  const early = await agent.post(`/p/scp/meetings/${meetingId}/minutes/new`, minute('Too soon'));
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /Record the meeting as held before writing its minutes/);
  await agent.post(`/p/scp/meetings/${meetingId}/edit`, { ...meetingOn('2031-03-10', 'held'), version: '' });

  const committee = (await t.services.partnerships.bodies(scp.id)).find((b) => b.id === bodyId)!;
  const [chair, deputy] = committee.members;
  const attendance = await agent.post(`/p/scp/meetings/${meetingId}/attendance`, {
    [`member-${chair!.id}`]: 'present', [`member-${deputy!.id}`]: 'apologies', substitutes: 'Councillor Ann Other for ' + deputy!.personName,
    alsoPresent: 'Chief Inspector of the district\nThe Portfolio Holder',
  });
  assert.equal(attendance.statusCode, 303);
  const badSub = await agent.post(`/p/scp/meetings/${meetingId}/attendance`, { substitutes: 'Councillor Nobody' });
  assert.equal(badSub.statusCode, 400);
  assert.match(decode(badSub.body), /Write each substitute as “name for member”/);
  assert.match(badSub.body, /Councillor Nobody/);

  const saved = await agent.post(`/p/scp/meetings/${meetingId}/minutes/new`, minute('', { agendaItemId: String(agenda[3]!.id), text: 'The committee reviewed the year.', resolutions: 'RESOLVED that the report be noted.\n\nRESOLVED that partners be thanked.', firstNumber: '' }));
  assert.equal(saved.statusCode, 303);
  const page = await agent.get(`/p/scp/meetings/${meetingId}`);
  assert.match(page.body, /Safer Colchester Partnership report/);
  assert.match(page.body, /RESOLVED that the report be noted\./);
  assert.match(page.body, /RESOLVED that partners be thanked\./);
  assert.match(page.body, new RegExp(`${chair!.personName}`));
  assert.match(page.body, /Councillor Ann Other \(for /);
  assert.match(page.body, /The Portfolio Holder/);
});

test('minute numbers continue across a body’s meetings and never repeat, even when two are saved at once', async () => {
  const first = await t.services.meetings.createMeeting(scp, boardId, meetingOn('2021-04-13'), SYSTEM);
  const second = await t.services.meetings.createMeeting(scp, boardId, meetingOn('2021-07-13'), SYSTEM);
  const a = await t.services.meetings.addMinute(scp, first, minute('Opening', { firstNumber: '12' }), SYSTEM);
  assert.equal(a.minuteNumber, 12, 'a body’s first minute may continue an older numbering');
  // A later "first number" is ignored: the counter already runs.
  const b = await t.services.meetings.addMinute(scp, first, minute('Prevent update', { firstNumber: '1' }), SYSTEM);
  assert.equal(b.minuteNumber, 13);
  const together = await Promise.all(Array.from({ length: 6 }, (_, i) =>
    t.services.meetings.addMinute(scp, i % 2 ? first : second, minute(`Concurrent ${i}`), SYSTEM)));
  const numbers = together.map((x) => x.minuteNumber).sort((x, y) => x - y);
  assert.deepEqual(numbers, [14, 15, 16, 17, 18, 19]);
  const rows = await t.db.query<{ n: number }>('SELECT minute_number AS n FROM minutes WHERE body_id = $1 ORDER BY 1', [boardId]);
  assert.deepEqual(rows.map((r) => r.n), [12, 13, 14, 15, 16, 17, 18, 19]);
  // The committee's numbering is its own: it goes on from the committee's last minute.
  const [{ last }] = await t.db.query<{ last: number }>('SELECT max(minute_number) AS last FROM minutes WHERE body_id = $1', [bodyId]);
  const other = await t.services.meetings.createMeeting(scp, bodyId, meetingOn('2031-05-01'), SYSTEM);
  const c = await t.services.meetings.addMinute(scp, other, minute('Elsewhere', { firstNumber: '12' }), SYSTEM);
  assert.equal(c.minuteNumber, last + 1);
});

test('the public sees that an exempt item exists and its paragraph, never its content; minutes only once published', async () => {
  const meetingId = await t.services.meetings.createMeeting(scp, bodyId, meetingOn('2031-06-02'), SYSTEM);
  const [, exempt] = [await t.services.meetings.addAgendaItem(scp, meetingId, { title: 'Open business', description: '', part: 'A', exemptionParagraph: '' }, SYSTEM),
    await t.services.meetings.addAgendaItem(scp, meetingId, { title: 'Confidential contract XYZZY', description: 'Prices PLUGH', part: 'B', exemptionParagraph: '3' }, SYSTEM)];
  await t.services.meetings.addDeclaration(scp, meetingId, { agendaItemId: String(exempt), personName: 'Councillor Secret', interest: 'Director of the bidder FROBOZZ' }, SYSTEM);
  const open = await t.services.meetings.addMinute(scp, meetingId, minute('Open minute', { text: 'Discussed in public.' }), SYSTEM);
  const closed = await t.services.meetings.addMinute(scp, meetingId, minute('', { agendaItemId: String(exempt), text: 'Closed discussion GRUE', resolutions: 'RESOLVED that the contract ZORKMID be let.' }), SYSTEM);

  const anon = new Agent(t.app);
  const before = await anon.get(`/p/scp/meetings/${meetingId}`);
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /Open business/);
  assert.match(before.body, /paragraph 3 of Schedule 12A/);
  assert.doesNotMatch(before.body, /Discussed in public/, 'minutes are not public before they are published');
  const insider = await signedIn(COORDINATOR);
  assert.match((await insider.get(`/p/scp/meetings/${meetingId}`)).body, /Discussed in public/);

  await t.services.meetings.publishMinutes(scp, meetingId, SYSTEM);
  const committeeMember = await signedIn('councillor@demo.csp-hub.test');
  const viewers = [anon, await signedIn('viewer@demo.csp-hub.test')];
  for (const agent of viewers) {
    const page = await agent.get(`/p/scp/meetings/${meetingId}`);
    assert.match(page.body, /Discussed in public/);
    assert.match(page.body, new RegExp(`${closed.minuteNumber}\\. Exempt minute`));
    assert.match(page.body, new RegExp(`${open.minuteNumber}\\. Open minute`));
    for (const secret of ['XYZZY', 'PLUGH', 'FROBOZZ', 'Councillor Secret', 'GRUE', 'ZORKMID']) assert.ok(!page.body.includes(secret), `${secret} is withheld`);
    const api = await agent.get(`/api/v1/meetings/${meetingId}`);
    assert.equal(api.statusCode, 200);
    for (const secret of ['XYZZY', 'PLUGH', 'FROBOZZ', 'GRUE', 'ZORKMID']) assert.ok(!api.body.includes(secret), `${secret} is withheld from the API`);
    const json = api.json() as { agendaItems: { exempt: boolean; exemptionParagraph: string | null; title: string | null }[]; minutes: { minuteNumber: number; withheld: boolean }[] };
    assert.deepEqual(json.agendaItems.filter((i) => i.exempt).map((i) => [i.exemptionParagraph, i.title]), [['3', null]]);
    assert.deepEqual(json.minutes.map((m) => [m.minuteNumber, m.withheld]), [[open.minuteNumber, false], [closed.minuteNumber, true]]);
  }
  // Committee members see their committee's exempt business.
  assert.match((await committeeMember.get(`/p/scp/meetings/${meetingId}`)).body, /XYZZY/);
  assert.match((await insider.get(`/p/scp/meetings/${meetingId}`)).body, /Closed discussion GRUE/);
});

test('confirmed minutes are locked: a change is refused and a correction is recorded with the wording before it', async () => {
  const meetingId = await t.services.meetings.createMeeting(scp, bodyId, meetingOn('2031-07-07'), SYSTEM);
  const m = await t.services.meetings.addMinute(scp, meetingId, minute('Appointment of Chairman', { resolutions: 'RESOLVED that Councillor A be appointed.' }), SYSTEM);
  const agent = await signedIn(COORDINATOR);
  const early = await agent.post(`/p/scp/meetings/${meetingId}/confirm-minutes`, { 'confirmedOn-day': '1', 'confirmedOn-month': '1', 'confirmedOn-year': '2031', atMeetingId: '' });
  assert.equal(early.statusCode, 400);
  assert.match(early.body, /cannot be confirmed before the meeting took place/);
  const ok = await agent.post(`/p/scp/meetings/${meetingId}/confirm-minutes`, { 'confirmedOn-day': '8', 'confirmedOn-month': '9', 'confirmedOn-year': '2031', atMeetingId: '' });
  assert.equal(ok.statusCode, 303);

  await assert.rejects(t.services.meetings.updateMinute(scp, m.id, minute('Changed', { resolutions: 'RESOLVED that Councillor B be appointed.' }), SYSTEM), LockedError);
  await assert.rejects(t.services.meetings.addMinute(scp, meetingId, minute('Late addition'), SYSTEM), LockedError);
  const refused = await agent.post(`/p/scp/minutes/${m.id}/edit`, minute('Changed', { resolutions: 'RESOLVED that Councillor B be appointed.' }));
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /record a correction instead/);
  const [stored] = await t.db.query<{ resolutions: string[] }>('SELECT resolutions FROM minutes WHERE id = $1', [m.id]);
  assert.deepEqual(stored!.resolutions, ['RESOLVED that Councillor A be appointed.']);

  await assert.rejects(t.services.meetings.correctMinute(scp, m.id, { text: '', resolutions: 'x', reason: ' ' }, SYSTEM), ValidationError);
  const corrected = await agent.post(`/p/scp/minutes/${m.id}/correction`, { text: '', resolutions: 'RESOLVED that Councillor B be appointed.', reason: 'The name was wrong.' }, `/p/scp/minutes/${m.id}/edit`);
  assert.equal(corrected.statusCode, 303);
  const [correction] = await t.db.query<{ before: string[]; reason: string }>('SELECT before_resolutions AS before, reason FROM minute_corrections WHERE minute_id = $1', [m.id]);
  assert.deepEqual(correction, { before: ['RESOLVED that Councillor A be appointed.'], reason: 'The name was wrong.' });
  const page = await new Agent(t.app).get(`/p/scp/meetings/${meetingId}`);
  assert.match(page.body, /RESOLVED that Councillor B be appointed\./);
  assert.match(page.body, /Confirmed as a correct record on 8 September 2031/);
  assert.match(page.body, /The name was wrong\./);
});

test('a report must be a PDF or Word file by its content and within the size limit; nothing else is stored', async () => {
  const meetingId = await t.services.meetings.createMeeting(scp, bodyId, meetingOn('2031-08-04', 'scheduled'), SYSTEM);
  const itemId = await t.services.meetings.addAgendaItem(scp, meetingId, { title: 'Annual report', description: '', part: 'A', exemptionParagraph: '' }, SYSTEM);
  const agent = await signedIn(COORDINATOR);
  const upload = (fileName: string, content: Buffer) => agent.postMultipart(`/p/scp/meetings/${meetingId}/items/${itemId}/reports`, {},
    [{ field: 'report', filename: fileName, content, contentType: 'application/pdf' }], `/p/scp/meetings/${meetingId}`);
  const stored = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agenda_reports WHERE agenda_item_id = $1', [itemId]))[0]!.n;

  const fake = await upload('report.pdf', Buffer.from('This is plain text pretending to be a PDF.'));
  assert.equal(fake.statusCode, 400);
  assert.match(fake.body, /The report must be a PDF or a Word document/);
  const big = await upload('big.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 32)]));
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /The report must be smaller than 4 KB/);
  assert.equal(await stored(), 0, 'nothing refused is stored');

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const ok = await upload('Annual report.pdf', pdf);
  assert.equal(ok.statusCode, 303);
  assert.equal(await stored(), 1);
  const page = await new Agent(t.app).get(`/p/scp/meetings/${meetingId}`);
  const href = /href="(\/p\/scp\/meetings\/\d+\/reports\/\d+\/Annual%20report\.pdf)">Annual report\.pdf/.exec(page.body)?.[1];
  assert.ok(href, 'the public page links the report');
  const file = await new Agent(t.app).get(href);
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');
  assert.deepEqual(file.rawPayload, pdf);
  const [row] = await t.db.query<{ sha256: string; size: number }>('SELECT sha256, size_bytes AS size FROM agenda_reports WHERE agenda_item_id = $1', [itemId]);
  assert.equal(row!.size, pdf.length);
  assert.match(row!.sha256, /^[0-9a-f]{64}$/);
});

test('the calendar feed lists the upcoming meetings and parses back with their UK times', async () => {
  const id = await t.services.meetings.createMeeting(scp, boardId, { ...meetingOn('2032-07-01', 'scheduled', '6pm'), venue: 'Town Hall' }, SYSTEM);
  await t.services.meetings.createMeeting(scp, boardId, { ...meetingOn('2032-12-01', 'cancelled', '') }, SYSTEM);
  const res = await new Agent(t.app).get(`/p/scp/bodies/${boardId}/meetings.ics`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/calendar/);
  const events = Object.values(ical.sync.parseICS(res.body)).filter((e): e is ical.VEvent => e?.type === 'VEVENT');
  assert.equal(events.length, 2, 'past and held meetings are not in the feed');
  const summer = events.find((e) => e.uid === `meeting-${id}@csp-hub`)!;
  assert.ok(summer);
  assert.equal(summer.start.toISOString(), '2032-07-01T17:00:00.000Z', '6pm British Summer Time');
  assert.equal(summer.location, 'Town Hall');
  assert.match(String(summer.summary), /Community Safety Delivery Board/);
  assert.equal(ukMoment('2032-12-01', '18:00').toISOString(), '2032-12-01T18:00:00.000Z', 'winter is UTC');
  const cancelled = events.find((e) => e.uid !== `meeting-${id}@csp-hub`)!;
  assert.equal(cancelled.status, 'CANCELLED');
});

test('the API lists the bodies, a body’s meetings and a meeting’s minutes with their numbers (the demo’s committee)', async () => {
  const anon = new Agent(t.app);
  const bodies = (await anon.get('/api/v1/partnerships/scp/bodies')).json() as { bodies: { id: number; name: string; kind: string; links: { meetings: string } }[] };
  const committee = bodies.bodies.find((b) => b.kind === 'scrutiny_committee')!;
  assert.equal(committee.name, 'Crime and Disorder Committee');
  const list = await anon.get(committee.links.meetings);
  assert.equal(list.statusCode, 200);
  const { meetings } = list.json() as { meetings: { id: number; date: string; status: string }[] };
  assert.deepEqual(meetings.slice(0, 3).map((m) => [m.date, m.status]), [['2021-09-14', 'held'], ['2022-05-25', 'held'], ['2022-11-07', 'scheduled']]);
  const sept = (await anon.get(`/api/v1/meetings/${meetings[0]!.id}`)).json() as { minutes: { minuteNumber: number; title: string }[]; resolutions: { minuteNumber: number; text: string }[]; attendance: { name: string; kind: string }[] };
  assert.deepEqual(sept.minutes.map((m) => [m.minuteNumber, m.title]), [[35, 'Minutes of previous meetings'], [36, 'Safer Colchester Partnership']]);
  assert.equal(sept.resolutions.filter((r) => r.minuteNumber === 36).length, 3);
  assert.deepEqual(sept.attendance.filter((a) => a.kind === 'also_present').map((a) => a.name), ['Councillor B. Oxford']);
  const nov = (await anon.get(`/api/v1/meetings/${meetings[2]!.id}`)).json() as { agendaItems: { number: number; title: string }[] };
  assert.deepEqual(nov.agendaItems.map((i) => i.title), ['Welcome and announcements', 'Substitutions', 'Urgent items', 'Declarations of interest',
    'Minutes of the previous meeting', 'Have Your Say!', 'Safer Colchester Partnership Report', 'Exclusion of the public']);
  assert.equal((await anon.get('/api/v1/meetings/999999')).statusCode, 404);
  assert.equal((await anon.get('/api/v1/bodies/999999/meetings')).statusCode, 404);
  const doc = (await anon.get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
  for (const p of ['/api/v1/partnerships/{slug}/bodies', '/api/v1/bodies/{id}/meetings', '/api/v1/meetings/{id}']) assert.ok(doc.paths[p], `${p} is documented`);
});
