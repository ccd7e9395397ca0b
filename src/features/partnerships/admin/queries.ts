// The SQL of partnership administration. Every lookup is scoped to one partnership, so an id typed
// into a URL never reaches another partnership's records.
import type { Queryable } from '../../../platform/db/types.ts';
import { ROLE_NAMES, type Role } from '../../../platform/auth/roles.ts';
import type { Organisation } from '../queries.ts';
import type { MembershipChoice } from './form-values.ts';

export { listOrganisations, insertOrganisation, upsertMembership, deleteMembership, insertBody, insertBodyMember } from '../queries.ts';

export interface PartnershipUser {
  id: number; email: string; name: string; role: Role; roleName: string; organisationId: number | null; organisationName: string | null;
}
export interface AdminBodyMember {
  id: number; bodyId: number; personName: string; organisationId: number | null; organisationName: string | null;
  role: string; termStart: string | null; termEnd: string | null;
}
export interface AdminBody { id: number; name: string; kind: string; version: number }

// ---- Organisations ------------------------------------------------------------------------------

export async function findOrganisation(q: Queryable, partnershipId: number, id: number, lock = false): Promise<Organisation | null> {
  const [row] = await q.query<Organisation>(
    `SELECT id, name, acronym, kind, version FROM organisations WHERE id = $1 AND partnership_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, partnershipId]);
  return row ?? null;
}

export async function listOrganisationsWithYears(q: Queryable, partnershipId: number) {
  return q.query<Organisation & { memberYears: number[] }>(
    `SELECT o.id, o.name, o.acronym, o.kind, o.version,
            COALESCE((SELECT array_agg(m.plan_year ORDER BY m.plan_year) FROM memberships m WHERE m.organisation_id = o.id), '{}') AS "memberYears"
       FROM organisations o WHERE o.partnership_id = $1 ORDER BY o.name`, [partnershipId]);
}

export async function organisationNames(q: Queryable, partnershipId: number) {
  return q.query<{ id: number; name: string }>('SELECT id, name FROM organisations WHERE partnership_id = $1', [partnershipId]);
}

/** The name of another organisation here with the same name, ignoring case. */
export async function clashingOrganisationName(q: Queryable, partnershipId: number, name: string, exceptId: number | null): Promise<string | null> {
  const [row] = await q.query<{ name: string }>(
    'SELECT name FROM organisations WHERE partnership_id = $1 AND lower(name) = lower($2) AND id <> $3', [partnershipId, name, exceptId ?? 0]);
  return row?.name ?? null;
}

/** Update only if still at `version`; false when someone else saved first. */
export async function updateOrganisationAt(q: Queryable, partnershipId: number, id: number, version: number,
  o: { name: string; acronym: string | null; kind: string }): Promise<boolean> {
  const rows = await q.query<{ id: number }>(
    `UPDATE organisations SET name = $3, acronym = $4, kind = $5, version = version + 1
      WHERE id = $1 AND version = $2 AND partnership_id = $6 RETURNING id`, [id, version, o.name, o.acronym, o.kind, partnershipId]);
  return rows.length > 0;
}

// ---- Membership ---------------------------------------------------------------------------------

export async function membershipsOf(q: Queryable, partnershipId: number, planYear: number): Promise<Map<number, MembershipChoice>> {
  const rows = await q.query<{ organisationId: number; statutory: boolean }>(
    'SELECT organisation_id AS "organisationId", statutory FROM memberships WHERE partnership_id = $1 AND plan_year = $2', [partnershipId, planYear]);
  return new Map(rows.map((r) => [r.organisationId, r.statutory ? 'statutory' : 'non_statutory'] as const));
}

/** Every plan year with members. */
export async function memberYears(q: Queryable, partnershipId: number): Promise<number[]> {
  return (await q.query<{ y: number }>('SELECT DISTINCT plan_year AS y FROM memberships WHERE partnership_id = $1', [partnershipId])).map((r) => r.y);
}

// ---- Bodies -------------------------------------------------------------------------------------

export async function findBody(q: Queryable, partnershipId: number, id: number): Promise<AdminBody | null> {
  const [row] = await q.query<AdminBody>('SELECT id, name, kind, version FROM bodies WHERE id = $1 AND partnership_id = $2', [id, partnershipId]);
  return row ?? null;
}

export async function listBodiesWithCounts(q: Queryable, partnershipId: number) {
  return q.query<AdminBody & { memberCount: number }>(
    `SELECT b.id, b.name, b.kind, b.version, (SELECT count(*)::int FROM body_members bm WHERE bm.body_id = b.id) AS "memberCount"
       FROM bodies b WHERE b.partnership_id = $1 ORDER BY b.id`, [partnershipId]);
}

/** The name of a body here with the same name, ignoring case. */
export async function clashingBodyName(q: Queryable, partnershipId: number, name: string): Promise<string | null> {
  const [row] = await q.query<{ name: string }>('SELECT name FROM bodies WHERE partnership_id = $1 AND lower(name) = lower($2)', [partnershipId, name]);
  return row?.name ?? null;
}

export async function bodyMembers(q: Queryable, bodyId: number): Promise<AdminBodyMember[]> {
  return q.query<AdminBodyMember>(
    `SELECT bm.id, bm.body_id AS "bodyId", bm.person_name AS "personName", bm.organisation_id AS "organisationId",
            o.name AS "organisationName", bm.role, bm.term_start::text AS "termStart", bm.term_end::text AS "termEnd"
       FROM body_members bm LEFT JOIN organisations o ON o.id = bm.organisation_id
      WHERE bm.body_id = $1
      ORDER BY CASE bm.role WHEN 'chair' THEN 0 WHEN 'deputy_chair' THEN 1 ELSE 2 END, bm.person_name, bm.id`, [bodyId]);
}

export async function deleteBodyMember(q: Queryable, bodyId: number, memberId: number) {
  await q.query('DELETE FROM body_members WHERE id = $1 AND body_id = $2', [memberId, bodyId]);
}

/** A change of members is a change of the body. */
export async function bumpBodyVersion(q: Queryable, bodyId: number) {
  await q.query('UPDATE bodies SET version = version + 1 WHERE id = $1', [bodyId]);
}

// ---- Users and roles ----------------------------------------------------------------------------

const USERS_WITH_ROLES = `SELECT u.id, u.email, u.name, r.role, r.organisation_id AS "organisationId", o.name AS "organisationName"
       FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN organisations o ON o.id = r.organisation_id`;
const withRoleName = (r: Omit<PartnershipUser, 'roleName'>): PartnershipUser => ({ ...r, roleName: ROLE_NAMES[r.role] });

export async function listPartnershipUsers(q: Queryable, partnershipId: number): Promise<PartnershipUser[]> {
  const rows = await q.query<Omit<PartnershipUser, 'roleName'>>(`${USERS_WITH_ROLES}
      WHERE r.partnership_id = $1 ORDER BY u.name, u.email`, [partnershipId]);
  return rows.map(withRoleName);
}

export async function findUserInPartnership(q: Queryable, partnershipId: number, userId: number): Promise<PartnershipUser | null> {
  const [row] = await q.query<Omit<PartnershipUser, 'roleName'>>(`${USERS_WITH_ROLES}
      WHERE r.partnership_id = $1 AND r.user_id = $2`, [partnershipId, userId]);
  return row ? withRoleName(row) : null;
}

// ---- History ------------------------------------------------------------------------------------

/** A user who has, or once had, a role in this partnership. */
export async function findUserKnownHere(q: Queryable, partnershipId: number, userId: number) {
  const [row] = await q.query<{ name: string; email: string }>(
    `SELECT u.name, u.email FROM users u WHERE u.id = $1 AND (
       EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.partnership_id = $2)
       OR EXISTS (SELECT 1 FROM audit_log a WHERE a.record_type = 'user' AND a.record_id = u.id AND a.partnership_id = $2))`, [userId, partnershipId]);
  return row ?? null;
}

export async function auditIdsHere(q: Queryable, partnershipId: number, recordType: string, recordId: number): Promise<Set<number>> {
  const rows = await q.query<{ id: number }>(
    'SELECT id FROM audit_log WHERE record_type = $1 AND record_id = $2 AND partnership_id = $3', [recordType, recordId, partnershipId]);
  return new Set(rows.map((r) => Number(r.id)));
}
