// The read-only tracker API: a partnership's actions and recommendations, as its tracker page shows them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { slug } from '../../platform/http/schemas.ts';
import { ErrorBody } from '../api/schemas.ts';
import { optionalSession } from '../api/openapi.ts';
import { ACTION_STATUSES, type ActionView } from './service.ts';
import { ActionList } from './api-schema.ts';

/** An item in the API's shape (also used for the actions of a meeting's minutes). */
export const actionJson = (partnershipSlug: string, a: ActionView) => ({
  id: a.id, kind: a.kind, description: a.description,
  owner: a.kind === 'action' ? { name: a.ownerName, organisation: a.ownerOrganisation } : null,
  recommendedTo: a.recommendedTo, partnerName: a.recommendedTo === 'partner' ? a.partnerName : null,
  dueOn: a.dueOn, status: a.status, overdue: a.overdue,
  concerns: a.concernsKind && a.concernsRef ? { kind: a.concernsKind, ref: a.concernsRef, label: a.concernsLabel ?? '' } : null,
  response: a.closedOn ? { by: a.responseBy ?? '', on: a.closedOn, text: a.response ?? '' } : null,
  minute: { id: a.minute.id, minuteNumber: a.minute.minuteNumber, meetingId: a.minute.meetingId, meetingDate: a.minute.meetsOn, body: { id: a.minute.body.id, name: a.minute.body.name } },
  links: { html: `/p/${partnershipSlug}/actions/${a.id}`, meeting: `/api/v1/meetings/${a.minute.meetingId}` },
});

export async function actionApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/api/v1/partnerships/:slug/actions', {
    config: { access: 'public' },
    schema: {
      operationId: 'listActions', summary: 'The actions and recommendations tracker', tags: ['meetings'], security: optionalSession,
      description: 'Actions promised and recommendations made at meetings, with their responses. Items of exempt (Part B) minutes, '
        + 'and of minutes not yet published, are listed only for the members and officers of the body.',
      params: z.object({ slug }),
      querystring: z.object({ status: z.enum(ACTION_STATUSES).optional().describe('open, closed or overdue (open after the due date); all when absent') }),
      response: { 200: ActionList, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const items = await services.actions.list(partnership, actor, { status: request.query.status });
    reply.header('vary', 'cookie');
    if (services.actions.canEdit(actor)) reply.header('cache-control', 'no-store');
    return { actions: items.map((a) => actionJson(partnership.slug, a)) };
  });
}
