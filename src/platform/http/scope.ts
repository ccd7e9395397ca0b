// The request context of a partnership page: the partnership named by `:slug` in the URL, who is
// acting in it, and its navigation. The context plugin (context.ts) loads it before the route's
// handler runs; handlers read it with `scopeOf(request)`.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { NotFoundError } from '../errors.ts';

/**
 * The partnership a route is about. The platform knows only its id and slug; the partnerships
 * feature widens this interface to its full record (declaration merging), so no platform module
 * imports a feature.
 */
export interface ScopePartnership { id: number; slug: string }

export interface NavItem { href: string; text: string; active?: boolean }

export interface Scope { partnership: ScopePartnership; actor: Actor; navigation: NavItem[] }

/** What the app gives the platform: how to find a partnership, and the links of its navigation. */
export interface ScopeSources {
  partnershipBySlug(slug: string): Promise<ScopePartnership | null>;
  navigation(base: string, actor: Actor): NavItem[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every route whose URL has `:slug`; null on the others. */
    scope: Scope | null;
  }
}

/** Slugs are lower-case letters, digits and hyphens; anything else names no partnership. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function loadScope(request: FastifyRequest, slug: string, sources: ScopeSources, actorFor: (partnershipId: number) => Actor): Promise<Scope> {
  const partnership = SLUG_PATTERN.test(slug) ? await sources.partnershipBySlug(slug) : null;
  if (!partnership) throw new NotFoundError('Partnership');
  const actor = actorFor(partnership.id);
  const base = `/p/${partnership.slug}`;
  const path = request.url.split('?')[0];
  const navigation = sources.navigation(base, actor)
    .map((i) => ({ ...i, active: i.href === base ? path === base : path.startsWith(i.href) }));
  return { partnership, actor, navigation };
}

/** The scope of a partnership route (one whose URL has `:slug`). */
export function scopeOf(request: FastifyRequest): Scope {
  if (!request.scope) throw new Error(`${request.routeOptions.url ?? request.url} has no :slug, so it has no partnership scope`);
  return request.scope;
}
