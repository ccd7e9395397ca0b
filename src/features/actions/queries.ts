// The tracker's tables: actions and recommendations recorded on minutes, and the s.19(8) referrals of
// the committee's reports and recommendations to the responsible authorities.
import type { Queryable } from '../../platform/db/types.ts';

export const RECOMMENDED_TO = ['cabinet', 'council', 'partner'] as const;
export type RecommendedTo = (typeof RECOMMENDED_TO)[number];
export type ActionKind = 'action' | 'recommendation';
export type ConcernsKind = 'priority' | 'initiative' | 'issue';

export interface ActionRow {
  id: number; bodyId: number; minuteId: number; kind: ActionKind; description: string; ownerName: string; ownerOrganisation: string;
  recommendedTo: RecommendedTo | null; partnerName: string; dueOn: string | null;
  concernsKind: ConcernsKind | null; concernsRef: string | null; concernsLabel: string | null;
  closedOn: string | null; responseBy: string | null; response: string | null; version: number;
}

export interface ActionFields {
  kind: ActionKind; description: string; ownerName: string; ownerOrganisation: string; recommendedTo: RecommendedTo | null; partnerName: string;
  dueOn: string | null; concernsKind: ConcernsKind | null; concernsRef: string | null; concernsLabel: string | null;
}

const ACTION = `a.id, a.body_id AS "bodyId", a.minute_id AS "minuteId", a.kind, a.description, a.owner_name AS "ownerName",
  a.owner_organisation AS "ownerOrganisation", a.recommended_to AS "recommendedTo", a.partner_name AS "partnerName", a.due_on AS "dueOn",
  a.concerns_kind AS "concernsKind", a.concerns_ref AS "concernsRef", a.concerns_label AS "concernsLabel",
  a.closed_on AS "closedOn", a.response_by AS "responseBy", a.response, a.version`;

export async function actionsOf(q: Queryable, partnershipId: number): Promise<ActionRow[]> {
  return q.query<ActionRow>(`SELECT ${ACTION} FROM minute_actions a WHERE a.partnership_id = $1 ORDER BY a.id`, [partnershipId]);
}

export async function findAction(q: Queryable, partnershipId: number, id: number, lock = false): Promise<ActionRow | null> {
  const [row] = await q.query<ActionRow>(`SELECT ${ACTION} FROM minute_actions a WHERE a.id = $1 AND a.partnership_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, partnershipId]);
  return row ?? null;
}

export async function insertAction(q: Queryable, partnershipId: number, bodyId: number, minuteId: number, f: ActionFields, userId: number | null): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO minute_actions (partnership_id, body_id, minute_id, kind, description, owner_name, owner_organisation, recommended_to, partner_name,
       due_on, concerns_kind, concerns_ref, concerns_label, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [partnershipId, bodyId, minuteId, f.kind, f.description, f.ownerName, f.ownerOrganisation, f.recommendedTo, f.partnerName,
      f.dueOn, f.concernsKind, f.concernsRef, f.concernsLabel, userId],
  );
  return row.id;
}

export async function closeAction(q: Queryable, id: number, c: { closedOn: string; responseBy: string; response: string }, userId: number | null): Promise<void> {
  await q.query('UPDATE minute_actions SET closed_on = $2, response_by = $3, response = $4, closed_by = $5, version = version + 1 WHERE id = $1',
    [id, c.closedOn, c.responseBy, c.response, userId]);
}

// ---- s.19(8) referrals ---------------------------------------------------------------------------

export interface ReferralRow {
  id: number; bodyId: number; minuteId: number; authority: string; sentOn: string; respondedOn: string | null; response: string | null; version: number;
}

const REFERRAL = `r.id, r.body_id AS "bodyId", r.minute_id AS "minuteId", r.authority, r.sent_on AS "sentOn", r.responded_on AS "respondedOn",
  r.response, r.version`;

export async function referralsOf(q: Queryable, partnershipId: number): Promise<ReferralRow[]> {
  return q.query<ReferralRow>(`SELECT ${REFERRAL} FROM scrutiny_referrals r WHERE r.partnership_id = $1 ORDER BY r.sent_on, r.id`, [partnershipId]);
}

export async function findReferral(q: Queryable, partnershipId: number, id: number, lock = false): Promise<ReferralRow | null> {
  const [row] = await q.query<ReferralRow>(`SELECT ${REFERRAL} FROM scrutiny_referrals r WHERE r.id = $1 AND r.partnership_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, partnershipId]);
  return row ?? null;
}

export async function insertReferral(q: Queryable, partnershipId: number, bodyId: number, minuteId: number, authority: string, sentOn: string, userId: number | null): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO scrutiny_referrals (partnership_id, body_id, minute_id, authority, sent_on, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [partnershipId, bodyId, minuteId, authority, sentOn, userId],
  );
  return row.id;
}

export async function recordReferralResponse(q: Queryable, id: number, respondedOn: string, response: string): Promise<void> {
  await q.query('UPDATE scrutiny_referrals SET responded_on = $2, response = $3, version = version + 1 WHERE id = $1', [id, respondedOn, response]);
}
