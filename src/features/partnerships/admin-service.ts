// Partnership administration (C1, Platform): organisations, membership per plan year, bodies and
// their members, and who has which role. Only coordinators and administrators may use it; every
// change is written with its audit entry in one transaction. Each part lives in ./admin/.
import type { Db } from '../../platform/db/types.ts';
import type { UsersService } from '../../platform/auth/users-service.ts';
import { assertCanManage } from './admin/permissions.ts';
import { organisationAdmin } from './admin/organisations.ts';
import { membershipAdmin, type MembershipDeps } from './admin/memberships.ts';
import { bodyAdmin } from './admin/bodies.ts';
import { userAdmin } from './admin/users.ts';
import { historyAdmin } from './admin/history.ts';

export function partnershipAdminService(db: Db, deps: { users: UsersService } & MembershipDeps) {
  return {
    assertCanManage,
    ...organisationAdmin(db),
    ...membershipAdmin(db, deps),
    ...bodyAdmin(db),
    ...userAdmin(db, deps),
    ...historyAdmin(db),
  };
}

export type PartnershipAdminService = ReturnType<typeof partnershipAdminService>;
