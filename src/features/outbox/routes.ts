// The outbox: every message the partnership's features have sent, refused or kept, for its
// coordinators to see what went out (and, without a mail server, to read what would have).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { formBody, id, partnershipParams, slug } from '../../platform/http/schemas.ts';
import { SignInRequiredError } from '../../platform/errors.ts';

const MANAGE: Access = { permission: 'manage_partnership', refusal: 'Only a coordinator or administrator of this partnership can see the messages it has sent.' };
const V = 'outbox/views/';

export async function outboxRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const crumbs = (slug: string) => [{ text: 'Administration', href: `/p/${slug}/admin` }];

  app.get('/p/:slug/outbox', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { messages, total } = await services.mail.outbox(scope.partnership, scope.actor);
    return reply.page(`${V}outbox.njk`, {
      ...scope, pageTitle: 'Outbox', messages, total, mode: services.mail.mode, base: `/p/${scope.partnership.slug}/outbox`,
      breadcrumbs: crumbs(scope.partnership.slug),
    });
  });

  app.get('/p/:slug/outbox/:id', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Message') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const message = await services.mail.message(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}message.njk`, {
      ...scope, pageTitle: message.subject, message,
      breadcrumbs: [...crumbs(scope.partnership.slug), { text: 'Outbox', href: `/p/${scope.partnership.slug}/outbox` }],
    });
  });

  // A message to the coordinator's own address: shows whether mail from CSP Hub reaches people.
  app.post('/p/:slug/outbox/test', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const { partnership } = scopeOf(request);
    const user = request.user;
    if (!user) throw new SignInRequiredError();
    const sent = await services.mail.send({
      partnershipId: partnership.id, to: user.email, template: 'outbox/mail/test-message.njk',
      data: { name: user.name, partnershipName: partnership.name, sentAt: new Date() },
    });
    return reply.redirect(`/p/${partnership.slug}/outbox/${sent.id}`, 303);
  });
}
