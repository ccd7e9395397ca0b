// Two app processes on one PostgreSQL database, as behind a load balancer: a session started on one
// is good on the other; an import started on one is followed to its end through the other; a
// change made through one is on the other's public page and API at the next request. And an
// instance killed (SIGKILL) mid-import leaves none of the import's rows, and once restarted its
// job is shown failed with a message saying what to do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgDatabaseCopy } from './template.ts';
import { openDb } from '../src/platform/db/client.ts';
import type { Db } from '../src/platform/db/types.ts';
import { DEMO_PASSWORD } from '../src/features/demo/accounts.ts';
import { fixture } from '../src/features/assessment/import/police-uk/fixtures.test-helper.ts';

const url = process.env.DATABASE_URL;
const skip = url ? false : 'needs PostgreSQL: set DATABASE_URL to run the two-instance tests';
const bin = fileURLToPath(new URL('../bin/csp-hub.js', import.meta.url));

interface Instance { base: string; child: ChildProcess; output: string[] }

/** Start `csp-hub serve` on a free port and wait until it says where it answers. */
async function serve(databaseUrl: string, staleSeconds = '60'): Promise<Instance> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      SESSION_SECRET: 'two-instances-secret-0123456789abcdef', JOB_STALE_SECONDS: staleSeconds, NODE_ENV: 'test',
    },
  });
  const output: string[] = [];
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer): void => {
      output.push(b.toString());
      const m = /CSP Hub is running at (http:\/\/[^\s/]+)\//.exec(output.join(''));
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output.join('')}`)));
  });
  return { base, child, output };
}

async function stop(i: Instance | undefined): Promise<void> {
  if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
  const exited = once(i.child, 'exit');
  i.child.kill('SIGTERM');
  await exited;
}

/** A browser of sorts: keeps cookies, reads a form's CSRF token, does not follow redirects. */
class Browser {
  private readonly cookies = new Map<string, string>();
  private lastHtml = '';

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      if (value === '' || /Max-Age=0/i.test(c)) this.cookies.delete(pair!.slice(0, i)); else this.cookies.set(pair!.slice(0, i), value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...extra };
  }

  async get(base: string, path: string, extra: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
    const res = await fetch(base + path, { headers: this.headers(extra), redirect: 'manual' });
    this.keep(res);
    const body = await res.text();
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.lastHtml = body;
    return { status: res.status, body, headers: res.headers };
  }

  private token(): string {
    const m = /name="_csrf" value="([^"]*)"/.exec(this.lastHtml);
    if (!m) throw new Error('No CSRF token on the last page');
    return m[1]!;
  }

  /** Fetch `formPage` for its token, then POST the fields (urlencoded) or a multipart body. */
  async post(base: string, path: string, formPage: string, fields: Record<string, string>, files: { name: string; content: Buffer }[] = []) {
    await this.get(base, formPage);
    let body: URLSearchParams | FormData;
    if (files.length) {
      const form = new FormData();
      form.append('_csrf', this.token());
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      for (const f of files) form.append('files', new Blob([new Uint8Array(f.content)], { type: 'text/csv' }), f.name);
      body = form;
    } else {
      body = new URLSearchParams({ _csrf: this.token(), ...fields });
    }
    const res = await fetch(base + path, { method: 'POST', body, headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    return { status: res.status, location: res.headers.get('location') ?? '', body: await res.text() };
  }

  async signIn(base: string, email: string): Promise<this> {
    const res = await this.post(base, '/sign-in', '/sign-in', { email, password: DEMO_PASSWORD });
    assert.equal(res.status, 303, `sign-in as ${email}`);
    return this;
  }
}

/** Every table's row count (the job table aside): what an import would have added to. */
async function counts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('jobs', 'sessions') ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`))[0]!.n;
  return out;
}

interface ApiInitiative { id: number; status: string }

/** Every initiative of a plan as the API gives it. */
function initiativesOf(json: string): ApiInitiative[] {
  const plan = JSON.parse(json) as { priorities: { initiatives: ApiInitiative[]; objectives: { initiatives: ApiInitiative[] }[] }[] };
  return plan.priorities.flatMap((p) => [...p.initiatives, ...p.objectives.flatMap((o) => o.initiatives)]);
}

let copy: Awaited<ReturnType<typeof pgDatabaseCopy>> | undefined;
let db: Db | undefined;
const running: Instance[] = [];

before(async () => {
  if (!url) return;
  copy = await pgDatabaseCopy(url, { demo: true });
  db = await openDb({ databaseUrl: copy.url });
});
after(async () => {
  for (const i of running) await stop(i).catch(() => undefined);
  await db?.close();
  await copy?.drop();
});

