// The plan as read for pages, the API and documents: one nested, fully-resolved structure.

export type PlanStatus = 'draft' | 'approved' | 'published' | 'revising';
export type InitiativeStatus = 'planned' | 'active' | 'completed' | 'delayed' | 'cancelled';
export type TimingKind = 'dates' | 'ongoing' | 'business_as_usual' | 'various' | 'not_recorded';
/** A key priority is numbered and counted; the one section for work outside them is neither. */
export type PriorityKind = 'key' | 'cross_cutting';

export interface OrgRef { id: number; name: string; acronym: string | null }
/**
 * Who leads or supports an initiative: an organisation, or a body or team of the partnership
 * ("SCP", "Community Safety Delivery Board", "Neighbourhood Team"). Only organisations grant a
 * partner editor the right to edit, so the two are never confused.
 */
export type LeadRef = (OrgRef & { type: 'organisation' }) | { type: 'body'; id: number; name: string; acronym: null };
export interface FrameworkItemRef {
  id: number; frameworkId: number; frameworkName: string; frameworkKind: string; number: string; title: string;
}

export interface InitiativeDetail {
  id: number; planId: number; priorityId: number; objectiveId: number | null;
  name: string;
  leads: LeadRef[]; supports: LeadRef[];
  timingKind: TimingKind; startsOn: string | null; endsOn: string | null; timingText: string | null;
  description: string; outcomes: string;
  status: InitiativeStatus; statusReason: string | null;
  priorityRefs: number[];
  frameworkItems: FrameworkItemRef[];
  crimeTypes: string[]; wards: string[];
  previousInitiativeId: number | null;
  version: number;
}

export interface ObjectiveDetail { id: number; title: string; position: number; version: number; initiatives: InitiativeDetail[] }

export interface PriorityDetail {
  id: number; kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string; version: number;
  objectives: ObjectiveDetail[];
  /** Initiatives not under any objective. */
  initiatives: InitiativeDetail[];
}

export interface PlanDetail {
  id: number; partnershipId: number; partnershipName: string; partnershipShortName: string;
  year: string; // "2022-23"
  startYear: number;
  status: PlanStatus; revision: number;
  introduction: string; otherSection: string;
  /** An approval was recorded; a plan published without one has none, and must not claim one. */
  approved: boolean;
  approvedByBodyName: string | null; approvedOn: string | null; publishedAt: string | null;
  members: { statutory: OrgRef[]; nonStatutory: OrgRef[] };
  frameworks: { id: number; name: string; kind: string; versionLabel: string }[];
  priorities: PriorityDetail[];
  version: number;
}

/** Money from one funding stream given to an initiative, as the initiative's page lists it. */
export interface InitiativeFundingLine {
  streamId: number; streamName: string; funder: string | null; amountPence: number | null; startsOn: string | null; endsOn: string | null;
}
