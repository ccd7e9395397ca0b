// The search pages: /search (every partnership, or one) and the API's search of one partnership.
// Each partnership is searched as the person asking is known there (their role, or the public).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { actorFor } from '../../platform/auth/actor.ts';
import { ValidationError } from '../../platform/errors.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams, queryValue } from '../../platform/http/schemas.ts';
import { yearLabel } from '../partnerships/years.ts';
import { ErrorBody } from '../api/schemas.ts';
import { KIND_LABELS, SEARCH_KINDS } from './kinds.ts';
import { kindParam, pageParam, textParam, yearParam } from './params.ts';
import type { SearchFilters, SearchResults } from './service.ts';

const pageQuery = z.object({ q: textParam, partnership: queryValue.optional(), kind: kindParam, year: yearParam, page: pageParam });

const SearchHit = z.object({
  kind: z.enum(SEARCH_KINDS), title: z.string(),
  snippet: z.string().describe('Words around the matches, as plain text'),
  year: z.string().nullable().describe('The plan year the record belongs to, e.g. 2022-23; null where it has none'),
  url: z.string().describe('The record’s page in the web app'),
}).meta({ id: 'SearchHit' });

const SearchAnswer = z.object({
  total: z.number().int().describe('How many records match (with the kind and year filters)'),
  page: z.number().int(), pages: z.number().int(),
  kinds: z.array(z.object({ kind: z.enum(SEARCH_KINDS), count: z.number().int() })).describe('Matches by kind, within the year filter'),
  results: z.array(SearchHit).describe('Best matches first: words in a title weigh more than words in the text'),
}).meta({ id: 'SearchResults' });

/** Address of the results with one filter changed (a count by kind links to its results). */
function linkTo(base: Record<string, string | undefined>, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...change })) if (v) params.set(k, v);
  return `/search?${params.toString()}`;
}

export async function searchRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/search', { config: { access: 'public' }, schema: { querystring: pageQuery } }, async (request, reply) => {
    const { q, partnership: slugFilter, kind, year, page } = request.query;
    const all = await services.partnerships.list();
    const chosen = slugFilter ? all.find((p) => p.slug === slugFilter) : undefined;
    if (slugFilter && !chosen) throw new ValidationError([{ field: 'partnership', message: 'There is no partnership with that name: choose one from the list' }]);
    const filters: SearchFilters = { text: q, kind: kind ?? null, year: year ?? null, page: page ?? 1 };
    const scope = (chosen ? [chosen] : all).map((p) => ({ partnership: p, actor: actorFor(request.user, p.id) }));
    const found: SearchResults | null = q.trim() ? await services.search.search(scope, filters) : null;
    const current = { q, partnership: chosen?.slug, kind, year: year === undefined ? undefined : yearLabel(year) };
    return reply.page('search/views/search.njk', {
      pageTitle: q.trim() ? `Search results for ${q.trim()}` : 'Search', q, searchText: q, found, current, kindLabel: kind ? KIND_LABELS[kind].many : null,
      problem: found && !found.searched ? 'Enter words to search for, using letters or numbers' : null,
      partnerships: [{ value: '', text: 'All partnerships' }, ...all.map((p) => ({ value: p.slug, text: p.name, selected: p.slug === chosen?.slug }))],
      kinds: [{ value: '', text: 'All kinds' }, ...SEARCH_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k].many, selected: k === kind }))],
      years: [{ value: '', text: 'Any year' }, ...(found?.years ?? []).map((y) => ({ value: yearLabel(y.year), text: `${yearLabel(y.year)} (${y.count})`, selected: y.year === year }))
        .concat(year !== undefined && !found?.years.some((y) => y.year === year) ? [{ value: yearLabel(year), text: yearLabel(year), selected: true }] : [])],
      kindLinks: (found?.kinds ?? []).map((k) => ({ ...k, href: linkTo(current, { kind: k.kind, page: undefined }), current: k.kind === kind })),
      allKindsHref: linkTo(current, { kind: undefined }),
      pageLinks: found && found.pages > 1 ? {
        previous: found.page > 1 ? linkTo(current, { page: String(found.page - 1) }) : null,
        next: found.page < found.pages ? linkTo(current, { page: String(found.page + 1) }) : null,
      } : null,
    });
  });

  app.get('/api/v1/partnerships/:slug/search', {
    config: { access: 'public' },
    schema: {
      operationId: 'search', summary: 'Search the partnership’s plans, updates, measures, funding, meetings, minutes, actions and documents', tags: ['search'],
      description: 'Finds what the caller may read: without a session, published records only; with a role in the partnership, what that role may see.',
      params: partnershipParams, querystring: z.object({ q: textParam, kind: kindParam, year: yearParam, page: pageParam }),
      response: { 200: SearchAnswer, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { partnership, actor } = scopeOf(request);
    const { q, kind, year, page } = request.query;
    if (!q.trim()) throw new ValidationError([{ field: 'q', message: '“q” in the web address is missing: give the words to search for' }]);
    const found = await services.search.search([{ partnership, actor }], { text: q, kind: kind ?? null, year: year ?? null, page: page ?? 1 });
    if (!found.searched) throw new ValidationError([{ field: 'q', message: '“q” in the web address has no words: use letters or numbers' }]);
    return {
      total: found.total, page: found.page, pages: found.pages, kinds: found.kinds.map((k) => ({ kind: k.kind, count: k.count })),
      results: found.results.map((r) => ({ kind: r.kind, title: r.title, snippet: r.snippet, year: r.year === null ? null : yearLabel(r.year), url: r.url })),
    };
  });
}
