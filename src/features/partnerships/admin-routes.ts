import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { partnershipScope, type Scope } from '../../platform/http/scope.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { toFormErrors, noErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { Organisation } from './queries.ts';
import { parseYearLabel, yearLabel } from './years.ts';
import {
  partnershipAdminService, organisationValues, bodyValues, bodyMemberValues, userValues, roleValues,
  ORGANISATION_KINDS, BODY_KINDS, MEMBER_ROLES, MEMBERSHIP_CHOICES, MEMBERSHIP_NAMES, ROLE_CHOICES, MIN_PASSWORD_LENGTH,
  type OrganisationFormValues, type BodyFormValues, type BodyMemberFormValues, type UserFormValues, type RoleFormValues,
} from './admin-service.ts';

const V = 'partnerships/views/';
type Body = Record<string, unknown>;

function idParam(params: unknown, key = 'id', what = 'Page'): number {
  const raw = (params as Record<string, string>)[key];
  const id = /^\d+$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(what);
  return id;
}

const FLASHES: Record<string, string> = {
  'organisation-added': 'Organisation added', 'organisation-saved': 'Organisation saved', 'body-added': 'Body added',
  'member-added': 'Member added', 'member-removed': 'Member removed', 'user-added': 'User added', 'role-granted': 'Role given to an existing account',
  'role-changed': 'Role changed', 'role-removed': 'Role removed',
};
function flashOf(request: FastifyRequest): string | undefined {
  const { saved, changes } = request.query as { saved?: string; changes?: string };
  if (changes !== undefined) {
    const n = Number(changes);
    return n === 0 ? 'No changes to save' : `Membership saved: ${n} ${n === 1 ? 'organisation' : 'organisations'} changed`;
  }
  return saved ? FLASHES[saved] : undefined;
}

