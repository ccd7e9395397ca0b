// What every administration page shares: the checked scope, ids from the URL, the flash message after
// a save, and the choice lists of its forms.
import type { FastifyRequest } from 'fastify';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import { NotFoundError } from '../../../platform/errors.ts';

export const V = 'partnerships/views/';
export type Body = Record<string, unknown>;
export type AdminScope = Scope & { base: string; adminCrumb: { text: string; href: string } };

/** Every administration route: coordinators and administrators of the partnership only. */
export const MANAGE = { config: { access: { permission: 'manage_partnership', refusal: 'Only a coordinator or administrator of this partnership can manage it.' } } } as const;

/** The partnership and actor of an administration page (its access declared with MANAGE). */
export function adminScope(request: FastifyRequest): AdminScope {
  const scope = scopeOf(request);
  const base = `/p/${scope.partnership.slug}/admin`;
  return { ...scope, base, adminCrumb: { text: 'Administration', href: base } };
}

export function idParam(params: unknown, key = 'id', what = 'Page'): number {
  const raw = (params as Record<string, string>)[key];
  const id = /^\d+$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError(what);
  return id;
}

const FLASHES: Record<string, string> = {
  'organisation-added': 'Organisation added', 'organisation-saved': 'Organisation saved', 'body-added': 'Body added',
  'member-added': 'Member added', 'member-removed': 'Member removed', 'user-added': 'User added', 'role-granted': 'Role given to an existing account',
  'role-changed': 'Role changed', 'role-removed': 'Role removed',
};
export function flashOf(request: FastifyRequest): string | undefined {
  const { saved, changes } = request.query as { saved?: string; changes?: string };
  if (changes !== undefined) {
    const n = Number(changes);
    return n === 0 ? 'No changes to save' : `Membership saved: ${n} ${n === 1 ? 'organisation' : 'organisations'} changed`;
  }
  return saved ? FLASHES[saved] : undefined;
}

/** `deputy_chair` → `Deputy chair`. */
export const codeLabel = (code: string) => code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export const kindItems = (kinds: readonly string[], chosen: string) => kinds.map((k) => ({ value: k, text: codeLabel(k), selected: k === chosen }));

/** An optional choice of one of the partnership's organisations. */
export function organisationItems(organisations: { id: number; name: string }[], chosen: string) {
  return [{ value: '', text: 'None' }, ...organisations.map((o) => ({ value: String(o.id), text: o.name, selected: String(o.id) === chosen }))];
}
