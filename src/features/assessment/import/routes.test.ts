// The upload journey through HTTP: an analyst uploads police.uk files (multipart),
// follows the job page and its server-sent events, and reads the report. Viewers are refused;
// a partner file with a bad row is refused with its file and line; a compressed bomb is refused
// and frees the partnership's import slot; temporary files never remain, and those a crash left
// are removed at start-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, Agent, DEMO_PASSWORD, type FormFile } from '../../../../test/helpers.ts';
import { createViews } from '../../../platform/views/setup.ts';
import { fixture } from './police-uk/fixtures.test-helper.ts';
import { gzipBomb } from '../csv/bombs.test-helper.ts';
import { buildApp } from '../../../app.ts';
import { DEFAULT_UPLOAD_LIMITS, loadConfig } from '../../../platform/config.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let uploadsDir: string;
const savedTmp = process.env.TMPDIR;

before(async () => {
  t = await testApp();
  // Uploads go to os.tmpdir(): point it at a private folder to prove nothing is left behind.
  uploadsDir = await mkdtemp(join(tmpdir(), 'csp-hub-routes-test-'));
  process.env.TMPDIR = uploadsDir;
});
after(async () => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  await t?.close();
  if (uploadsDir) await rm(uploadsDir, { recursive: true, force: true });
});

const signedIn = (email: string) => new Agent(t.app).signIn(email, DEMO_PASSWORD);

type Upload = FormFile;

/** Open the upload form (for its CSRF token) and post the files. */
const upload = (agent: Agent, fields: Record<string, string>, files: Upload[]) =>
  agent.postMultipart('/p/scp/assessment/imports', fields, files, '/p/scp/assessment/imports/new');

const file = async (path: string, filename = path.split('/').pop()!): Promise<Upload> => ({ filename, content: await readFile(path) });

/** Server-sent events of a job: the stream ends when the import does. */
async function events(agent: Agent, jobUrl: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const res = await agent.get(`${jobUrl}/events`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/event-stream/);
  return res.body.split('\n\n').filter((b) => b.startsWith('event:')).map((b) => {
    const [ev, data] = b.split('\n');
    return { event: ev!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) as Record<string, unknown> };
  });
}

/** Upload folders left in the temporary folder (the old per-upload folders, and the new shared one). */
const leftovers = async (): Promise<string[]> => [
  ...(await readdir(uploadsDir)).filter((n) => n.startsWith('csp-hub-upload-')),
  ...(await readdir(join(uploadsDir, 'csp-hub-uploads')).catch(() => [])),
];

