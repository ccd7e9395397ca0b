// SQL for a plan's lifecycle (create, edit, approve, publish, revise, roll forward) beyond what the
// plan itself reads (queries.ts) and its priorities (priority-queries.ts).
import type { Queryable } from '../../platform/db/types.ts';

export async function insertPlan(q: Queryable, partnershipId: number, startYear: number, introduction: string, otherSection: string): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO plans (partnership_id, start_year, introduction, other_section) VALUES ($1, $2, $3, $4) RETURNING id',
    [partnershipId, startYear, introduction, otherSection]);
  return row.id;
}

/** Map the plan to a framework (again: a second time does nothing). */
export async function addPlanFramework(q: Queryable, planId: number, frameworkId: number): Promise<void> {
  await q.query('INSERT INTO plan_frameworks VALUES ($1, $2) ON CONFLICT DO NOTHING', [planId, frameworkId]);
}

/** Save the two texts if the version still matches; false when someone else saved first. */
export async function updateText(q: Queryable, planId: number, version: number, introduction: string, otherSection: string): Promise<boolean> {
  const rows = await q.query('UPDATE plans SET introduction = $3, other_section = $4, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id',
    [planId, version, introduction, otherSection]);
  return rows.length > 0;
}

/** A draft started elsewhere has no texts yet: give it these, leaving any it has. */
export async function fillEmptyText(q: Queryable, planId: number, introduction: string, otherSection: string): Promise<void> {
  await q.query(`UPDATE plans SET introduction = CASE WHEN introduction = '' THEN $2 ELSE introduction END,
                                  other_section = CASE WHEN other_section = '' THEN $3 ELSE other_section END,
                                  version = version + 1
                  WHERE id = $1 AND (introduction = '' AND $2 <> '' OR other_section = '' AND $3 <> '')`, [planId, introduction, otherSection]);
}

/** Approved by `bodyId` on `approvedOn`; either may be unknown (null). */
export async function markApproved(q: Queryable, planId: number, bodyId: number | null, approvedOn: string | null): Promise<void> {
  await q.query(`UPDATE plans SET status = 'approved', approved = true, approved_by_body_id = $2, approved_on = $3, version = version + 1 WHERE id = $1`,
    [planId, bodyId, approvedOn]);
}

/**
 * Publish if the plan is still in `status` (and at `version`, when given); false otherwise. Dated now,
 * or, when `recorded`, on the day it was published elsewhere (kept as noon UTC so it reads as the same
 * day in any time zone) or with no date.
 */
export async function markPublished(q: Queryable, planId: number, status: string, version: number | null,
  recorded: { on: string | null } | undefined): Promise<boolean> {
  const rows = await q.query(`UPDATE plans SET status = 'published', version = version + 1,
                                     published_at = CASE WHEN $4 THEN ($5::date + time '12:00') AT TIME ZONE 'UTC' ELSE now() END
                                WHERE id = $1 AND status = $2 AND ($3::int IS NULL OR version = $3) RETURNING id`,
  [planId, status, version, recorded !== undefined, recorded?.on ?? null]);
  return rows.length > 0;
}

/** Keep the plan as it stood (its snapshot and why it changes), then reopen it as revision `revision`. */
export async function startRevision(q: Queryable, planId: number, revision: number, reason: string, userId: number | null, snapshot: unknown): Promise<void> {
  await q.query('INSERT INTO plan_revisions (plan_id, revision, reason, user_id, snapshot) VALUES ($1, $2, $3, $4, $5)',
    [planId, revision, reason, userId, JSON.stringify(snapshot)]);
  await q.query(`UPDATE plans SET status = 'revising', revision = $2, version = version + 1 WHERE id = $1`, [planId, revision]);
}

export async function revisions(q: Queryable, planId: number) {
  return q.query<{ revision: number; reason: string; userName: string | null; startedAt: string }>(
    `SELECT r.revision, r.reason, u.name AS "userName", to_char(r.started_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') AS "startedAt"
       FROM plan_revisions r LEFT JOIN users u ON u.id = r.user_id WHERE r.plan_id = $1 ORDER BY r.revision DESC`, [planId]);
}

/** Lock the partnership's plans: two roll-forwards at once must not both create or fill a year. */
export async function lockPlans(q: Queryable, partnershipId: number): Promise<void> {
  await q.query('SELECT id FROM plans WHERE partnership_id = $1 FOR UPDATE', [partnershipId]);
}

export async function initiativeCount(q: Queryable, planId: number): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM initiatives WHERE plan_id = $1', [planId]);
  return n;
}

/** How many of the plan's initiatives were carried from these. */
export async function carriedFrom(q: Queryable, planId: number, sourceInitiativeIds: number[]): Promise<number> {
  const [{ n }] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM initiatives WHERE plan_id = $1 AND previous_initiative_id = ANY($2::int[])',
    [planId, sourceInitiativeIds]);
  return n;
}
