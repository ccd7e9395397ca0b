// Making a version runs as a job on the instance that was asked: the request that starts it returns
// at once, and the progress page polls the job's step and per cent (kept by the job queue, so any
// instance can answer) until it ends. Nothing is stored until the version is saved whole, so a job
// whose process dies leaves nothing half-made; it is then marked failed.
import { DomainError } from '../../platform/errors.ts';
import { JobQueue, type JobRecord } from '../../platform/jobs/queue.ts';
import { MemoryJobStore } from '../../platform/jobs/store.ts';

const KIND = 'report-version';
const FAILED_MESSAGE = 'The version could not be made because of a problem in the service. Nothing was saved. Try again later.';
const ABANDONED_MESSAGE = 'The version was not made because the service stopped. Nothing was saved. Try again.';

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
}

export type RunJob = (progress: (step: string, fraction: number) => void) => Promise<{ id: number; number: number }>;

interface Progress { documentUrl: string; step: string; fraction: number }

function toReportJob(r: JobRecord<Progress, { id: number; number: number }>): ReportJob {
  const done = r.status === 'done' && r.result;
  return {
    id: r.id, partnershipId: r.partnershipId, documentUrl: r.progress.documentUrl, status: r.status,
    step: done ? 'Done' : r.progress.step, fraction: done ? 1 : r.progress.fraction,
    ...(done ? { versionId: r.result!.id, versionNumber: r.result!.number } : {}),
    ...(r.message !== undefined ? { message: r.message } : {}),
  };
}

export class ReportJobs {
  constructor(readonly queue: JobQueue = new JobQueue(new MemoryJobStore())) {}

  async get(id: string): Promise<ReportJob | undefined> {
    const r = await this.queue.get<Progress, { id: number; number: number }>(id);
    return r && r.kind === KIND ? toReportJob(r) : undefined;
  }

  async start(partnershipId: number, documentUrl: string, run: RunJob): Promise<ReportJob> {
    let fraction = 0;
    const r = await this.queue.start<Progress, { id: number; number: number }>({
      kind: KIND, partnershipId, progress: { documentUrl, step: 'Starting', fraction: 0 },
      run: (report) => run((step, f) => {
        fraction = Math.max(fraction, Math.min(1, f));
        report({ documentUrl, step, fraction });
      }),
      // A refusal the person can act on (Chromium missing, no such plan) keeps its own words.
      explain: (e) => (e instanceof DomainError ? e.message : undefined),
      failedMessage: FAILED_MESSAGE, abandonedMessage: ABANDONED_MESSAGE,
    });
    return toReportJob(r);
  }

  /** Wait for running jobs (the app is closing: their database must stay open until they end). */
  settle(): Promise<void> {
    return this.queue.settle();
  }
}
