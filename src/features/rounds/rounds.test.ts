// Update rounds on the demo partnership: who the round lists (exactly those without an update since
// it opened), the owed list on a lead's home, reminders through a real SMTP server started here and,
// without a mail server, into the outbox; the summary paper; and who may see or manage rounds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { createServices } from '../../services.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { emptyUpdateForm } from '../delivery/update-form.ts';
import { ukToday } from '../delivery/service.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let server: SMTPServer;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
const system: Actor = { userId: null, role: 'admin', organisationId: null };

const signedIn = (email: string) => new Agent(t.app).signIn(email, DEMO_PASSWORD);

/** Active initiatives of a plan led by an organisation, with no update at all (so nothing but this test's updates decide whether they owe). */
async function unreported(startYear: number, organisation: string, limit: number) {
  return t.db.query<{ id: number; name: string }>(
    `SELECT i.id, i.name FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = $1 AND i.status NOT IN ('completed', 'cancelled')
        AND EXISTS (SELECT 1 FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id
                     WHERE io.initiative_id = i.id AND io.role = 'lead' AND o.name = $2)
        AND NOT EXISTS (SELECT 1 FROM initiative_updates u WHERE u.initiative_id = i.id)
      ORDER BY i.id LIMIT $3`, [startYear, organisation, limit]);
}