test('two instances: a session, an import and a plan change are seen through either', { skip, timeout: 300_000 }, async () => {
  const a = await serve(copy!.url);
  running.push(a);
  const b = await serve(copy!.url);
  running.push(b);

  // Signed in on A, the same session works on B.
  const analyst = await new Browser().signIn(a.base, 'analyst@demo.csp-hub.test');
  const list = await analyst.get(b.base, '/p/scp/assessment/imports');
  assert.equal(list.status, 200, 'the session started on A is good on B');
  assert.match(list.body, /Data imports/);

  // An import started on B, followed on A (its event stream and its page) to the end.
  const upload = await analyst.post(b.base, '/p/scp/assessment/imports', '/p/scp/assessment/imports/new', { source: 'police-uk', dataset: '' },
    [{ name: '2022-09-essex-street.csv', content: await readFile(fixture('archive/2022-09/2022-09-essex-street.csv')) }]);
  assert.equal(upload.status, 303, upload.body);
  assert.match(upload.location, /^\/p\/scp\/assessment\/imports\/jobs\/[0-9a-f-]{36}$/);
  const stream = await analyst.get(a.base, `${upload.location}/events`);
  assert.equal(stream.status, 200);
  const events = stream.body.split('\n\n').filter((e) => e.startsWith('event:')).map((e) => e.split('\n')[0]!.slice('event: '.length));
  assert.equal(events[0], 'progress');
  assert.equal(events.at(-1), 'done', stream.body);
  const done = JSON.parse(/event: done\ndata: (.*)/.exec(stream.body)![1]!) as { importId: number; url: string };
  const page = await analyst.get(a.base, upload.location);
  assert.equal(page.status, 200);
  assert.match(page.body, /Import finished/);
  const report = await analyst.get(a.base, done.url);
  assert.equal(report.status, 200);
  assert.match(report.body, /200|197|194/, 'the report counts the file\'s rows');

  // A progress update posted through A: B's public plan page (cached there) and API show it at once.
  const PLAN = '/p/scp/plans/2022-23';
  const API = '/api/v1/partnerships/scp/plans/2022-23';
  const visitor = new Browser();
  const pageBefore = await visitor.get(b.base, PLAN);
  const apiBefore = await visitor.get(b.base, API);
  assert.equal(pageBefore.status, 200);
  const etag = pageBefore.headers.get('etag')!;
  assert.equal((await visitor.get(b.base, PLAN, { 'if-none-match': etag })).status, 304, 'unchanged: B answers from its cache');
  const initiativeId = initiativesOf(apiBefore.body).find((i) => i.status !== 'completed' && i.status !== 'cancelled')?.id;
  assert.ok(initiativeId, 'an initiative still in progress');
  const coordinator = await new Browser().signIn(a.base, 'coordinator@demo.csp-hub.test');
  const posted = await coordinator.post(a.base, `/p/scp/initiatives/${initiativeId}/updates`, `/p/scp/initiatives/${initiativeId}/updates/new`, {
    'reportedOn-day': '20', 'reportedOn-month': '1', 'reportedOn-year': '2023', status: 'cancelled',
    reason: 'Two instances: funding withdrawn', narrative: 'Two instances narrative', progress: '', forPublication: 'yes',
  });
  assert.equal(posted.status, 303, posted.body);
  const pageAfter = await visitor.get(b.base, PLAN, { 'if-none-match': etag });
  assert.equal(pageAfter.status, 200, 'B sees the change made through A at the next request');
  assert.notEqual(pageAfter.body, pageBefore.body);
  // The plan API on B is no longer 304 for the ETag it gave before; the update is in B's API.
  const apiAfter = await visitor.get(b.base, API, { 'if-none-match': apiBefore.headers.get('etag')! });
  assert.equal(apiAfter.status, 200);
  const updates = await visitor.get(b.base, `/api/v1/partnerships/scp/initiatives/${initiativeId}/updates`);
  assert.equal(updates.status, 200);
  assert.match(updates.body, /Two instances narrative/);
  assert.match(updates.body, /Two instances: funding withdrawn/);

  await stop(a);
  await stop(b);
});

test('an instance killed mid-import: none of its rows, and after a restart its job is shown failed', { skip, timeout: 300_000 }, async () => {
  // A bigger file: the real 2022-09 Essex slice repeated, so the import is still running when killed.
  const dir = await mkdtemp(join(tmpdir(), 'csp-hub-kill-'));
  try {
    const slice = await readFile(fixture('archive/2022-09/2022-09-essex-street.csv'), 'utf8');
    const [header, ...rows] = slice.split('\r\n').filter(Boolean);
    const big = [header, ...Array.from({ length: 1500 }, () => rows).flat()].join('\r\n') + '\r\n';
    await writeFile(join(dir, '2022-09-essex-street.csv'), big);

    const first = await serve(copy!.url, '2');
    running.push(first);
    const analyst = await new Browser().signIn(first.base, 'analyst@demo.csp-hub.test');
    const before = await counts(db!);
    const upload = await analyst.post(first.base, '/p/scp/assessment/imports', '/p/scp/assessment/imports/new', { source: 'police-uk', dataset: '' },
      [{ name: '2022-09-essex-street.csv', content: await readFile(join(dir, '2022-09-essex-street.csv')) }]);
    assert.equal(upload.status, 303, upload.body);
    const jobId = upload.location.split('/').pop()!;
    // Kill it once the job's record shows rows read (the import is under way, not yet committed).
    let job: { status: string; rows: number } | undefined;
    for (let i = 0; i < 600; i++) {
      [job] = await db!.query<{ status: string; rows: number }>(`SELECT status, (progress->>'rows')::int AS rows FROM jobs WHERE id = $1`, [jobId]);
      if (job && (job.status !== 'running' || job.rows > 0)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(job?.status, 'running', 'the import was still running when the process was killed');
    const killed = once(first.child, 'exit');
    first.child.kill('SIGKILL');
    await killed;

    assert.deepEqual(await counts(db!), before, 'no row of the killed import was committed');
    const restarted = await serve(copy!.url, '2');
    running.push(restarted);
    const page = await analyst.get(restarted.base, upload.location);
    assert.equal(page.status, 200);
    assert.match(page.body, /Import refused|failed|stopped/i);
    assert.match(page.body, /Nothing was saved: import the files again/);
    const [row] = await db!.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [jobId]);
    assert.equal(row!.status, 'failed');
    // The partnership's slot is free again.
    const list = await analyst.get(restarted.base, '/p/scp/assessment/imports');
    assert.doesNotMatch(list.body, new RegExp(jobId));
    await stop(restarted);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
