import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams } from '../../platform/http/schemas.ts';
import { planParams } from '../plans/params.ts';
import { optionalSession } from './openapi.ts';
import { ErrorBody, FrameworkList, Partnership, PartnershipList, Plan, PlanList } from './schemas.ts';
import * as s from './serialise.ts';
import { initiativeParams } from '../plans/params.ts';
import { UpdateList, updateList } from '../delivery/api-schema.ts';

// The read-only JSON API. Errors become `{ error }` in the app's error handler (it answers JSON for /api/);
// the OpenAPI document at /api/openapi.json is generated from these routes' schemas.

function noStoreIf(reply: FastifyReply, unpublished: boolean) {
  // The same URL answers differently with and without a session.
  reply.header('vary', 'cookie');
  if (unpublished) reply.header('cache-control', 'no-store');
}

const PUBLIC = { access: 'public' } as const;

export async function apiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const bases: s.Bases = { api: `${app.prefix}/v1`, html: '' };

  // Built on first request, when every route (and so every schema) is known.
  app.get('/openapi.json', { config: PUBLIC, schema: { summary: 'This document', operationId: 'getOpenApi' } }, async () => plain.swagger());

  app.get('/v1/partnerships', {
    config: PUBLIC,
    schema: { operationId: 'listPartnerships', summary: 'All partnerships on this instance', tags: ['partnerships'], response: { 200: PartnershipList } },
  }, async () => {
    const partnerships = await services.partnerships.list();
    return { partnerships: partnerships.map((p) => s.partnershipSummary(p, bases)) };
  });

  app.get('/v1/partnerships/:slug', {
    config: PUBLIC,
    schema: {
      operationId: 'getPartnership', summary: 'One partnership with its organisations and bodies', tags: ['partnerships'],
      params: partnershipParams, response: { 200: Partnership, 404: ErrorBody },
    },
  }, async (request) => {
    const { partnership } = scopeOf(request);
    const [organisations, bodies] = await Promise.all([
      services.partnerships.organisations(partnership.id), services.partnerships.bodies(partnership.id),
    ]);
    return s.partnershipDetail(partnership, organisations, bodies, bases);
  });

  app.get('/v1/partnerships/:slug/frameworks', {
    config: PUBLIC,
    schema: {
      operationId: 'listFrameworks', summary: "Frameworks the partnership's plans map to, with their numbered items", tags: ['partnerships'],
      params: partnershipParams, response: { 200: FrameworkList, 404: ErrorBody },
    },
  }, async (request) => s.frameworkList(await services.frameworks.list(scopeOf(request).partnership.id)));

  app.get('/v1/partnerships/:slug/plans', {
    config: PUBLIC,
    schema: {
      operationId: 'listPlans', summary: 'Plans the caller may see, newest first', tags: ['plans'], security: optionalSession,
      params: partnershipParams, response: { 200: PlanList, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const plans = await services.plans.list(partnership, actor);
    noStoreIf(reply, s.includesUnpublished(plans.map((p) => p.status)));
    return { plans: plans.map((p) => s.planSummary(partnership.slug, p, bases)) };
  });

  app.get('/v1/partnerships/:slug/plans/:year', {
    config: { ...PUBLIC, publicCache: true },
    schema: {
      operationId: 'getPlan', summary: 'One plan: priorities, objectives and initiatives', tags: ['plans'], security: optionalSession,
      description: 'A plan the caller may not see is reported as not found, the same as one that does not exist.',
      params: planParams, response: { 200: Plan, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const plan = await services.plans.get(partnership, request.params.year, actor);
    noStoreIf(reply, s.includesUnpublished([plan.status]));
    return s.planDetail(partnership.slug, plan, bases);
  });

  app.get('/v1/partnerships/:slug/initiatives/:id/updates', {
    config: PUBLIC,
    schema: {
      operationId: 'listInitiativeUpdates', summary: 'Progress updates on one initiative, newest first', tags: ['delivery'], security: optionalSession,
      description: 'Without a role in the partnership: only updates for publication, and only on initiatives of published plans. '
        + 'An initiative the caller may not see is reported as not found.',
      params: initiativeParams, response: { 200: UpdateList, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const { plan, updates } = await services.delivery.timeline(partnership, request.params.id, actor);
    noStoreIf(reply, plan.status !== 'published' || updates.some((u) => !u.forPublication));
    return updateList(updates);
  });
}
