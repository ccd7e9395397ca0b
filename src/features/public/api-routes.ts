// The public "Your area" API: places matching a text, and one ward's figures as its page shows them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams, queryValue } from '../../platform/http/schemas.ts';
import { NoCrimeDataError } from '../assessment/analysis/service.ts';
import { ErrorBody } from '../api/schemas.ts';
import { findPlaces, wardParams } from './routes.ts';
import { PlaceList, WardFigures, wardFiguresJson } from './api-schema.ts';

export async function publicAreaApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const wards = services.assessment.wards;

  app.get('/api/v1/public/partnerships/:slug/places', {
    config: { access: 'public' },
    schema: {
      operationId: 'listPlaces', summary: 'Streets, places and wards of the partnership’s area matching a text, best first', tags: ['public'],
      description: 'Streets and places come from the locations police.uk gives its crimes ("On or near Magdalen Street"); each names the ward it lies in.',
      params: partnershipParams, querystring: z.object({ q: queryValue.meta({ description: 'A street, place or ward name, or part of one', example: 'Magdalen' }) }),
      response: { 200: PlaceList, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => ({ places: await findPlaces(services, scopeOf(request).partnership, request.query.q) }));

  app.get('/api/v1/public/partnerships/:slug/wards/:wardCode', {
    config: { access: 'public', publicCache: true },
    schema: {
      operationId: 'getWardFigures', summary: 'One ward’s crime figures, as on its public page', tags: ['public'],
      description: 'The latest 12 months held against the 12 before, by crime type and by month, with the ward’s rate beside its district’s. '
        + 'Counts of 1 to 4 are `{ "fewerThan": 5 }`; a larger count hidden so that a small one cannot be worked out from the total is `{ "withheld": true }`.',
      params: wardParams, response: { 200: WardFigures, 404: ErrorBody },
    },
  }, async (request) => {
    const { partnership } = scopeOf(request);
    const profile = await wards.profile(partnership, request.params.wardCode);
    if (!profile) throw new NoCrimeDataError(`No police.uk crime data has been loaded for ${partnership.name}'s area yet.`);
    return wardFiguresJson(profile, `/p/${partnership.slug}/area/${profile.ward.code}`);
  });
}
