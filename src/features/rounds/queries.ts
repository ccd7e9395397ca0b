// The rounds feature's SQL: the update_rounds table only. Who owes what comes from the delivery service.
import type { Queryable } from '../../platform/db/types.ts';

export interface RoundRow {
  id: number; partnershipId: number; planId: number; planStartYear: number; title: string;
  openedAt: string; dueOn: string; meetingId: number | null; closedAt: string | null;
}

const COLUMNS = `r.id, r.partnership_id AS "partnershipId", r.plan_id AS "planId", r.plan_start_year AS "planStartYear", r.title,
  to_char(r.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "openedAt", to_char(r.due_on, 'YYYY-MM-DD') AS "dueOn",
  r.meeting_id AS "meetingId", to_char(r.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "closedAt"`;

/** The partnership's rounds, newest first; only those not closed when `openOnly`. */
export function roundsOf(q: Queryable, partnershipId: number, openOnly = false): Promise<RoundRow[]> {
  return q.query<RoundRow>(`SELECT ${COLUMNS} FROM update_rounds r WHERE r.partnership_id = $1 ${openOnly ? 'AND r.closed_at IS NULL' : ''}
    ORDER BY r.opened_at DESC, r.id DESC`, [partnershipId]);
}

export async function findRound(q: Queryable, partnershipId: number, id: number): Promise<RoundRow | null> {
  const [row] = await q.query<RoundRow>(`SELECT ${COLUMNS} FROM update_rounds r WHERE r.partnership_id = $1 AND r.id = $2`, [partnershipId, id]);
  return row ?? null;
}

export async function insertRound(q: Queryable, r: {
  partnershipId: number; planId: number; planStartYear: number; title: string; dueOn: string; meetingId: number | null;
  openedBy: number | null; openedAt?: string;
}): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO update_rounds (partnership_id, plan_id, plan_start_year, title, due_on, meeting_id, opened_by, opened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now())) RETURNING id`,
    [r.partnershipId, r.planId, r.planStartYear, r.title, r.dueOn, r.meetingId, r.openedBy, r.openedAt ?? null]);
  return row!.id;
}

export async function closeRound(q: Queryable, id: number): Promise<boolean> {
  const rows = await q.query('UPDATE update_rounds SET closed_at = now() WHERE id = $1 AND closed_at IS NULL RETURNING id', [id]);
  return rows.length === 1;
}
