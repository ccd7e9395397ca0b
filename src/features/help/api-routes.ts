// GET /api/v1/public/partnerships/{slug}/services: the published help directory. Drafts never appear.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams } from '../../platform/http/schemas.ts';
import { ErrorBody } from '../api/schemas.ts';
import { CATEGORY_KEYS, HELP_KINDS } from './categories.ts';

const text = (description: string) => z.string().nullable().describe(`${description}; null when not recorded`);

const HelpServiceItem = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(HELP_KINDS).describe('A support service, a hate incident reporting centre or a safe place'),
  categories: z.array(z.enum(CATEGORY_KEYS as [string, ...string[]])).describe('The kinds of help it is listed under'),
  helpsWith: text('What it helps with'), whoFor: text('Who it is for'), phone: text('Phone number'), website: text('Website'),
  openingHours: text('Opening hours'), address: text('Address'),
  html: z.string().describe('Its public web page'),
}).meta({ id: 'HelpService' });

export const HelpServiceList = z.object({ services: z.array(HelpServiceItem) }).meta({ id: 'HelpServiceList' });

export async function helpApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/v1/public/partnerships/:slug/services', {
    config: { access: 'public', publicCache: true },
    schema: {
      operationId: 'listHelpServices', summary: 'Where to get help: support services, hate incident reporting centres and safe places', tags: ['public'],
      params: partnershipParams, response: { 200: HelpServiceList, 404: ErrorBody },
    },
  }, async (request) => {
    const { partnership } = scopeOf(request);
    const entries = await services.help.published(partnership);
    const orNull = (v: string) => v || null;
    return {
      services: entries.map((e) => ({
        id: e.id, name: e.name, kind: e.kind, categories: e.categories, helpsWith: orNull(e.helpsWith), whoFor: orNull(e.whoFor),
        phone: orNull(e.phone), website: orNull(e.website), openingHours: orNull(e.openingHours), address: orNull(e.address),
        html: `/p/${partnership.slug}/help/services/${e.id}`,
      })),
    };
  });
}
