import type { Db } from '../db/types.ts';
import { JobQueue } from './queue.ts';
import { MemoryJobStore, SqlJobStore } from './store.ts';

/**
 * The job queue for this database: the shared jobs table on PostgreSQL, swept at once for jobs
 * left running by an instance that died; this process's memory on the embedded database.
 */
export async function openJobQueue(db: Db, staleMs: number, logError?: (e: unknown) => void): Promise<JobQueue> {
  if (db.kind !== 'postgres') return new JobQueue(new MemoryJobStore(), logError);
  const store = new SqlJobStore(db, { staleMs });
  await store.sweep();
  return new JobQueue(store, logError);
}
