// The SQL of outgoing mail (table mail_messages) and of e-mail verification (email_verifications).
import type { Queryable } from '../db/types.ts';

export type MailStatus = 'sent' | 'failed' | 'kept';

/** What a message is about: a kind of record and its id, as the feature that sent it names them. */
export interface Concerns { kind: string; id: number }

export interface MessageRecord {
  partnershipId: number | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  template: string;
  concerns: Concerns | null;
  status: MailStatus;
  error: string | null;
}

export interface MessageSummary {
  id: number; to: string; subject: string; status: MailStatus; error: string | null;
  concernsKind: string | null; concernsId: number | null; createdAt: Date; sentAt: Date | null;
}

export interface StoredMessage extends MessageSummary { text: string; html: string; template: string }

const SUMMARY = `id, to_address AS "to", subject, status, error, concerns_kind AS "concernsKind", concerns_id AS "concernsId",
  created_at AS "createdAt", sent_at AS "sentAt"`;

export async function insertMessage(q: Queryable, m: MessageRecord): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO mail_messages (partnership_id, to_address, subject, body_text, body_html, template, concerns_kind, concerns_id, status, error, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 = 'sent' THEN now() END) RETURNING id`,
    [m.partnershipId, m.to, m.subject, m.text, m.html, m.template, m.concerns?.kind ?? null, m.concerns?.id ?? null, m.status, m.error],
  );
  return row.id;
}

/** The partnership's messages, newest first, at most `limit`; and how many there are in all. */
export async function listMessages(q: Queryable, partnershipId: number, limit: number): Promise<{ messages: MessageSummary[]; total: number }> {
  const messages = await q.query<MessageSummary>(
    `SELECT ${SUMMARY} FROM mail_messages WHERE partnership_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [partnershipId, limit]);
  const [{ total }] = await q.query<{ total: number }>('SELECT count(*)::int AS total FROM mail_messages WHERE partnership_id = $1', [partnershipId]);
  return { messages, total };
}

export async function findMessage(q: Queryable, partnershipId: number, id: number): Promise<StoredMessage | null> {
  const [row] = await q.query<StoredMessage>(
    `SELECT ${SUMMARY}, body_text AS text, body_html AS html, template FROM mail_messages WHERE partnership_id = $1 AND id = $2`,
    [partnershipId, id]);
  return row ?? null;
}

/** The messages about one record, newest first (a feature showing "reminded on …"). */
export async function messagesAbout(q: Queryable, partnershipId: number, concerns: Concerns): Promise<MessageSummary[]> {
  return q.query<MessageSummary>(
    `SELECT ${SUMMARY} FROM mail_messages WHERE partnership_id = $1 AND concerns_kind = $2 AND concerns_id = $3
      ORDER BY created_at DESC, id DESC`, [partnershipId, concerns.kind, concerns.id]);
}

// ---- E-mail verification -----------------------------------------------------------------------

export interface VerificationRow {
  id: number; purpose: string; email: string; partnershipId: number | null;
  concernsKind: string | null; concernsId: number | null; expiresAt: Date; usedAt: Date | null;
}

const VERIFICATION = `id, purpose, email, partnership_id AS "partnershipId", concerns_kind AS "concernsKind",
  concerns_id AS "concernsId", expires_at AS "expiresAt", used_at AS "usedAt"`;

export async function insertVerification(q: Queryable, v: {
  tokenHash: string; purpose: string; email: string; partnershipId: number | null; concerns: Concerns | null; createdAt: Date; expiresAt: Date;
}): Promise<void> {
  await q.query(
    `INSERT INTO email_verifications (token_hash, purpose, email, partnership_id, concerns_kind, concerns_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [v.tokenHash, v.purpose, v.email, v.partnershipId, v.concerns?.kind ?? null, v.concerns?.id ?? null, v.createdAt, v.expiresAt]);
}

export async function findVerification(q: Queryable, tokenHash: string, purpose: string): Promise<VerificationRow | null> {
  const [row] = await q.query<VerificationRow>(
    `SELECT ${VERIFICATION} FROM email_verifications WHERE token_hash = $1 AND purpose = $2`, [tokenHash, purpose]);
  return row ?? null;
}

/** Marks the token used if it is unused and unexpired at `now`; the row when this call used it, else null. */
export async function useVerification(q: Queryable, tokenHash: string, purpose: string, now: Date): Promise<VerificationRow | null> {
  const [row] = await q.query<VerificationRow>(
    `UPDATE email_verifications SET used_at = $3
      WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
      RETURNING ${VERIFICATION}`, [tokenHash, purpose, now]);
  return row ?? null;
}

/** Tokens that expired over a day ago are of no further use to anyone. */
export async function forgetOldVerifications(q: Queryable, now: Date): Promise<void> {
  await q.query(`DELETE FROM email_verifications WHERE expires_at < $1::timestamptz - interval '1 day'`, [now]);
}
