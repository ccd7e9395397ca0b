// Shape of the demo partnership file (demo/scp.json). The demo loader reads this and writes it
// through the same services a user would, so the demo is also a test of the services.
// The demo states only what its source documents state: what they leave out is null or empty here.

export type OrganisationKind =
  | 'council' | 'police' | 'fire' | 'probation' | 'health' | 'county_council' | 'housing'
  | 'charity' | 'education' | 'military' | 'business' | 'other';

export type BodyKind = 'partnership' | 'strategic_board' | 'delivery_board' | 'task_group' | 'team' | 'scrutiny_committee' | 'other';
export type BodyRole = 'chair' | 'deputy_chair' | 'member';
export type FrameworkKind = 'pcc_plan' | 'county_strategy' | 'council_plan' | 'other';
export type InitiativeStatus = 'planned' | 'active' | 'completed' | 'delayed' | 'cancelled';
export type TimingKind = 'dates' | 'ongoing' | 'business_as_usual' | 'various' | 'not_recorded';

export interface DemoPartnership {
  partnership: {
    slug: string; name: string; shortName: string; policeForce: string; // police.uk force slug, e.g. "essex"
    planYearStartMonth: number; assessmentYearStartMonth: number;
    areas: { code: string; name: string }[];
  };
  /**
   * key is a short stable id used only inside this file (usually the acronym). asWritten lists the
   * names the source plans use for it ("CBC Community Safety Team"), so the demo can be checked against them.
   */
  organisations: { key: string; name: string; acronym: string | null; kind: OrganisationKind; asWritten?: string[] }[];
  /** Words the plans write where a lead goes but that name no one ("Partners", "LA Partners"): no lead is recorded for them. */
  leadsNamingNoOne?: string[];
  /** plan year label ("2022-23") → members that year. */
  memberships: Record<string, { org: string; statutory: boolean }[]>;
  /** The partnership itself, its boards and teams; keys are distinct from organisation keys, and they may lead initiatives. */
  bodies: {
    key: string; name: string; kind: BodyKind; asWritten?: string[];
    members: { name: string; org: string | null; role: BodyRole; termStart: string | null; termEnd: string | null }[];
  }[];
  frameworks: {
    key: string; name: string; kind: FrameworkKind; versionLabel: string;
    startsOn: string | null; endsOn: string | null; // ISO dates, when the sources give them
    owner: string;                    // e.g. "Police, Fire and Crime Commissioner for Essex"
    asWritten?: string[];             // the names the plans give it
    /** Sections with their own commitments and one "So that" outcome, as the framework is written. */
    sections?: { title: string; commitments: string[]; outcome: string | null }[];
    items: { number: string; title: string; commitments: string[]; outcome: string | null }[];
  }[];
  plans: DemoPlan[];
}

export interface DemoPlan {
  year: string;                 // "2022-23"
  frameworks: string[];         // framework keys in force that year
  status: 'draft' | 'approved' | 'published';
  approvedBy: string | null;    // body key
  approvedOn: string | null;    // ISO date; null: not recorded
  publishedOn?: string | null;  // ISO date; null or missing: not recorded
  introduction: string;
  otherSection: string;         // our words on the work outside the key priorities
  priorities: {
    /** "key" (the default) is numbered; "cross_cutting" is the one unnumbered section for work outside the key priorities. */
    kind?: 'key' | 'cross_cutting';
    number: number | null; title: string; commitments: string[]; evidence: string;
    objectives: { title: string; initiatives: DemoInitiative[] }[];
    initiatives: DemoInitiative[]; // initiatives with no objective (years before 2022-23)
  }[];
}

export interface DemoInitiative {
  key: string;                  // stable across years for the same initiative, e.g. "mac-panel"
  name: string;
  leads: string[];              // organisation or body keys, only as the plan names them
  supports: string[];           // organisation or body keys named in the plan's row
  timingKind: TimingKind;
  startsOn: string | null; endsOn: string | null; // ISO dates when known
  timingText: string | null;    // as written, e.g. "April 2020 – ongoing"; kind not_recorded when the plan gives none
  description: string;          // our own words
  outcomes: string;             // our own words, figures kept
  status: InitiativeStatus;
  statusReason: string | null;
  priorityRefs: number[];       // the partnership's own priorities this serves ("1 & 2" → [1, 2])
  frameworkItems: { framework: string; number: string }[];
  crimeTypes: string[];         // police.uk crime type names
  wards: string[];              // ward names
  previousKey: string | null;   // key of the same initiative in the previous year's plan
}

/** demo/scp.meetings.json: meetings of the partnership's bodies, as the seed papers record them. */
export interface DemoMeetings {
  meetings: {
    /** The body's name, as in the demo partnership. */
    body: string; date: string; startsAt: string | null; venue: string; status: 'scheduled' | 'held' | 'cancelled' | 'adjourned';
    /** In agenda order: standard items of the body's template (by key), or an item of its own. */
    agenda: ({ standard: string[] } | { title: string; description: string; part: 'A' | 'B'; exemptionParagraph?: string })[];
    /** Names as the minutes give them; a name that is a member of the body is recorded against that member. Null: not recorded. */
    attendance: { present: string[]; apologies: string[]; substitutes: { name: string; for: string }[]; alsoPresent: string[] } | null;
    /** `item` is the number of the agenda item a minute is about, or null. */
    minutes: { number: number; item: number | null; title: string; text: string; resolutions: string[] }[];
    /** Published (the papers were public), on a date the sources do not give. */
    minutesPublished: boolean;
  }[];
}

/**
 * demo/scp.actions.json: what was promised at the committee's meetings, as the seed minutes record it.
 * `evidence` is a few words of the seed each item rests on (checked by the facts test, never shown).
 */
export interface DemoActions {
  actions: {
    /** The body's name and the minute's number. */
    body: string; minute: number;
    kind: 'action' | 'recommendation'; description: string;
    ownerName: string; ownerOrganisation: string;
    recommendedTo: 'cabinet' | 'council' | 'partner' | null; partnerName: string;
    /** Only when the seed gives a date; otherwise null (and never overdue). */
    dueOn: string | null;
    /** Only when the seed shows the answer: who gave it, when, what was done. */
    response: { by: string; on: string; text: string; evidence: string } | null;
    evidence: string;
  }[];
}

/** demo/scp.ccfa.json: an illustrative Councillor Call for Action (the seeds hold none), with no dates. */
export interface DemoCcfa {
  note: string;
  matters: {
    /** Not a real councillor: a demonstration name; `email` is a demo account's, which then follows it signed in. */
    councillor: string; email: string; ward: string; matter: string; location: string; tried: string;
    decision: { qualifies: boolean; reason: string };
    /** What the councillor is told, when the illustration goes that far. */
    notification: string | null;
    closed: boolean;
  }[];
}

/** demo/scp.glossary.json: the partnership's glossary, only terms whose meaning the seeds state. */
export interface DemoGlossary {
  about: string;
  terms: { term: string; meaning: string }[];
}
