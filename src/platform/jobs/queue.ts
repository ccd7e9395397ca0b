// Background jobs behind one interface. The instance that accepts a job runs it (its uploaded
// files are on that instance's disk); where the job's state is kept is the store's business:
// in this process's memory for the embedded database (one process), or the `jobs` table when
// several instances share one PostgreSQL, so any of them can show a job's progress, the
// one-at-a-time slot holds across them, and a job whose process died is marked failed.
// See docs/decisions/011-job-queue.md.
import { randomUUID } from 'node:crypto';
import type { JobStore } from './store.ts';

export type JobStatus = 'running' | 'done' | 'failed';

export interface JobRecord<P = unknown, R = unknown> {
  id: string;
  kind: string;
  partnershipId: number;
  status: JobStatus;
  progress: P;
  result?: R;
  message?: string;
}

/** The job's slot is taken by a running job (another import for the same partnership). */
export class JobSlotTakenError extends Error {
  constructor(readonly slot: string) {
    super(`A job is already running in slot ${slot}`);
  }
}

export interface StartJob<P, R> {
  kind: string;
  partnershipId: number;
  /** At most one running job per slot, across every instance. */
  slot?: string;
  progress: P;
  run: (report: (p: P) => void, signal: AbortSignal) => Promise<R>;
  /** Always runs when the job's work ends (deletes its uploaded files), before its end is recorded and its slot freed. */
  cleanup?: () => Promise<void>;
  /** What the person is told about a failure; undefined means "not their fault": logged, and `failedMessage` shown. */
  explain: (e: unknown) => string | undefined;
  failedMessage: string;
  /** Shown when the job was stopped: this instance shut down, or it died and another found it stale. */
  abandonedMessage: string;
}

export class JobQueue {
  private readonly running = new Map<string, { controller: AbortController; ended: Promise<void> }>();

  constructor(
    readonly store: JobStore,
    private readonly logError: (e: unknown) => void = (e) => console.error(e),
  ) {}

  get<P, R>(id: string): Promise<JobRecord<P, R> | undefined> {
    return this.store.get(id) as Promise<JobRecord<P, R> | undefined>;
  }

  runningIn<P, R>(slot: string): Promise<JobRecord<P, R> | undefined> {
    return this.store.runningIn(slot) as Promise<JobRecord<P, R> | undefined>;
  }

  /** Record the job and start it now; throws JobSlotTakenError when its slot is taken. */
  async start<P, R>(job: StartJob<P, R>): Promise<JobRecord<P, R>> {
    const record: JobRecord<P, R> = { id: randomUUID(), kind: job.kind, partnershipId: job.partnershipId, status: 'running', progress: job.progress };
    await this.store.insert(record, { slot: job.slot, abandonedMessage: job.abandonedMessage });
    const controller = new AbortController();
    const entry = { controller, ended: Promise.resolve() };
    this.running.set(record.id, entry);
    const stopBeating = this.store.beat?.(record.id);
    const report = (p: P): void => {
      this.store.progress(record.id, p).catch((e: unknown) => this.logError(e));
    };
    entry.ended = (async () => {
      let end: Partial<JobRecord<P, R>>;
      try {
        end = { status: 'done', result: await job.run(report, controller.signal) };
      } catch (e) {
        let message = controller.signal.aborted ? job.abandonedMessage : job.explain(e);
        if (message === undefined) {
          message = job.failedMessage;
          this.logError(e);
        }
        end = { status: 'failed', message };
      }
      // Its files are gone before anyone is told it ended; then its slot is free.
      if (job.cleanup) await job.cleanup().catch((e: unknown) => this.logError(e));
      stopBeating?.();
      this.running.delete(record.id);
      await this.store.end(record.id, end).catch((e: unknown) => this.logError(e));
    })();
    return record;
  }

  /** Resolves when the job ends, if this instance runs it (tests and shutdown). */
  async ended(id: string): Promise<void> {
    await this.running.get(id)?.ended;
  }

  /** How many jobs this instance is running now (the metrics' gauge). */
  runningCount(): number {
    return this.running.size;
  }

  /**
   * The service is stopping: give running jobs up to `graceMs` to finish, then abandon those still
   * running (each rolls back whole) and wait until every one has ended.
   */
  async drain(graceMs: number): Promise<void> {
    const all = Promise.all([...this.running.values()].map((r) => r.ended));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
    await Promise.race([all, late]);
    clearTimeout(timer);
    await this.abortAll();
  }

  /** Abandon every running job and wait until each has ended. */
  async abortAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.all(all.map((r) => r.ended));
  }

  /** Wait for running jobs without stopping them. */
  async settle(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.ended));
  }
}