/** What the round should list, worked out in SQL apart from the service: active, not finished by its latest update, nothing since `since`. */
async function expectedOwed(since: string) {
  const rows = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE p.start_year = 2022 AND i.status NOT IN ('completed', 'cancelled')
        AND COALESCE((SELECT u.status FROM initiative_updates u WHERE u.initiative_id = i.id ORDER BY u.reported_on DESC, u.id DESC LIMIT 1), '')
            NOT IN ('completed', 'cancelled')
        AND NOT EXISTS (SELECT 1 FROM initiative_updates u WHERE u.initiative_id = i.id
                         AND (u.created_at >= $1::timestamptz OR u.reported_on >= ($1::timestamptz AT TIME ZONE 'Europe/London')::date))`, [since]);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

function updateForm(reportedOn: string, values: Record<string, string> = {}) {
  const [y, m, d] = reportedOn.split('-');
  return { ...emptyUpdateForm(reportedOn), 'reportedOn-day': d!, 'reportedOn-month': m!, 'reportedOn-year': y!, status: 'on_track',
    narrative: 'Work carried on as planned.', forPublication: 'yes', ...values };
}

const inAYear = (() => { const d = new Date(); d.setUTCFullYear(d.getUTCFullYear() + 1); return d.toISOString().slice(0, 10); })();
const dueFields = (iso: string) => { const [y, m, d] = iso.split('-'); return { 'dueOn-day': String(Number(d)), 'dueOn-month': String(Number(m)), 'dueOn-year': y! }; };

let before1: { id: number; name: string };   // updated before the round opened: still owes
let after1: { id: number; name: string };    // updated after it opened: drops out
let silent: { id: number; name: string };    // never updated: owes
let roundId: number;
let openedAt: string;

before(async () => {
  server = new SMTPServer({
    logger: false, authOptional: true, disableReverseLookup: true, disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => { received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail }); callback(); }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  t = await testApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Safer Colchester <csp@colchester.example>' } });
  [before1, after1, silent] = await unreported(2022, 'Essex Police', 3) as [typeof before1, typeof after1, typeof silent];
  assert.ok(silent, 'the demo has three Essex Police initiatives of 2022-23 with no update');
  // Reported (and recorded) in January 2023, long before the round opens.
  const scp = await t.services.partnerships.bySlug('scp');
  await t.services.delivery.post(scp, before1.id, updateForm('2023-01-15'), system, { organisationId: null });
});
after(async () => {
  await t?.close();
  await new Promise<void>((resolve) => server?.close(resolve));
});

test('opening a round: bad input is shown on the form with what was typed kept; good input opens it', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const form = '/p/scp/rounds/new';
  const bad = await coordinator.post('/p/scp/rounds', { title: 'Board in spring', plan: '1999', meeting: '', 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2030' }, form);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /govuk-error-summary/);
  assert.match(bad.body, /Choose the plan whose initiatives the round asks about/);
  assert.match(bad.body, /Enter the date updates are due as a real date/);
  assert.match(bad.body, /value="Board in spring"/);
  const past = await coordinator.post('/p/scp/rounds', { title: 'Board in spring', plan: '2022', meeting: '', ...dueFields('2022-10-01') }, form);
  assert.equal(past.statusCode, 400);
  assert.match(past.body, /must be today or later/);
  assert.equal((await t.db.query('SELECT 1 FROM update_rounds')).length, (await t.services.rounds.list(await t.services.partnerships.bySlug('scp'), system)).length);

  const ok = await coordinator.post('/p/scp/rounds', { title: 'Updates for the delivery board in spring', plan: '2022', meeting: '', ...dueFields(inAYear) }, form);
  assert.equal(ok.statusCode, 303);
  roundId = Number(/\/p\/scp\/rounds\/(\d+)$/.exec(String(ok.headers.location))![1]);
  openedAt = (await t.db.query<{ at: string }>(`SELECT to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at FROM update_rounds WHERE id = $1`, [roundId]))[0]!.at;
});

test('the round lists exactly the initiatives without an update since it opened', async () => {
  const police = await signedIn('police@demo.csp-hub.test');
  const { figures: _, ...fields } = updateForm(ukToday());
  const posted = await police.post(`/p/scp/initiatives/${after1.id}/updates`, { ...fields,
    status: 'at_risk', reason: 'Staff moved to other duties.', narrative: 'Fewer patrols than planned: a note for the board only.', forPublication: 'no',
    'figure-1-label': 'Patrols', 'figure-1-value': '12', 'figure-1-unit': 'sessions',
  }, `/p/scp/initiatives/${after1.id}/updates/new`);
  assert.equal(posted.statusCode, 303);

  const scp = await t.services.partnerships.bySlug('scp');
  const found = await t.services.rounds.get(scp, roundId, system);
  const listed = [...new Set(found.groups.flatMap((g) => g.items.map((i) => i.id)))].sort((a, b) => a - b);
  assert.deepEqual(listed, await expectedOwed(openedAt));
  assert.equal(found.owedCount, listed.length);
  assert.ok(listed.includes(before1.id), 'an update posted before the round opened does not answer it');
  assert.ok(listed.includes(silent.id));
  assert.ok(!listed.includes(after1.id), 'an update posted after the round opened answers it');
  // Finished initiatives (by the plan or by their latest update) and other plans' initiatives are not asked about.
  const finished = await t.db.query<{ id: number }>(
    `SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id WHERE p.start_year = 2022 AND (i.status IN ('completed', 'cancelled')
       OR (SELECT u.status FROM initiative_updates u WHERE u.initiative_id = i.id ORDER BY u.reported_on DESC, u.id DESC LIMIT 1) IN ('completed', 'cancelled'))`);
  assert.ok(finished.length > 0, 'the demo has finished initiatives in 2022-23');
  for (const f of finished) assert.ok(!listed.includes(f.id));
  const otherPlans = await t.db.query<{ id: number }>('SELECT i.id FROM initiatives i JOIN plans p ON p.id = i.plan_id WHERE p.start_year <> 2022');
  assert.ok(otherPlans.length > 0);
  for (const o of otherPlans) assert.ok(!listed.includes(o.id));

  // The page groups them by lead organisation; Essex Police's group has its three-minus-one.
  const page = await (await signedIn('coordinator@demo.csp-hub.test')).get(`/p/scp/rounds/${roundId}`);
  assert.equal(page.statusCode, 200);
  const police2 = found.groups.find((g) => g.organisation?.name === 'Essex Police')!;
  assert.deepEqual(police2.recipients.map((r) => r.email), ['police@demo.csp-hub.test']);
  assert.ok(police2.items.some((i) => i.id === silent.id) && !police2.items.some((i) => i.id === after1.id));
  assert.match(page.body, new RegExp(`${listed.length} initiatives with no update since the round opened`));
  assert.match(page.body, /<h3[^>]*>Essex Police<\/h3>\s*<p class="govuk-body-s">\s*Reminders go to Pat Partner \(Essex Police\)\./);
  // An organisation with no partner editor is shown, not skipped.
  const nobody = found.groups.filter((g) => g.organisation && g.recipients.length === 0);
  assert.ok(nobody.length > 0, 'some lead organisation of the demo has no account');
  for (const g of nobody) assert.match(page.body, new RegExp(`>${g.organisation!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h3>\\s*<p class="govuk-body-s">\\s*<strong class="govuk-tag govuk-tag--grey">No one to remind</strong>`));
});

test('a lead’s home shows what their organisation owes, with the due date; members who do not report see no owed list', async () => {
  const home = await (await signedIn('police@demo.csp-hub.test')).get('/p/scp');
  assert.match(home.body, /What you owe/);
  const owed = home.body.slice(home.body.indexOf('id="owed"'), home.body.indexOf('</div>', home.body.indexOf('id="owed"')));
  const day = new Date(`${inAYear}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.match(owed, new RegExp(`Updates for the delivery board in spring: due by ${day}`));
  assert.ok(owed.includes(`/initiatives/${before1.id}/updates/new`));
  assert.ok(owed.includes(`/initiatives/${silent.id}/updates/new`));
  assert.ok(!owed.includes(`/initiatives/${after1.id}/updates/new`));
  // The analyst's organisation leads initiatives too, but an analyst does not post updates; a councillor has no organisation.
  for (const email of ['analyst@demo.csp-hub.test', 'councillor@demo.csp-hub.test']) {
    assert.doesNotMatch((await (await signedIn(email)).get('/p/scp')).body, /What you owe/);
  }
  assert.doesNotMatch((await new Agent(t.app).get('/p/scp')).body, /What you owe/);
});

