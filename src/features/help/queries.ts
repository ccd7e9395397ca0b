// The SQL of the help directory (table help_services, migration 036).
import type { Queryable } from '../../platform/db/types.ts';
import type { HelpKind } from './categories.ts';

export interface HelpFields {
  kind: HelpKind; name: string; helpsWith: string; whoFor: string; phone: string; website: string;
  openingHours: string; address: string; categories: string[]; published: boolean;
}
export interface HelpEntry extends HelpFields { id: number; version: number }

const COLUMNS = `id, kind, name, helps_with AS "helpsWith", who_for AS "whoFor", phone, website, opening_hours AS "openingHours",
  address, categories, published, version`;

export async function listEntries(q: Queryable, partnershipId: number, publishedOnly: boolean): Promise<HelpEntry[]> {
  return q.query<HelpEntry>(`SELECT ${COLUMNS} FROM help_services WHERE partnership_id = $1 ${publishedOnly ? 'AND published' : ''}
    ORDER BY lower(name), id`, [partnershipId]);
}

export async function findEntry(q: Queryable, partnershipId: number, id: number, forUpdate = false): Promise<HelpEntry | null> {
  const [row] = await q.query<HelpEntry>(`SELECT ${COLUMNS} FROM help_services WHERE partnership_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [partnershipId, id]);
  return row ?? null;
}

const values = (f: HelpFields) => [f.kind, f.name, f.helpsWith, f.whoFor, f.phone, f.website, f.openingHours, f.address, f.categories, f.published];

export async function insertEntry(q: Queryable, partnershipId: number, f: HelpFields): Promise<number> {
  const [row] = await q.query<{ id: number }>(`INSERT INTO help_services (partnership_id, kind, name, helps_with, who_for, phone, website, opening_hours, address, categories, published)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`, [partnershipId, ...values(f)]);
  return row!.id;
}

export async function updateEntryAt(q: Queryable, partnershipId: number, id: number, version: number, f: HelpFields): Promise<boolean> {
  const rows = await q.query(`UPDATE help_services SET kind = $4, name = $5, helps_with = $6, who_for = $7, phone = $8, website = $9, opening_hours = $10,
    address = $11, categories = $12, published = $13, version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
  [partnershipId, id, version, ...values(f)]);
  return rows.length > 0;
}

export async function deleteEntry(q: Queryable, partnershipId: number, id: number): Promise<void> {
  await q.query('DELETE FROM help_services WHERE partnership_id = $1 AND id = $2', [partnershipId, id]);
}
