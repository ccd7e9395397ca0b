// The funding ledger: streams, their allocations to initiatives and what is left to allocate. Anyone
// may read the ledger (it records public money); only coordinators and administrators change it.
// Internal notes are for members who may see the partnership's unpublished work; an allocation to an
// initiative of a plan the viewer may not see keeps its amount but not the initiative's name.
import type { Db, Queryable } from '../../platform/db/types.ts';
import { historyFor, recordChange } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import { allInitiatives } from '../plans/compare.ts';
import { formatPounds } from '../../platform/money.ts';
import { yearLabel } from '../partnerships/years.ts';
import { parseAllocation, parseStream, type AllocationFormValues, type StreamFormValues } from './form.ts';
import * as fq from './queries.ts';
import type { Allocation, AllocationFields, InitiativeFunding, InitiativeRef, Stream, StreamFields, StreamRow } from './types.ts';

export const EDIT_REFUSAL = 'Only the partnership’s coordinators and administrators can change its funding ledger.';

export interface FundingDeps { plans: Pick<PlansService, 'list' | 'get'> }

function assertCanEdit(actor: Actor): void {
  if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError(EDIT_REFUSAL);
}

/** What the viewer may read of a stream: internal notes only with `view_drafts`. */
const forViewer = <T extends StreamRow>(s: T, actor: Actor): T => (actorCan(actor, 'view_drafts') ? s : { ...s, internalNotes: null });