test('reminders reach the in-test SMTP server: each lead’s partner editors, with the list of what they owe', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const res = await coordinator.post(`/p/scp/rounds/${roundId}/reminders`, {}, `/p/scp/rounds/${roundId}`);
  assert.equal(res.statusCode, 303);
  // Only the demo's partner editor (Essex Police) has an account among the leads.
  assert.deepEqual(received.map((r) => r.envelopeTo), [['police@demo.csp-hub.test']]);
  const { mail } = received[0]!;
  const day = new Date(`${inAYear}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.equal(mail.subject, `Your update for Updates for the delivery board in spring is due by ${day}`);
  const text = mail.text ?? '';
  assert.match(text, /^Dear Pat Partner \(Essex Police\),/);
  const listedNames = [...text.matchAll(/^- (.+)$/gm)].map((m) => m[1]);
  const scp = await t.services.partnerships.bySlug('scp');
  const owedByPolice = (await t.services.rounds.get(scp, roundId, system)).groups.find((g) => g.organisation?.name === 'Essex Police')!.items.map((i) => i.name);
  assert.deepEqual(listedNames, owedByPolice);
  assert.ok(listedNames.includes(silent.name) && listedNames.includes(before1.name) && !listedNames.includes(after1.name));
  assert.match(text, new RegExp(`http://localhost(:\\d+)?/p/scp/initiatives/${silent.id}/updates/new`));
  const rows = await t.db.query<{ status: string; template: string }>(`SELECT status, template FROM mail_messages WHERE concerns_kind = 'update_round' AND concerns_id = $1`, [roundId]);
  assert.deepEqual(rows, [{ status: 'sent', template: 'rounds/mail/reminder.njk' }]);
  const page = await coordinator.get(String(res.headers.location));
  assert.match(page.body, /Reminders sent to the leads who still owe an update/);
  assert.match(page.body, /to police@demo\.csp-hub\.test — sent/);
});

