// Proving that whoever filled in a public form can read mail at the address they gave: a random
// token, sent in a link, good once and for a limited time. Only its SHA-256 is stored.
//
// Mail scanners open links in messages before people do, so the link's page should `check` the
// token and show a button; only the button's POST should `use` it.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types.ts';
import { findVerification, forgetOldVerifications, insertVerification, useVerification, type Concerns } from './queries.ts';

/** How long a token is good for unless the caller says otherwise. */
export const DEFAULT_VERIFICATION_HOURS = 24;

export interface VerificationRequest {
  /** What the token is for, e.g. 'ccfa_submission'; a token is only ever good for its own purpose. */
  purpose: string;
  email: string;
  partnershipId: number | null;
  /** The record waiting for the address to be verified (e.g. the submission). */
  concerns?: Concerns;
  hours?: number;
}

export type Verified = { ok: true; email: string; partnershipId: number | null; concerns: Concerns | null; expiresAt: Date };
/** unknown: no such token (mistyped, altered, or for another purpose); expired; used: already used once. */
export type NotVerified = { ok: false; reason: 'unknown' | 'expired' | 'used' };
export type VerificationOutcome = Verified | NotVerified;

// 32 random bytes in base64url: 43 characters, safe in a URL as they are.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function emailVerification(db: Db, clock: () => Date = () => new Date()) {
  async function outcome(token: string, purpose: string, use: boolean): Promise<VerificationOutcome> {
    if (!TOKEN.test(token)) return { ok: false, reason: 'unknown' };
    const hash = hashOf(token);
    const now = clock();
    const row = use ? await useVerification(db, hash, purpose, now) : null;
    const found = row ?? await findVerification(db, hash, purpose);
    if (!found) return { ok: false, reason: 'unknown' };
    if (!row) {
      if (found.usedAt) return { ok: false, reason: 'used' };
      if (found.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    }
    const concerns = found.concernsKind !== null && found.concernsId !== null ? { kind: found.concernsKind, id: found.concernsId } : null;
    return { ok: true, email: found.email, partnershipId: found.partnershipId, concerns, expiresAt: found.expiresAt };
  }

  return {
    /** A new token for the address; put it in a link and send it with the mailer. */
    async issue(request: VerificationRequest): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const createdAt = clock();
      const expiresAt = new Date(createdAt.getTime() + (request.hours ?? DEFAULT_VERIFICATION_HOURS) * 3600_000);
      await forgetOldVerifications(db, createdAt);
      await insertVerification(db, {
        tokenHash: hashOf(token), purpose: request.purpose, email: request.email.trim(), partnershipId: request.partnershipId,
        concerns: request.concerns ?? null, createdAt, expiresAt,
      });
      return { token, expiresAt };
    },

    /** Whether the token would verify, without using it (for the page the link opens). */
    check: (token: string, purpose: string) => outcome(token, purpose, false),

    /** Verify and use up the token: it succeeds once, for one caller, however many try at once. */
    use: (token: string, purpose: string) => outcome(token, purpose, true),
  };
}

export type EmailVerification = ReturnType<typeof emailVerification>;
