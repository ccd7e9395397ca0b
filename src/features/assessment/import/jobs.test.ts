// The import slot: one import at a time per partnership, and free again however a job ends —
// done, refused, failing with an unexpected error, failing to clean up, or abandoned at shutdown.
// The same behaviour from both job stores: this process's memory (embedded database) and the
// shared jobs table (PostgreSQL), on this run's database; and a job whose instance stopped beating
// is marked failed with its own message.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ImportJobs, ImportBusyError, ABANDONED_MESSAGE, BUSY_MESSAGE } from './jobs.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { JobQueue } from '../../../platform/jobs/queue.ts';
import { MemoryJobStore, SqlJobStore } from '../../../platform/jobs/store.ts';
import type { ImportReport } from './service.ts';
import { testDb } from '../../../../test/helpers.ts';

const report = { id: 7 } as ImportReport;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

const t = await testDb();
after(() => t.close());
const [p1, p2] = (await t.db.query<{ id: number }>('SELECT id FROM partnerships ORDER BY id LIMIT 2')).map((r) => r.id);
// A second partnership, when the demo has only one.
const other = p2 ?? (await t.db.query<{ id: number }>(`INSERT INTO partnerships (slug, name, short_name, police_force) VALUES ('jobs-test', 'Jobs test', 'Jobs', 'essex') RETURNING id`))[0]!.id;

const stores = {
  memory: () => new MemoryJobStore(60_000),
  table: () => new SqlJobStore(t.db, { staleMs: 60_000, progressEveryMs: 10 }),
};

for (const [name, store] of Object.entries(stores)) {
  test(`${name}: one import at a time per partnership; the slot is free again however the job ends`, async () => {
    const logged: unknown[] = [];
    const jobs = new ImportJobs(new JobQueue(store(), (e) => logged.push(e)));
    const cleaned: string[] = [];
    const ended = async (id: string) => { await jobs.ended(id); return (await jobs.get(id))!; };

    // A running job holds its partnership's slot, and only that partnership's.
    const gate = deferred();
    const first = await jobs.start(p1!, async () => { await gate.promise; throw new TypeError('a bug'); }, async () => { cleaned.push('first'); });
    assert.equal((await jobs.runningFor(p1!))?.id, first.id);
    await assert.rejects(jobs.start(p1!, async () => report, async () => undefined), (e: unknown) => e instanceof ImportBusyError && e.message === BUSY_MESSAGE);
    const second = await jobs.start(other, async () => report, async () => undefined);
    const secondEnd = await ended(second.id);
    assert.equal(secondEnd.status, 'done');
    assert.equal(secondEnd.importId, 7);

    // An unexpected error: the job fails with a plain message, is logged, cleans up, frees the slot.
    gate.resolve();
    const firstEnd = await ended(first.id);
    assert.equal(firstEnd.status, 'failed');
    assert.equal(firstEnd.message, 'The import failed because of a problem in the service. Nothing was saved. Try again later.');
    assert.ok(logged[0] instanceof TypeError);
    assert.deepEqual(cleaned, ['first']);
    assert.equal(await jobs.runningFor(p1!), undefined);

    // Refused files: their own message, not logged as a fault.
    const refused = await jobs.start(p1!, async () => { throw new ValidationError([{ field: 'files', message: 'x.csv, line 2: wrong' }]); }, async () => undefined);
    assert.equal((await ended(refused.id)).message, 'x.csv, line 2: wrong');
    assert.equal(logged.length, 1);

    // A run that throws before its first await, a cleanup that fails.
    const sync = await jobs.start(p1!, () => { throw new Error('at once'); }, async () => { throw new Error('cleanup failed'); });
    assert.equal((await ended(sync.id)).status, 'failed');
    assert.equal(await jobs.runningFor(p1!), undefined);

    // Progress reported by the run is what the job's record says, while it runs and after.
    const step = deferred();
    const progress = await jobs.start(p1!, async (onProgress) => {
      onProgress({ filesDone: 1, filesTotal: 2, rows: 5, phase: 'reading' });
      await step.promise;
      onProgress({ filesDone: 2, filesTotal: 2, rows: 9, phase: 'saving' });
      return report;
    }, async () => undefined);
    for (let i = 0; i < 100 && (await jobs.get(progress.id))!.progress.rows !== 5; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual((await jobs.get(progress.id))!.progress, { filesDone: 1, filesTotal: 2, rows: 5, phase: 'reading' });
    step.resolve();
    const progressEnd = await ended(progress.id);
    assert.equal(progressEnd.status, 'done');
    assert.equal(progressEnd.progress.rows, 9);
    assert.equal(await jobs.runningFor(p1!), undefined);
  });

  test(`${name}: at shutdown, running imports are abandoned: each stops, says why, and frees its slot`, async () => {
    const jobs = new ImportJobs(new JobQueue(store(), () => undefined));
    let cleaned = false;
    const job = await jobs.start(p1!, (_onProgress, signal) => new Promise<ImportReport>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
    }), async () => { cleaned = true; });
    await jobs.abortAll();
    const end = (await jobs.get(job.id))!;
    assert.equal(end.status, 'failed');
    assert.equal(end.message, ABANDONED_MESSAGE);
    assert.ok(cleaned);
    assert.equal(await jobs.runningFor(p1!), undefined);
  });

  test(`${name}: at a stop, a running import may commit within the grace; one still running after it is abandoned`, async () => {
    const jobs = new ImportJobs(new JobQueue(store(), () => undefined));
    const go = deferred();
    const quick = await jobs.start(p1!, async () => { await go.promise; return report; }, async () => undefined);
    const endless = await jobs.start(other, (_onProgress, signal) => new Promise<ImportReport>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
    }), async () => undefined);
    assert.equal(jobs.runningCount(), 2);
    go.resolve();
    const started = Date.now();
    await jobs.drain(300);
    assert.ok(Date.now() - started >= 250, 'the grace was given');
    assert.equal((await jobs.get(quick.id))!.status, 'done');
    const endlessEnd = (await jobs.get(endless.id))!;
    assert.equal(endlessEnd.status, 'failed');
    assert.equal(endlessEnd.message, ABANDONED_MESSAGE);
    assert.equal(jobs.runningCount(), 0);

    // With nothing left running the stop does not wait out the grace.
    const done = await jobs.start(p1!, async () => report, async () => undefined);
    await jobs.ended(done.id);
    const t0 = Date.now();
    await jobs.drain(10_000);
    assert.ok(Date.now() - t0 < 1000);
  });
}

