// The delivery feature's SQL: progress updates, their corrections and initiative weights.
import type { Queryable } from '../../platform/db/types.ts';
import type { DeliveryStatus, Figure } from './statuses.ts';

export interface UpdateRow {
  id: number; partnershipId: number; planId: number; initiativeId: number;
  reportedOn: string; authorId: number | null; authorName: string | null; organisationId: number | null;
  status: DeliveryStatus; reason: string | null; narrative: string; progress: number | null; figures: Figure[];
  forPublication: boolean; createdAt: string; correctedAt: string | null; version: number;
}

export interface UpdateFields {
  reportedOn: string; status: DeliveryStatus; reason: string | null; narrative: string; progress: number | null;
  figures: Figure[]; forPublication: boolean;
}

const COLUMNS = `u.id, u.partnership_id AS "partnershipId", u.plan_id AS "planId", u.initiative_id AS "initiativeId",
  to_char(u.reported_on, 'YYYY-MM-DD') AS "reportedOn", u.author_id AS "authorId", a.name AS "authorName",
  u.organisation_id AS "organisationId", u.status, u.reason, u.narrative, u.progress, u.figures,
  u.for_publication AS "forPublication", to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  to_char(u.corrected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "correctedAt", u.version`;
const FROM = 'initiative_updates u LEFT JOIN users a ON a.id = u.author_id';
/** Newest first: by the date reported, then the order they were posted. */
const NEWEST_FIRST = 'u.reported_on DESC, u.id DESC';

/** An initiative's updates, newest first; only those for publication when `publicOnly`. */
export function updatesOf(q: Queryable, initiativeId: number, publicOnly: boolean): Promise<UpdateRow[]> {
  return q.query<UpdateRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE u.initiative_id = $1 ${publicOnly ? 'AND u.for_publication' : ''}
    ORDER BY ${NEWEST_FIRST}`, [initiativeId]);
}

export async function findUpdate(q: Queryable, id: number): Promise<UpdateRow | null> {
  const [row] = await q.query<UpdateRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE u.id = $1`, [id]);
  return row ?? null;
}

/** The latest update of each initiative of a plan that has one (only those for publication when `publicOnly`). */
export function latestOfPlan(q: Queryable, planId: number, publicOnly: boolean) {
  return q.query<{ initiativeId: number; status: DeliveryStatus; progress: number | null; reportedOn: string }>(
    `SELECT DISTINCT ON (u.initiative_id) u.initiative_id AS "initiativeId", u.status, u.progress,
            to_char(u.reported_on, 'YYYY-MM-DD') AS "reportedOn"
       FROM initiative_updates u WHERE u.plan_id = $1 ${publicOnly ? 'AND u.for_publication' : ''}
      ORDER BY u.initiative_id, ${NEWEST_FIRST}`, [planId]);
}

/** The initiatives of a plan with an update dated on or after `since`, or posted at or after it. */
export async function reportedSince(q: Queryable, planId: number, since: Date): Promise<Set<number>> {
  const rows = await q.query<{ initiativeId: number }>(
    `SELECT DISTINCT initiative_id AS "initiativeId" FROM initiative_updates
      WHERE plan_id = $1 AND (created_at >= $2 OR reported_on >= ($2::timestamptz AT TIME ZONE 'Europe/London')::date)`,
    [planId, since.toISOString()]);
  return new Set(rows.map((r) => r.initiativeId));
}

/** A plan's updates dated or posted since `since` (as `reportedSince` counts them), newest first. */
export function updatesOfPlanSince(q: Queryable, planId: number, since: Date, publicOnly: boolean): Promise<UpdateRow[]> {
  return q.query<UpdateRow>(`SELECT ${COLUMNS} FROM ${FROM}
    WHERE u.plan_id = $1 AND (u.created_at >= $2 OR u.reported_on >= ($2::timestamptz AT TIME ZONE 'Europe/London')::date)
      ${publicOnly ? 'AND u.for_publication' : ''} ORDER BY ${NEWEST_FIRST}`, [planId, since.toISOString()]);
}

export async function insertUpdate(q: Queryable, u: UpdateFields & {
  partnershipId: number; planId: number; initiativeId: number; authorId: number | null; organisationId: number | null; createdAt?: string;
}): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO initiative_updates (partnership_id, plan_id, initiative_id, reported_on, author_id, organisation_id, status, reason,
       narrative, progress, figures, for_publication, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13::timestamptz, now())) RETURNING id`,
    [u.partnershipId, u.planId, u.initiativeId, u.reportedOn, u.authorId, u.organisationId, u.status, u.reason, u.narrative,
      u.progress, JSON.stringify(u.figures), u.forPublication, u.createdAt ?? null]);
  return row.id;
}

/** Correct an update if it is still at `version`: false when someone else corrected it first. */
export async function correctUpdate(q: Queryable, id: number, version: number, f: UpdateFields): Promise<boolean> {
  const rows = await q.query(
    `UPDATE initiative_updates SET reported_on = $3, status = $4, reason = $5, narrative = $6, progress = $7, figures = $8,
       for_publication = $9, corrected_at = now(), version = version + 1
     WHERE id = $1 AND version = $2 RETURNING id`,
    [id, version, f.reportedOn, f.status, f.reason, f.narrative, f.progress, JSON.stringify(f.figures), f.forPublication]);
  return rows.length === 1;
}

export async function insertCorrection(q: Queryable, updateId: number, version: number, before: UpdateFields, userId: number | null) {
  await q.query('INSERT INTO initiative_update_corrections (update_id, version, before, corrected_by) VALUES ($1, $2, $3, $4)',
    [updateId, version, JSON.stringify(before), userId]);
}

export interface CorrectionRow { version: number; before: UpdateFields; correctedByName: string | null; correctedAt: string }

export function correctionsOf(q: Queryable, updateId: number): Promise<CorrectionRow[]> {
  return q.query<CorrectionRow>(
    `SELECT c.version, c.before, u.name AS "correctedByName",
            to_char(c.corrected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "correctedAt"
       FROM initiative_update_corrections c LEFT JOIN users u ON u.id = c.corrected_by
      WHERE c.update_id = $1 ORDER BY c.version DESC`, [updateId]);
}

/** Weights set for initiatives of a plan (the rest weigh 1). */
export async function weightsOf(q: Queryable, initiativeIds: number[]): Promise<Map<number, number>> {
  if (initiativeIds.length === 0) return new Map();
  const rows = await q.query<{ initiativeId: number; weight: number }>(
    'SELECT initiative_id AS "initiativeId", weight FROM initiative_weights WHERE initiative_id = ANY($1::int[])', [initiativeIds]);
  return new Map(rows.map((r) => [r.initiativeId, Number(r.weight)]));
}

export async function setWeight(q: Queryable, initiativeId: number, weight: number) {
  await q.query(`INSERT INTO initiative_weights (initiative_id, weight) VALUES ($1, $2)
    ON CONFLICT (initiative_id) DO UPDATE SET weight = EXCLUDED.weight`, [initiativeId, weight]);
}
