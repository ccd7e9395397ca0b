// Where jobs' state is kept: this process's memory (embedded database, one process) or the `jobs`
// table (PostgreSQL, any number of instances). Both answer with copies, so a page never sees a job
// change under it and reads the same whichever store is behind it.
import type { Queryable } from '../db/types.ts';
import { JobSlotTakenError, type JobRecord } from './queue.ts';

export interface JobStore {
  /** Record a running job; throws JobSlotTakenError when its slot holds a running job. */
  insert(job: JobRecord, opts: { slot?: string; abandonedMessage: string }): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  runningIn(slot: string): Promise<JobRecord | undefined>;
  progress(id: string, progress: unknown): Promise<void>;
  end(id: string, end: Partial<JobRecord>): Promise<void>;
  /** Keep saying the job is alive until the returned function is called (shared stores only). */
  beat?(id: string): () => void;
}

/** How long a finished job's page stays available. */
export const JOB_TTL_MS = 60 * 60 * 1000;

export class MemoryJobStore implements JobStore {
  private readonly jobs = new Map<string, { job: JobRecord; slot?: string; expiresAt?: number }>();

  constructor(private readonly ttlMs = JOB_TTL_MS) {}

  private sweep(now = Date.now()): void {
    for (const [id, j] of this.jobs) if (j.expiresAt !== undefined && j.expiresAt < now) this.jobs.delete(id);
  }

  async insert(job: JobRecord, { slot }: { slot?: string }): Promise<void> {
    this.sweep();
    if (slot !== undefined && [...this.jobs.values()].some((j) => j.slot === slot && j.job.status === 'running')) throw new JobSlotTakenError(slot);
    this.jobs.set(job.id, { job: { ...job }, slot });
  }

  async get(id: string): Promise<JobRecord | undefined> {
    this.sweep();
    const j = this.jobs.get(id);
    return j && { ...j.job };
  }

  async runningIn(slot: string): Promise<JobRecord | undefined> {
    const j = [...this.jobs.values()].find((e) => e.slot === slot && e.job.status === 'running');
    return j && { ...j.job };
  }

  async progress(id: string, progress: unknown): Promise<void> {
    const j = this.jobs.get(id);
    if (j) j.job.progress = progress;
  }

  async end(id: string, end: Partial<JobRecord>): Promise<void> {
    const j = this.jobs.get(id);
    if (!j) return;
    Object.assign(j.job, end);
    j.expiresAt = Date.now() + this.ttlMs;
  }
}

interface JobRow {
  id: string; kind: string; partnership_id: number; status: JobRecord['status'];
  progress: unknown; result: unknown; message: string | null;
}

const toRecord = (r: JobRow): JobRecord => ({
  id: r.id, kind: r.kind, partnershipId: r.partnership_id, status: r.status, progress: r.progress,
  ...(r.result !== null ? { result: r.result } : {}), ...(r.message !== null ? { message: r.message } : {}),
});

const COLUMNS = 'id, kind, partnership_id, status, progress, result, message';

export interface SqlJobStoreOptions {
  /** A running job whose heartbeat is older than this is taken for dead (its process was killed). */
  staleMs?: number;
  ttlMs?: number;
  /** Progress is written at most this often (the last report always is). */
  progressEveryMs?: number;
}

/** The `jobs` table (migration 030): shared by every instance on one database. */
export class SqlJobStore implements JobStore {
  private readonly staleMs: number;
  private readonly ttlMs: number;
  private readonly progressEveryMs: number;
  /** Progress waiting to be written, per job, and the timer that writes it. */
  private readonly pending = new Map<string, { progress: unknown; timer: NodeJS.Timeout }>();

  constructor(private readonly db: Queryable, opts: SqlJobStoreOptions = {}) {
    this.staleMs = opts.staleMs ?? 30_000;
    this.ttlMs = opts.ttlMs ?? JOB_TTL_MS;
    this.progressEveryMs = opts.progressEveryMs ?? 250;
  }

  /**
   * Mark failed every running job whose instance stopped beating (killed mid-job: its transaction
   * never committed), and forget jobs that ended long ago. Runs at start and before each read.
   */
  async sweep(): Promise<number> {
    const failed = await this.db.query(
      `UPDATE jobs SET status = 'failed', message = stale_message, ended_at = now()
       WHERE status = 'running' AND heartbeat_at < now() - $1 * interval '1 millisecond' RETURNING id`, [this.staleMs]);
    await this.db.query(`DELETE FROM jobs WHERE status <> 'running' AND ended_at < now() - $1 * interval '1 millisecond'`, [this.ttlMs]);
    return failed.length;
  }

  async insert(job: JobRecord, { slot, abandonedMessage }: { slot?: string; abandonedMessage: string }): Promise<void> {
    await this.sweep();
    try {
      await this.db.query(
        `INSERT INTO jobs (id, kind, partnership_id, slot, status, progress, stale_message) VALUES ($1, $2, $3, $4, 'running', $5, $6)`,
        [job.id, job.kind, job.partnershipId, slot ?? null, JSON.stringify(job.progress), abandonedMessage]);
    } catch (e) {
      if ((e as { code?: string }).code === '23505' && slot !== undefined) throw new JobSlotTakenError(slot);
      throw e;
    }
  }

  async get(id: string): Promise<JobRecord | undefined> {
    await this.sweep();
    const [row] = await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return row && toRecord(row);
  }

  async runningIn(slot: string): Promise<JobRecord | undefined> {
    await this.sweep();
    const [row] = await this.db.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE slot = $1 AND status = 'running'`, [slot]);
    return row && toRecord(row);
  }

  async progress(id: string, progress: unknown): Promise<void> {
    const waiting = this.pending.get(id);
    if (waiting) { waiting.progress = progress; return; }
    const timer = setTimeout(() => { void this.flush(id); }, this.progressEveryMs);
    timer.unref();
    this.pending.set(id, { progress, timer });
  }

  private async flush(id: string): Promise<void> {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    await this.db.query(`UPDATE jobs SET progress = $2, heartbeat_at = now() WHERE id = $1 AND status = 'running'`,
      [id, JSON.stringify(waiting.progress)]).catch(() => undefined);
  }

  async end(id: string, end: Partial<JobRecord>): Promise<void> {
    const waiting = this.pending.get(id);
    this.pending.delete(id);
    if (waiting) clearTimeout(waiting.timer);
    // Whatever a sweep concluded meanwhile, the job's own ending is the truth.
    await this.db.query(
      `UPDATE jobs SET status = $2, result = $3, message = $4, ended_at = now(), progress = COALESCE($5, progress) WHERE id = $1`,
      [id, end.status, end.result === undefined ? null : JSON.stringify(end.result), end.message ?? null,
        waiting ? JSON.stringify(waiting.progress) : null]);
  }

  beat(id: string): () => void {
    const timer = setInterval(() => {
      this.db.query(`UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id]).catch(() => undefined);
    }, Math.max(50, Math.floor(this.staleMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }
}
