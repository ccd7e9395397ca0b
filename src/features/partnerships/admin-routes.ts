import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { ForbiddenError } from '../../platform/http/errors.ts';
import { V, adminScope } from './admin/route-helpers.ts';
import { organisationRoutes } from './admin/organisation-routes.ts';
import { membershipRoutes } from './admin/membership-routes.ts';
import { bodyRoutes } from './admin/body-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { historyRoutes } from './admin/history-routes.ts';

/** Partnership administration: coordinators and administrators only (the service checks every call). */
export async function partnershipAdminRoutes(app: FastifyInstance, { services }: { services: Services }) {
  // Anonymous visitors are sent to sign in first; a signed-in user without the role gets the 403 page.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.includes('/admin') || request.user) return;
    if (request.method === 'GET' || request.method === 'HEAD') {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 302);
    }
    throw new ForbiddenError('Sign in as a coordinator or administrator to do this.');
  });

  app.get('/p/:slug/admin', async (request, reply) => {
    const scope = await adminScope(request, services);
    return reply.page(`${V}admin-index.njk`, { ...scope, pageTitle: 'Administration' });
  });

  // One plugin per section; each inherits the sign-in hook above.
  for (const section of [organisationRoutes, membershipRoutes, bodyRoutes, userRoutes, historyRoutes]) {
    await app.register(section, { services });
  }
}
