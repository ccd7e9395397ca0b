// The SQL of the Councillor Call for Action (tables ccfa_matters and ccfa_steps).
import type { Queryable } from '../../platform/db/types.ts';
import type { State } from './state-machine.ts';

export const OUTCOMES = ['report_cabinet_council', 'recommendations_partners', 'no_action'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface MatterRow {
  id: number; partnershipId: number; status: State;
  councillorName: string; councillorEmail: string; councillorUserId: number | null;
  ward: string; matter: string; location: string; tried: string;
  meetingId: number | null; agendaItemId: number | null; outcome: Outcome | null; createdAt: Date; version: number;
}

export interface StepRow { id: number; matterId: number; state: State; onDate: string | null; reason: string; recordedBy: number | null; recordedAt: Date }

const MATTER = `id, partnership_id AS "partnershipId", status, councillor_name AS "councillorName", councillor_email AS "councillorEmail",
  councillor_user_id AS "councillorUserId", ward, matter, location, tried, meeting_id AS "meetingId", agenda_item_id AS "agendaItemId",
  outcome, created_at AS "createdAt", version`;
const STEP = `id, matter_id AS "matterId", state, to_char(on_date, 'YYYY-MM-DD') AS "onDate", reason, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export interface NewMatter {
  status: 'unverified' | 'submitted'; councillorName: string; councillorEmail: string; councillorUserId: number | null;
  ward: string; matter: string; location: string; tried: string;
}

export async function insertMatter(q: Queryable, partnershipId: number, m: NewMatter): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO ccfa_matters (partnership_id, status, councillor_name, councillor_email, councillor_user_id, ward, matter, location, tried)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [partnershipId, m.status, m.councillorName, m.councillorEmail, m.councillorUserId, m.ward, m.matter, m.location, m.tried]);
  return row.id;
}

/** One of the partnership's matters; `lock` holds it until the transaction ends (one step at a time). */
export async function findMatter(q: Queryable, partnershipId: number, id: number, lock = false): Promise<MatterRow | null> {
  const [row] = await q.query<MatterRow>(`SELECT ${MATTER} FROM ccfa_matters WHERE partnership_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [partnershipId, id]);
  return row ?? null;
}

export async function findMatterByToken(q: Queryable, partnershipId: number, tokenHash: string): Promise<MatterRow | null> {
  const [row] = await q.query<MatterRow>(`SELECT ${MATTER} FROM ccfa_matters WHERE partnership_id = $1 AND status_token_hash = $2`, [partnershipId, tokenHash]);
  return row ?? null;
}

/** The partnership's matters, newest first. */
export async function mattersOf(q: Queryable, partnershipId: number): Promise<MatterRow[]> {
  return q.query<MatterRow>(`SELECT ${MATTER} FROM ccfa_matters WHERE partnership_id = $1 ORDER BY id DESC`, [partnershipId]);
}

export async function stepsOf(q: Queryable, matterIds: number[]): Promise<StepRow[]> {
  if (matterIds.length === 0) return [];
  return q.query<StepRow>(`SELECT ${STEP} FROM ccfa_steps WHERE matter_id = ANY($1::int[]) ORDER BY recorded_at, id`, [matterIds]);
}

/** Moves the matter to its new state and records the step, with what else the step sets. */
export async function recordStep(q: Queryable, matterId: number, step: { state: State; onDate: string | null; reason: string; recordedBy: number | null },
  set: { meetingId?: number; agendaItemId?: number; outcome?: Outcome; statusTokenHash?: string } = {}): Promise<void> {
  await q.query(
    `UPDATE ccfa_matters SET status = $2, version = version + 1,
       meeting_id = COALESCE($3, meeting_id), agenda_item_id = COALESCE($4, agenda_item_id), outcome = COALESCE($5, outcome),
       status_token_hash = COALESCE($6, status_token_hash)
     WHERE id = $1`,
    [matterId, step.state, set.meetingId ?? null, set.agendaItemId ?? null, set.outcome ?? null, set.statusTokenHash ?? null]);
  await q.query('INSERT INTO ccfa_steps (matter_id, state, on_date, reason, recorded_by) VALUES ($1, $2, $3, $4, $5)',
    [matterId, step.state, step.onDate, step.reason, step.recordedBy]);
}
