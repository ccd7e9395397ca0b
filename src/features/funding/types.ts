// The funding ledger's records as the service hands them out.

export const RECURRENCES = ['recurring', 'one_off'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** What a stream says; null where it is not recorded. */
export interface StreamFields {
  name: string;
  funder: string | null;
  /** A registered organisation identifier (org-id.guide), e.g. GB-GOR-D9; else a local one is made for exports. */
  funderIdentifier: string | null;
  programme: string | null;
  amountPence: number;
  /** Plan years the money is for, as the calendar year each starts in (2022 for 2022-23). */
  financialYears: number[];
  recurrence: Recurrence | null;
  recipient: string | null;
  recipientIdentifier: string | null;
  purpose: string | null;
  conditions: string | null;
  /** Members only (`view_drafts`): null for anyone else. */
  internalNotes: string | null;
  awardedOn: string | null;
  endsOn: string | null;
}

export interface StreamRow extends StreamFields {
  id: number;
  version: number;
  /** ISO 8601 in UTC, e.g. 2022-11-07T10:00:00Z. */
  updatedAt: string;
}

export interface AllocationFields { initiativeId: number; amountPence: number | null; startsOn: string | null; endsOn: string | null }
export interface AllocationRow extends AllocationFields { id: number; streamId: number }

/** An initiative as the viewer may see it: its published name and plan year. */
export interface InitiativeRef { id: number; name: string; year: string }

export interface Allocation extends AllocationRow {
  /** Null when the initiative is in a plan the viewer may not see (not yet published). */
  initiative: InitiativeRef | null;
}

export interface Stream extends StreamRow {
  allocations: Allocation[];
  /** The sum of the allocations whose amount is recorded. */
  allocatedPence: number;
  /** What is left to allocate; null when an allocation's amount is not recorded, so nobody can tell. */
  unallocatedPence: number | null;
}

/** A stream's money given to one initiative, as the initiative's page lists it. */
export interface InitiativeFunding {
  streamId: number; streamName: string; funder: string | null; amountPence: number | null; startsOn: string | null; endsOn: string | null;
}
