// SQL for measures, their values and their links to priorities and initiatives.
import type { Queryable } from '../../platform/db/types.ts';
import type { Frequency } from './periods.ts';

export type Direction = 'up' | 'down' | 'neither';

export interface MeasureFields {
  name: string; unit: string; description: string; sourceOrganisationId: number | null;
  frequency: Frequency; direction: Direction;
  baseline: number | null; baselinePeriod: string | null; target: number | null; targetPeriod: string | null;
}

export interface MeasureRow extends MeasureFields { id: number; partnershipId: number; version: number }

export interface ValueRow { measureId: number; period: string; value: number; note: string }

export interface NewValue { period: string; starts: string; ends: string; value: number; note: string }

const COLUMNS = `id, partnership_id AS "partnershipId", name, unit, description, source_organisation_id AS "sourceOrganisationId",
  frequency, direction, baseline, baseline_period AS "baselinePeriod", target, target_period AS "targetPeriod", version`;

export async function listMeasures(q: Queryable, partnershipId: number): Promise<MeasureRow[]> {
  return q.query<MeasureRow>(`SELECT ${COLUMNS} FROM measures WHERE partnership_id = $1 ORDER BY lower(name), id`, [partnershipId]);
}

export async function findMeasure(q: Queryable, partnershipId: number, id: number, lock = false): Promise<MeasureRow | null> {
  const [row] = await q.query<MeasureRow>(`SELECT ${COLUMNS} FROM measures WHERE id = $1 AND partnership_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, partnershipId]);
  return row ?? null;
}

export async function nameTaken(q: Queryable, partnershipId: number, name: string, exceptId: number | null): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM measures WHERE partnership_id = $1 AND lower(name) = lower($2) AND id <> $3', [partnershipId, name, exceptId ?? 0]);
  return rows.length > 0;
}

const fieldValues = (m: MeasureFields) => [m.name, m.unit, m.description, m.sourceOrganisationId, m.frequency, m.direction, m.baseline, m.baselinePeriod, m.target, m.targetPeriod];

export async function insertMeasure(q: Queryable, partnershipId: number, m: MeasureFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO measures (partnership_id, name, unit, description, source_organisation_id, frequency, direction, baseline, baseline_period, target, target_period)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, [partnershipId, ...fieldValues(m)]);
  return row!.id;
}

/** Saves only over the version the user read; false when someone else saved first. */
export async function updateMeasure(q: Queryable, id: number, version: number, m: MeasureFields): Promise<boolean> {
  const rows = await q.query(
    `UPDATE measures SET name = $3, unit = $4, description = $5, source_organisation_id = $6, frequency = $7, direction = $8,
            baseline = $9, baseline_period = $10, target = $11, target_period = $12, version = version + 1
      WHERE id = $1 AND version = $2 RETURNING id`, [id, version, ...fieldValues(m)]);
  return rows.length === 1;
}

export async function deleteMeasure(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM measures WHERE id = $1', [id]);
}

/** Values of the given measures in time order. */
export async function valuesOf(q: Queryable, measureIds: number[]): Promise<ValueRow[]> {
  if (measureIds.length === 0) return [];
  return q.query<ValueRow>(
    `SELECT measure_id AS "measureId", period, value, note FROM measure_values
      WHERE measure_id = ANY($1::int[]) ORDER BY measure_id, ends, starts DESC`, [measureIds]);
}

/** Add values, or replace those of periods the measure already has. */
export async function upsertValues(q: Queryable, measureId: number, values: NewValue[]): Promise<void> {
  if (values.length === 0) return;
  await q.query(
    `INSERT INTO measure_values (measure_id, period, starts, ends, value, note)
     SELECT $1, period, starts::date, ends::date, value, note
       FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[]) AS v(period, starts, ends, value, note)
     ON CONFLICT (measure_id, period) DO UPDATE SET value = EXCLUDED.value, note = EXCLUDED.note`,
    [measureId, values.map((v) => v.period), values.map((v) => v.starts), values.map((v) => v.ends), values.map((v) => v.value), values.map((v) => v.note)]);
}

export async function deleteValue(q: Queryable, measureId: number, period: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM measure_values WHERE measure_id = $1 AND period = $2 RETURNING period', [measureId, period]);
  return rows.length === 1;
}

export async function deleteAllValues(q: Queryable, measureId: number): Promise<void> {
  await q.query('DELETE FROM measure_values WHERE measure_id = $1', [measureId]);
}

export interface Links { priorityIds: number[]; initiativeIds: number[] }

export async function linksOf(q: Queryable, measureIds: number[]): Promise<Map<number, Links>> {
  const out = new Map<number, Links>(measureIds.map((id) => [id, { priorityIds: [], initiativeIds: [] }]));
  if (measureIds.length === 0) return out;
  const [priorities, initiatives] = await Promise.all([
    q.query<{ measureId: number; id: number }>('SELECT measure_id AS "measureId", priority_id AS id FROM measure_priorities WHERE measure_id = ANY($1::int[]) ORDER BY priority_id', [measureIds]),
    q.query<{ measureId: number; id: number }>('SELECT measure_id AS "measureId", initiative_id AS id FROM measure_initiatives WHERE measure_id = ANY($1::int[]) ORDER BY initiative_id', [measureIds]),
  ]);
  for (const r of priorities) out.get(r.measureId)!.priorityIds.push(r.id);
  for (const r of initiatives) out.get(r.measureId)!.initiativeIds.push(r.id);
  return out;
}

export async function setLinks(q: Queryable, measureId: number, links: Links): Promise<void> {
  await q.query('DELETE FROM measure_priorities WHERE measure_id = $1', [measureId]);
  await q.query('DELETE FROM measure_initiatives WHERE measure_id = $1', [measureId]);
  if (links.priorityIds.length) await q.query('INSERT INTO measure_priorities (measure_id, priority_id) SELECT $1, unnest($2::int[])', [measureId, links.priorityIds]);
  if (links.initiativeIds.length) await q.query('INSERT INTO measure_initiatives (measure_id, initiative_id) SELECT $1, unnest($2::int[])', [measureId, links.initiativeIds]);
}

/** The partnership's measures linked to each of these priorities (or initiatives), by name. */
export async function measuresLinkedTo(q: Queryable, partnershipId: number, kind: 'priority' | 'initiative', ids: number[]): Promise<{ linkedId: number; id: number; name: string }[]> {
  if (ids.length === 0) return [];
  const table = kind === 'priority' ? 'measure_priorities' : 'measure_initiatives';
  const column = kind === 'priority' ? 'priority_id' : 'initiative_id';
  return q.query(
    `SELECT l.${column} AS "linkedId", m.id, m.name FROM ${table} l JOIN measures m ON m.id = l.measure_id
      WHERE m.partnership_id = $1 AND l.${column} = ANY($2::int[]) ORDER BY lower(m.name), m.id`, [partnershipId, ids]);
}
