// The OpenAPI 3.1 description of the read-only API, built from the same schemas that serialise it.

import { components, type JsonSchema, type SchemaName } from './schemas.ts';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { POPULATION_SERIES_IDS } from '../assessment/analysis-service.ts';

interface Parameter { name: string; in: 'path' | 'query'; required: boolean; description: string; schema: JsonSchema }
interface Operation {
  operationId: string; summary: string; description?: string; tags: string[];
  parameters?: Parameter[];
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; headers?: Record<string, { description: string; schema: JsonSchema }>; content?: Record<string, { schema: JsonSchema }> }>;
}
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  tags: { name: string; description: string }[];
  paths: Record<string, { get: Operation }>;
  components: {
    schemas: Record<string, JsonSchema>;
    securitySchemes: Record<string, { type: 'apiKey'; in: 'cookie'; name: string; description: string }>;
  };
}

const json = (name: SchemaName) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
const notFound = (what: string) => ({ description: `${what} not found`, content: json('Error') });

const slug: Parameter = { name: 'slug', in: 'path', required: true, description: 'The partnership, e.g. scp', schema: { type: 'string' } };
const year: Parameter = {
  name: 'year', in: 'path', required: true, description: 'Plan year label, e.g. 2022-23',
  schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
};
const monthParam = (name: string, description: string): Parameter =>
  ({ name, in: 'query', required: false, description, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } });
// Public data needs no sign-in; a session cookie from the web sign-in adds what the user's role may see.
const optionalSession: Record<string, string[]>[] = [{}, { session: [] }];
const noStore = { 'Cache-Control': { description: '`no-store` when the response includes a plan that is not published', schema: { type: 'string' } as JsonSchema } };

