// JSON schemas of the API's responses: the components of the OpenAPI document, and (with their
// references resolved) the Fastify response schemas that serialise each reply. One source, so the
// document cannot drift from what the API sends, and no field outside the schema ever leaves.

export interface JsonSchema {
  $ref?: string;
  type?: JsonType | JsonType[];
  description?: string;
  format?: string;
  pattern?: string;
  enum?: readonly (string | number)[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  examples?: readonly unknown[];
}
type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

const REF_PREFIX = '#/components/schemas/';
const ref = (name: string): JsonSchema => ({ $ref: `${REF_PREFIX}${name}` });

const str = (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) });
const nullableStr = (description?: string): JsonSchema => ({ type: ['string', 'null'], ...(description ? { description } : {}) });
const date = (description: string): JsonSchema => ({ type: ['string', 'null'], format: 'date', description });
const list = (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) });
/** An object whose listed properties are all required (nullable ones say so in their type). */
const obj = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({
  type: 'object', properties, required: Object.keys(properties), ...(description ? { description } : {}),
});

const PLAN_STATUSES = ['draft', 'approved', 'published', 'revising'] as const;
const INITIATIVE_STATUSES = ['planned', 'active', 'completed', 'delayed', 'cancelled'] as const;
const TIMING_KINDS = ['dates', 'ongoing', 'business_as_usual', 'various', 'not_recorded'] as const;
const YEAR: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}$', description: 'Plan year, April to March', examples: ['2022-23'] };

