// Who has which role in a partnership: accounts are added or given a role, roles changed or removed.
import type { Db } from '../../../platform/db/types.ts';
import { recordChange, type Change } from '../../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import { ROLE_NAMES, isRole, type Role } from '../../../platform/auth/roles.ts';
import type { UsersService } from '../../../platform/auth/users-service.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import * as q from './queries.ts';
import { MIN_PASSWORD_LENGTH, type RoleFormValues, type UserFormValues } from './form-values.ts';
import { assertAdminRoleAllowed, assertCanManage } from './permissions.ts';
import { checkName, isUniqueViolation, organisationChoice, tidyName, userOrThrow, type Problem } from './checks.ts';

const roleSnapshot = (role: string, organisationName: string | null) => ({ role: ROLE_NAMES[role as Role] ?? role, organisation: organisationName });

export function userAdmin(db: Db, deps: { users: UsersService }) {
  async function validateRole(p: Partnership, v: RoleFormValues, problems: Problem[]) {
    const role = isRole(v.role) ? v.role : null;
    if (!role) problems.push({ field: 'role', message: 'Select a role' });
    const organisation = await organisationChoice(db, p.id, v.organisationId, 'organisationId', problems);
    if (role === 'partner_editor' && !organisation && !problems.some((x) => x.field === 'organisationId')) {
      problems.push({ field: 'organisationId', message: 'Select the organisation a partner editor works for' });
    }
    return { role, organisation };
  }

  /** Checks the e-mail address; returns the id of an existing account with it, if any. */
  async function checkEmail(p: Partnership, email: string, problems: Problem[]): Promise<number | null> {
    if (!email) problems.push({ field: 'email', message: 'Enter the person’s email address' });
    else if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
    else {
      const existingId = await deps.users.findIdByEmail(email);
      if (existingId && await q.findUserInPartnership(db, p.id, existingId)) {
        problems.push({ field: 'email', message: `${email} already has a role in this partnership: change it from the list of users` });
      }
      return existingId;
    }
    return null;
  }

  async function createAccount(email: string, name: string, password: string): Promise<number> {
    try {
      return await deps.users.create({ email, name, password });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ValidationError([{ field: 'email', message: `An account for ${email} was created a moment ago: try again` }]);
      throw err;
    }
  }

  /** Give `userId` the role here, with its audit entry, in one transaction. */
  async function saveRole(p: Partnership, userId: number, role: Role, organisation: { id: number; name: string } | null, actor: Actor,
    change: Pick<Change, 'action' | 'summary' | 'before'>) {
    await db.transaction(async (tx) => {
      await deps.users.grantRole(userId, p.id, role, organisation?.id ?? null, tx);
      await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'user', recordId: userId, ...change,
        after: roleSnapshot(role, organisation?.name ?? null) });
    });
  }

  return {
    async users(p: Partnership, actor: Actor): Promise<q.PartnershipUser[]> {
      assertCanManage(actor);
      return q.listPartnershipUsers(db, p.id);
    },

    async user(p: Partnership, userId: number, actor: Actor): Promise<q.PartnershipUser> {
      assertCanManage(actor);
      return userOrThrow(db, p.id, userId);
    },

    /**
     * Give someone a role here. A new e-mail address creates the account with the temporary password the
     * administrator typed; an existing account is given the role and keeps its password.
     */
    async addUser(p: Partnership, v: UserFormValues, actor: Actor): Promise<{ userId: number; created: boolean }> {
      assertCanManage(actor);
      const problems: Problem[] = [];
      const email = v.email.trim().toLowerCase();
      const existingId = await checkEmail(p, email, problems);
      const name = tidyName(v.name);
      if (!existingId) checkName(name, 'name', 'Enter the person’s full name', problems);
      const { role, organisation } = await validateRole(p, v, problems);
      if (!existingId) {
        if (v.password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', message: `Enter a temporary password of at least ${MIN_PASSWORD_LENGTH} characters` });
        else if (v.password.length > 200) problems.push({ field: 'password', message: 'Password must be 200 characters or fewer' });
      }
      if (problems.length || !role) throw new ValidationError(problems);
      assertAdminRoleAllowed(actor, role);

      const created = !existingId;
      const userId = existingId ?? await createAccount(email, name, v.password);
      await saveRole(p, userId, role, organisation, actor, { action: created ? 'create' : 'update',
        summary: created ? `Account created for ${email} as ${ROLE_NAMES[role].toLowerCase()}` : `Given the role ${ROLE_NAMES[role].toLowerCase()}` });
      return { userId, created };
    },

    async changeRole(p: Partnership, userId: number, v: RoleFormValues, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const target = await userOrThrow(db, p.id, userId);
      const problems: Problem[] = [];
      if (userId === actor.userId) problems.push({ field: 'role', message: 'You cannot change your own role: ask another administrator' });
      const { role, organisation } = await validateRole(p, v, problems);
      if (problems.length || !role) throw new ValidationError(problems);
      assertAdminRoleAllowed(actor, role, target.role);
      await saveRole(p, userId, role, organisation, actor, { action: 'update', summary: 'Role changed', before: roleSnapshot(target.role, target.organisationName) });
    },

    async removeRole(p: Partnership, userId: number, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const target = await userOrThrow(db, p.id, userId);
      if (userId === actor.userId) throw new ForbiddenError('You cannot remove your own role: ask another administrator.');
      assertAdminRoleAllowed(actor, target.role);
      await db.transaction(async (tx) => {
        await deps.users.revokeRole(userId, p.id, tx);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'user', recordId: userId, action: 'delete',
          summary: `Role ${target.roleName.toLowerCase()} removed`, before: roleSnapshot(target.role, target.organisationName) });
      });
    },
  };
}
