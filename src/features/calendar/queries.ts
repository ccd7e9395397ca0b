// The calendar feature's table: the day each plan was sent to the Police and Crime Commissioner.
import type { Queryable } from '../../platform/db/types.ts';

export interface PccSentRow { startYear: number; sentOn: string }

export function pccSentOf(q: Queryable, partnershipId: number): Promise<PccSentRow[]> {
  return q.query<PccSentRow>(
    'SELECT start_year AS "startYear", sent_on AS "sentOn" FROM plan_sent_to_pcc WHERE partnership_id = $1 ORDER BY start_year',
    [partnershipId],
  );
}

/** Records (or moves) the day a plan year's plan was sent; returns the day recorded before, if any. */
export async function recordPccSent(q: Queryable, partnershipId: number, startYear: number, sentOn: string, userId: number | null): Promise<string | null> {
  const [before] = await q.query<{ sentOn: string }>(
    'SELECT sent_on AS "sentOn" FROM plan_sent_to_pcc WHERE partnership_id = $1 AND start_year = $2 FOR UPDATE', [partnershipId, startYear]);
  await q.query(
    `INSERT INTO plan_sent_to_pcc (partnership_id, start_year, sent_on, recorded_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (partnership_id, start_year) DO UPDATE SET sent_on = EXCLUDED.sent_on, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
    [partnershipId, startYear, sentOn, userId]);
  return before?.sentOn ?? null;
}
