// Import jobs: an upload starts the import in this process and the browser follows its progress.
// One import at a time per partnership (its "slot"). Every job ends: it succeeds, is refused, fails
// or is abandoned (the service shuts down), and in each case its slot is free and its files removed.
//
// LIMITATION: job state lives in this Map, in one process's memory: with several instances
// behind a load balancer, the progress page must reach the instance that runs the import, and a
// restart loses running imports (the transaction then never commits, so the data stay as they
// were). ARCHITECTURE.md's answer when more than one instance runs is a job table or pg-boss.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import type { ImportProgress, ImportReport } from './service.ts';

/** How long a finished job's progress page stays available. */
const JOB_TTL_MS = 60 * 60 * 1000;

export const BUSY_MESSAGE = 'Another import for this partnership is still running: wait for it to finish';
export const ABANDONED_MESSAGE = 'The import was stopped because the service was shutting down. Nothing was saved: import the files again.';
const FAILED_MESSAGE = 'The import failed because of a problem in the service. Nothing was saved. Try again later.';

/** The partnership's import slot is taken. */
export class ImportBusyError extends ValidationError {
  constructor() {
    super([{ field: 'files', message: BUSY_MESSAGE }]);
  }
}

export interface ImportJob {
  id: string;
  partnershipId: number;
  status: 'running' | 'done' | 'failed';
  progress: ImportProgress;
  importId?: number;
  message?: string;
  /** Expiry time (ms since epoch), set when the job ends. */
  expiresAt?: number;
  events: EventEmitter;
}

export type RunImport = (onProgress: (p: ImportProgress) => void, signal: AbortSignal) => Promise<ImportReport>;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly running = new Map<string, { controller: AbortController; ended: Promise<void> }>();

  constructor(
    private readonly ttlMs = JOB_TTL_MS,
    /** Where failures that are not the files' fault are reported. */
    private readonly logError: (e: unknown) => void = (e) => console.error(e),
  ) {}

  private sweep(now = Date.now()): void {
    for (const [id, j] of this.jobs) if (j.expiresAt !== undefined && j.expiresAt < now) this.jobs.delete(id);
  }

  get(id: string): ImportJob | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  runningFor(partnershipId: number): ImportJob | undefined {
    return [...this.jobs.values()].find((j) => j.partnershipId === partnershipId && j.status === 'running');
  }

  /**
   * Start `run` now, or throw ImportBusyError when the partnership's slot is taken. `cleanup`
   * always runs afterwards (it deletes the uploaded files); the slot is free before it does.
   */
  start(partnershipId: number, run: RunImport, cleanup: () => Promise<void>): ImportJob {
    this.sweep();
    if (this.runningFor(partnershipId)) throw new ImportBusyError();
    const job: ImportJob = {
      id: randomUUID(), partnershipId, status: 'running',
      progress: { filesDone: 0, filesTotal: 0, rows: 0, phase: 'reading' }, events: new EventEmitter(),
    };
    this.jobs.set(job.id, job);
    const controller = new AbortController();
    // A listener's failure (a browser gone mid-write) must not fail or stall the import.
    const emit = (event: string, ...args: unknown[]): void => {
      try {
        job.events.emit(event, ...args);
      } catch (e) {
        this.logError(e);
      }
    };
    const onProgress = (p: ImportProgress): void => {
      job.progress = p;
      emit('progress', p);
    };
    const entry = { controller, ended: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.ended = (async () => {
      try {
        const report = await run(onProgress, controller.signal);
        job.importId = report.id;
        job.status = 'done';
      } catch (e) {
        job.status = 'failed';
        // Refused files carry their own message (file, line, problem); anything else is our fault.
        if (controller.signal.aborted) job.message = ABANDONED_MESSAGE;
        else if (e instanceof ValidationError || e instanceof ForbiddenError) job.message = e.message;
        else {
          job.message = FAILED_MESSAGE;
          this.logError(e);
        }
      } finally {
        this.running.delete(job.id);
        job.expiresAt = Date.now() + this.ttlMs;
        await cleanup().catch((e: unknown) => this.logError(e));
        emit('end');
      }
    })();
    return job;
  }

  /** How many imports are running now (the metrics' gauge). */
  runningCount(): number {
    return this.running.size;
  }

  /**
   * The service is stopping: give running imports up to `graceMs` to commit, then abandon those
   * still running (each rolls back whole) and wait until every one has ended.
   */
  async drain(graceMs: number): Promise<void> {
    const all = Promise.all([...this.running.values()].map((r) => r.ended));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
    await Promise.race([all, late]);
    clearTimeout(timer);
    await this.abortAll();
  }

  /** Abandon every running import (the service is shutting down) and wait until each has ended. */
  async abortAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.all(all.map((r) => r.ended));
  }
}
