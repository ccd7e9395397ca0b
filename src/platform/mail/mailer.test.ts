// The mailer against a real SMTP server started here (smtp-server), what it receives parsed back
// with mailparser; and the mailer without a server, which keeps messages in the outbox table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { testDb } from '../../../test/helpers.ts';
import { createServices } from '../../services.ts';
import { loadConfig } from '../config.ts';
import { createMailer } from './mailer.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const REFUSED = 'nobody@example.test';

let t: Awaited<ReturnType<typeof testDb>>;
let server: SMTPServer;
let port: number;
let scpId: number;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];

before(async () => {
  t = await testDb();
  scpId = (await t.services.partnerships.bySlug('scp')).id;
  server = new SMTPServer({
    logger: false, authOptional: true, disableReverseLookup: true, disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) return callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise<void>((resolve) => server?.close(resolve));
  await t?.close();
});

async function row(id: number) {
  const [r] = await t.db.query<{ status: string; error: string | null; sent_at: Date | null; to_address: string; subject: string; body_text: string;
    partnership_id: number | null; concerns_kind: string | null; concerns_id: number | null; template: string }>('SELECT * FROM mail_messages WHERE id = $1', [id]);
  return r;
}

test('with SMTP_URL set, a message reaches the server: recipient, sender, subject and text, and the record says sent', async () => {
  // Built from the settings as the app builds it, with a template of a feature.
  const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Safer Colchester <csp@colchester.example>' });
  const services = createServices(t.db, { mail: config.mail });
  try {
    assert.equal(services.mail.mode, 'smtp');
    const result = await services.mail.send({
      partnershipId: scpId, to: 'lead@police.example', template: 'outbox/mail/test-message.njk',
      data: { name: 'Pat Partner', partnershipName: 'Safer Colchester Partnership', sentAt: new Date('2022-11-01T14:05:00Z') },
      concerns: { kind: 'update_round', id: 7 },
    });
    assert.deepEqual(result, { id: result.id, status: 'sent', error: null });
    assert.equal(received.length, 1);
    const { envelopeTo, mail } = received[0];
    assert.deepEqual(envelopeTo, ['lead@police.example']);
    assert.deepEqual(mail.from?.value.map((a) => [a.name, a.address]), [['Safer Colchester', 'csp@colchester.example']]);
    assert.equal(mail.subject, 'Test message from CSP Hub for Safer Colchester Partnership');
    assert.match(mail.text ?? '', /^Hello Pat Partner,\n\nYou asked CSP Hub to send this test message from the outbox of Safer Colchester Partnership on 1 November 2022 at 2:05pm\./);
    assert.match(String(mail.html), /<p[^>]*>Hello Pat Partner,<\/p>/);

    const r = await row(result.id);
    assert.equal(r.status, 'sent');
    assert.ok(r.sent_at instanceof Date);
    assert.equal(r.error, null);
    assert.equal(r.to_address, 'lead@police.example');
    assert.equal(r.subject, mail.subject);
    assert.equal(r.body_text, mail.text);
    assert.deepEqual([r.partnership_id, r.concerns_kind, r.concerns_id, r.template], [scpId, 'update_round', 7, 'outbox/mail/test-message.njk']);
    assert.deepEqual((await services.mail.about({ id: scpId }, { kind: 'update_round', id: 7 })).map((m) => m.id), [result.id]);
  } finally {
    services.mail.close();
  }
});

test('a recipient the server refuses is recorded as failed with the server’s message, and nothing throws', async () => {
  const mailer = createMailer(t.db, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'csp@colchester.example', templateDirs: [FIXTURES] });
  try {
    const before = received.length;
    const result = await mailer.send({ partnershipId: scpId, to: REFUSED, template: 'note.njk', data: { name: 'N', topic: 't', items: [] } });
    assert.equal(result.status, 'failed');
    assert.match(result.error ?? '', /550 5\.1\.1 No such mailbox here/);
    assert.equal(received.length, before, 'nothing arrived');
    const r = await row(result.id);
    assert.equal(r.status, 'failed');
    assert.equal(r.error, result.error);
    assert.equal(r.sent_at, null);
  } finally {
    mailer.close();
  }
});

test('a mail server that is not there is a failed send with the reason, in seconds', async () => {
  // A port nothing listens on: taken, then freed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const mailer = createMailer(t.db, { smtpUrl: `smtp://127.0.0.1:${closedPort}`, from: 'csp@colchester.example', templateDirs: [FIXTURES] });
  const result = await mailer.send({ partnershipId: scpId, to: 'lead@police.example', template: 'note.njk', data: { name: 'N', topic: 't', items: [] } });
  mailer.close();
  assert.equal(result.status, 'failed');
  assert.match(result.error ?? '', /ECONNREFUSED/);
  assert.equal((await row(result.id)).status, 'failed');
});

