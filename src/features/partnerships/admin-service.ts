// Partnership administration (C1, Platform): organisations, membership per plan year, bodies and
// their members, who has which role, and the partnership's logo and glossary. Only coordinators and
// administrators may use it; every change is written with its audit entry in one transaction. Each
// part lives in ./admin/, the logo and glossary in ./branding/.
import type { Db } from '../../platform/db/types.ts';
import type { UsersService } from '../../platform/auth/users-service.ts';
import { assertCanManage } from './admin/permissions.ts';
import { organisationAdmin } from './admin/organisations.ts';
import { membershipAdmin, type MembershipDeps } from './admin/memberships.ts';
import { bodyAdmin } from './admin/bodies.ts';
import { userAdmin } from './admin/users.ts';
import { historyAdmin } from './admin/history.ts';
import { logoAdmin } from './branding/logo.ts';
import { glossaryAdmin } from './branding/glossary.ts';

export function partnershipAdminService(db: Db, deps: { users: UsersService } & MembershipDeps) {
  return {
    assertCanManage,
    ...organisationAdmin(db),
    ...membershipAdmin(db, deps),
    ...bodyAdmin(db),
    ...userAdmin(db, deps),
    ...historyAdmin(db),
    ...logoAdmin(db),
    ...glossaryAdmin(db),
  };
}

export type PartnershipAdminService = ReturnType<typeof partnershipAdminService>;
