// The API's responses as zod schemas. Each route declares them, so they serialise every reply (no
// field outside the schema ever leaves) and @fastify/swagger writes the OpenAPI document from them:
// one source, so the document cannot drift from what the API sends. An `id` makes a schema a named
// component of the document.
import { z } from 'zod';

const str = (description?: string) => (description ? z.string().describe(description) : z.string());
const nullableStr = (description?: string) => (description ? z.string().nullable().describe(description) : z.string().nullable());
const date = (description: string) => z.string().nullable().describe(`${description} (YYYY-MM-DD)`);

const PLAN_STATUSES = ['draft', 'approved', 'published', 'revising'] as const;
const INITIATIVE_STATUSES = ['planned', 'active', 'completed', 'delayed', 'cancelled'] as const;
const TIMING_KINDS = ['dates', 'ongoing', 'business_as_usual', 'various', 'not_recorded'] as const;
const YEAR = z.string().regex(/^\d{4}-\d{2}$/).meta({ description: 'Plan year, April to March', examples: ['2022-23'] });

export const ErrorBody = z.object({
  error: str('What went wrong, in words a person can act on'),
  requestId: str('Quote this when reporting a problem').optional(),
}).meta({ id: 'Error' });

const Links = z.object({ self: str('This resource in the API'), html: str('The same resource as a web page') }).meta({ id: 'Links' });
const Area = z.object({ code: str('Local authority district GSS code, e.g. E07000071'), name: z.string() }).meta({ id: 'Area' });
const OrganisationRef = z.object({ name: z.string(), acronym: nullableStr() }).meta({ id: 'OrganisationRef' });
const BodyRef = z.object({ name: str('A body or team of the partnership, or the partnership itself') }).meta({ id: 'BodyRef' });

const PartnershipSummary = z.object({
  slug: str('Identifier used in URLs'), name: z.string(), shortName: z.string(), policeForce: str('police.uk force identifier'),
  areas: z.array(Area), links: Links,
}).meta({ id: 'PartnershipSummary' });
export const PartnershipList = z.object({ partnerships: z.array(PartnershipSummary) }).meta({ id: 'PartnershipList' });

const Organisation = z.object({ name: z.string(), acronym: nullableStr(), kind: str('council, police, fire, probation, health, …') }).meta({ id: 'Organisation' });
const BodyMember = z.object({
  name: str('The person'), organisation: nullableStr('Name of the organisation they represent'),
  role: str('chair, deputy_chair or member'), termStart: date('Start of term'), termEnd: date('End of term'),
}).meta({ id: 'BodyMember' });
const Body = z.object({ name: z.string(), kind: str('partnership, strategic_board, delivery_board, task_group, team, scrutiny_committee or other'), members: z.array(BodyMember) })
  .meta({ id: 'Body' });
export const Partnership = z.object({
  slug: z.string(), name: z.string(), shortName: z.string(), policeForce: z.string(), areas: z.array(Area),
  planYearStartMonth: z.number().int().describe('1–12; plan years start in this month'),
  organisations: z.array(Organisation), bodies: z.array(Body), links: Links,
}).meta({ id: 'Partnership' });

const FrameworkItem = z.object({
  number: z.string(), title: z.string(), commitments: z.array(z.string()).describe('"We will" commitments'), outcome: nullableStr('"So that" outcome'),
}).meta({ id: 'FrameworkItem' });
const FrameworkSection = z.object({
  title: z.string(), commitments: z.array(z.string()).describe('"We will" commitments'), outcome: nullableStr('The section\'s one "So that" outcome'),
}).meta({ id: 'FrameworkSection' });
const Framework = z.object({
  name: z.string(), kind: str('pcc_plan, county_strategy, council_plan or other'), versionLabel: z.string(), owner: z.string(),
  startsOn: date('First day in force; null when not recorded'), endsOn: date('Last day in force; null when not recorded'),
  sections: z.array(FrameworkSection).describe('Sections, for a framework written in sections'), items: z.array(FrameworkItem),
}).meta({ id: 'Framework' });
export const FrameworkList = z.object({ frameworks: z.array(Framework) }).meta({ id: 'FrameworkList' });

const PlanSummary = z.object({
  year: YEAR, status: z.enum(PLAN_STATUSES), revision: z.number().int(),
  approvedOn: date('Date of approval; null when not recorded'), approvedBy: nullableStr('The body that approved the plan; null when not recorded'),
  initiativeCount: z.number().int(), links: Links,
}).meta({ id: 'PlanSummary' });
export const PlanList = z.object({
  plans: z.array(PlanSummary).describe('Newest first; drafts only for people with a role in the partnership'),
}).meta({ id: 'PlanList' });

const Timing = z.object({
  kind: z.enum(TIMING_KINDS), startsOn: date('Start, when known'), endsOn: date('End, when known'),
  text: nullableStr('Timing as written in the plan, e.g. "April 2020 – ongoing"'),
}).meta({ id: 'Timing' });
const FrameworkItemRef = z.object({ framework: str('Framework name'), number: z.string(), title: z.string() }).meta({ id: 'FrameworkItemRef' });
const Initiative = z.object({
  id: z.number().int(), name: z.string(),
  leadOrganisations: z.array(OrganisationRef), supportingOrganisations: z.array(OrganisationRef),
  leadBodies: z.array(BodyRef).describe('The partnership, its bodies or teams, where the plan names them as leads'), supportingBodies: z.array(BodyRef),
  timing: Timing, description: z.string(), outcomes: z.string(),
  status: z.enum(INITIATIVE_STATUSES), statusReason: nullableStr(),
  partnershipPriorities: z.array(z.number().int()).describe("Numbers of the partnership's own priorities it serves"),
  frameworkItems: z.array(FrameworkItemRef), crimeTypes: z.array(z.string()).describe('police.uk crime types'), wards: z.array(z.string()),
  previousInitiativeId: z.number().int().nullable().describe("The same initiative in the previous year's plan"),
}).meta({ id: 'Initiative' });
const Objective = z.object({ title: z.string(), initiatives: z.array(Initiative) }).meta({ id: 'Objective' });
const Priority = z.object({
  kind: z.enum(['key', 'cross_cutting']).describe('A key priority, or the one section for work outside the key priorities'),
  number: z.number().int().nullable().describe('Key priorities only; the section outside them has none'),
  title: z.string(), commitments: z.array(z.string()).describe('"The partnership will:" commitments'),
  evidence: str('Evidence base from the strategic assessment'), objectives: z.array(Objective),
  initiatives: z.array(Initiative).describe('Initiatives not under any objective'),
}).meta({ id: 'Priority' });
export const Plan = z.object({
  partnership: z.object({ slug: z.string(), name: z.string(), shortName: z.string() }),
  year: YEAR, status: z.enum(PLAN_STATUSES), revision: z.number().int(),
  approvedOn: date('Date of approval; null when not recorded'), approvedBy: nullableStr('The body that approved the plan; null when not recorded'),
  publishedAt: nullableStr('When it was last published (UTC, ISO 8601); null when not recorded'),
  introduction: z.string(), otherSection: str('Vulnerabilities and opportunities outside the key priorities'),
  members: z.object({ statutory: z.array(OrganisationRef), nonStatutory: z.array(OrganisationRef) }),
  frameworks: z.array(z.object({ name: z.string(), kind: z.string(), versionLabel: z.string() })).describe('Frameworks in force for the plan year'),
  priorities: z.array(Priority), links: Links,
}).meta({ id: 'Plan' });