test('an analyst uploads police.uk files, follows the progress and reads the report', async () => {
  const agent = await signedIn('analyst@demo.csp-hub.test');
  const list = await agent.get('/p/scp/assessment/imports');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /demo data built from police\.uk files/);

  const res = await upload(agent, { source: 'police-uk', dataset: '' }, [
    await file(fixture('archive/2022-09/2022-09-essex-street.csv')),
    await file(fixture('archive/2022-08/2022-08-essex-street.csv.gz')),
  ]);
  assert.equal(res.statusCode, 303, res.body);
  const jobUrl = String(res.headers.location);
  assert.match(jobUrl, /^\/p\/scp\/assessment\/imports\/jobs\/[0-9a-f-]{36}$/);

  const stream = await events(agent, jobUrl);
  assert.equal(stream[0]!.event, 'progress');
  assert.deepEqual(Object.keys(stream[0]!.data).slice(0, 3), ['filesDone', 'filesTotal', 'rows']);
  const done = stream.at(-1)!;
  assert.equal(done.event, 'done', JSON.stringify(stream));
  const importId = done.data.importId as number;
  assert.ok(Number.isInteger(importId));
  const lastProgress = stream.filter((e) => e.event === 'progress').at(-1)!;
  assert.deepEqual([lastProgress.data.filesDone, lastProgress.data.filesTotal, lastProgress.data.rows], [2, 2, 260]);

  const jobPage = await agent.get(jobUrl);
  assert.equal(jobPage.statusCode, 200);
  assert.match(jobPage.body, /Import finished/);
  assert.doesNotMatch(jobPage.body, /http-equiv="refresh"/);
  assert.ok(jobPage.body.includes(`href="/p/scp/assessment/imports/${importId}"`));

  const report = await agent.get(`/p/scp/assessment/imports/${importId}`);
  assert.equal(report.statusCode, 200);
  assert.match(report.body, /Ana Analyst/);
  assert.match(report.body, /Rows used\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*254\s*</);
  assert.match(report.body, /Rows set aside\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*6\s*</);
  assert.match(report.body, /No LSOA code/);
  assert.match(report.body, /Redbridge/);
  assert.match(report.body, /August 2022, September 2022 \(the earlier import of these was replaced/);
  assert.match(report.body, /2022-09-essex-street\.csv/);
  // The file's SHA-256 is shown in full (with break opportunities every 16 characters).
  const sha = createHash('sha256').update(await readFile(fixture('archive/2022-09/2022-09-essex-street.csv'))).digest('hex');
  assert.ok(report.body.replace(/<wbr>/g, '').includes(sha));

  const [row] = await t.db.query<{ imported_by: string; user_id: number | null }>('SELECT imported_by, user_id FROM imports WHERE id = $1', [importId]);
  assert.equal(row!.imported_by, 'Ana Analyst');
  assert.ok(row!.user_id);
  const [{ n }] = await t.db.query<{ n: number }>(`SELECT sum(count)::int AS n FROM crime_lsoa_month WHERE month IN ('2022-08', '2022-09')`);
  assert.equal(n, 254);
  assert.deepEqual(await leftovers(), [], 'temporary upload files are deleted');
  assert.match((await agent.get('/p/scp/assessment/imports')).body, new RegExp(`href="/p/scp/assessment/imports/${importId}"`));
});

test('the progress page works without JavaScript (meta refresh) and with it (external script)', async () => {
  const html = createViews().render('assessment/import/views/import-job.njk', {
    job: { id: 'x', status: 'running' }, progress: { filesDone: 3, filesTotal: 21, rows: 51234, phase: 'reading', percent: 14 },
    eventsUrl: '/p/scp/assessment/imports/jobs/x/events', base: '/p/scp/assessment/imports', pageTitle: 'Importing',
  });
  assert.match(html, /<noscript><meta http-equiv="refresh" content="2"><\/noscript>/);
  assert.match(html, /<progress id="import-progress"[^>]* max="21" value="3">/);
  assert.match(html, /3 of 21 files read, 51,234 rows/);
  assert.match(html, /data-import-events="\/p\/scp\/assessment\/imports\/jobs\/x\/events"/);
  assert.match(html, /<script type="module" src="\/assets\/app\/import-progress\.js"><\/script>/);
  const js = await t.app.inject({ url: '/assets/app/import-progress.js' });
  assert.equal(js.statusCode, 200);
  assert.match(js.body, /new EventSource/);
});

