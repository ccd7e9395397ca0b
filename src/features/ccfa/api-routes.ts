// The read-only Councillor Call for Action API: the same list as the page, with the same withholding.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams } from '../../platform/http/schemas.ts';
import { ErrorBody } from '../api/schemas.ts';
import { optionalSession } from '../api/openapi.ts';
import { CcfaList } from './api-schema.ts';

export async function ccfaApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/partnerships/:slug/ccfa', {
    config: { access: 'public' },
    schema: {
      operationId: 'listCcfa', summary: 'The partnership’s Councillor Calls for Action', tags: ['meetings'], security: optionalSession,
      description: 'Each matter’s ward, status, the dates of its steps, the meeting it went to and the committee’s outcome. What the councillor '
        + 'wrote, their name and e-mail address, and the reasons recorded are included only for the partnership’s coordinators and the councillor.',
      params: partnershipParams, response: { 200: CcfaList, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const { matters } = await services.ccfa.list(partnership, actor);
    reply.header('vary', 'cookie');
    if (matters.some((m) => m.private)) reply.header('cache-control', 'no-store');
    return { ccfa: matters.map((m) => ({
      id: m.id, ward: m.ward, status: m.status, qualified: m.qualified, submittedOn: m.submittedOn,
      meeting: m.meeting ? { id: m.meeting.id, date: m.meeting.meetsOn, body: m.meeting.bodyName } : null, outcome: m.outcome,
      steps: m.steps.map((s) => ({ state: s.state, date: s.onDate, reason: s.reason })), private: m.private,
      links: { html: `/p/${partnership.slug}/ccfa/${m.id}` },
    })) };
  });
}
