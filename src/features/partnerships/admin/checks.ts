// Checks shared by the administration services: a record named in a URL or form belongs to this
// partnership, a typed name is usable, and a database uniqueness clash is recognised.
import type { Queryable } from '../../../platform/db/types.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import * as q from './queries.ts';

export type Problem = { field: string; message: string };

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

export function positiveId(value: string): number | null {
  if (!/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A typed name with its spaces tidied. */
export const tidyName = (value: string) => value.trim().replace(/\s+/g, ' ');

/** Records a problem when a (tidied) name is blank or too long; true when it is usable. */
export function checkName(name: string, field: string, missing: string, problems: Problem[]): boolean {
  if (!name) problems.push({ field, message: missing });
  else if (name.length > 200) problems.push({ field, message: 'Name must be 200 characters or fewer' });
  else return true;
  return false;
}

/** An organisation id typed into a form: blank → null, otherwise it must belong to this partnership. */
export async function organisationChoice(db: Queryable, partnershipId: number, value: string, field: string, problems: Problem[]): Promise<{ id: number; name: string } | null> {
  if (!value.trim()) return null;
  const id = positiveId(value);
  const o = id ? await q.findOrganisation(db, partnershipId, id) : null;
  if (!o) { problems.push({ field, message: 'Select an organisation from the list' }); return null; }
  return { id: o.id, name: o.name };
}

export async function organisationOrThrow(db: Queryable, partnershipId: number, id: number) {
  const o = await q.findOrganisation(db, partnershipId, id);
  if (!o) throw new NotFoundError('Organisation');
  return o;
}

export async function bodyOrThrow(db: Queryable, partnershipId: number, id: number) {
  const b = await q.findBody(db, partnershipId, id);
  if (!b) throw new NotFoundError('Body');
  return b;
}

export async function userOrThrow(db: Queryable, partnershipId: number, userId: number) {
  const u = await q.findUserInPartnership(db, partnershipId, userId);
  if (!u) throw new NotFoundError('User');
  return u;
}
