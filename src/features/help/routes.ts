// The public help directory (no sign-in, no JavaScript needed): the emergency numbers first, then the
// kinds of help, each service's page, and the places to report hate incidents. Pages about domestic
// abuse and sexual violence carry the "leave this site quickly" button.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { id, partnershipParams, slug } from '../../platform/http/schemas.ts';
import { CATEGORIES, CATEGORY_KEYS, KIND_NAMES, NEEDS_QUICK_EXIT, QUICK_EXIT_URL, categoryName } from './categories.ts';

const PUBLIC = { access: 'public', publicCache: true } as const;
const categoryParams = z.object({ slug, category: z.string().refine((c) => CATEGORY_KEYS.includes(c), 'Page not found') });

export async function helpRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const V = 'help/views/';
  const common = { kindNames: KIND_NAMES, categoryName, quickExitUrl: QUICK_EXIT_URL };
  const helpCrumb = (slugOf: string) => ({ text: 'Where to get help', href: `/p/${slugOf}/help` });

  app.get('/p/:slug/help', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const categories = await services.help.byCategory(scope.partnership);
    return reply.page(`${V}index.njk`, { ...scope, ...common, pageTitle: 'Where to get help and how to report', categories });
  });

  app.get('/p/:slug/help/report', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const entries = await services.help.published(scope.partnership);
    return reply.page(`${V}report.njk`, {
      ...scope, ...common, pageTitle: 'How to report a crime or a hate incident', breadcrumbs: [helpCrumb(scope.partnership.slug)],
      reportingCentres: entries.filter((e) => e.kind === 'reporting_centre'), safePlaces: entries.filter((e) => e.kind === 'safe_place'),
    });
  });

  app.get('/p/:slug/help/services/:id', { config: PUBLIC, schema: { params: z.object({ slug, id: id('Service') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const entry = await services.help.publishedEntry(scope.partnership, request.params.id);
    return reply.page(`${V}entry.njk`, {
      ...scope, ...common, pageTitle: entry.name, entry, quickExit: entry.categories.some((c) => NEEDS_QUICK_EXIT.includes(c)),
      breadcrumbs: [helpCrumb(scope.partnership.slug)],
    });
  });

  app.get('/p/:slug/help/:category', { config: PUBLIC, schema: { params: categoryParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const category = CATEGORIES.find((c) => c.key === request.params.category)!;
    const entries = (await services.help.published(scope.partnership)).filter((e) => e.categories.includes(category.key));
    return reply.page(`${V}category.njk`, {
      ...scope, ...common, pageTitle: category.name, category, entries, quickExit: NEEDS_QUICK_EXIT.includes(category.key),
      breadcrumbs: [helpCrumb(scope.partnership.slug)],
    });
  });
}
