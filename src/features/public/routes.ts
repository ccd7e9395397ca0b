// The public partnership site's "Your area": the wards of the partnership's districts as a list, a
// map of links and a search by street, place or ward name, and each ward's crime page. No sign-in;
// every figure comes from the assessment service already protected (small counts hidden).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams, query, slug } from '../../platform/http/schemas.ts';
import { countText } from '../assessment/analysis/service.ts';
import { wardLinkMap } from '../assessment/analysis/charts/ward-links.ts';
import { searchArea } from './area-search.ts';
import type { Partnership } from '../partnerships/service.ts';
import { monthRows, wardMonthlyChart } from './ward-chart.ts';

/** An ONS ward code (England E05…, Wales W05…); anything else names no ward. */
export const wardCode = z.string().regex(/^[EW]05\d{6}$/, 'Ward not found').meta({ description: 'The ONS ward code, e.g. E05004142', example: 'E05004142' });
export const wardParams = z.object({ slug, wardCode });

const PUBLIC = 'public' as const;

/** A change in % as the public reads it: "up 12.5%", "down 3.0%", "no change". */
export function changeText(pct: number | null): string {
  if (pct === null) return '–';
  const r = Math.round(pct * 10) / 10;
  if (r === 0) return 'no change';
  return `${r > 0 ? 'up' : 'down'} ${Math.abs(r).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** Wards by name, then streets and places from the assessment's index of police.uk locations, best first. */
export const findPlaces = (services: Services, partnership: Partnership, text: string) =>
  searchArea(services.assessment.wards, partnership, text, 20, (p, t, n) => services.assessment.placesMatching(p.id, t, n));

const rateText = (n: number | null): string => (n === null ? 'not available' : n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

export async function publicAreaRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const wards = services.assessment.wards;

  // Not in the page cache: ward boundaries are imported for the whole instance, outside any partnership's change stamp.
  app.get('/p/:slug/area', { config: { access: PUBLIC }, schema: { params: partnershipParams, querystring: query('q') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const base = `/p/${scope.partnership.slug}/area`;
    const text = (request.query.q ?? '').trim();
    const [list, shapes] = await Promise.all([wards.wards(scope.partnership), services.boundaries.wards(scope.partnership.areas.map((a) => a.code))]);
    const map = wardLinkMap(shapes, { id: 'map-ward-links', title: `Wards of ${scope.partnership.areas.map((a) => a.name).join(' and ')}: choose one to see its crime figures`, hrefOf: (code) => `${base}/${code}` });
    const results = text ? await findPlaces(services, scope.partnership, text) : null;
    const districts = [...new Set(list.map((w) => w.districtName))];
    return reply.page('public/views/area.njk', {
      ...scope, pageTitle: text ? `Search results for “${text}”: your area` : 'Your area', base, text, results, map,
      groups: districts.map((d) => ({ district: d, wards: list.filter((w) => w.districtName === d) })),
    });
  });

  app.get('/p/:slug/area/:wardCode', { config: { access: PUBLIC, publicCache: true }, schema: { params: wardParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const profile = await wards.profile(scope.partnership, request.params.wardCode);
    const ward = profile?.ward ?? await wards.ward(scope.partnership, request.params.wardCode);
    const chart = profile ? await wardMonthlyChart(profile) : null;
    return reply.page('public/views/ward.njk', {
      ...scope, pageTitle: `Crime in ${ward.name}`, ward, p: profile, chart, months: profile ? monthRows(profile) : [],
      areaHref: `/p/${scope.partnership.slug}/area`, apiHref: `/api/v1/public/partnerships/${scope.partnership.slug}/wards/${ward.code}`,
      count: countText, change: changeText, rate: rateText,
    });
  });
}
