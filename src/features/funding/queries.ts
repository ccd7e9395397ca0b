// SQL for funding streams and their allocations to initiatives.
import type { Queryable } from '../../platform/db/types.ts';
import type { AllocationFields, AllocationRow, InitiativeFunding, StreamFields, StreamRow } from './types.ts';

const STREAM_COLUMNS = `s.id, s.name, s.funder, s.funder_identifier AS "funderIdentifier", s.programme, s.amount_pence AS "amountPence",
  s.financial_years AS "financialYears", s.recurrence, s.recipient, s.recipient_identifier AS "recipientIdentifier", s.purpose,
  s.conditions, s.internal_notes AS "internalNotes", s.awarded_on AS "awardedOn", s.ends_on AS "endsOn", s.version,
  to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updatedAt"`;

const ALLOCATION_COLUMNS = `a.id, a.stream_id AS "streamId", a.initiative_id AS "initiativeId", a.amount_pence AS "amountPence",
  a.starts_on AS "startsOn", a.ends_on AS "endsOn"`;

/** The partnership's streams, largest first within each first financial year (newest first). */
export function listStreams(q: Queryable, partnershipId: number): Promise<StreamRow[]> {
  return q.query<StreamRow>(
    `SELECT ${STREAM_COLUMNS} FROM funding_streams s WHERE s.partnership_id = $1
      ORDER BY s.financial_years[1] DESC NULLS LAST, s.amount_pence DESC, s.id`, [partnershipId]);
}

/** One stream of the partnership; `lock` holds it until the transaction ends (allocations check against it). */
export async function findStream(q: Queryable, partnershipId: number, id: number, lock = false): Promise<StreamRow | null> {
  const [row] = await q.query<StreamRow>(
    `SELECT ${STREAM_COLUMNS} FROM funding_streams s WHERE s.id = $1 AND s.partnership_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, partnershipId]);
  return row ?? null;
}

export function allocationsOf(q: Queryable, streamIds: number[]): Promise<AllocationRow[]> {
  return q.query<AllocationRow>(
    `SELECT ${ALLOCATION_COLUMNS} FROM funding_allocations a WHERE a.stream_id = ANY($1::int[]) ORDER BY a.stream_id, a.id`, [streamIds]);
}

/** The sum of a stream's allocations whose amount is recorded, in pence. */
export async function allocatedPence(q: Queryable, streamId: number): Promise<number> {
  const [row] = await q.query<{ total: number }>('SELECT COALESCE(sum(amount_pence), 0)::bigint AS total FROM funding_allocations WHERE stream_id = $1', [streamId]);
  return Number(row?.total ?? 0);
}

const streamParams = (f: StreamFields) => [f.name, f.funder, f.funderIdentifier, f.programme, f.amountPence, f.financialYears, f.recurrence,
  f.recipient, f.recipientIdentifier, f.purpose, f.conditions, f.internalNotes, f.awardedOn, f.endsOn];

export async function insertStream(q: Queryable, partnershipId: number, f: StreamFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO funding_streams (partnership_id, name, funder, funder_identifier, programme, amount_pence, financial_years, recurrence,
       recipient, recipient_identifier, purpose, conditions, internal_notes, awarded_on, ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7::int[], $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [partnershipId, ...streamParams(f)]);
  return row!.id;
}

export async function updateStream(q: Queryable, id: number, f: StreamFields): Promise<void> {
  await q.query(
    `UPDATE funding_streams SET name = $2, funder = $3, funder_identifier = $4, programme = $5, amount_pence = $6, financial_years = $7::int[],
       recurrence = $8, recipient = $9, recipient_identifier = $10, purpose = $11, conditions = $12, internal_notes = $13, awarded_on = $14,
       ends_on = $15, version = version + 1, updated_at = now()
     WHERE id = $1`, [id, ...streamParams(f)]);
}

export async function insertAllocation(q: Queryable, streamId: number, a: AllocationFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO funding_allocations (stream_id, initiative_id, amount_pence, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [streamId, a.initiativeId, a.amountPence, a.startsOn, a.endsOn]);
  return row!.id;
}

/** An allocation of one of the partnership's streams. */
export async function findAllocation(q: Queryable, partnershipId: number, id: number): Promise<AllocationRow | null> {
  const [row] = await q.query<AllocationRow>(
    `SELECT ${ALLOCATION_COLUMNS} FROM funding_allocations a JOIN funding_streams s ON s.id = a.stream_id
      WHERE a.id = $1 AND s.partnership_id = $2`, [id, partnershipId]);
  return row ?? null;
}

export async function deleteAllocation(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM funding_allocations WHERE id = $1', [id]);
}

/** A change to a stream's allocations is a change to the stream: exports date it by this. */
export async function touchStream(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE funding_streams SET updated_at = now() WHERE id = $1', [id]);
}

export function fundingOfInitiative(q: Queryable, partnershipId: number, initiativeId: number): Promise<InitiativeFunding[]> {
  return q.query<InitiativeFunding>(
    `SELECT s.id AS "streamId", s.name AS "streamName", s.funder, a.amount_pence AS "amountPence", a.starts_on AS "startsOn", a.ends_on AS "endsOn"
       FROM funding_allocations a JOIN funding_streams s ON s.id = a.stream_id
      WHERE a.initiative_id = $1 AND s.partnership_id = $2 ORDER BY s.name, a.id`, [initiativeId, partnershipId]);
}