test('without SMTP_URL the message is kept in the outbox table, composed in full', async () => {
  const services = createServices(t.db, { mail: loadConfig({}).mail });
  assert.equal(services.mail.mode, 'outbox');
  const before = received.length;
  const result = await services.mail.send({
    partnershipId: scpId, to: ' coordinator@colchester.example ', template: 'outbox/mail/test-message.njk',
    data: { name: 'Chris', partnershipName: 'Safer Colchester Partnership', sentAt: new Date('2022-06-01T09:00:00Z') },
  });
  assert.deepEqual(result, { id: result.id, status: 'kept', error: null });
  assert.equal(received.length, before, 'nothing was sent');
  const r = await row(result.id);
  assert.deepEqual([r.status, r.to_address, r.sent_at, r.error], ['kept', 'coordinator@colchester.example', null, null]);
  assert.match(r.body_text, /^Hello Chris,\n\n.*on 1 June 2022 at 10:00am\./);
});

test('an address that is not one is refused before any server sees it', async () => {
  const mailer = createMailer(t.db, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'csp@colchester.example', templateDirs: [FIXTURES] });
  try {
    const before = received.length;
    for (const to of ['not an address', 'a@b.example, c@d.example', 'x@y.example\nBcc: z@w.example', '']) {
      const result = await mailer.send({ partnershipId: scpId, to, template: 'note.njk', data: { name: 'N', topic: 't', items: [] } });
      assert.equal(result.status, 'failed', JSON.stringify(to));
      assert.match(result.error ?? '', /is not an e-mail address/);
    }
    assert.equal(received.length, before);
  } finally {
    mailer.close();
  }
});

test('the template gives the subject on one line, tidy text, and an HTML version in which nothing from the data is markup', async () => {
  const mailer = createMailer(t.db, { from: 'csp@colchester.example', templateDirs: [FIXTURES] });
  const name = 'Sam <script>alert("x")</script> & Co';
  const result = await mailer.send({ partnershipId: scpId, to: 'sam@example.test', template: 'note.njk',
    data: { name, topic: 'rounds\nBcc: evil@example.test', items: ['Q2 update', 'Referral figures'] } });
  const [m] = await t.db.query<{ subject: string; body_text: string; body_html: string }>('SELECT subject, body_text, body_html FROM mail_messages WHERE id = $1', [result.id]);
  assert.equal(m.subject, `A note for ${name} about rounds Bcc: evil@example.test`);
  assert.equal(m.body_text, `Dear ${name},\n\nYou owe:\n- Q2 update\n- Referral figures\n\nRead more at https://example.org/notes?id=1&x=2.\n`);
  assert.doesNotMatch(m.body_html, /<script>/);
  assert.match(m.body_html, /Dear Sam &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Co,/);
  assert.match(m.body_html, /<p[^>]*>You owe:<br>\n- Q2 update<br>\n- Referral figures<\/p>/);
  assert.match(m.body_html, /<a href="https:\/\/example\.org\/notes\?id=1&amp;x=2">https:\/\/example\.org\/notes\?id=1&amp;x=2<\/a>\./);
  assert.match(m.body_html, /<title>A note for Sam &lt;script&gt;/);
});

test('a template without a subject line, or a value it needs left out, is a fault: it throws and nothing is recorded', async () => {
  const mailer = createMailer(t.db, { from: 'csp@colchester.example', templateDirs: [FIXTURES] });
  const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_messages');
  await assert.rejects(mailer.send({ partnershipId: scpId, to: 'a@example.test', template: 'no-subject.njk', data: { name: 'A' } }), /must begin with a "Subject:" line/);
  await assert.rejects(mailer.send({ partnershipId: scpId, to: 'a@example.test', template: 'note.njk', data: { topic: 't', items: [] } }), /undefined|null/);
  await assert.rejects(mailer.send({ partnershipId: scpId, to: 'a@example.test', template: 'missing.njk' }), /template not found/);
  const [{ n: after }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_messages');
  assert.equal(after, before);
});

test('settings: SMTP_URL must be an smtp URL and MAIL_FROM one address; MAIL_FROM has a default', () => {
  assert.deepEqual(loadConfig({}).mail, { smtpUrl: undefined, from: 'CSP Hub <csp-hub@localhost>' });
  assert.deepEqual(loadConfig({ SMTP_URL: '', MAIL_FROM: '' }).mail, { smtpUrl: undefined, from: 'CSP Hub <csp-hub@localhost>' });
  assert.deepEqual(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', MAIL_FROM: 'csp@example.org' }).mail,
    { smtpUrl: 'smtps://u:p@mail.example.org:465', from: 'csp@example.org' });
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example.org' }), /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.org' }), /SMTP_URL/);
  for (const from of ['not an address', 'a@example.org, b@example.org', 'CSP <a@example.org>\r\nBcc: b@example.org']) {
    assert.throws(() => loadConfig({ MAIL_FROM: from }), /MAIL_FROM: must be an e-mail address/, from);
  }
});