test('a partner file with a bad row is refused with the file and line, and nothing changes', async () => {
  const agent = await signedIn('analyst@demo.csp-hub.test');
  const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_figure');
  const res = await upload(agent, { source: 'partner', dataset: 'fire' }, [await file(fixture('partner-data/bad-count.csv'))]);
  assert.equal(res.statusCode, 303);
  const jobUrl = String(res.headers.location);
  const stream = await events(agent, jobUrl);
  assert.deepEqual(stream.at(-1), { event: 'failed', data: { message: "bad-count.csv, line 2: count '3.5' is not a whole number of 0 or more" } });
  const page = await agent.get(jobUrl);
  assert.match(page.body, /The import was refused/);
  assert.match(page.body, /bad-count\.csv, line 2: count &#39;3\.5&#39; is not a whole number/);
  const [{ n: afterwards }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_figure');
  assert.equal(afterwards, before);
  assert.deepEqual(await leftovers(), []);

  // A good partner file goes in under its dataset name.
  const ok = await upload(agent, { source: 'partner', dataset: 'Fire and rescue' }, [await file(fixture('partner-data/colchester-partner.csv'))]);
  const okStream = await events(agent, String(ok.headers.location));
  assert.equal(okStream.at(-1)!.event, 'done');
  const [{ n: fire }] = await t.db.query<{ n: number }>(`SELECT sum(count)::int AS n FROM partner_figure WHERE dataset = 'fire-and-rescue'`);
  assert.equal(fire, 143 + 12 + 9 + 1041);
});

test('the form explains what is missing, and refuses files that are not CSV', async () => {
  const agent = await signedIn('analyst@demo.csp-hub.test');
  const none = await upload(agent, { source: 'police-uk' }, []);
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Choose the files to import/);
  const notCsv = await upload(agent, { source: 'police-uk' }, [{ filename: 'notes.txt', content: Buffer.from('hello') }]);
  assert.equal(notCsv.statusCode, 400);
  assert.match(notCsv.body, /notes\.txt is not a \.csv or \.csv\.gz file/);
  // A multipart form without its CSRF token is refused, and its files are not kept.
  const forged = await agent.postMultipart('/p/scp/assessment/imports', { source: 'police-uk' }, [await file(fixture('archive/2022-09/2022-09-essex-street.csv'))],
    '/p/scp/assessment/imports/new', { withToken: false });
  assert.equal(forged.statusCode, 403);
  assert.deepEqual(await leftovers(), []);
  const noName = await upload(agent, { source: 'partner', dataset: '' }, [await file(fixture('partner-data/colchester-partner.csv'))]);
  assert.equal(noName.statusCode, 400);
  assert.match(noName.body, /Enter the dataset name/);
  assert.deepEqual(await leftovers(), []);
  // Over the size limit: refused with a message, and the part written so far is deleted.
  const big = await upload(agent, { source: 'police-uk' }, [{ filename: '2022-09-essex-street.csv', content: Buffer.alloc(DEFAULT_UPLOAD_LIMITS.maxFileBytes + 1024, 'a') }]);
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /2022-09-essex-street\.csv is larger than 100 MB, the most one uploaded file may hold \(UPLOAD_MAX_FILE_SIZE\)/);
  assert.deepEqual(await leftovers(), []);
});

