import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { actorFor } from '../../platform/auth/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import { openApiDocument } from './openapi.ts';
import { responseSchema } from './schemas.ts';
import * as s from './serialise.ts';

// The read-only JSON API. Errors become `{ error }` in the app's error handler (it answers JSON for /api/).

function noStoreIf(reply: FastifyReply, unpublished: boolean) {
  // The same URL answers differently with and without a session.
  reply.header('vary', 'cookie');
  if (unpublished) reply.header('cache-control', 'no-store');
}

/** "2022-23" → 2022; any other label is a plan that does not exist. */
function planYear(label: string): number {
  const year = parseYearLabel(label);
  if (year === null) throw new NotFoundError('Plan');
  return year;
}

export async function apiRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const bases: s.Bases = { api: `${app.prefix}/v1`, html: '' };
  const document = openApiDocument(app.prefix);

  app.get('/openapi.json', { config: { access: 'public' } }, async () => document);

  app.get('/v1/partnerships', { config: { access: 'public' }, schema: { response: responseSchema('PartnershipList') } }, async () => {
    const partnerships = await services.partnerships.list();
    return { partnerships: partnerships.map((p) => s.partnershipSummary(p, bases)) };
  });

  app.get<{ Params: { slug: string } }>('/v1/partnerships/:slug', { config: { access: 'public' }, schema: { response: responseSchema('Partnership') } }, async (request) => {
    const partnership = await services.partnerships.bySlug(request.params.slug);
    const [organisations, bodies] = await Promise.all([
      services.partnerships.organisations(partnership.id), services.partnerships.bodies(partnership.id),
    ]);
    return s.partnershipDetail(partnership, organisations, bodies, bases);
  });

  app.get<{ Params: { slug: string } }>('/v1/partnerships/:slug/frameworks', { config: { access: 'public' }, schema: { response: responseSchema('FrameworkList') } }, async (request) => {
    const partnership = await services.partnerships.bySlug(request.params.slug);
    return s.frameworkList(await services.frameworks.list(partnership.id));
  });

  app.get<{ Params: { slug: string } }>('/v1/partnerships/:slug/plans', { config: { access: 'public' }, schema: { response: responseSchema('PlanList') } }, async (request, reply) => {
    const partnership = await services.partnerships.bySlug(request.params.slug);
    const plans = await services.plans.list(partnership, actorFor(request.user, partnership.id));
    noStoreIf(reply, s.includesUnpublished(plans.map((p) => p.status)));
    return { plans: plans.map((p) => s.planSummary(partnership.slug, p, bases)) };
  });

  app.get<{ Params: { slug: string; year: string } }>('/v1/partnerships/:slug/plans/:year', { config: { access: 'public' }, schema: { response: responseSchema('Plan') } }, async (request, reply) => {
    const partnership = await services.partnerships.bySlug(request.params.slug);
    const plan = await services.plans.get(partnership, planYear(request.params.year), actorFor(request.user, partnership.id));
    noStoreIf(reply, s.includesUnpublished([plan.status]));
    return s.planDetail(partnership.slug, plan, bases);
  });
}
