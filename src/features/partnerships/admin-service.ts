// Partnership administration (C1, Platform): organisations, membership per plan year, bodies and
// their members, and who has which role. Only coordinators and administrators may use it; every
// change is written with its audit entry in one transaction.
import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange, historyFor, type HistoryEntry } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { ROLES, ROLE_NAMES, isRole, type Role } from '../../platform/auth/roles.ts';
import type { UsersService } from '../../platform/auth/users-service.ts';
import { actorCan, type Actor } from '../plans/actor.ts';
import { parseDateParts } from '../plans/initiative-form.ts';
import type { Partnership, Organisation } from './queries.ts';
import { yearLabel } from './years.ts';

export const ORGANISATION_KINDS = ['council', 'police', 'fire', 'probation', 'health', 'county_council', 'housing', 'charity', 'education', 'military', 'business', 'other'] as const;
export const BODY_KINDS = ['strategic_board', 'delivery_board', 'task_group', 'scrutiny_committee', 'other'] as const;
export const MEMBER_ROLES = ['chair', 'deputy_chair', 'member'] as const;
export const MEMBERSHIP_CHOICES = ['none', 'statutory', 'non_statutory'] as const;
export type MembershipChoice = (typeof MEMBERSHIP_CHOICES)[number];
export const MEMBERSHIP_NAMES: Record<MembershipChoice, string> = { none: 'Not a member', statutory: 'Statutory', non_statutory: 'Non-statutory' };
export const MIN_PASSWORD_LENGTH = 12;

type Problem = { field: string; message: string };
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

export interface OrganisationFormValues { name: string; acronym: string; kind: string; version: string }
export interface BodyFormValues { name: string; kind: string }
export interface BodyMemberFormValues {
  personName: string; organisationId: string; role: string;
  'termStart-day': string; 'termStart-month': string; 'termStart-year': string;
  'termEnd-day': string; 'termEnd-month': string; 'termEnd-year': string;
}
export interface UserFormValues { email: string; name: string; role: string; organisationId: string; password: string }
export interface RoleFormValues { role: string; organisationId: string }

export interface PartnershipUser {
  id: number; email: string; name: string; role: Role; roleName: string; organisationId: number | null; organisationName: string | null;
}
export interface AdminBodyMember {
  id: number; bodyId: number; personName: string; organisationId: number | null; organisationName: string | null;
  role: string; termStart: string | null; termEnd: string | null;
}

export function organisationValues(body: Record<string, unknown> = {}): OrganisationFormValues {
  return { name: str(body.name), acronym: str(body.acronym), kind: str(body.kind), version: str(body.version) };
}
export function bodyValues(body: Record<string, unknown> = {}): BodyFormValues {
  return { name: str(body.name), kind: str(body.kind) };
}
export function bodyMemberValues(body: Record<string, unknown> = {}): BodyMemberFormValues {
  const v = { personName: str(body.personName), organisationId: str(body.organisationId), role: str(body.role) } as BodyMemberFormValues;
  for (const f of ['termStart', 'termEnd'] as const) for (const part of ['day', 'month', 'year'] as const) v[`${f}-${part}`] = str(body[`${f}-${part}`]);
  return v;
}
export function userValues(body: Record<string, unknown> = {}): UserFormValues {
  return { email: str(body.email), name: str(body.name), role: str(body.role), organisationId: str(body.organisationId), password: str(body.password) };
}
export function roleValues(body: Record<string, unknown> = {}): RoleFormValues {
  return { role: str(body.role), organisationId: str(body.organisationId) };
}

