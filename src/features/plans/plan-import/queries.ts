// The plan imports waiting for review (migration 033). Plans themselves are written by ../queries.ts.
import type { Queryable } from '../../../platform/db/types.ts';
import type { PlanProposal } from './propose.ts';

export interface PendingRow { id: string; partnershipId: number; userId: number; sourceName: string; proposal: PlanProposal; createdAt: string }

export async function insertPending(q: Queryable, p: { id: string; partnershipId: number; userId: number; sourceName: string; proposal: PlanProposal; hours: number }): Promise<void> {
  await q.query(
    `INSERT INTO pending_plan_imports (id, partnership_id, user_id, source_name, proposal, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6::int))`,
    [p.id, p.partnershipId, p.userId, p.sourceName, JSON.stringify(p.proposal), p.hours],
  );
}

/** The import if it is this person's, in this partnership, and not expired. */
export async function findPending(q: Queryable, id: string, partnershipId: number, userId: number): Promise<PendingRow | null> {
  const [row] = await q.query<PendingRow>(
    `SELECT id, partnership_id AS "partnershipId", user_id AS "userId", source_name AS "sourceName", proposal, created_at AS "createdAt"
       FROM pending_plan_imports WHERE id = $1 AND partnership_id = $2 AND user_id = $3 AND expires_at > now()`,
    [id, partnershipId, userId],
  );
  return row ?? null;
}

export async function deletePending(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM pending_plan_imports WHERE id = $1', [id]);
}

export async function deleteExpired(q: Queryable): Promise<void> {
  await q.query('DELETE FROM pending_plan_imports WHERE expires_at <= now()');
}
