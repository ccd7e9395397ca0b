import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export interface PartnershipRole { partnershipId: number; slug: string; role: Role; organisationId: number | null }
export interface CurrentUser {
  id: number; email: string; name: string; isInstanceAdmin: boolean;
  roles: PartnershipRole[];
}

export const SESSION_DAYS = 7;

export function usersService(db: Db) {
  async function rolesOf(q: Queryable, userId: number): Promise<PartnershipRole[]> {
    return q.query<PartnershipRole>(
      `SELECT r.partnership_id AS "partnershipId", p.slug, r.role, r.organisation_id AS "organisationId"
         FROM user_roles r JOIN partnerships p ON p.id = r.partnership_id WHERE r.user_id = $1`,
      [userId],
    );
  }

  return {
    async create(input: { email: string; name: string; password: string; isInstanceAdmin?: boolean }): Promise<number> {
      const hash = await hashPassword(input.password);
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO users (email, name, password_hash, is_instance_admin) VALUES (lower($1), $2, $3, $4) RETURNING id`,
        [input.email.trim(), input.name, hash, input.isInstanceAdmin ?? false],
      );
      return row.id;
    },

    async findIdByEmail(email: string): Promise<number | null> {
      const [row] = await db.query<{ id: number }>('SELECT id FROM users WHERE email = lower($1)', [email.trim()]);
      return row?.id ?? null;
    },

    /** Grant or change the user's role in a partnership; `within` a caller's transaction if given. */
    async grantRole(userId: number, partnershipId: number, role: Role, organisationId: number | null = null, within: Queryable = db) {
      await within.query(
        `INSERT INTO user_roles (user_id, partnership_id, role, organisation_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, partnership_id) DO UPDATE SET role = EXCLUDED.role, organisation_id = EXCLUDED.organisation_id`,
        [userId, partnershipId, role, organisationId],
      );
    },

    /** The partnership's partner editors of the given organisations: whom a reminder about their organisation's work goes to. */
    async partnerEditorsOf(partnershipId: number, organisationIds: number[]): Promise<{ name: string; email: string; organisationId: number }[]> {
      if (organisationIds.length === 0) return [];
      return db.query(
        `SELECT u.name, u.email, r.organisation_id AS "organisationId" FROM user_roles r JOIN users u ON u.id = r.user_id
          WHERE r.partnership_id = $1 AND r.role = 'partner_editor' AND r.organisation_id = ANY($2::int[]) ORDER BY u.name, u.id`,
        [partnershipId, organisationIds]);
    },

    /** Take away the user's role in a partnership; false if there was none. */
    async revokeRole(userId: number, partnershipId: number, within: Queryable = db): Promise<boolean> {
      const rows = await within.query('DELETE FROM user_roles WHERE user_id = $1 AND partnership_id = $2 RETURNING user_id', [userId, partnershipId]);
      return rows.length > 0;
    },

    /** Checks the password; the same answer (null) for an unknown e-mail and a wrong password. */
    async authenticate(email: string, password: string): Promise<number | null> {
      const [row] = await db.query<{ id: number; password_hash: string }>(
        'SELECT id, password_hash FROM users WHERE email = lower($1)', [email.trim()],
      );
      if (!row) { await hashPassword(password); return null; } // same time either way
      return (await verifyPassword(password, row.password_hash)) ? row.id : null;
    },

    async startSession(userId: number): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      await db.query(
        `INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '${SESSION_DAYS} days')`,
        [id, userId],
      );
      return id;
    },

    async endSession(sessionId: string) {
      await db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
    },

    async userForSession(sessionId: string): Promise<CurrentUser | null> {
      const [row] = await db.query<{ id: number; email: string; name: string; isInstanceAdmin: boolean }>(
        `SELECT u.id, u.email, u.name, u.is_instance_admin AS "isInstanceAdmin"
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > now()`,
        [sessionId],
      );
      if (!row) return null;
      return { ...row, roles: await rolesOf(db, row.id) };
    },
  };
}

export type UsersService = ReturnType<typeof usersService>;
