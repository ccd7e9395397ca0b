import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { MANAGE, V, adminScope } from './admin/route-helpers.ts';
import { organisationRoutes } from './admin/organisation-routes.ts';
import { membershipRoutes } from './admin/membership-routes.ts';
import { bodyRoutes } from './admin/body-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { historyRoutes } from './admin/history-routes.ts';

/** Partnership administration: every route is MANAGE (coordinators and administrators); the service checks every call too. */
export async function partnershipAdminRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get('/p/:slug/admin', MANAGE, async (request, reply) => {
    const scope = adminScope(request);
    return reply.page(`${V}admin-index.njk`, { ...scope, pageTitle: 'Administration' });
  });

  // One plugin per section.
  for (const section of [organisationRoutes, membershipRoutes, bodyRoutes, userRoutes, historyRoutes]) {
    await app.register(section, { services });
  }
}
