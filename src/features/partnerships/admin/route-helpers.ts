// What every administration page shares: its access, its params and query, the scope, the flash
// message after a save, and the choice lists of its forms.
import type { FastifyRequest } from 'fastify';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import type { Access } from '../../../platform/http/access.ts';
import { id, query, slug } from '../../../platform/http/schemas.ts';
import { z } from 'zod';

export const V = 'partnerships/views/';
export type AdminScope = Scope & { base: string; adminCrumb: { text: string; href: string } };

/** Every administration route: coordinators and administrators of the partnership only. */
export const MANAGE: Access = { permission: 'manage_partnership', refusal: 'Only a coordinator or administrator of this partnership can manage it.' };

/** Params of a page about one record: /p/:slug/admin/…/:id. */
export const recordParams = (what: string) => z.object({ slug, id: id(what) });

/** After a save: ?saved=… (what was done) or ?changes=N (membership rows changed). */
export const flashQuery = query('saved', 'changes');

/** The partnership and actor of an administration page (its access declared with MANAGE). */
export function adminScope(request: FastifyRequest): AdminScope {
  const scope = scopeOf(request);
  const base = `/p/${scope.partnership.slug}/admin`;
  return { ...scope, base, adminCrumb: { text: 'Administration', href: base } };
}

const FLASHES: Record<string, string> = {
  'organisation-added': 'Organisation added', 'organisation-saved': 'Organisation saved', 'body-added': 'Body added',
  'member-added': 'Member added', 'member-removed': 'Member removed', 'user-added': 'User added', 'role-granted': 'Role given to an existing account',
  'role-changed': 'Role changed', 'role-removed': 'Role removed',
  'logo-saved': 'Logo saved', 'logo-removed': 'Logo removed', 'term-added': 'Term added', 'term-saved': 'Term saved', 'term-removed': 'Term removed',
};
export function flashOf({ saved, changes }: z.infer<typeof flashQuery>): string | undefined {
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