test('table: a job whose instance stopped beating is marked failed, says why, and frees its slot for another instance', async () => {
  // "Instance" A starts an import and dies (its heartbeat stops: the timer is never started here).
  const id = '00000000-0000-4000-8000-000000000001';
  const dead = new SqlJobStore(t.db, { staleMs: 60_000 });
  await dead.insert({ id, kind: 'import', partnershipId: p1!, status: 'running', progress: { filesDone: 0, filesTotal: 1, rows: 0, phase: 'reading' } },
    { slot: `import:${p1}`, abandonedMessage: ABANDONED_MESSAGE });
  const b = new ImportJobs(new JobQueue(new SqlJobStore(t.db, { staleMs: 60_000 }), () => undefined));
  assert.equal((await b.runningFor(p1!))?.id, id);
  await assert.rejects(b.start(p1!, async () => report, async () => undefined), ImportBusyError);
  // Its last heartbeat is now older than the stale limit.
  await t.db.query(`UPDATE jobs SET heartbeat_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
  const swept = (await b.get(id))!;
  assert.equal(swept.status, 'failed');
  assert.equal(swept.message, ABANDONED_MESSAGE);
  // A live job keeps beating, so it is not taken for dead however long it runs.
  const beating = new ImportJobs(new JobQueue(new SqlJobStore(t.db, { staleMs: 300 }), () => undefined));
  const gate = deferred();
  const live = await beating.start(p1!, async () => { await gate.promise; return report; }, async () => undefined);
  const beatOf = async () => (await t.db.query<{ at: string }>('SELECT heartbeat_at::text AS at FROM jobs WHERE id = $1', [live.id]))[0]!.at;
  const first = await beatOf();
  for (let i = 0; i < 200 && (await beatOf()) === first; i++) await new Promise((r) => setTimeout(r, 50));
  assert.notEqual(await beatOf(), first, 'the heartbeat moved on');
  gate.resolve();
  await beating.ended(live.id);
  assert.equal((await beating.get(live.id))!.status, 'done');
});
