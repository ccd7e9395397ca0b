// The SQL of the partnership's logo and glossary (tables of migration 027).
import type { Queryable } from '../../../platform/db/types.ts';

export interface LogoInfo { type: 'png' | 'jpg'; alt: string; width: number; height: number; sizeBytes: number; sha256: string; uploadedAt: string }
export interface GlossaryTerm { id: number; term: string; meaning: string; version: number }

const LOGO_INFO = `type, alt, width, height, octet_length(content) AS "sizeBytes", sha256,
  to_char(uploaded_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') AS "uploadedAt"`;

export async function logoInfo(q: Queryable, partnershipId: number): Promise<LogoInfo | null> {
  const [row] = await q.query<LogoInfo>(`SELECT ${LOGO_INFO} FROM partnership_logos WHERE partnership_id = $1`, [partnershipId]);
  return row ?? null;
}

export async function logoWithContent(q: Queryable, partnershipId: number): Promise<(LogoInfo & { content: Uint8Array }) | null> {
  const [row] = await q.query<LogoInfo & { content: Uint8Array }>(
    `SELECT ${LOGO_INFO}, content FROM partnership_logos WHERE partnership_id = $1`, [partnershipId]);
  return row ?? null;
}

/** A partnership has one logo: a new one replaces the old. */
export async function saveLogo(q: Queryable, partnershipId: number,
  l: { content: Buffer; type: 'png' | 'jpg'; alt: string; width: number; height: number; sha256: string }, userId: number | null) {
  await q.query(
    `INSERT INTO partnership_logos (partnership_id, content, type, alt, width, height, sha256, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (partnership_id) DO UPDATE SET content = EXCLUDED.content, type = EXCLUDED.type, alt = EXCLUDED.alt,
       width = EXCLUDED.width, height = EXCLUDED.height, sha256 = EXCLUDED.sha256, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = now()`,
    [partnershipId, l.content, l.type, l.alt, l.width, l.height, l.sha256, userId],
  );
}

export async function deleteLogo(q: Queryable, partnershipId: number): Promise<boolean> {
  const rows = await q.query('DELETE FROM partnership_logos WHERE partnership_id = $1 RETURNING partnership_id', [partnershipId]);
  return rows.length > 0;
}

export async function listGlossary(q: Queryable, partnershipId: number): Promise<GlossaryTerm[]> {
  return q.query<GlossaryTerm>(
    'SELECT id, term, meaning, version FROM glossary_terms WHERE partnership_id = $1 ORDER BY lower(term), term', [partnershipId]);
}

export async function findGlossaryTerm(q: Queryable, partnershipId: number, id: number, forUpdate = false): Promise<GlossaryTerm | null> {
  const [row] = await q.query<GlossaryTerm>(
    `SELECT id, term, meaning, version FROM glossary_terms WHERE partnership_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [partnershipId, id]);
  return row ?? null;
}

/** The spelling of an existing entry for the same term in any case, other than `exceptId`. */
export async function clashingTerm(q: Queryable, partnershipId: number, term: string, exceptId: number | null): Promise<string | null> {
  const [row] = await q.query<{ term: string }>(
    'SELECT term FROM glossary_terms WHERE partnership_id = $1 AND lower(term) = lower($2) AND id <> COALESCE($3::int, 0)', [partnershipId, term, exceptId]);
  return row?.term ?? null;
}

export async function insertGlossaryTerm(q: Queryable, partnershipId: number, t: { term: string; meaning: string }): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO glossary_terms (partnership_id, term, meaning) VALUES ($1, $2, $3) RETURNING id', [partnershipId, t.term, t.meaning]);
  return row!.id;
}

/** Saves only the version the form was opened on; false when someone saved since. */
export async function updateGlossaryTermAt(q: Queryable, partnershipId: number, id: number, version: number, t: { term: string; meaning: string }): Promise<boolean> {
  const rows = await q.query(
    `UPDATE glossary_terms SET term = $4, meaning = $5, version = version + 1
      WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`, [partnershipId, id, version, t.term, t.meaning]);
  return rows.length > 0;
}

export async function deleteGlossaryTerm(q: Queryable, partnershipId: number, id: number): Promise<void> {
  await q.query('DELETE FROM glossary_terms WHERE partnership_id = $1 AND id = $2', [partnershipId, id]);
}
