// Import jobs: an upload starts the import on the instance that received it, and the browser
// follows its progress from the job's record, through whichever instance answers. One import at a
// time per partnership (its "slot", held across instances). Every job ends: it succeeds, is
// refused, fails or is abandoned (the service shuts down, or its process died), and in each case
// its slot is free and its files removed. The job queue keeps the state (platform/jobs).
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import { JobQueue, JobSlotTakenError, type JobRecord } from '../../../platform/jobs/queue.ts';
import { MemoryJobStore } from '../../../platform/jobs/store.ts';
import type { ImportProgress, ImportReport } from './service.ts';

export const BUSY_MESSAGE = 'Another import for this partnership is still running: wait for it to finish';
export const ABANDONED_MESSAGE = 'The import was stopped because the service was shutting down or stopped. Nothing was saved: import the files again.';
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
}

export type RunImport = (onProgress: (p: ImportProgress) => void, signal: AbortSignal) => Promise<ImportReport>;

const KIND = 'import';
const slotOf = (partnershipId: number): string => `import:${partnershipId}`;

function toImportJob(r: JobRecord<ImportProgress, { importId: number }>): ImportJob {
  return {
    id: r.id, partnershipId: r.partnershipId, status: r.status, progress: r.progress,
    ...(r.result ? { importId: r.result.importId } : {}), ...(r.message !== undefined ? { message: r.message } : {}),
  };
}

export class ImportJobs {
  constructor(readonly queue: JobQueue = new JobQueue(new MemoryJobStore())) {}

  async get(id: string): Promise<ImportJob | undefined> {
    const r = await this.queue.get<ImportProgress, { importId: number }>(id);
    return r && r.kind === KIND ? toImportJob(r) : undefined;
  }

  async runningFor(partnershipId: number): Promise<ImportJob | undefined> {
    const r = await this.queue.runningIn<ImportProgress, { importId: number }>(slotOf(partnershipId));
    return r && toImportJob(r);
  }

  /**
   * Start `run` now, or throw ImportBusyError when the partnership's slot is taken. `cleanup`
   * always runs afterwards (it deletes the uploaded files), before the job is seen to end.
   */
  async start(partnershipId: number, run: RunImport, cleanup: () => Promise<void>): Promise<ImportJob> {
    try {
      const r = await this.queue.start<ImportProgress, { importId: number }>({
        kind: KIND, partnershipId, slot: slotOf(partnershipId), progress: { filesDone: 0, filesTotal: 0, rows: 0, phase: 'reading' },
        run: async (report, signal) => ({ importId: (await run(report, signal)).id }),
        cleanup,
        // Refused files carry their own message (file, line, problem); anything else is our fault.
        explain: (e) => (e instanceof ValidationError || e instanceof ForbiddenError ? e.message : undefined),
        failedMessage: FAILED_MESSAGE, abandonedMessage: ABANDONED_MESSAGE,
      });
      return toImportJob(r);
    } catch (e) {
      if (e instanceof JobSlotTakenError) throw new ImportBusyError();
      throw e;
    }
  }

  /** Resolves when the job ends, if this instance runs it. */
  ended(id: string): Promise<void> {
    return this.queue.ended(id);
  }

  /** How many imports this instance is running now (the metrics' gauge). */
  runningCount(): number {
    return this.queue.runningCount();
  }

  drain(graceMs: number): Promise<void> {
    return this.queue.drain(graceMs);
  }

  abortAll(): Promise<void> {
    return this.queue.abortAll();
  }
}
