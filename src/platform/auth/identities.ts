import type { Db } from '../db/types.ts';
import { recordChange } from '../audit.ts';

/** What a provider said about the person who signed in there. */
export interface ProviderPerson { issuer: string; subject: string; email: string | null; emailVerified: boolean }

export type IdentityMatch = { ok: true; userId: number } | { ok: false; reason: 'unverified' | 'unknown' };

/**
 * Links provider accounts to CSP Hub users. A person is matched first by the provider's subject (so an
 * e-mail change at the provider does not matter), else by a verified e-mail address of an existing
 * account, which links them. Nobody is created here: an administrator adds people to a partnership.
 */
export function identitiesService(db: Db) {
  return {
    async match(person: ProviderPerson): Promise<IdentityMatch> {
      const [linked] = await db.query<{ userId: number }>(
        'SELECT user_id AS "userId" FROM user_identities WHERE issuer = $1 AND subject = $2', [person.issuer, person.subject]);
      if (linked) return { ok: true, userId: linked.userId };
      if (!person.email || !person.emailVerified) return { ok: false, reason: person.email ? 'unverified' : 'unknown' };
      const [user] = await db.query<{ id: number }>('SELECT id FROM users WHERE email = lower($1)', [person.email.trim()]);
      if (!user) return { ok: false, reason: 'unknown' };
      // Another subject of the same provider already linked to this user is left as it is: both sign in.
      await db.query(
        `INSERT INTO user_identities (issuer, subject, user_id, email_when_linked) VALUES ($1, $2, $3, lower($4))
         ON CONFLICT (issuer, subject) DO NOTHING`,
        [person.issuer, person.subject, user.id, person.email.trim()]);
      return { ok: true, userId: user.id };
    },

    /** Notes the sign-in on the link and in the audit trail (who, through which provider). */
    async recordSignIn(userId: number, person: ProviderPerson, providerName: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query('UPDATE user_identities SET last_sign_in_at = now() WHERE issuer = $1 AND subject = $2', [person.issuer, person.subject]);
        await recordChange(tx, {
          partnershipId: null, userId, recordType: 'user', recordId: userId, action: 'sign_in',
          summary: `Signed in through ${providerName}`, after: { issuer: person.issuer, subject: person.subject, email: person.email },
        });
      });
    },
  };
}

export type IdentitiesService = ReturnType<typeof identitiesService>;