test('viewers cannot upload; anonymous visitors are sent to sign in', async () => {
  const viewer = await signedIn('viewer@demo.csp-hub.test');
  assert.equal((await viewer.get('/p/scp/assessment/imports/new')).statusCode, 403);
  // The list and reports are open to partnership members; the button to import is not shown.
  const list = await viewer.get('/p/scp/assessment/imports');
  assert.equal(list.statusCode, 200);
  assert.doesNotMatch(list.body, /href="\/p\/scp\/assessment\/imports\/new"/);
  // A viewer's multipart POST is refused before the upload is read.
  const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports');
  const res = await viewer.postMultipart('/p/scp/assessment/imports', { source: 'police-uk' }, [await file(fixture('archive/2022-09/2022-09-essex-street.csv'))],
    '/p/scp/assessment/imports');
  assert.equal(res.statusCode, 403);
  const [{ n: afterwards }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports');
  assert.equal(afterwards, before);
  assert.deepEqual(await leftovers(), []);

  const anon = new Agent(t.app);
  const page = await anon.get('/p/scp/assessment/imports/new');
  assert.equal(page.statusCode, 303);
  assert.match(String(page.headers.location), /^\/sign-in\?returnTo=/);
});

test('a compressed bomb is refused naming the file and the limit, and the next import goes in', async () => {
  const agent = await signedIn('analyst@demo.csp-hub.test');
  const [{ n: before }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports');
  // 200 MB of zeros in about 200 KB of gzip, named as a police.uk month.
  const bomb = join(uploadsDir, 'bomb.gz');
  await gzipBomb(bomb, { mb: 200 });
  const res = await upload(agent, { source: 'police-uk' }, [await file(bomb, '2022-09-essex-street.csv.gz')]);
  assert.equal(res.statusCode, 303, res.body);
  const jobUrl = String(res.headers.location);
  const stream = await events(agent, jobUrl);
  assert.deepEqual(stream.at(-1), { event: 'failed', data: {
    message: '2022-09-essex-street.csv.gz, line 1: the line is longer than 64 KB, the limit for one line (IMPORT_MAX_LINE_LENGTH): this is not a file of CSV records',
  } });
  assert.match((await agent.get(jobUrl)).body, /The import was refused/);
  const [{ n: afterwards }] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports');
  assert.equal(afterwards, before);
  await rm(bomb);
  assert.deepEqual(await leftovers(), []);

  // The partnership's import slot is free: the list shows nothing running and a new import goes in.
  assert.doesNotMatch((await agent.get('/p/scp/assessment/imports')).body, /An import is running now/);
  const next = await upload(agent, { source: 'police-uk' }, [await file(fixture('archive/2022-09/2022-09-essex-street.csv'))]);
  assert.equal(next.statusCode, 303, next.body);
  assert.equal((await events(agent, String(next.headers.location))).at(-1)!.event, 'done');
  assert.deepEqual(await leftovers(), []);
});

test('upload limits: a file too large, files too large together, too many files: each told on the form, nothing kept', async () => {
  const config = { ...loadConfig({}), demo: true, uploadLimits: { maxFileBytes: 64 * 1024, maxTotalBytes: 100 * 1024 } };
  const small = await buildApp({ config, db: t.db });
  try {
    const agent = await new Agent(small).signIn('analyst@demo.csp-hub.test', DEMO_PASSWORD);
    const form = await agent.get('/p/scp/assessment/imports/new');
    assert.match(form.body, /up to 64 KB each/);
    const kb = (n: number) => Buffer.alloc(n * 1024, 'a');
    const one = await upload(agent, { source: 'police-uk' }, [{ filename: '2022-09-essex-street.csv', content: kb(65) }]);
    assert.equal(one.statusCode, 413);
    assert.match(one.body, /2022-09-essex-street\.csv is larger than 64 KB, the most one uploaded file may hold \(UPLOAD_MAX_FILE_SIZE\): upload it compressed \(\.csv\.gz\), or split it into months/);
    const two = await upload(agent, { source: 'police-uk' }, [
      { filename: '2022-08-essex-street.csv', content: kb(60) }, { filename: '2022-09-essex-street.csv', content: kb(60) },
    ]);
    assert.equal(two.statusCode, 413);
    assert.match(two.body, /The files chosen come to more than 100 KB, the most one upload may hold \(UPLOAD_MAX_TOTAL_SIZE\): import them in smaller groups/);
    const many = Array.from({ length: 101 }, (_, i) => ({ filename: `f${i}.csv`, content: Buffer.from('a,b\n') }));
    const tooMany = await upload(agent, { source: 'police-uk' }, many);
    assert.equal(tooMany.statusCode, 413);
    assert.match(tooMany.body, /Choose at most 100 files at a time/);
    assert.deepEqual(await leftovers(), []);
  } finally {
    await small.close();
  }
});

test('at start-up, upload folders left by a crash are removed; those of running processes are kept', async () => {
  const root = join(uploadsDir, 'csp-hub-uploads');
  const dead = 2 ** 22 + 7; // above Linux's default pid_max: no such process
  const folders = { deadProcess: `${dead}-a`, dayOld: `${process.pid}-b`, running: `${process.pid}-c`, strange: 'not-an-upload' };
  for (const name of Object.values(folders)) await mkdir(join(root, name), { recursive: true });
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
  await utimes(join(root, folders.dayOld), twoDaysAgo, twoDaysAgo);
  const app = await buildApp({ config: { ...loadConfig({}), demo: true }, db: t.db });
  await app.ready();
  await app.close();
  assert.deepEqual(await readdir(root), [folders.running]);
  await rm(join(root, folders.running), { recursive: true });
});
