// Administration pages: the partnership's bodies and their members.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { BODY_KINDS, MEMBER_ROLES, bodyValues, bodyMemberValues, type BodyFormValues, type BodyMemberFormValues } from './form-values.ts';
import { MANAGE, flashQuery, V, adminScope, codeLabel, flashOf, kindItems, organisationItems, type AdminScope } from './route-helpers.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formBody, id, partnershipParams, slug } from '../../../platform/http/schemas.ts';

export async function bodyRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;
  const bodiesCrumb = (scope: AdminScope) => ({ text: 'Bodies', href: `${scope.base}/bodies` });
  const bodyCrumbs = (scope: AdminScope, body: { id: number; name: string }) =>
    [scope.adminCrumb, bodiesCrumb(scope), { text: body.name, href: `${scope.base}/bodies/${body.id}` }];

  function bodyForm(reply: FastifyReply, scope: AdminScope, values: BodyFormValues, errors?: FormErrors) {
    return reply.status(errors ? 400 : 200).page(`${V}admin-body-form.njk`, {
      ...scope, pageTitle: 'Add a body', values, kinds: [{ value: '', text: 'Select the kind' }, ...kindItems(BODY_KINDS, values.kind)],
      ...(errors ?? noErrors), breadcrumbs: [scope.adminCrumb, bodiesCrumb(scope)],
    });
  }

  async function memberForm(reply: FastifyReply, scope: AdminScope, bodyId: number, values: BodyMemberFormValues, errors?: FormErrors) {
    const body = await admin.body(scope.partnership, bodyId, scope.actor);
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    return reply.status(errors ? 400 : 200).page(`${V}admin-body-member-form.njk`, {
      ...scope, pageTitle: `Add a member to ${body.name}`, body, values, ...(errors ?? noErrors),
      organisations: organisationItems(organisations, values.organisationId),
      roles: MEMBER_ROLES.map((r) => ({ value: r, text: codeLabel(r), checked: r === values.role })),
      breadcrumbs: bodyCrumbs(scope, body),
    });
  }

  app.get('/p/:slug/admin/bodies', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: flashQuery } }, async (request, reply) => {
    const scope = adminScope(request);
    const bodies = await admin.bodies(scope.partnership, scope.actor);
    return reply.page(`${V}admin-bodies.njk`, { ...scope, pageTitle: 'Bodies', bodies, flash: flashOf(request.query), breadcrumbs: [scope.adminCrumb] });
  });

  app.get('/p/:slug/admin/bodies/new', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return bodyForm(reply, scope, bodyValues());
  });

  app.post('/p/:slug/admin/bodies', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const values = bodyValues(request.body);
    return saveOrShowErrors(() => admin.addBody(scope.partnership, values, scope.actor),
      (id) => reply.redirect(`${scope.base}/bodies/${id}?saved=body-added`, 303),
      (errors) => bodyForm(reply, scope, values, errors));
  });

  app.get('/p/:slug/admin/bodies/:id', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Body') }), querystring: flashQuery } }, async (request, reply) => {
    const scope = adminScope(request);
    const body = await admin.body(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}admin-body.njk`, {
      ...scope, pageTitle: body.name, body, flash: flashOf(request.query), breadcrumbs: [scope.adminCrumb, bodiesCrumb(scope)],
    });
  });

  app.get('/p/:slug/admin/bodies/:id/members/new', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Body') }) } }, async (request, reply) => {
    const scope = adminScope(request);
    return memberForm(reply, scope, request.params.id, { ...bodyMemberValues(), role: 'member' });
  });

  app.post('/p/:slug/admin/bodies/:id/members', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Body') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const bodyId = request.params.id;
    const values = bodyMemberValues(request.body);
    return saveOrShowErrors(() => admin.addBodyMember(scope.partnership, bodyId, values, scope.actor),
      () => reply.redirect(`${scope.base}/bodies/${bodyId}?saved=member-added`, 303),
      (errors) => memberForm(reply, scope, bodyId, values, errors));
  });

  app.get('/p/:slug/admin/bodies/:id/members/:memberId/remove', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Body'), memberId: id('Member') }) } }, async (request, reply) => {
    const scope = adminScope(request);
    const { body, member } = await admin.bodyMember(scope.partnership, request.params.id, request.params.memberId, scope.actor);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: `Remove ${member.personName} from ${body.name}`, heading: `Remove ${member.personName} from ${body.name}?`,
      text: `${member.personName}${member.organisationName ? ` (${member.organisationName})` : ''} will no longer be listed as a member of ${body.name}. The change is kept in the body’s history.`,
      action: `${scope.base}/bodies/${body.id}/members/${member.id}/remove`, buttonText: 'Yes, remove this member', cancelHref: `${scope.base}/bodies/${body.id}`,
      breadcrumbs: bodyCrumbs(scope, body),
    });
  });

  app.post('/p/:slug/admin/bodies/:id/members/:memberId/remove', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('Body'), memberId: id('Member') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const bodyId = request.params.id;
    await admin.removeBodyMember(scope.partnership, bodyId, request.params.memberId, scope.actor);
    return reply.redirect(`${scope.base}/bodies/${bodyId}?saved=member-removed`, 303);
  });
}