export function openApiDocument(prefix: string): OpenApiDocument {
  const v1 = `${prefix}/v1`;
  return {
    openapi: '3.1.0',
    info: {
      title: 'CSP Hub API',
      version: '1.0.0',
      description: 'Read-only access to Community Safety Partnerships: partnerships, frameworks and Annual Partnership Plans. '
        + 'Without a session only published plans are visible; signed-in users with a role in the partnership also see drafts. '
        + 'Errors are JSON `{ "error": "…" }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'partnerships', description: 'Partnerships, their organisations and bodies' },
      { name: 'plans', description: 'Annual Partnership Plans' },
      { name: 'assessment', description: 'Strategic Assessment of Crime from police.uk data' },
    ],
    paths: {
      [`${prefix}/openapi.json`]: {
        get: {
          operationId: 'getOpenApi', summary: 'This document', tags: [],
          responses: { 200: { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      [`${v1}/partnerships`]: {
        get: {
          operationId: 'listPartnerships', summary: 'All partnerships on this instance', tags: ['partnerships'],
          responses: { 200: { description: 'The partnerships', content: json('PartnershipList') } },
        },
      },
      [`${v1}/partnerships/{slug}`]: {
        get: {
          operationId: 'getPartnership', summary: 'One partnership with its organisations and bodies', tags: ['partnerships'],
          parameters: [slug],
          responses: { 200: { description: 'The partnership', content: json('Partnership') }, 404: notFound('Partnership') },
        },
      },
      [`${v1}/partnerships/{slug}/frameworks`]: {
        get: {
          operationId: 'listFrameworks', summary: "Frameworks the partnership's plans map to, with their numbered items", tags: ['partnerships'],
          parameters: [slug],
          responses: { 200: { description: 'The frameworks', content: json('FrameworkList') }, 404: notFound('Partnership') },
        },
      },
      [`${v1}/partnerships/{slug}/plans`]: {
        get: {
          operationId: 'listPlans', summary: 'Plans the caller may see, newest first', tags: ['plans'],
          parameters: [slug], security: optionalSession,
          responses: { 200: { description: 'The plans', headers: noStore, content: json('PlanList') }, 404: notFound('Partnership') },
        },
      },
      [`${v1}/partnerships/{slug}/plans/{year}`]: {
        get: {
          operationId: 'getPlan', summary: 'One plan: priorities, objectives and initiatives', tags: ['plans'],
          description: 'A plan the caller may not see is reported as not found, the same as one that does not exist.',
          parameters: [slug, year], security: optionalSession,
          responses: { 200: { description: 'The plan', headers: noStore, content: json('Plan') }, 404: notFound('Partnership or plan') },
        },
      },
      [`${v1}/partnerships/{slug}/assessment`]: {
        get: {
          operationId: 'getAssessment', summary: "Strategic assessment of crime for the partnership's area", tags: ['assessment'],
          description: 'Twelve months of police.uk crime against the twelve before: by crime type with the force-wide change, rates per 1,000, '
            + 'every district of the force ranked, wards and hotspots, and the monthly series. Anti-social behaviour is kept out of crime totals. '
            + 'Without `to` or `from`, the latest complete assessment year.',
          parameters: [slug,
            monthParam('to', 'Last month of a rolling 12 months, YYYY-MM'), monthParam('from', 'First month of the 12, YYYY-MM'),
            { name: 'population', in: 'query', required: false, schema: { type: 'string', enum: [...POPULATION_SERIES_IDS] },
              description: "The population base of the rates; without it, the partnership's choice for the year, else the estimate nearest the middle of the period that was published by its end" }],
          responses: {
            200: { description: 'The assessment', content: { 'application/json': { schema: ASSESSMENT_SCHEMA as unknown as JsonSchema } } },
            400: { description: 'A month that is not YYYY-MM, or an unknown population base', content: json('Error') },
            404: notFound('Partnership, or crime data for the period'),
          },
        },
      },
    },
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by signing in on the web' },
      },
    },
  };
}

const num = { type: ['number', 'null'] };
const ASSESSMENT_SCHEMA = {
  type: 'object',
  required: ['area', 'period', 'previous', 'completeness', 'crimeTypes', 'totalCrimes', 'totalAsb', 'ratePer1000', 'population', 'districts', 'wards'],
  properties: {
    area: { type: 'object' },
    period: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    previous: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    completeness: { type: 'object' },
    crimeTypes: { type: 'array', items: { type: 'object', required: ['type', 'count', 'previousCount', 'change', 'changePct', 'forceChangePct', 'ratePer1000'],
      properties: { type: { type: 'string' }, count: { type: 'integer' }, previousCount: { type: 'integer' }, change: num, changePct: num, forceChangePct: num, ratePer1000: num } } },
    totalCrimes: { type: 'integer' }, totalAsb: { type: 'integer' }, ratePer1000: num, population: num,
    populationBase: { type: 'object', required: ['series', 'published', 'chosenBy', 'statement'], description: 'The population the rates use: ONS series, publication dates, who chose it and why',
      properties: { series: { type: 'string', enum: [...POPULATION_SERIES_IDS] }, name: { type: 'string' }, label: { type: 'string' }, referenceDate: { type: 'string', format: 'date' },
        published: { type: 'string', format: 'date' }, lsoaPublished: { type: 'string', format: 'date' }, release: { type: 'string' },
        chosenBy: { type: 'string', enum: ['request', 'partnership', 'default'] }, reason: { type: 'string' }, statement: { type: 'string' },
        defaultSeries: { type: 'string' }, defaultReason: { type: 'string' },
        override: { type: ['object', 'null'], properties: { population: { type: 'integer' }, note: { type: ['string', 'null'] } } } } },
    districts: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, crimes: { type: 'integer' }, population: num, ratePer1000: num, rank: num,
      populationBase: { type: 'string', description: "The series, or 'override' for the partnership's own figure" } } } },
    wards: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, crimes: { type: 'integer' }, ratePer1000: num, populationBase: { type: 'string' } } } },
  },
} as const;
