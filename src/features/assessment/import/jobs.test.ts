// The import slot: one import at a time per partnership, and free again however a job ends —
// done, refused, failing with an unexpected error, failing to clean up, or abandoned at shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ImportJobs, ImportBusyError, ABANDONED_MESSAGE, BUSY_MESSAGE, type ImportJob } from './jobs.ts';
import { ValidationError } from '../../../platform/errors.ts';
import type { ImportReport } from './service.ts';

const report = { id: 7 } as ImportReport;
const ended = (job: ImportJob) => (job.status === 'running' ? once(job.events, 'end') : Promise.resolve());

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

test('one import at a time per partnership; the slot is free again however the job ends', async () => {
  const logged: unknown[] = [];
  const jobs = new ImportJobs(60_000, (e) => logged.push(e));
  const cleaned: string[] = [];

  // A running job holds its partnership's slot, and only that partnership's.
  const gate = deferred();
  const first = jobs.start(1, async () => { await gate.promise; throw new TypeError('a bug'); }, async () => { cleaned.push('first'); });
  assert.equal(jobs.runningFor(1)?.id, first.id);
  assert.throws(() => jobs.start(1, async () => report, async () => undefined), (e: unknown) => e instanceof ImportBusyError && e.message === BUSY_MESSAGE);
  const other = jobs.start(2, async () => report, async () => undefined);
  await ended(other);
  assert.equal(other.status, 'done');

  // An unexpected error: the job fails with a plain message, is logged, cleans up, frees the slot.
  gate.resolve();
  await ended(first);
  assert.equal(first.status, 'failed');
  assert.equal(first.message, 'The import failed because of a problem in the service. Nothing was saved. Try again later.');
  assert.ok(logged[0] instanceof TypeError);
  assert.deepEqual(cleaned, ['first']);
  assert.equal(jobs.runningFor(1), undefined);

  // Refused files: their own message, not logged as a fault.
  const refused = jobs.start(1, async () => { throw new ValidationError([{ field: 'files', message: 'x.csv, line 2: wrong' }]); }, async () => undefined);
  await ended(refused);
  assert.equal(refused.message, 'x.csv, line 2: wrong');
  assert.equal(logged.length, 1);

  // A run that throws before its first await, a cleanup that fails, a progress listener that fails.
  const sync = jobs.start(1, () => { throw new Error('at once'); }, async () => { throw new Error('cleanup failed'); });
  await ended(sync);
  assert.equal(sync.status, 'failed');
  assert.equal(jobs.runningFor(1), undefined);
  const progress = jobs.start(1, async (onProgress) => {
    onProgress({ filesDone: 1, filesTotal: 1, rows: 5, phase: 'reading' });
    return report;
  }, async () => undefined);
  progress.events.on('progress', () => { throw new Error('the browser went away'); });
  await ended(progress);
  assert.equal(progress.status, 'done');
  assert.equal(jobs.runningFor(1), undefined);
});

test('at shutdown, running imports are abandoned: each stops, says why, and frees its slot', async () => {
  const jobs = new ImportJobs(60_000, () => undefined);
  let cleaned = false;
  const job = jobs.start(1, (_onProgress, signal) => new Promise<ImportReport>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason));
  }), async () => { cleaned = true; });
  await jobs.abortAll();
  assert.equal(job.status, 'failed');
  assert.equal(job.message, ABANDONED_MESSAGE);
  assert.ok(cleaned);
  assert.equal(jobs.runningFor(1), undefined);
});

test('at a stop, a running import may commit within the grace; one still running after it is abandoned', async () => {
  const jobs = new ImportJobs(60_000, () => undefined);
  const quick = jobs.start(1, async () => { await new Promise((r) => setTimeout(r, 50)); return report; }, async () => undefined);
  const endless = jobs.start(2, (_onProgress, signal) => new Promise<ImportReport>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason));
  }), async () => undefined);
  assert.equal(jobs.runningCount(), 2);
  const started = Date.now();
  await jobs.drain(300);
  assert.ok(Date.now() - started >= 250, 'the grace was given');
  assert.equal(quick.status, 'done');
  assert.equal(endless.status, 'failed');
  assert.equal(endless.message, ABANDONED_MESSAGE);
  assert.equal(jobs.runningCount(), 0);

  // With nothing left running the stop does not wait out the grace.
  const done = jobs.start(1, async () => report, async () => undefined);
  await ended(done);
  const t0 = Date.now();
  await jobs.drain(10_000);
  assert.ok(Date.now() - t0 < 1000);
});
