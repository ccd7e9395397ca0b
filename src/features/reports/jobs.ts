// Making a version runs as a job in this process: the request that starts it returns at once, and
// the progress page polls the job's step and per cent until it ends.
//
// LIMITATION (as for imports): job state lives in this process's memory, so with several instances
// the progress page must reach the one that runs the job; a restart loses a running job (nothing is
// stored until the version is saved whole, so nothing half-made is left).
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../platform/errors.ts';

const JOB_TTL_MS = 60 * 60 * 1000;
const FAILED_MESSAGE = 'The version could not be made because of a problem in the service. Nothing was saved. Try again later.';

export interface ReportJob {
  id: string;
  partnershipId: number;
  /** Where the document's page is, to go back to when the job ends. */
  documentUrl: string;
  status: 'running' | 'done' | 'failed';
  step: string;
  /** 0 to 1. */
  fraction: number;
  versionId?: number;
  versionNumber?: number;
  message?: string;
  expiresAt?: number;
}

export type RunJob = (progress: (step: string, fraction: number) => void) => Promise<{ id: number; number: number }>;

export class ReportJobs {
  private readonly jobs = new Map<string, ReportJob>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logError: (e: unknown) => void = (e) => console.error(e), private readonly ttlMs = JOB_TTL_MS) {}

  private sweep(now = Date.now()) {
    for (const [id, j] of this.jobs) if (j.expiresAt !== undefined && j.expiresAt < now) this.jobs.delete(id);
  }

  get(id: string): ReportJob | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  start(partnershipId: number, documentUrl: string, run: RunJob): ReportJob {
    this.sweep();
    const job: ReportJob = { id: randomUUID(), partnershipId, documentUrl, status: 'running', step: 'Starting', fraction: 0 };
    this.jobs.set(job.id, job);
    const done = (async () => {
      try {
        const v = await run((step, fraction) => { job.step = step; job.fraction = Math.max(job.fraction, Math.min(1, fraction)); });
        Object.assign(job, { status: 'done', versionId: v.id, versionNumber: v.number, fraction: 1, step: 'Done' });
      } catch (e) {
        job.status = 'failed';
        // A refusal the person can act on (Chromium missing, no such plan) keeps its own words.
        if (e instanceof DomainError) job.message = e.message;
        else { job.message = FAILED_MESSAGE; this.logError(e); }
      } finally {
        job.expiresAt = Date.now() + this.ttlMs;
      }
    })();
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return job;
  }

  /** Wait for running jobs (the app is closing: their database must stay open until they end). */
  async settle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