/** The one permission check of this module: coordinators and administrators only. */
export function assertCanManage(actor: Actor): void {
  if (!actorCan(actor, 'manage_partnership')) {
    throw new ForbiddenError('Only a coordinator or administrator of this partnership can manage it.');
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

function positiveId(value: string): number | null {
  if (!/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const orgSnapshot = (o: { name: string; acronym: string | null; kind: string }) => ({ name: o.name, acronym: o.acronym, kind: o.kind });
const roleSnapshot = (role: string, organisationName: string | null) => ({ role: ROLE_NAMES[role as Role] ?? role, organisation: organisationName });

async function findOrganisation(q: Queryable, partnershipId: number, id: number): Promise<Organisation | null> {
  const [row] = await q.query<Organisation>('SELECT id, name, acronym, kind, version FROM organisations WHERE id = $1 AND partnership_id = $2', [id, partnershipId]);
  return row ?? null;
}

async function membershipsOf(q: Queryable, partnershipId: number, planYear: number): Promise<Map<number, MembershipChoice>> {
  const rows = await q.query<{ organisationId: number; statutory: boolean }>(
    'SELECT organisation_id AS "organisationId", statutory FROM memberships WHERE partnership_id = $1 AND plan_year = $2', [partnershipId, planYear]);
  return new Map(rows.map((r) => [r.organisationId, r.statutory ? 'statutory' : 'non_statutory'] as const));
}

async function bodyMembers(q: Queryable, bodyId: number): Promise<AdminBodyMember[]> {
  return q.query<AdminBodyMember>(
    `SELECT bm.id, bm.body_id AS "bodyId", bm.person_name AS "personName", bm.organisation_id AS "organisationId",
            o.name AS "organisationName", bm.role, bm.term_start::text AS "termStart", bm.term_end::text AS "termEnd"
       FROM body_members bm LEFT JOIN organisations o ON o.id = bm.organisation_id
      WHERE bm.body_id = $1
      ORDER BY CASE bm.role WHEN 'chair' THEN 0 WHEN 'deputy_chair' THEN 1 ELSE 2 END, bm.person_name, bm.id`, [bodyId]);
}

async function findUserInPartnership(q: Queryable, partnershipId: number, userId: number): Promise<PartnershipUser | null> {
  const [row] = await q.query<Omit<PartnershipUser, 'roleName'>>(
    `SELECT u.id, u.email, u.name, r.role, r.organisation_id AS "organisationId", o.name AS "organisationName"
       FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN organisations o ON o.id = r.organisation_id
      WHERE r.partnership_id = $1 AND r.user_id = $2`, [partnershipId, userId]);
  return row ? { ...row, roleName: ROLE_NAMES[row.role] } : null;
}

/** Grant or change a role inside the caller's transaction (same statement as users.grantRole). */
async function upsertRole(q: Queryable, userId: number, partnershipId: number, role: Role, organisationId: number | null) {
  await q.query(
    `INSERT INTO user_roles (user_id, partnership_id, role, organisation_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, partnership_id) DO UPDATE SET role = EXCLUDED.role, organisation_id = EXCLUDED.organisation_id`,
    [userId, partnershipId, role, organisationId]);
}

export async function removeRole(q: Queryable, userId: number, partnershipId: number): Promise<boolean> {
  const rows = await q.query('DELETE FROM user_roles WHERE user_id = $1 AND partnership_id = $2 RETURNING user_id', [userId, partnershipId]);
  return rows.length > 0;
}

export function partnershipAdminService(db: Db, deps: { users: UsersService }) {
  async function organisationOrThrow(p: Partnership, id: number) {
    const o = await findOrganisation(db, p.id, id);
    if (!o) throw new NotFoundError('Organisation');
    return o;
  }

  async function bodyOrThrow(q: Queryable, p: Partnership, id: number) {
    const [b] = await q.query<{ id: number; name: string; kind: string; version: number }>(
      'SELECT id, name, kind, version FROM bodies WHERE id = $1 AND partnership_id = $2', [id, p.id]);
    if (!b) throw new NotFoundError('Body');
    return b;
  }

  /** An organisation id typed into a form: blank → null, otherwise it must belong to this partnership. */
  async function organisationChoice(p: Partnership, value: string, field: string, problems: Problem[]): Promise<{ id: number; name: string } | null> {
    if (!value.trim()) return null;
    const id = positiveId(value);
    const o = id ? await findOrganisation(db, p.id, id) : null;
    if (!o) { problems.push({ field, message: 'Select an organisation from the list' }); return null; }
    return { id: o.id, name: o.name };
  }

  async function validateOrganisation(p: Partnership, v: OrganisationFormValues, exceptId: number | null) {
    const problems: Problem[] = [];
    const name = v.name.trim().replace(/\s+/g, ' ');
    const acronym = v.acronym.trim();
    if (!name) problems.push({ field: 'name', message: 'Enter the organisation’s name' });
    else if (name.length > 200) problems.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
    else {
      const [dup] = await db.query<{ name: string }>(
        'SELECT name FROM organisations WHERE partnership_id = $1 AND lower(name) = lower($2) AND id <> $3', [p.id, name, exceptId ?? 0]);
      if (dup) problems.push({ field: 'name', message: `An organisation called ${dup.name} already exists in this partnership` });
    }
    if (acronym.length > 20) problems.push({ field: 'acronym', message: 'Acronym must be 20 characters or fewer' });
    if (!(ORGANISATION_KINDS as readonly string[]).includes(v.kind)) problems.push({ field: 'kind', message: 'Select the kind of organisation' });
    if (problems.length) throw new ValidationError(problems);
    return { name, acronym: acronym || null, kind: v.kind };
  }

  function duplicateName(name: string) {
    return new ValidationError([{ field: 'name', message: `An organisation called ${name} already exists in this partnership` }]);
  }

  /** Only an administrator may give, change or take away the administrator role. */
  function assertAdminRoleAllowed(actor: Actor, ...roles: (string | null | undefined)[]) {
    if (roles.includes('admin') && actor.role !== 'admin') throw new ForbiddenError('Only an administrator can give or change the administrator role.');
  }

  async function validateRole(p: Partnership, v: RoleFormValues, problems: Problem[]) {
    const role = isRole(v.role) ? v.role : null;
    if (!role) problems.push({ field: 'role', message: 'Select a role' });
    const organisation = await organisationChoice(p, v.organisationId, 'organisationId', problems);
    if (role === 'partner_editor' && !organisation && !problems.some((x) => x.field === 'organisationId')) {
      problems.push({ field: 'organisationId', message: 'Select the organisation a partner editor works for' });
    }
    return { role, organisation };
  }

  return {
    assertCanManage,

    // ---- Organisations ----------------------------------------------------------------------

    async organisations(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return db.query<Organisation & { memberYears: number[] }>(
        `SELECT o.id, o.name, o.acronym, o.kind, o.version,
                COALESCE((SELECT array_agg(m.plan_year ORDER BY m.plan_year) FROM memberships m WHERE m.organisation_id = o.id), '{}') AS "memberYears"
           FROM organisations o WHERE o.partnership_id = $1 ORDER BY o.name`, [p.id]);
    },

    async organisation(p: Partnership, id: number, actor: Actor) {
      assertCanManage(actor);
      return organisationOrThrow(p, id);
    },

    async addOrganisation(p: Partnership, v: OrganisationFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const o = await validateOrganisation(p, v, null);
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.query<{ id: number }>(
            'INSERT INTO organisations (partnership_id, name, acronym, kind) VALUES ($1, $2, $3, $4) RETURNING id', [p.id, o.name, o.acronym, o.kind]);
          await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: row.id, action: 'create',
            summary: `Added ${o.name}`, after: o });
          return row.id;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateName(o.name); // someone added the same name a moment ago
        throw err;
      }
    },

    /** Saves only if nobody else saved since the form was opened; otherwise ConflictError with the saved organisation. */
    async updateOrganisation(p: Partnership, id: number, v: OrganisationFormValues, actor: Actor): Promise<void> {
      assertCanManage(actor);
      await organisationOrThrow(p, id);
      const o = await validateOrganisation(p, v, id);
      const version = positiveId(v.version) ?? 0;
      try {
        await db.transaction(async (tx) => {
          const [before] = await tx.query<Organisation>(
            'SELECT id, name, acronym, kind, version FROM organisations WHERE id = $1 AND partnership_id = $2 FOR UPDATE', [id, p.id]);
          if (!before) throw new NotFoundError('Organisation');
          const rows = await tx.query<{ id: number }>(
            `UPDATE organisations SET name = $3, acronym = $4, kind = $5, version = version + 1
              WHERE id = $1 AND version = $2 AND partnership_id = $6 RETURNING id`, [id, version, o.name, o.acronym, o.kind, p.id]);
          if (rows.length === 0) throw new ConflictError(before);
          await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: id, action: 'update',
            summary: 'Details changed', before: { ...orgSnapshot(before), version: before.version }, after: { ...orgSnapshot(o), version: before.version + 1 } });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateName(o.name);
        throw err;
      }
    },

    // ---- Membership per plan year -----------------------------------------------------------

    /**
     * Years offered: every year with members or a plan, this plan year and the one after the latest.
     * `usual` is the year to show first: the latest with members, else this plan year.
     */
    async membershipYears(p: Partnership, actor: Actor, today = new Date()): Promise<{ years: number[]; usual: number }> {
      assertCanManage(actor);
      const rows = await db.query<{ y: number; members: boolean }>(
        `SELECT plan_year AS y, true AS members FROM memberships WHERE partnership_id = $1
          UNION SELECT start_year, false FROM plans WHERE partnership_id = $1`, [p.id]);
      const month = today.getUTCMonth() + 1;
      const current = month >= p.planYearStartMonth ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
      const years = new Set([...rows.map((r) => r.y), current]);
      years.add(Math.max(...years) + 1);
      const withMembers = rows.filter((r) => r.members).map((r) => r.y);
      return { years: [...years].sort((a, b) => b - a), usual: withMembers.length ? Math.max(...withMembers) : current };
    },

    async membership(p: Partnership, planYear: number, actor: Actor) {
      assertCanManage(actor);
      const [organisations, now, previous] = await Promise.all([
        db.query<Organisation>('SELECT id, name, acronym, kind, version FROM organisations WHERE partnership_id = $1 ORDER BY name', [p.id]),
        membershipsOf(db, p.id, planYear),
        membershipsOf(db, p.id, planYear - 1),
      ]);
      const rows = organisations.map((o) => ({
        id: o.id, name: o.name, acronym: o.acronym, kind: o.kind,
        status: now.get(o.id) ?? 'none' as MembershipChoice, previousStatus: previous.get(o.id) ?? 'none' as MembershipChoice,
      }));
      const ref = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, acronym: r.acronym });
      return {
        planYear, label: yearLabel(planYear), previousLabel: yearLabel(planYear - 1), hasPrevious: previous.size > 0, rows,
        joined: previous.size ? rows.filter((r) => r.status !== 'none' && r.previousStatus === 'none').map(ref) : [],
        left: rows.filter((r) => r.status === 'none' && r.previousStatus !== 'none').map(ref),
        changedKind: previous.size ? rows.filter((r) => r.status !== 'none' && r.previousStatus !== 'none' && r.status !== r.previousStatus).map(ref) : [],
      };
    },

    /**
     * Save the membership table. Only rows the user changed are written (posted `org-<id>` differs from
     * the `was-<id>` shown on the form), so an untouched row never overwrites someone else's change.
     * Returns how many organisations changed.
     */
    async saveMembership(p: Partnership, planYear: number, body: Record<string, unknown>, actor: Actor): Promise<number> {
      assertCanManage(actor);
      if (!Number.isInteger(planYear) || planYear < 1990 || planYear > 2100) throw new NotFoundError('Plan year');
      const label = yearLabel(planYear);
      const organisations = await db.query<{ id: number; name: string }>('SELECT id, name FROM organisations WHERE partnership_id = $1', [p.id]);
      const problems: Problem[] = [];
      const wanted: { id: number; name: string; choice: MembershipChoice }[] = [];
      for (const o of organisations) {
        const posted = str(body[`org-${o.id}`]);
        if (posted === '') continue;
        if (!(MEMBERSHIP_CHOICES as readonly string[]).includes(posted)) {
          problems.push({ field: `org-${o.id}`, message: `Select whether ${o.name} is a member in ${label}` });
          continue;
        }
        const was = str(body[`was-${o.id}`]);
        if (was && was === posted) continue;
        wanted.push({ id: o.id, name: o.name, choice: posted as MembershipChoice });
      }
      if (problems.length) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const current = await membershipsOf(tx, p.id, planYear);
        let changed = 0;
        for (const w of wanted) {
          const before = current.get(w.id) ?? 'none';
          if (before === w.choice) continue;
          if (w.choice === 'none') {
            await tx.query('DELETE FROM memberships WHERE partnership_id = $1 AND organisation_id = $2 AND plan_year = $3', [p.id, w.id, planYear]);
          } else {
            await tx.query(
              `INSERT INTO memberships (partnership_id, organisation_id, plan_year, statutory) VALUES ($1, $2, $3, $4)
               ON CONFLICT (organisation_id, plan_year) DO UPDATE SET statutory = EXCLUDED.statutory`, [p.id, w.id, planYear, w.choice === 'statutory']);
          }
          const summary = w.choice === 'none' ? `No longer a member in ${label}`
            : before === 'none' ? `Member in ${label} (${MEMBERSHIP_NAMES[w.choice].toLowerCase()})`
              : `Now a ${MEMBERSHIP_NAMES[w.choice].toLowerCase()} member in ${label}`;
          const key = `membership ${label}`;
          await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: w.id, action: 'update',
            summary, before: { [key]: MEMBERSHIP_NAMES[before] }, after: { [key]: MEMBERSHIP_NAMES[w.choice] } });
          changed++;
        }
        return changed;
      });
    },

    // ---- Bodies -----------------------------------------------------------------------------

    async bodies(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return db.query<{ id: number; name: string; kind: string; version: number; memberCount: number }>(
        `SELECT b.id, b.name, b.kind, b.version, (SELECT count(*)::int FROM body_members bm WHERE bm.body_id = b.id) AS "memberCount"
           FROM bodies b WHERE b.partnership_id = $1 ORDER BY b.id`, [p.id]);
    },

    async body(p: Partnership, id: number, actor: Actor) {
      assertCanManage(actor);
      const b = await bodyOrThrow(db, p, id);
      return { ...b, members: await bodyMembers(db, id) };
    },

    async addBody(p: Partnership, v: BodyFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const problems: Problem[] = [];
      const name = v.name.trim().replace(/\s+/g, ' ');
      if (!name) problems.push({ field: 'name', message: 'Enter the body’s name' });
      else if (name.length > 200) problems.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
      else {
        const [dup] = await db.query<{ name: string }>('SELECT name FROM bodies WHERE partnership_id = $1 AND lower(name) = lower($2)', [p.id, name]);
        if (dup) problems.push({ field: 'name', message: `A body called ${dup.name} already exists in this partnership` });
      }
      if (!(BODY_KINDS as readonly string[]).includes(v.kind)) problems.push({ field: 'kind', message: 'Select the kind of body' });
      if (problems.length) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>('INSERT INTO bodies (partnership_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [p.id, name, v.kind]);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: row.id, action: 'create',
          summary: `Added ${name}`, after: { name, kind: v.kind } });
        return row.id;
      });
    },

    async addBodyMember(p: Partnership, bodyId: number, v: BodyMemberFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p, bodyId);
      const problems: Problem[] = [];
      const personName = v.personName.trim().replace(/\s+/g, ' ');
      if (!personName) problems.push({ field: 'personName', message: 'Enter the person’s name' });
      else if (personName.length > 200) problems.push({ field: 'personName', message: 'Name must be 200 characters or fewer' });
      const organisation = await organisationChoice(p, v.organisationId, 'organisationId', problems);
      if (!(MEMBER_ROLES as readonly string[]).includes(v.role)) problems.push({ field: 'role', message: 'Select the person’s role' });
      const start = parseDateParts(v['termStart-day'], v['termStart-month'], v['termStart-year'], 'Term start');
      if (start.problem) problems.push({ field: 'termStart-day', message: start.problem });
      const end = parseDateParts(v['termEnd-day'], v['termEnd-month'], v['termEnd-year'], 'Term end');
      if (end.problem) problems.push({ field: 'termEnd-day', message: end.problem });
      else if (start.value && end.value && end.value < start.value) problems.push({ field: 'termEnd-day', message: 'Term end must be the same as or after term start' });
      if (problems.length) throw new ValidationError(problems);
      const member = { personName, organisation: organisation?.name ?? null, role: v.role, termStart: start.value, termEnd: end.value };
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          'INSERT INTO body_members (body_id, person_name, organisation_id, role, term_start, term_end) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [bodyId, personName, organisation?.id ?? null, v.role, start.value, end.value]);
        await tx.query('UPDATE bodies SET version = version + 1 WHERE id = $1', [bodyId]);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: bodyId, action: 'update',
          summary: `${personName} joined ${body.name} as ${v.role.replace(/_/g, ' ')}`, after: member });
        return row.id;
      });
    },

    async bodyMember(p: Partnership, bodyId: number, memberId: number, actor: Actor) {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p, bodyId);
      const member = (await bodyMembers(db, bodyId)).find((m) => m.id === memberId);
      if (!member) throw new NotFoundError('Member');
      return { body, member };
    },

    async removeBodyMember(p: Partnership, bodyId: number, memberId: number, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p, bodyId);
      await db.transaction(async (tx) => {
        const member = (await bodyMembers(tx, bodyId)).find((m) => m.id === memberId);
        if (!member) throw new NotFoundError('Member');
        await tx.query('DELETE FROM body_members WHERE id = $1 AND body_id = $2', [memberId, bodyId]);
        await tx.query('UPDATE bodies SET version = version + 1 WHERE id = $1', [bodyId]);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: bodyId, action: 'update',
          summary: `${member.personName} removed from ${body.name}`,
          before: { personName: member.personName, organisation: member.organisationName, role: member.role, termStart: member.termStart, termEnd: member.termEnd } });
      });
    },

    // ---- Users and roles ----------------------------------------------------------------------

    async users(p: Partnership, actor: Actor): Promise<PartnershipUser[]> {
      assertCanManage(actor);
      const rows = await db.query<Omit<PartnershipUser, 'roleName'>>(
        `SELECT u.id, u.email, u.name, r.role, r.organisation_id AS "organisationId", o.name AS "organisationName"
           FROM user_roles r JOIN users u ON u.id = r.user_id LEFT JOIN organisations o ON o.id = r.organisation_id
          WHERE r.partnership_id = $1 ORDER BY u.name, u.email`, [p.id]);
      return rows.map((r) => ({ ...r, roleName: ROLE_NAMES[r.role] }));
    },

    async user(p: Partnership, userId: number, actor: Actor): Promise<PartnershipUser> {
      assertCanManage(actor);
      const u = await findUserInPartnership(db, p.id, userId);
      if (!u) throw new NotFoundError('User');
      return u;
    },

    /**
     * Give someone a role here. A new e-mail address creates the account with the temporary password the
     * administrator typed; an existing account is given the role and keeps its password.
     */
    async addUser(p: Partnership, v: UserFormValues, actor: Actor): Promise<{ userId: number; created: boolean }> {
      assertCanManage(actor);
      const problems: Problem[] = [];
      const email = v.email.trim().toLowerCase();
      let existingId: number | null = null;
      if (!email) problems.push({ field: 'email', message: 'Enter the person’s email address' });
      else if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
      else {
        existingId = await deps.users.findIdByEmail(email);
        if (existingId && await findUserInPartnership(db, p.id, existingId)) {
          problems.push({ field: 'email', message: `${email} already has a role in this partnership: change it from the list of users` });
        }
      }
      const name = v.name.trim().replace(/\s+/g, ' ');
      if (!existingId) {
        if (!name) problems.push({ field: 'name', message: 'Enter the person’s full name' });
        else if (name.length > 200) problems.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
      }
      const { role, organisation } = await validateRole(p, v, problems);
      if (!existingId) {
        if (v.password.length < MIN_PASSWORD_LENGTH) problems.push({ field: 'password', message: `Enter a temporary password of at least ${MIN_PASSWORD_LENGTH} characters` });
        else if (v.password.length > 200) problems.push({ field: 'password', message: 'Password must be 200 characters or fewer' });
      }
      if (problems.length || !role) throw new ValidationError(problems);
      assertAdminRoleAllowed(actor, role);

      let userId = existingId;
      const created = !existingId;
      if (!userId) {
        try {
          userId = await deps.users.create({ email, name, password: v.password });
        } catch (err) {
          if (isUniqueViolation(err)) throw new ValidationError([{ field: 'email', message: `An account for ${email} was created a moment ago: try again` }]);
          throw err;
        }
      }
      const id = userId;
      await db.transaction(async (tx) => {
        await upsertRole(tx, id, p.id, role, organisation?.id ?? null);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'user', recordId: id, action: created ? 'create' : 'update',
          summary: created ? `Account created for ${email} as ${ROLE_NAMES[role].toLowerCase()}` : `Given the role ${ROLE_NAMES[role].toLowerCase()}`,
          after: roleSnapshot(role, organisation?.name ?? null) });
      });
      return { userId: id, created };
    },

    async changeRole(p: Partnership, userId: number, v: RoleFormValues, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const target = await findUserInPartnership(db, p.id, userId);
      if (!target) throw new NotFoundError('User');
      const problems: Problem[] = [];
      if (userId === actor.userId) problems.push({ field: 'role', message: 'You cannot change your own role: ask another administrator' });
      const { role, organisation } = await validateRole(p, v, problems);
      if (problems.length || !role) throw new ValidationError(problems);
      assertAdminRoleAllowed(actor, role, target.role);
      await db.transaction(async (tx) => {
        await upsertRole(tx, userId, p.id, role, organisation?.id ?? null);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'user', recordId: userId, action: 'update',
          summary: 'Role changed', before: roleSnapshot(target.role, target.organisationName), after: roleSnapshot(role, organisation?.name ?? null) });
      });
    },

    async removeRole(p: Partnership, userId: number, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const target = await findUserInPartnership(db, p.id, userId);
      if (!target) throw new NotFoundError('User');
      if (userId === actor.userId) throw new ForbiddenError('You cannot remove your own role: ask another administrator.');
      assertAdminRoleAllowed(actor, target.role);
      await db.transaction(async (tx) => {
        await removeRole(tx, userId, p.id);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'user', recordId: userId, action: 'delete',
          summary: `Role ${target.roleName.toLowerCase()} removed`, before: roleSnapshot(target.role, target.organisationName) });
      });
    },

    // ---- History ------------------------------------------------------------------------------

    /** A record's history as far as this partnership is concerned (a user's roles elsewhere stay hidden). */
    async history(p: Partnership, recordType: 'organisation' | 'body' | 'user', id: number, actor: Actor): Promise<{ name: string; history: HistoryEntry[] }> {
      assertCanManage(actor);
      let name: string;
      if (recordType === 'organisation') name = (await organisationOrThrow(p, id)).name;
      else if (recordType === 'body') name = (await bodyOrThrow(db, p, id)).name;
      else {
        const [u] = await db.query<{ name: string; email: string }>(
          `SELECT u.name, u.email FROM users u WHERE u.id = $1 AND (
             EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.partnership_id = $2)
             OR EXISTS (SELECT 1 FROM audit_log a WHERE a.record_type = 'user' AND a.record_id = u.id AND a.partnership_id = $2))`, [id, p.id]);
        if (!u) throw new NotFoundError('User');
        name = `${u.name} (${u.email})`;
      }
      const mine = new Set((await db.query<{ id: number }>(
        'SELECT id FROM audit_log WHERE record_type = $1 AND record_id = $2 AND partnership_id = $3', [recordType, id, p.id])).map((r) => Number(r.id)));
      const history = (await historyFor(db, recordType, id)).filter((h) => mine.has(Number(h.id)));
      return { name, history };
    },
  };
}

export type PartnershipAdminService = ReturnType<typeof partnershipAdminService>;

export const ROLE_CHOICES = ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r] }));
