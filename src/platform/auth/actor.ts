import { can, type Permission, type Role } from './roles.ts';
import { NotFoundError } from '../errors.ts';
import type { CurrentUser } from './users-service.ts';

/** Who is acting in a partnership: their role there and, for partner editors, their organisation. */
export interface Actor { userId: number | null; role: Role | null; organisationId: number | null }

export const ANONYMOUS: Actor = { userId: null, role: null, organisationId: null };

export function actorFor(user: CurrentUser | null, partnershipId: number): Actor {
  if (!user) return ANONYMOUS;
  const r = user.roles.find((x) => x.partnershipId === partnershipId);
  if (r) return { userId: user.id, role: r.role, organisationId: r.organisationId };
  // Instance administrators can act in every partnership.
  return { userId: user.id, role: user.isInstanceAdmin ? 'admin' : null, organisationId: null };
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return can(actor.role, permission);
}

/**
 * A record's history shows wording that may never have been published and the names of the staff who
 * changed it: only members who may see drafts read it. To anyone else the page does not exist.
 */
export function assertCanSeeHistory(actor: Actor): void {
  if (!actorCan(actor, 'view_drafts')) throw new NotFoundError('Page');
}
