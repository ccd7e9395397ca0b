// Administration pages: the history of an organisation, body or user.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.ts';
import { MANAGE, adminScope, idParam } from './route-helpers.ts';

const HISTORY = { organisations: 'organisation', bodies: 'body', users: 'user' } as const;

export async function historyRoutes(app: FastifyInstance, { services }: { services: Services }) {
  for (const [section, recordType] of Object.entries(HISTORY)) {
    app.get(`/p/:slug/admin/${section}/:id/history`, MANAGE, async (request, reply) => {
      const scope = adminScope(request);
      const id = idParam(request.params, 'id', 'Record');
      const { name, history } = await services.partnershipAdmin.history(scope.partnership, recordType, id, scope.actor);
      const sectionName = section.charAt(0).toUpperCase() + section.slice(1);
      return reply.page('plans/views/history.njk', {
        ...scope, pageTitle: `History of ${name}`, heading: name, history, backHref: `${scope.base}/${section}`,
        breadcrumbs: [scope.adminCrumb, { text: sectionName, href: `${scope.base}/${section}` }],
      });
    });
  }
}
