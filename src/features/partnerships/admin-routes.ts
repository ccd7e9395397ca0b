import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { MANAGE, V, adminScope } from './admin/route-helpers.ts';
import { organisationRoutes } from './admin/organisation-routes.ts';
import { membershipRoutes } from './admin/membership-routes.ts';
import { bodyRoutes } from './admin/body-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { historyRoutes } from './admin/history-routes.ts';
import { logoRoutes } from './branding/logo-routes.ts';
import { glossaryRoutes } from './branding/glossary-routes.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { partnershipParams } from '../../platform/http/schemas.ts';

/**
 * Partnership administration: every route is MANAGE (coordinators and administrators); the service
 * checks every call too. The one exception is the logo's public address (branding/logo-routes.ts).
 */
export async function partnershipAdminRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/p/:slug/admin', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return reply.page(`${V}admin-index.njk`, { ...scope, pageTitle: 'Administration' });
  });

  // One plugin per section.
  for (const section of [organisationRoutes, membershipRoutes, bodyRoutes, userRoutes, historyRoutes, logoRoutes, glossaryRoutes]) {
    await app.register(section, { services });
  }
}