test('without SMTP_URL a reminder is kept in the outbox, where the coordinator reads it', async () => {
  const keeping = createServices(t.db);
  assert.equal(keeping.mail.mode, 'outbox');
  const scp = await t.services.partnerships.bySlug('scp');
  const outcome = await keeping.rounds.remind(scp, roundId, system, { base: 'https://csp.example' });
  assert.equal(outcome.kept, 1);
  assert.equal(outcome.sent, 0);
  assert.ok(outcome.noOneToRemind.length > 0);
  assert.equal(received.length, 1, 'nothing more reached the SMTP server');
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const outbox = await coordinator.get('/p/scp/outbox');
  assert.match(outbox.body, /Your update for Updates for the delivery board in spring is due by/);
  const [kept] = await t.db.query<{ id: number; body_text: string }>(`SELECT id, body_text FROM mail_messages WHERE status = 'kept' AND concerns_id = $1`, [roundId]);
  assert.ok(kept!.body_text.includes(`https://csp.example/p/scp/initiatives/${silent.id}/updates/new`));
  const message = await coordinator.get(`/p/scp/outbox/${kept!.id}`);
  assert.ok(message.body.includes(silent.name.replace(/&/g, '&amp;').replace(/'/g, '&#39;')));
});

test('the summary is the board’s paper: counts, exceptions, new figures (including those not for publication), printable', async () => {
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  const page = await coordinator.get(`/p/scp/rounds/${roundId}/summary`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /id="delivery-numbers"/);
  const exceptions = page.body.slice(page.body.indexOf('id="exceptions"'), page.body.indexOf('id="figures"'));
  assert.ok(exceptions.includes(`/initiatives/${after1.id}"`), 'the at-risk update is an exception');
  assert.match(exceptions, /not yet past its due date/);
  const figures = page.body.slice(page.body.indexOf('id="figures"'), page.body.indexOf('id="updates"'));
  assert.match(figures, /Patrols: 12 sessions/);
  assert.match(page.body, /Fewer patrols than planned: a note for the board only\./);
  const scp = await t.services.partnerships.bySlug('scp');
  const summary = await t.services.rounds.summary(scp, roundId, system);
  assert.equal(summary.counts.at_risk, (await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT DISTINCT ON (u.initiative_id) u.status FROM initiative_updates u JOIN plans p ON p.id = u.plan_id
      WHERE p.start_year = 2022 ORDER BY u.initiative_id, u.reported_on DESC, u.id DESC) l WHERE l.status = 'at_risk'`))[0]!.n);
  assert.equal(summary.overdue.length, 0);
});

test('a round past its due date lists what is overdue on its summary', async () => {
  const scp = await t.services.partnerships.bySlug('scp');
  const id = await t.services.rounds.open(scp, { title: 'Board before the November 2022 committee', plan: '2022', meeting: '', ...dueFields('2022-10-28') },
    system, { openedAt: '2022-10-03T09:00:00Z' });
  const summary = await t.services.rounds.summary(scp, id, system);
  assert.ok(summary.round.overdue);
  assert.deepEqual(summary.overdue.map((i) => i.id).sort((a, b) => a - b), await expectedOwed('2022-10-03T09:00:00Z'));
  const page = await (await signedIn('coordinator@demo.csp-hub.test')).get(`/p/scp/rounds/${id}/summary`);
  assert.match(page.body, new RegExp(`Overdue: no update by the due date \\(${summary.overdue.length}\\)`));
  await t.services.rounds.close(scp, id, system);
});

test('who may see and manage rounds', async () => {
  assert.equal((await new Agent(t.app).get(`/p/scp/rounds/${roundId}`)).statusCode, 303, 'anonymous: to sign in');
  assert.equal((await new Agent(t.app).get(`/p/scp/rounds/${roundId}/summary`)).statusCode, 303);
  const councillor = await signedIn('councillor@demo.csp-hub.test');
  assert.equal((await councillor.get(`/p/scp/rounds/${roundId}/summary`)).statusCode, 403, 'no view_drafts: no summary');
  assert.equal((await councillor.get('/p/scp/rounds')).statusCode, 403);
  const police = await signedIn('police@demo.csp-hub.test');
  assert.equal((await police.get(`/p/scp/rounds/${roundId}`)).statusCode, 200, 'a partner editor sees the round');
  const before = (await t.db.query('SELECT 1 FROM mail_messages')).length;
  assert.equal((await police.post(`/p/scp/rounds/${roundId}/reminders`, {}, `/p/scp/rounds/${roundId}`)).statusCode, 403);
  assert.equal((await t.db.query('SELECT 1 FROM mail_messages')).length, before, 'nothing sent');
  assert.equal((await police.get('/p/scp/rounds/new')).statusCode, 403);
  const coordinator = await signedIn('coordinator@demo.csp-hub.test');
  assert.equal((await coordinator.get('/p/scp/rounds/2147483647')).statusCode, 404);
  assert.equal((await coordinator.get('/p/scp/rounds/2147483648')).statusCode, 404);
});
