// Administration pages: the history of an organisation, body or user.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.ts';
import { MANAGE, adminScope } from './route-helpers.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { id, slug } from '../../../platform/http/schemas.ts';

const HISTORY = { organisations: 'organisation', bodies: 'body', users: 'user' } as const;

export async function historyRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  for (const [section, recordType] of Object.entries(HISTORY)) {
    app.get(`/p/:slug/admin/${section}/:id/history`, { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Record') }) } }, async (request, reply) => {
      const scope = adminScope(request);
      const id = request.params.id;
      const { name, history } = await services.partnershipAdmin.history(scope.partnership, recordType, id, scope.actor);
      const sectionName = section.charAt(0).toUpperCase() + section.slice(1);
      return reply.page('plans/views/history.njk', {
        ...scope, pageTitle: `History of ${name}`, heading: name, history, backHref: `${scope.base}/${section}`,
        breadcrumbs: [scope.adminCrumb, { text: sectionName, href: `${scope.base}/${section}` }],
      });
    });
  }
}