export const components = {
  Error: {
    type: 'object', required: ['error'],
    properties: { error: str('What went wrong, in words a person can act on'), requestId: str('Quote this when reporting a problem') },
  },
  Links: obj({ self: str('This resource in the API'), html: str('The same resource as a web page') }),
  Area: obj({ code: str('Local authority district GSS code, e.g. E07000071'), name: str() }),
  OrganisationRef: obj({ name: str(), acronym: nullableStr() }),
  BodyRef: obj({ name: str('A body or team of the partnership, or the partnership itself') }),

  PartnershipSummary: obj({
    slug: str('Identifier used in URLs'), name: str(), shortName: str(), policeForce: str('police.uk force identifier'),
    areas: list(ref('Area')), links: ref('Links'),
  }),
  PartnershipList: obj({ partnerships: list(ref('PartnershipSummary')) }),

  Organisation: obj({ name: str(), acronym: nullableStr(), kind: str('council, police, fire, probation, health, …') }),
  BodyMember: obj({
    name: str('The person'), organisation: nullableStr('Name of the organisation they represent'),
    role: { type: 'string', enum: ['chair', 'deputy_chair', 'member'] }, termStart: date('Start of term'), termEnd: date('End of term'),
  }),
  Body: obj({ name: str(), kind: str('partnership, strategic_board, delivery_board, task_group, team, scrutiny_committee or other'), members: list(ref('BodyMember')) }),
  Partnership: obj({
    slug: str(), name: str(), shortName: str(), policeForce: str(), areas: list(ref('Area')),
    planYearStartMonth: { type: 'integer', description: '1–12; plan years start in this month' },
    organisations: list(ref('Organisation')), bodies: list(ref('Body')), links: ref('Links'),
  }),

  FrameworkItem: obj({ number: str(), title: str(), commitments: list(str(), '"We will" commitments'), outcome: nullableStr('"So that" outcome') }),
  FrameworkSection: obj({ title: str(), commitments: list(str(), '"We will" commitments'), outcome: nullableStr('The section\'s one "So that" outcome') }),
  Framework: obj({
    name: str(), kind: str('pcc_plan, county_strategy, council_plan or other'), versionLabel: str(), owner: str(),
    startsOn: date('First day in force; null when not recorded'), endsOn: date('Last day in force; null when not recorded'),
    sections: list(ref('FrameworkSection'), 'Sections, for a framework written in sections'), items: list(ref('FrameworkItem')),
  }),
  FrameworkList: obj({ frameworks: list(ref('Framework')) }),

  PlanSummary: obj({
    year: YEAR, status: { type: 'string', enum: PLAN_STATUSES }, revision: { type: 'integer' },
    approvedOn: date('Date of approval; null when not recorded'), approvedBy: nullableStr('The body that approved the plan; null when not recorded'),
    initiativeCount: { type: 'integer' }, links: ref('Links'),
  }),
  PlanList: obj({ plans: list(ref('PlanSummary'), 'Newest first; drafts only for people with a role in the partnership') }),

  Timing: obj({
    kind: { type: 'string', enum: TIMING_KINDS }, startsOn: date('Start, when known'), endsOn: date('End, when known'),
    text: nullableStr('Timing as written in the plan, e.g. "April 2020 – ongoing"'),
  }),
  FrameworkItemRef: obj({ framework: str('Framework name'), number: str(), title: str() }),
  Initiative: obj({
    id: { type: 'integer' }, name: str(),
    leadOrganisations: list(ref('OrganisationRef')), supportingOrganisations: list(ref('OrganisationRef')),
    leadBodies: list(ref('BodyRef'), 'The partnership, its bodies or teams, where the plan names them as leads'),
    supportingBodies: list(ref('BodyRef')),
    timing: ref('Timing'), description: str(), outcomes: str(),
    status: { type: 'string', enum: INITIATIVE_STATUSES }, statusReason: nullableStr(),
    partnershipPriorities: list({ type: 'integer' }, "Numbers of the partnership's own priorities it serves"),
    frameworkItems: list(ref('FrameworkItemRef')), crimeTypes: list(str(), 'police.uk crime types'), wards: list(str()),
    previousInitiativeId: { type: ['integer', 'null'], description: "The same initiative in the previous year's plan" },
  }),
  Objective: obj({ title: str(), initiatives: list(ref('Initiative')) }),
  Priority: obj({
    kind: { type: 'string', enum: ['key', 'cross_cutting'], description: 'A key priority, or the one section for work outside the key priorities' },
    number: { type: ['integer', 'null'], description: 'Key priorities only; the section outside them has none' }, title: str(), commitments: list(str(), '"The partnership will:" commitments'),
    evidence: str('Evidence base from the strategic assessment'), objectives: list(ref('Objective')),
    initiatives: list(ref('Initiative'), 'Initiatives not under any objective'),
  }),
  Plan: obj({
    partnership: obj({ slug: str(), name: str(), shortName: str() }),
    year: YEAR, status: { type: 'string', enum: PLAN_STATUSES }, revision: { type: 'integer' },
    approvedOn: date('Date of approval; null when not recorded'), approvedBy: nullableStr('The body that approved the plan; null when not recorded'),
    publishedAt: nullableStr('When it was last published (UTC, ISO 8601); null when not recorded'),
    introduction: str(), otherSection: str('Vulnerabilities and opportunities outside the key priorities'),
    members: obj({ statutory: list(ref('OrganisationRef')), nonStatutory: list(ref('OrganisationRef')) }),
    frameworks: list(obj({ name: str(), kind: str(), versionLabel: str() }), 'Frameworks in force for the plan year'),
    priorities: list(ref('Priority')), links: ref('Links'),
  }),
} satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof components;

/** The schema with every component reference replaced by the component, for Fastify's serialiser. */
export function resolveRefs(schema: JsonSchema, seen: string[] = []): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.startsWith(REF_PREFIX) ? schema.$ref.slice(REF_PREFIX.length) : '';
    const target = (components as Record<string, JsonSchema>)[name];
    if (!target) throw new Error(`Unknown schema reference ${schema.$ref}`);
    if (seen.includes(name)) throw new Error(`Circular schema reference ${schema.$ref}`);
    return resolveRefs(target, [...seen, name]);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, seen)]));
  }
  if (schema.items) out.items = resolveRefs(schema.items, seen);
  return out;
}

export const responseSchema = (name: SchemaName) => ({
  200: resolveRefs(ref(name)),
});
