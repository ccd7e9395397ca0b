// Shape of the demo partnership file (demo/scp.json). The demo loader reads this and writes it
// through the same services a user would, so the demo is also a test of the services.

export type OrganisationKind =
  | 'council' | 'police' | 'fire' | 'probation' | 'health' | 'county_council' | 'housing'
  | 'charity' | 'education' | 'military' | 'business' | 'other';

export type BodyKind = 'strategic_board' | 'delivery_board' | 'task_group' | 'scrutiny_committee' | 'other';
export type BodyRole = 'chair' | 'deputy_chair' | 'member';
export type FrameworkKind = 'pcc_plan' | 'county_strategy' | 'council_plan' | 'other';
export type InitiativeStatus = 'planned' | 'active' | 'completed' | 'delayed' | 'cancelled';
export type TimingKind = 'dates' | 'ongoing' | 'business_as_usual' | 'various';

export interface DemoPartnership {
  partnership: {
    slug: string; name: string; shortName: string; policeForce: string; // police.uk force slug, e.g. "essex"
    planYearStartMonth: number; assessmentYearStartMonth: number;
    areas: { code: string; name: string }[];
  };
  /** key is a short stable id used only inside this file (usually the acronym). */
  organisations: { key: string; name: string; acronym: string | null; kind: OrganisationKind }[];
  /** plan year label ("2022-23") → members that year. */
  memberships: Record<string, { org: string; statutory: boolean }[]>;
  bodies: {
    key: string; name: string; kind: BodyKind;
    members: { name: string; org: string | null; role: BodyRole; termStart: string | null; termEnd: string | null }[];
  }[];
  frameworks: {
    key: string; name: string; kind: FrameworkKind; versionLabel: string;
    startsOn: string; endsOn: string; // ISO dates
    owner: string;                    // e.g. "Police, Fire and Crime Commissioner for Essex"
    items: { number: string; title: string; commitments: string[]; outcome: string | null }[];
  }[];
  plans: DemoPlan[];
}

export interface DemoPlan {
  year: string;                 // "2022-23"
  frameworks: string[];         // framework keys in force that year
  status: 'draft' | 'approved' | 'published';
  approvedBy: string | null;    // body key
  approvedOn: string | null;    // ISO date
  introduction: string;
  otherSection: string;         // vulnerabilities and opportunities outside the key priorities
  priorities: {
    number: number; title: string; commitments: string[]; evidence: string;
    objectives: { title: string; initiatives: DemoInitiative[] }[];
    initiatives: DemoInitiative[]; // initiatives with no objective (years before 2022-23)
  }[];
}

export interface DemoInitiative {
  key: string;                  // stable across years for the same initiative, e.g. "mac-panel"
  name: string;
  leads: string[];              // organisation keys
  supports: string[];           // organisation keys
  timingKind: TimingKind;
  startsOn: string | null; endsOn: string | null; // ISO dates when known
  timingText: string | null;    // as written, e.g. "April 2020 – ongoing"
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
