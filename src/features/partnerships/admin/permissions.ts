// Who may administer a partnership: coordinators and administrators; the administrator role itself
// is given, changed or taken away only by an administrator.
import { ForbiddenError } from '../../../platform/errors.ts';
import { actorCan, type Actor } from '../../../platform/auth/actor.ts';

/** The one permission check of this module: coordinators and administrators only. */
export function assertCanManage(actor: Actor): void {
  if (!actorCan(actor, 'manage_partnership')) {
    throw new ForbiddenError('Only a coordinator or administrator of this partnership can manage it.');
  }
}

/** Only an administrator may give, change or take away the administrator role. */
export function assertAdminRoleAllowed(actor: Actor, ...roles: (string | null | undefined)[]) {
  if (roles.includes('admin') && actor.role !== 'admin') throw new ForbiddenError('Only an administrator can give or change the administrator role.');
}
