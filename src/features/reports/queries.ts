// SQL of generated documents: section edits, versions and their files.
import type { Queryable } from '../../platform/db/types.ts';

export type FileFormat = 'html' | 'docx' | 'pdf';
export const FILE_FORMATS: readonly FileFormat[] = ['html', 'docx', 'pdf'];

/** Which document: its partnership, kind and scope ('year:2022', 'meeting:12'). */
export interface DocKey { partnershipId: number; kind: string; scopeKey: string }

export interface EditRow {
  sectionKey: string; text: string; generatedText: string; updatedBy: number | null; updatedByName: string | null; updatedAt: Date;
}

const EDIT = `e.section_key AS "sectionKey", e.text, e.generated_text AS "generatedText", e.updated_by AS "updatedBy",
  u.name AS "updatedByName", e.updated_at AS "updatedAt"`;

export function editsOf(q: Queryable, d: DocKey): Promise<EditRow[]> {
  return q.query<EditRow>(`SELECT ${EDIT} FROM report_section_edits e LEFT JOIN users u ON u.id = e.updated_by
    WHERE e.partnership_id = $1 AND e.kind = $2 AND e.scope_key = $3 ORDER BY e.id`, [d.partnershipId, d.kind, d.scopeKey]);
}

export async function saveEdit(q: Queryable, d: DocKey, e: { sectionKey: string; text: string; generatedText: string }, userId: number | null): Promise<void> {
  await q.query(`INSERT INTO report_section_edits (partnership_id, kind, scope_key, section_key, text, generated_text, updated_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (partnership_id, kind, scope_key, section_key)
    DO UPDATE SET text = EXCLUDED.text, generated_text = EXCLUDED.generated_text, updated_by = EXCLUDED.updated_by, updated_at = now()`,
  [d.partnershipId, d.kind, d.scopeKey, e.sectionKey, e.text, e.generatedText, userId]);
}

/** Keep the edit, now checked against the generated text of today. */
export async function rebaseEdit(q: Queryable, d: DocKey, sectionKey: string, generatedText: string): Promise<number> {
  const rows = await q.query(`UPDATE report_section_edits SET generated_text = $5
    WHERE partnership_id = $1 AND kind = $2 AND scope_key = $3 AND section_key = $4 RETURNING id`,
  [d.partnershipId, d.kind, d.scopeKey, sectionKey, generatedText]);
  return rows.length;
}

export async function deleteEdit(q: Queryable, d: DocKey, sectionKey: string): Promise<number> {
  const rows = await q.query(`DELETE FROM report_section_edits WHERE partnership_id = $1 AND kind = $2 AND scope_key = $3 AND section_key = $4 RETURNING id`,
    [d.partnershipId, d.kind, d.scopeKey, sectionKey]);
  return rows.length;
}

export interface VersionFileRow { format: FileFormat; sizeBytes: number; sha256: string }

export interface VersionRow {
  id: number; partnershipId: number; kind: string; scopeKey: string; number: number; title: string; asOf: Date;
  edits: Record<string, string>; unpublishedInputs: boolean;
  createdBy: number | null; createdByName: string | null; createdAt: Date;
  publishedAt: Date | null; agendaItemId: number | null; meetingReportId: number | null;
  files: VersionFileRow[];
}

const VERSION = `v.id, v.partnership_id AS "partnershipId", v.kind, v.scope_key AS "scopeKey", v.number, v.title, v.as_of AS "asOf",
  v.edits, v.unpublished_inputs AS "unpublishedInputs", v.created_by AS "createdBy", u.name AS "createdByName", v.created_at AS "createdAt",
  v.published_at AS "publishedAt", v.agenda_item_id AS "agendaItemId", v.meeting_report_id AS "meetingReportId",
  COALESCE((SELECT json_agg(json_build_object('format', f.format, 'sizeBytes', f.size_bytes, 'sha256', f.sha256) ORDER BY f.format)
    FROM report_version_files f WHERE f.version_id = v.id), '[]'::json) AS files`;

export function versionsOf(q: Queryable, d: DocKey): Promise<VersionRow[]> {
  return q.query<VersionRow>(`SELECT ${VERSION} FROM report_versions v LEFT JOIN users u ON u.id = v.created_by
    WHERE v.partnership_id = $1 AND v.kind = $2 AND v.scope_key = $3 ORDER BY v.number DESC`, [d.partnershipId, d.kind, d.scopeKey]);
}

