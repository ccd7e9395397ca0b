// SQL for priorities and objectives beyond what the plan itself reads (queries.ts).
import type { Queryable } from '../../platform/db/types.ts';
import type { PriorityKind } from './types.ts';

export interface PriorityRow { id: number; planId: number; kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string; version: number }
export interface ObjectiveRow { id: number; priorityId: number; title: string; position: number; version: number }
const PRIORITY_COLUMNS = 'id, plan_id AS "planId", kind, number, title, commitments, evidence, version';
const OBJECTIVE_COLUMNS = 'id, priority_id AS "priorityId", title, position, version';

export async function priorityById(qx: Queryable, id: number): Promise<PriorityRow | null> {
  const [row] = await qx.query<PriorityRow>(`SELECT ${PRIORITY_COLUMNS} FROM priorities WHERE id = $1`, [id]);
  return row ?? null;
}

export async function objectiveById(qx: Queryable, id: number): Promise<ObjectiveRow | null> {
  const [row] = await qx.query<ObjectiveRow>(`SELECT ${OBJECTIVE_COLUMNS} FROM objectives WHERE id = $1`, [id]);
  return row ?? null;
}

export async function numberTaken(qx: Queryable, planId: number, number: number, exceptId: number | null): Promise<boolean> {
  const rows = await qx.query('SELECT 1 FROM priorities WHERE plan_id = $1 AND number = $2 AND id <> $3', [planId, number, exceptId ?? 0]);
  return rows.length > 0;
}

/** A plan has at most one section for work outside its key priorities. */
export async function crossCuttingTaken(qx: Queryable, planId: number, exceptId: number | null): Promise<boolean> {
  const rows = await qx.query(`SELECT 1 FROM priorities WHERE plan_id = $1 AND kind = 'cross_cutting' AND id <> $2`, [planId, exceptId ?? 0]);
  return rows.length > 0;
}

export async function initiativesUnder(qx: Queryable, column: 'priority_id' | 'objective_id', id: number) {
  return qx.query<{ id: number; name: string; objectiveId: number | null; version: number }>(
    `SELECT id, name, objective_id AS "objectiveId", version FROM initiatives WHERE ${column} = $1 ORDER BY position, id`, [id]);
}

export async function objectivesUnder(qx: Queryable, priorityId: number): Promise<ObjectiveRow[]> {
  return qx.query<ObjectiveRow>(`SELECT ${OBJECTIVE_COLUMNS} FROM objectives WHERE priority_id = $1 ORDER BY position, id`, [priorityId]);
}

export async function insertPriority(qx: Queryable, planId: number, p: { kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string }): Promise<number> {
  const [row] = await qx.query<{ id: number }>(
    'INSERT INTO priorities (plan_id, kind, number, title, commitments, evidence) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [planId, p.kind, p.kind === 'key' ? p.number : null, p.title, JSON.stringify(p.commitments), p.evidence]);
  return row.id;
}

export async function insertObjective(qx: Queryable, priorityId: number, title: string, position: number): Promise<number> {
  const [row] = await qx.query<{ id: number }>('INSERT INTO objectives (priority_id, title, position) VALUES ($1, $2, $3) RETURNING id', [priorityId, title, position]);
  return row.id;
}

/** A plan's priorities with their objectives, as roll forward matches against them. */
export async function prioritiesWithObjectives(qx: Queryable, planId: number) {
  const priorities = await qx.query<{ id: number; kind: PriorityKind; number: number | null; title: string }>(
    'SELECT id, kind, number, title FROM priorities WHERE plan_id = $1 ORDER BY number NULLS LAST, id', [planId]);
  const objectives = await qx.query<ObjectiveRow>(
    `SELECT ${OBJECTIVE_COLUMNS} FROM objectives WHERE priority_id = ANY($1::int[]) ORDER BY position, id`, [priorities.map((p) => p.id)]);
  return priorities.map((p) => ({ ...p, objectives: objectives.filter((o) => o.priorityId === p.id).map(({ id, title, position }) => ({ id, title, position })) }));
}

/** Save a priority if the version still matches; false when someone else saved first. */
export async function updatePriority(qx: Queryable, id: number, version: number,
  p: { kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string }): Promise<boolean> {
  const rows = await qx.query(
    `UPDATE priorities SET kind = $3, number = $4, title = $5, commitments = $6, evidence = $7, version = version + 1
      WHERE id = $1 AND version = $2 RETURNING id`,
    [id, version, p.kind, p.number, p.title, JSON.stringify(p.commitments), p.evidence]);
  return rows.length > 0;
}

export async function deletePriority(qx: Queryable, id: number, version: number): Promise<boolean> {
  return (await qx.query('DELETE FROM priorities WHERE id = $1 AND version = $2 RETURNING id', [id, version])).length > 0;
}

export async function updateObjective(qx: Queryable, id: number, version: number, title: string, position: number): Promise<boolean> {
  const rows = await qx.query('UPDATE objectives SET title = $3, position = $4, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id',
    [id, version, title, position]);
  return rows.length > 0;
}

export async function deleteObjective(qx: Queryable, id: number, version: number): Promise<boolean> {
  return (await qx.query('DELETE FROM objectives WHERE id = $1 AND version = $2 RETURNING id', [id, version])).length > 0;
}

/** Move an objective under another priority, at `position`. */
export async function moveObjective(qx: Queryable, id: number, priorityId: number, position: number): Promise<void> {
  await qx.query('UPDATE objectives SET priority_id = $2, position = $3, version = version + 1 WHERE id = $1', [id, priorityId, position]);
}

/** Move an initiative under another priority (and objective, or none). */
export async function moveInitiative(qx: Queryable, id: number, priorityId: number, objectiveId: number | null): Promise<void> {
  await qx.query('UPDATE initiatives SET priority_id = $2, objective_id = $3, version = version + 1 WHERE id = $1', [id, priorityId, objectiveId]);
}

/** Put an objective's initiatives directly under its priority; returns their ids. */
export async function detachFromObjective(qx: Queryable, objectiveId: number): Promise<{ id: number }[]> {
  return qx.query<{ id: number }>('UPDATE initiatives SET objective_id = NULL, version = version + 1 WHERE objective_id = $1 RETURNING id', [objectiveId]);
}

/** Initiatives of the plan that cite priority `number` among their partnership priorities. */
export async function initiativesCiting(qx: Queryable, planId: number, number: number) {
  return qx.query<{ id: number; priorityRefs: number[] }>(
    `SELECT id, priority_refs AS "priorityRefs" FROM initiatives WHERE plan_id = $1 AND priority_refs @> $2::jsonb`, [planId, JSON.stringify([number])]);
}

export async function setPriorityRefs(qx: Queryable, initiativeId: number, refs: number[]): Promise<void> {
  await qx.query('UPDATE initiatives SET priority_refs = $2, version = version + 1 WHERE id = $1', [initiativeId, JSON.stringify(refs)]);
}

/** These priorities of the partnership with their number, title and plan year. */
export async function prioritiesInPlans(qx: Queryable, partnershipId: number, ids: number[]) {
  if (!ids.length) return [];
  return qx.query<{ id: number; number: number | null; title: string; startYear: number; planStatus: string }>(
    `SELECT pr.id, pr.number, pr.title, p.start_year AS "startYear", p.status AS "planStatus"
       FROM priorities pr JOIN plans p ON p.id = pr.plan_id WHERE pr.id = ANY($1::int[]) AND p.partnership_id = $2`, [ids, partnershipId]);
}
