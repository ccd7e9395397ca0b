// The OpenAPI document's front matter. Its paths and schemas are not written here: @fastify/swagger
// builds them from the routes' own zod schemas (params, query, responses), so the document describes
// exactly what the API checks and sends. Only routes under the API prefix are listed.
import type { SwaggerOptions } from '@fastify/swagger';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';

export function apiDocumentOptions(prefix: string): SwaggerOptions {
  const transform = createJsonSchemaTransform({});
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CSP Hub API',
        version: '1.0.0',
        description: 'Read-only access to Community Safety Partnerships: partnerships, frameworks, Annual Partnership Plans and the '
          + 'strategic assessment of crime. Without a session only published plans and public police.uk figures are visible; '
          + 'signed-in users with a role in the partnership also see drafts and partner figures. Errors are JSON `{ "error": "…" }`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      tags: [
        { name: 'partnerships', description: 'Partnerships, their organisations and bodies' },
        { name: 'plans', description: 'Annual Partnership Plans' },
        { name: 'assessment', description: 'Strategic Assessment of Crime from police.uk data' },
        { name: 'funding', description: 'The funding ledger: funding streams and their allocations to initiatives' },
        { name: 'meetings', description: 'Bodies, their meetings, agendas and minutes (exempt business withheld)' },
        { name: 'measures', description: 'Measures (KPIs) and their values per period' },
        { name: 'delivery', description: 'Progress updates on initiatives' },
        { name: 'search', description: 'Full-text search of what the caller may read' },
        { name: 'public', description: 'For residents, no sign-in: where to get help, Public Spaces Protection Orders, awareness campaigns' },
        { name: 'public', description: 'The public site’s “Your area”: places and ward figures, small counts hidden' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie set by signing in on the web' },
        },
      },
    },
    // The web pages have schemas too; the document is the API's only.
    transform: (route) => (route.url.startsWith(`${prefix}/`) ? transform(route) : { schema: { hide: true }, url: route.url }),
    transformObject: jsonSchemaTransformObject,
  };
}

/** Public data needs no sign-in; a session cookie from the web sign-in adds what the user's role may see. */
export const optionalSession: Record<string, string[]>[] = [{}, { session: [] }];