/** Every version of a partnership's documents, newest first (the documents page's overview). */
export function versionsOfPartnership(q: Queryable, partnershipId: number): Promise<VersionRow[]> {
  return q.query<VersionRow>(`SELECT ${VERSION} FROM report_versions v LEFT JOIN users u ON u.id = v.created_by
    WHERE v.partnership_id = $1 ORDER BY v.created_at DESC, v.id DESC`, [partnershipId]);
}

export async function findVersion(q: Queryable, partnershipId: number, id: number, lock = false): Promise<VersionRow | null> {
  const [row] = await q.query<VersionRow>(`SELECT ${VERSION} FROM report_versions v LEFT JOIN users u ON u.id = v.created_by
    WHERE v.partnership_id = $1 AND v.id = $2${lock ? ' FOR UPDATE OF v' : ''}`, [partnershipId, id]);
  return row ?? null;
}

export interface NewVersion {
  title: string; asOf: Date; edits: Record<string, string>; unpublishedInputs: boolean;
  files: { format: FileFormat; content: Uint8Array; sha256: string }[];
}

/** Stores a version with the next number of its document; the document's versions are locked while numbering. */
export async function insertVersion(q: Queryable, d: DocKey, v: NewVersion, userId: number | null): Promise<{ id: number; number: number }> {
  // Serialise numbering per document: two versions made at once must not take the same number.
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`report-version:${d.partnershipId}:${d.kind}:${d.scopeKey}`]);
  const [row] = await q.query<{ id: number; number: number }>(`INSERT INTO report_versions (partnership_id, kind, scope_key, number, title, as_of, edits, unpublished_inputs, created_by)
    VALUES ($1, $2, $3, (SELECT COALESCE(MAX(number), 0) + 1 FROM report_versions WHERE partnership_id = $1 AND kind = $2 AND scope_key = $3), $4, $5, $6, $7, $8)
    RETURNING id, number`, [d.partnershipId, d.kind, d.scopeKey, v.title, v.asOf, JSON.stringify(v.edits), v.unpublishedInputs, userId]);
  for (const f of v.files) {
    await q.query('INSERT INTO report_version_files (version_id, format, content, size_bytes, sha256) VALUES ($1, $2, $3, $4, $5)',
      [row!.id, f.format, Buffer.from(f.content), f.content.length, f.sha256]);
  }
  return row!;
}

export async function markPublished(q: Queryable, id: number, userId: number | null, attached: { agendaItemId: number; meetingReportId: number } | null): Promise<void> {
  await q.query(`UPDATE report_versions SET published_at = now(), published_by = $2, agenda_item_id = $3, meeting_report_id = $4 WHERE id = $1`,
    [id, userId, attached?.agendaItemId ?? null, attached?.meetingReportId ?? null]);
}

export async function versionFile(q: Queryable, versionId: number, format: FileFormat): Promise<{ content: Uint8Array; sha256: string } | null> {
  const [row] = await q.query<{ content: Uint8Array; sha256: string }>('SELECT content, sha256 FROM report_version_files WHERE version_id = $1 AND format = $2', [versionId, format]);
  return row ?? null;
}

/**
 * The HTML file of a published version whose PDF has this checksum (a generated report attached to an
 * agenda item), or null. Only published versions: a draft's PDF copied onto an agenda item is a file like any other.
 */
export async function publishedHtmlByPdf(q: Queryable, partnershipId: number, pdfSha256: string, kinds: readonly string[]): Promise<{ kind: string; html: Uint8Array } | null> {
  const [row] = await q.query<{ kind: string; html: Uint8Array }>(`SELECT v.kind, h.content AS html
    FROM report_version_files p
    JOIN report_versions v ON v.id = p.version_id
    JOIN report_version_files h ON h.version_id = v.id AND h.format = 'html'
    WHERE v.partnership_id = $1 AND p.format = 'pdf' AND p.sha256 = $2 AND v.published_at IS NOT NULL AND v.kind = ANY($3)
    ORDER BY v.published_at DESC, v.id DESC LIMIT 1`, [partnershipId, pdfSha256, [...kinds]]);
  return row ?? null;
}