/** Partnership administration: coordinators and administrators only (the service checks every call). */
export async function partnershipAdminRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const admin = partnershipAdminService(services.db, { users: services.users });

  // Anonymous visitors are sent to sign in first; a signed-in user without the role gets the 403 page.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.includes('/admin') || request.user) return;
    if (request.method === 'GET' || request.method === 'HEAD') {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 302);
    }
    throw new ForbiddenError('Sign in as a coordinator or administrator to do this.');
  });

  async function scopeOf(request: FastifyRequest): Promise<Scope & { base: string; adminCrumb: { text: string; href: string } }> {
    const scope = await partnershipScope(request, services);
    admin.assertCanManage(scope.actor);
    const base = `/p/${scope.partnership.slug}/admin`;
    return { ...scope, base, adminCrumb: { text: 'Administration', href: base } };
  }

  const kindItems = (kinds: readonly string[], chosen: string) => kinds.map((k) => ({ value: k, text: k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), selected: k === chosen }));

  app.get('/p/:slug/admin', async (request, reply) => {
    const scope = await scopeOf(request);
    return reply.page(`${V}admin-index.njk`, { ...scope, pageTitle: 'Administration' });
  });

  // ---- Organisations --------------------------------------------------------------------------

  app.get('/p/:slug/admin/organisations', async (request, reply) => {
    const scope = await scopeOf(request);
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    return reply.page(`${V}admin-organisations.njk`, {
      ...scope, pageTitle: 'Organisations', flash: flashOf(request), breadcrumbs: [scope.adminCrumb],
      organisations: organisations.map((o) => ({ ...o, memberYears: o.memberYears.map(yearLabel) })),
    });
  });

  function organisationForm(reply: FastifyReply, scope: Awaited<ReturnType<typeof scopeOf>>, ctx: {
    values: OrganisationFormValues; action: string; heading: string; errors?: FormErrors; conflict?: Organisation; status?: number;
  }) {
    return reply.status(ctx.status ?? 200).page(`${V}admin-organisation-form.njk`, {
      ...scope, pageTitle: ctx.heading, heading: ctx.heading, action: ctx.action, values: ctx.values, conflict: ctx.conflict,
      kinds: [{ value: '', text: 'Select the kind' }, ...kindItems(ORGANISATION_KINDS, ctx.values.kind)], ...(ctx.errors ?? noErrors),
      breadcrumbs: [scope.adminCrumb, { text: 'Organisations', href: `${scope.base}/organisations` }],
    });
  }

  app.get('/p/:slug/admin/organisations/new', async (request, reply) => {
    const scope = await scopeOf(request);
    return organisationForm(reply, scope, { values: organisationValues(), action: `${scope.base}/organisations`, heading: 'Add an organisation' });
  });

  app.post('/p/:slug/admin/organisations', async (request, reply) => {
    const scope = await scopeOf(request);
    const values = organisationValues(request.body as Body);
    try {
      await admin.addOrganisation(scope.partnership, values, scope.actor);
      return reply.redirect(`${scope.base}/organisations?saved=organisation-added`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return organisationForm(reply, scope, { values, action: `${scope.base}/organisations`, heading: 'Add an organisation', errors: toFormErrors(err.errors), status: 400 });
    }
  });

  app.get('/p/:slug/admin/organisations/:id/edit', async (request, reply) => {
    const scope = await scopeOf(request);
    const o = await admin.organisation(scope.partnership, idParam(request.params, 'id', 'Organisation'), scope.actor);
    return organisationForm(reply, scope, {
      values: { name: o.name, acronym: o.acronym ?? '', kind: o.kind, version: String(o.version) },
      action: `${scope.base}/organisations/${o.id}`, heading: `Edit ${o.name}`,
    });
  });

  app.post('/p/:slug/admin/organisations/:id', async (request, reply) => {
    const scope = await scopeOf(request);
    const id = idParam(request.params, 'id', 'Organisation');
    const values = organisationValues(request.body as Body);
    try {
      await admin.updateOrganisation(scope.partnership, id, values, scope.actor);
      return reply.redirect(`${scope.base}/organisations?saved=organisation-saved`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError) && !(err instanceof ConflictError)) throw err;
      const saved = await admin.organisation(scope.partnership, id, scope.actor);
      if (err instanceof ConflictError) {
        const errors = toFormErrors([{ field: 'name', message: 'Someone else saved this organisation after you opened it. Their version is shown below: check it, then save again to replace it with yours.' }]);
        // The form now carries the saved version, so saving again is a deliberate choice.
        return organisationForm(reply, scope, { values: { ...values, version: String(saved.version) }, action: `${scope.base}/organisations/${id}`,
          heading: `Edit ${saved.name}`, errors, conflict: err.current as Organisation, status: 409 });
      }
      return organisationForm(reply, scope, { values, action: `${scope.base}/organisations/${id}`, heading: `Edit ${saved.name}`,
        errors: toFormErrors(err.errors), status: 400 });
    }
  });

  // ---- Membership per plan year ---------------------------------------------------------------

  app.get('/p/:slug/admin/membership', async (request, reply) => {
    const scope = await scopeOf(request);
    const { years, usual } = await admin.membershipYears(scope.partnership, scope.actor);
    const { year } = request.query as { year?: string };
    const asked = Number(year);
    const chosen = years.includes(asked) ? asked : usual;
    const membership = await admin.membership(scope.partnership, chosen, scope.actor);
    return reply.page(`${V}admin-membership.njk`, {
      ...scope, pageTitle: `Members in ${membership.label}`, flash: flashOf(request), membership, ...noErrors,
      years: years.map((y) => ({ value: String(y), text: yearLabel(y), selected: y === chosen })),
      choices: MEMBERSHIP_CHOICES.map((c) => ({ value: c, text: MEMBERSHIP_NAMES[c] })), names: MEMBERSHIP_NAMES,
      breadcrumbs: [scope.adminCrumb],
    });
  });

  app.post('/p/:slug/admin/membership/:year', async (request, reply) => {
    const scope = await scopeOf(request);
    const planYear = parseYearLabel((request.params as { year: string }).year);
    if (planYear === null) throw new NotFoundError('Plan year');
    try {
      const changes = await admin.saveMembership(scope.partnership, planYear, request.body as Body, scope.actor);
      return reply.redirect(`${scope.base}/membership?year=${planYear}&changes=${changes}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const { years } = await admin.membershipYears(scope.partnership, scope.actor);
      const membership = await admin.membership(scope.partnership, planYear, scope.actor);
      const body = request.body as Body;
      const rows = membership.rows.map((r) => ({ ...r, status: typeof body[`org-${r.id}`] === 'string' ? String(body[`org-${r.id}`]) : r.status }));
      return reply.status(400).page(`${V}admin-membership.njk`, {
        ...scope, pageTitle: `Members in ${membership.label}`, membership: { ...membership, rows }, ...toFormErrors(err.errors),
        years: years.map((y) => ({ value: String(y), text: yearLabel(y), selected: y === planYear })),
        choices: MEMBERSHIP_CHOICES.map((c) => ({ value: c, text: MEMBERSHIP_NAMES[c] })), names: MEMBERSHIP_NAMES,
        breadcrumbs: [scope.adminCrumb],
      });
    }
  });

  // ---- Bodies -------------------------------------------------------------------------------------

  app.get('/p/:slug/admin/bodies', async (request, reply) => {
    const scope = await scopeOf(request);
    const bodies = await admin.bodies(scope.partnership, scope.actor);
    return reply.page(`${V}admin-bodies.njk`, { ...scope, pageTitle: 'Bodies', bodies, flash: flashOf(request), breadcrumbs: [scope.adminCrumb] });
  });

  function bodyForm(reply: FastifyReply, scope: Awaited<ReturnType<typeof scopeOf>>, values: BodyFormValues, errors?: FormErrors) {
    return reply.status(errors ? 400 : 200).page(`${V}admin-body-form.njk`, {
      ...scope, pageTitle: 'Add a body', values, kinds: [{ value: '', text: 'Select the kind' }, ...kindItems(BODY_KINDS, values.kind)],
      ...(errors ?? noErrors), breadcrumbs: [scope.adminCrumb, { text: 'Bodies', href: `${scope.base}/bodies` }],
    });
  }

  app.get('/p/:slug/admin/bodies/new', async (request, reply) => {
    const scope = await scopeOf(request);
    return bodyForm(reply, scope, bodyValues());
  });

  app.post('/p/:slug/admin/bodies', async (request, reply) => {
    const scope = await scopeOf(request);
    const values = bodyValues(request.body as Body);
    try {
      const id = await admin.addBody(scope.partnership, values, scope.actor);
      return reply.redirect(`${scope.base}/bodies/${id}?saved=body-added`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return bodyForm(reply, scope, values, toFormErrors(err.errors));
    }
  });

  app.get('/p/:slug/admin/bodies/:id', async (request, reply) => {
    const scope = await scopeOf(request);
    const body = await admin.body(scope.partnership, idParam(request.params, 'id', 'Body'), scope.actor);
    return reply.page(`${V}admin-body.njk`, {
      ...scope, pageTitle: body.name, body, flash: flashOf(request),
      breadcrumbs: [scope.adminCrumb, { text: 'Bodies', href: `${scope.base}/bodies` }],
    });
  });

  async function memberForm(reply: FastifyReply, scope: Awaited<ReturnType<typeof scopeOf>>, bodyId: number, values: BodyMemberFormValues, errors?: FormErrors) {
    const body = await admin.body(scope.partnership, bodyId, scope.actor);
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    return reply.status(errors ? 400 : 200).page(`${V}admin-body-member-form.njk`, {
      ...scope, pageTitle: `Add a member to ${body.name}`, body, values, ...(errors ?? noErrors),
      organisations: [{ value: '', text: 'None' }, ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === values.organisationId }))],
      roles: MEMBER_ROLES.map((r) => ({ value: r, text: r.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), checked: r === values.role })),
      breadcrumbs: [scope.adminCrumb, { text: 'Bodies', href: `${scope.base}/bodies` }, { text: body.name, href: `${scope.base}/bodies/${body.id}` }],
    });
  }

  app.get('/p/:slug/admin/bodies/:id/members/new', async (request, reply) => {
    const scope = await scopeOf(request);
    return memberForm(reply, scope, idParam(request.params, 'id', 'Body'), { ...bodyMemberValues(), role: 'member' });
  });

  app.post('/p/:slug/admin/bodies/:id/members', async (request, reply) => {
    const scope = await scopeOf(request);
    const bodyId = idParam(request.params, 'id', 'Body');
    const values = bodyMemberValues(request.body as Body);
    try {
      await admin.addBodyMember(scope.partnership, bodyId, values, scope.actor);
      return reply.redirect(`${scope.base}/bodies/${bodyId}?saved=member-added`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return memberForm(reply, scope, bodyId, values, toFormErrors(err.errors));
    }
  });

  app.get('/p/:slug/admin/bodies/:id/members/:memberId/remove', async (request, reply) => {
    const scope = await scopeOf(request);
    const { body, member } = await admin.bodyMember(scope.partnership, idParam(request.params, 'id', 'Body'), idParam(request.params, 'memberId', 'Member'), scope.actor);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: `Remove ${member.personName} from ${body.name}`, heading: `Remove ${member.personName} from ${body.name}?`,
      text: `${member.personName}${member.organisationName ? ` (${member.organisationName})` : ''} will no longer be listed as a member of ${body.name}. The change is kept in the body’s history.`,
      action: `${scope.base}/bodies/${body.id}/members/${member.id}/remove`, buttonText: 'Yes, remove this member', cancelHref: `${scope.base}/bodies/${body.id}`,
      breadcrumbs: [scope.adminCrumb, { text: 'Bodies', href: `${scope.base}/bodies` }, { text: body.name, href: `${scope.base}/bodies/${body.id}` }],
    });
  });

  app.post('/p/:slug/admin/bodies/:id/members/:memberId/remove', async (request, reply) => {
    const scope = await scopeOf(request);
    const bodyId = idParam(request.params, 'id', 'Body');
    await admin.removeBodyMember(scope.partnership, bodyId, idParam(request.params, 'memberId', 'Member'), scope.actor);
    return reply.redirect(`${scope.base}/bodies/${bodyId}?saved=member-removed`, 303);
  });

  // ---- Users ----------------------------------------------------------------------------------------

  app.get('/p/:slug/admin/users', async (request, reply) => {
    const scope = await scopeOf(request);
    const users = await admin.users(scope.partnership, scope.actor);
    return reply.page(`${V}admin-users.njk`, { ...scope, pageTitle: 'Users', users, flash: flashOf(request), breadcrumbs: [scope.adminCrumb] });
  });

  async function userFormContext(scope: Awaited<ReturnType<typeof scopeOf>>, values: { role: string; organisationId: string }) {
    const organisations = await admin.organisations(scope.partnership, scope.actor);
    const allowed = ROLE_CHOICES.filter((r) => r.value !== 'admin' || scope.actor.role === 'admin' || values.role === 'admin');
    return {
      roles: allowed.map((r) => ({ ...r, checked: r.value === values.role })),
      organisations: [{ value: '', text: 'None' }, ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === values.organisationId }))],
    };
  }

  async function addUserForm(reply: FastifyReply, scope: Awaited<ReturnType<typeof scopeOf>>, values: UserFormValues, errors?: FormErrors) {
    // The typed password is never sent back to the browser.
    return reply.status(errors ? 400 : 200).page(`${V}admin-user-form.njk`, {
      ...scope, pageTitle: 'Add a user', values: { ...values, password: '' }, minPasswordLength: MIN_PASSWORD_LENGTH,
      ...(await userFormContext(scope, values)), ...(errors ?? noErrors),
      breadcrumbs: [scope.adminCrumb, { text: 'Users', href: `${scope.base}/users` }],
    });
  }

  app.get('/p/:slug/admin/users/new', async (request, reply) => {
    const scope = await scopeOf(request);
    return addUserForm(reply, scope, { ...userValues(), role: 'viewer' });
  });

  app.post('/p/:slug/admin/users', async (request, reply) => {
    const scope = await scopeOf(request);
    const values = userValues(request.body as Body);
    try {
      const { created } = await admin.addUser(scope.partnership, values, scope.actor);
      return reply.redirect(`${scope.base}/users?saved=${created ? 'user-added' : 'role-granted'}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return addUserForm(reply, scope, values, toFormErrors(err.errors));
    }
  });

  async function roleForm(reply: FastifyReply, scope: Awaited<ReturnType<typeof scopeOf>>, userId: number, values: RoleFormValues, errors?: FormErrors) {
    const user = await admin.user(scope.partnership, userId, scope.actor);
    return reply.status(errors ? 400 : 200).page(`${V}admin-user-role-form.njk`, {
      ...scope, pageTitle: `Change the role of ${user.name}`, user, values, ...(await userFormContext(scope, values)), ...(errors ?? noErrors),
      breadcrumbs: [scope.adminCrumb, { text: 'Users', href: `${scope.base}/users` }],
    });
  }

  app.get('/p/:slug/admin/users/:id/edit', async (request, reply) => {
    const scope = await scopeOf(request);
    const user = await admin.user(scope.partnership, idParam(request.params, 'id', 'User'), scope.actor);
    return roleForm(reply, scope, user.id, { role: user.role, organisationId: user.organisationId ? String(user.organisationId) : '' });
  });

  app.post('/p/:slug/admin/users/:id', async (request, reply) => {
    const scope = await scopeOf(request);
    const userId = idParam(request.params, 'id', 'User');
    const values = roleValues(request.body as Body);
    try {
      await admin.changeRole(scope.partnership, userId, values, scope.actor);
      return reply.redirect(`${scope.base}/users?saved=role-changed`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return roleForm(reply, scope, userId, values, toFormErrors(err.errors));
    }
  });

  app.get('/p/:slug/admin/users/:id/remove', async (request, reply) => {
    const scope = await scopeOf(request);
    const user = await admin.user(scope.partnership, idParam(request.params, 'id', 'User'), scope.actor);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: `Remove ${user.name}’s role`, heading: `Remove ${user.name}’s role in ${scope.partnership.shortName}?`,
      text: `${user.name} (${user.email}) will no longer be a ${user.roleName.toLowerCase()} of ${scope.partnership.name}. Their account stays, so they can be given a role again later.`,
      action: `${scope.base}/users/${user.id}/remove`, buttonText: 'Yes, remove their role', cancelHref: `${scope.base}/users`,
      breadcrumbs: [scope.adminCrumb, { text: 'Users', href: `${scope.base}/users` }],
    });
  });

  app.post('/p/:slug/admin/users/:id/remove', async (request, reply) => {
    const scope = await scopeOf(request);
    await admin.removeRole(scope.partnership, idParam(request.params, 'id', 'User'), scope.actor);
    return reply.redirect(`${scope.base}/users?saved=role-removed`, 303);
  });

  // ---- History ------------------------------------------------------------------------------------

  const HISTORY = { organisations: 'organisation', bodies: 'body', users: 'user' } as const;
  for (const [section, recordType] of Object.entries(HISTORY)) {
    app.get(`/p/:slug/admin/${section}/:id/history`, async (request, reply) => {
      const scope = await scopeOf(request);
      const id = idParam(request.params, 'id', 'Record');
      const { name, history } = await admin.history(scope.partnership, recordType, id, scope.actor);
      const sectionName = section.charAt(0).toUpperCase() + section.slice(1);
      return reply.page('plans/views/history.njk', {
        ...scope, pageTitle: `History of ${name}`, heading: name, history, backHref: `${scope.base}/${section}`,
        breadcrumbs: [scope.adminCrumb, { text: sectionName, href: `${scope.base}/${section}` }],
      });
    });
  }
}