export function fundingService(db: Db, deps: FundingDeps) {
  /** Every initiative of every plan year the viewer may see, by id, as they may see it. */
  async function visibleInitiatives(partnership: Partnership, actor: Actor): Promise<Map<number, InitiativeRef>> {
    const plans = await deps.plans.list(partnership, actor);
    const details = await Promise.all(plans.map((p) => deps.plans.get(partnership, p.startYear, actor)));
    return new Map(details.flatMap((plan) => allInitiatives(plan).map((i) => [i.id, { id: i.id, name: i.name, year: plan.year }] as const)));
  }

  function assemble(rows: StreamRow[], allocations: Awaited<ReturnType<typeof fq.allocationsOf>>, initiatives: Map<number, InitiativeRef>, actor: Actor): Stream[] {
    return rows.map((row) => {
      const mine: Allocation[] = allocations.filter((a) => a.streamId === row.id).map((a) => ({ ...a, initiative: initiatives.get(a.initiativeId) ?? null }));
      const allocatedPence = mine.reduce((n, a) => n + (a.amountPence ?? 0), 0);
      const unknown = mine.some((a) => a.amountPence === null);
      return { ...forViewer(row, actor), allocations: mine, allocatedPence, unallocatedPence: unknown ? null : row.amountPence - allocatedPence };
    });
  }

  async function findStream(q: Queryable, partnership: Partnership, id: number, lock = false): Promise<StreamRow> {
    const row = await fq.findStream(q, partnership.id, id, lock);
    if (!row) throw new NotFoundError('Funding stream');
    return row;
  }

  /** The refusal when allocating `amountPence` more would take the stream's allocations past its amount. */
  function overAllocation(stream: StreamRow, allocated: number, amountPence: number): ValidationError | null {
    if (allocated + amountPence <= stream.amountPence) return null;
    const left = stream.amountPence - allocated;
    return new ValidationError([{ field: 'amount', message: `${formatPounds(amountPence)} is more than is left of ${stream.name}: `
      + `${formatPounds(left)} of its ${formatPounds(stream.amountPence)} is unallocated` }]);
  }

  return {
    visibleInitiatives,

    async list(partnership: Partnership, actor: Actor): Promise<Stream[]> {
      const rows = await fq.listStreams(db, partnership.id);
      const [allocations, initiatives] = await Promise.all([fq.allocationsOf(db, rows.map((r) => r.id)), visibleInitiatives(partnership, actor)]);
      return assemble(rows, allocations, initiatives, actor);
    },

    async get(partnership: Partnership, id: number, actor: Actor): Promise<Stream> {
      const row = await findStream(db, partnership, id);
      const [allocations, initiatives] = await Promise.all([fq.allocationsOf(db, [id]), visibleInitiatives(partnership, actor)]);
      return assemble([row], allocations, initiatives, actor)[0]!;
    },

    /** A stream as its edit form starts: for those who may change it. */
    async forEdit(partnership: Partnership, id: number, actor: Actor): Promise<StreamRow> {
      assertCanEdit(actor);
      return findStream(db, partnership, id);
    },

    async create(partnership: Partnership, values: StreamFormValues | StreamFields, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      const fields = fieldsOf(values);
      return db.transaction(async (tx) => {
        const id = await fq.insertStream(tx, partnership.id, fields);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'funding_stream', recordId: id, action: 'create',
          summary: `Funding stream ${fields.name}`, after: snapshotOf(fields) });
        return id;
      });
    },

    /**
     * Saves only if nobody saved the stream since the form was opened (ConflictError otherwise), and
     * never below what is already allocated of it: the stream is locked while that is checked.
     */
    async update(partnership: Partnership, id: number, values: StreamFormValues, actor: Actor): Promise<void> {
      assertCanEdit(actor);
      const fields = fieldsOf(values);
      await db.transaction(async (tx) => {
        const before = await findStream(tx, partnership, id, true);
        if (values.version && Number(values.version) !== before.version) throw new ConflictError(before);
        const allocated = await fq.allocatedPence(tx, id);
        if (fields.amountPence < allocated) {
          throw new ValidationError([{ field: 'amount', message: `Amount cannot be less than the ${formatPounds(allocated)} already allocated to initiatives: `
            + 'remove or reduce allocations first' }]);
        }
        await fq.updateStream(tx, id, fields);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'funding_stream', recordId: id, action: 'update',
          summary: `Funding stream ${fields.name}`, before: { ...snapshotOf(before), version: before.version }, after: { ...snapshotOf(fields), version: before.version + 1 } });
      });
    },

    /**
     * Gives part of a stream to an initiative. The stream row is locked for the check and the insert,
     * so two allocations saved at once cannot together take more than the stream holds.
     */
    async allocate(partnership: Partnership, streamId: number, values: AllocationFormValues | AllocationFields, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      let fields: AllocationFields;
      if ('initiative' in values) {
        const parsed = parseAllocation(values);
        if (!parsed.ok) throw new ValidationError(parsed.errors);
        fields = parsed.fields;
      } else fields = values;
      const initiatives = await visibleInitiatives(partnership, actor);
      const initiative = initiatives.get(fields.initiativeId);
      if (!initiative) throw new ValidationError([{ field: 'initiative', message: 'Select an initiative of one of the partnership’s plans' }]);
      return db.transaction(async (tx) => {
        const stream = await findStream(tx, partnership, streamId, true);
        if (fields.amountPence !== null) {
          const refusal = overAllocation(stream, await fq.allocatedPence(tx, streamId), fields.amountPence);
          if (refusal) throw refusal;
        }
        const id = await fq.insertAllocation(tx, streamId, fields);
        await fq.touchStream(tx, streamId);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'funding_stream', recordId: streamId, action: 'update',
          summary: `Allocated ${fields.amountPence === null ? 'an amount not recorded' : formatPounds(fields.amountPence)} to ${initiative.name} (${initiative.year})`,
          after: { initiative: `${initiative.name} (${initiative.year})`, amount: fields.amountPence === null ? null : formatPounds(fields.amountPence),
            startsOn: fields.startsOn, endsOn: fields.endsOn } });
        return id;
      });
    },

    /** Takes an allocation off its stream; returns the stream's id. */
    async removeAllocation(partnership: Partnership, allocationId: number, actor: Actor): Promise<number> {
      assertCanEdit(actor);
      return db.transaction(async (tx) => {
        const allocation = await fq.findAllocation(tx, partnership.id, allocationId);
        if (!allocation) throw new NotFoundError('Allocation');
        await findStream(tx, partnership, allocation.streamId, true);
        await fq.deleteAllocation(tx, allocationId);
        await fq.touchStream(tx, allocation.streamId);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'funding_stream', recordId: allocation.streamId,
          action: 'update', summary: `Removed an allocation of ${allocation.amountPence === null ? 'an amount not recorded' : formatPounds(allocation.amountPence)}`,
          before: { amount: allocation.amountPence === null ? null : formatPounds(allocation.amountPence), startsOn: allocation.startsOn, endsOn: allocation.endsOn } });
        return allocation.streamId;
      });
    },

    /** Who changed a stream and its allocations, and how: for members who may see drafts, like every history. */
    async history(partnership: Partnership, id: number, actor: Actor) {
      assertCanSeeHistory(actor);
      await findStream(db, partnership, id);
      return historyFor(db, 'funding_stream', id);
    },

    /** The funding given to one initiative, for its page (the plans feature has checked the viewer may see it). */
    forInitiative: (partnership: Partnership, initiativeId: number): Promise<InitiativeFunding[]> => fq.fundingOfInitiative(db, partnership.id, initiativeId),
  };
}

/** A stream as its history shows it: amounts, years and choices in words, as on its page. */
function snapshotOf(f: StreamFields) {
  return {
    name: f.name, amount: formatPounds(f.amountPence), funder: f.funder, funderIdentifier: f.funderIdentifier, programme: f.programme,
    financialYears: f.financialYears.map(yearLabel).join(', ') || null,
    recurrence: f.recurrence === 'recurring' ? 'Recurring' : f.recurrence === 'one_off' ? 'One-off' : null,
    recipient: f.recipient, recipientIdentifier: f.recipientIdentifier, purpose: f.purpose, conditions: f.conditions,
    internalNotes: f.internalNotes, awardedOn: f.awardedOn, endsOn: f.endsOn,
  };
}

function fieldsOf(values: StreamFormValues | StreamFields): StreamFields {
  if (typeof (values as StreamFields).amountPence === 'number') return values as StreamFields;
  const parsed = parseStream(values as StreamFormValues);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  return parsed.fields;
}

export type FundingService = ReturnType<typeof fundingService>;
