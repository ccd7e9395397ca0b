// Administration pages: who has which role in the partnership.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { MIN_PASSWORD_LENGTH, ROLE_CHOICES, roleValues, userValues, type RoleFormValues, type UserFormValues } from './form-values.ts';
import { MANAGE, flashQuery, V, adminScope, flashOf, organisationItems, type AdminScope } from './route-helpers.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formBody, id, partnershipParams, slug } from '../../../platform/http/schemas.ts';

export async function userRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;
  const usersCrumbs = (scope: AdminScope) => [scope.adminCrumb, { text: 'Users', href: `${scope.base}/users` }];

  async function userFormContext(scope: AdminScope, values: { role: string; organisationId: string }) {
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    const allowed = ROLE_CHOICES.filter((r) => r.value !== 'admin' || scope.actor.role === 'admin' || values.role === 'admin');
    return {
      roles: allowed.map((r) => ({ ...r, checked: r.value === values.role })),
      organisations: organisationItems(organisations, values.organisationId),
    };
  }

  async function addUserForm(reply: FastifyReply, scope: AdminScope, values: UserFormValues, errors?: FormErrors) {
    // The typed password is never sent back to the browser.
    return reply.status(errors ? 400 : 200).page(`${V}admin-user-form.njk`, {
      ...scope, pageTitle: 'Add a user', values: { ...values, password: '' }, minPasswordLength: MIN_PASSWORD_LENGTH,
      ...(await userFormContext(scope, values)), ...(errors ?? noErrors), breadcrumbs: usersCrumbs(scope),
    });
  }

  async function roleForm(reply: FastifyReply, scope: AdminScope, userId: number, values: RoleFormValues, errors?: FormErrors) {
    const user = await admin.user(scope.partnership, userId, scope.actor);
    return reply.status(errors ? 400 : 200).page(`${V}admin-user-role-form.njk`, {
      ...scope, pageTitle: `Change the role of ${user.name}`, user, values, ...(await userFormContext(scope, values)), ...(errors ?? noErrors),
      breadcrumbs: usersCrumbs(scope),
    });
  }

  app.get('/p/:slug/admin/users', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: flashQuery } }, async (request, reply) => {
    const scope = adminScope(request);
    const users = await admin.users(scope.partnership, scope.actor);
    return reply.page(`${V}admin-users.njk`, { ...scope, pageTitle: 'Users', users, flash: flashOf(request.query), breadcrumbs: [scope.adminCrumb] });
  });

  app.get('/p/:slug/admin/users/new', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return addUserForm(reply, scope, { ...userValues(), role: 'viewer' });
  });

  app.post('/p/:slug/admin/users', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const values = userValues(request.body);
    return saveOrShowErrors(() => admin.addUser(scope.partnership, values, scope.actor),
      ({ created }) => reply.redirect(`${scope.base}/users?saved=${created ? 'user-added' : 'role-granted'}`, 303),
      (errors) => addUserForm(reply, scope, values, errors));
  });

  app.get('/p/:slug/admin/users/:id/edit', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('User') }) } }, async (request, reply) => {
    const scope = adminScope(request);
    const user = await admin.user(scope.partnership, request.params.id, scope.actor);
    return roleForm(reply, scope, user.id, { role: user.role, organisationId: user.organisationId ? String(user.organisationId) : '' });
  });

  app.post('/p/:slug/admin/users/:id', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('User') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const userId = request.params.id;
    const values = roleValues(request.body);
    return saveOrShowErrors(() => admin.changeRole(scope.partnership, userId, values, scope.actor),
      () => reply.redirect(`${scope.base}/users?saved=role-changed`, 303),
      (errors) => roleForm(reply, scope, userId, values, errors));
  });

  app.get('/p/:slug/admin/users/:id/remove', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('User') }) } }, async (request, reply) => {
    const scope = adminScope(request);
    const user = await admin.user(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: `Remove ${user.name}’s role`, heading: `Remove ${user.name}’s role in ${scope.partnership.shortName}?`,
      text: `${user.name} (${user.email}) will no longer be a ${user.roleName.toLowerCase()} of ${scope.partnership.name}. Their account stays, so they can be given a role again later.`,
      action: `${scope.base}/users/${user.id}/remove`, buttonText: 'Yes, remove their role', cancelHref: `${scope.base}/users`,
      breadcrumbs: usersCrumbs(scope),
    });
  });

  app.post('/p/:slug/admin/users/:id/remove', { config: { access: MANAGE }, schema: { params: z.object({ slug, id: id('User') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    await admin.removeRole(scope.partnership, request.params.id, scope.actor);
    return reply.redirect(`${scope.base}/users?saved=role-removed`, 303);
  });
}
