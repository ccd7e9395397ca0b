// The request context plugin. For every route it (1) refuses to start the app when the route does
// not declare who may use it, (2) loads the scope (partnership, actor, navigation) of routes whose
// URL names a partnership, and (3) checks the declared access — both before the handler, on every
// method. Partnerships and navigation come from the app (sources), so the platform imports no feature.
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { actorFor } from '../auth/actor.ts';
import { accessProblem, checkAccess, type Access } from './access.ts';
import { loadScope, type ScopeSources } from './scope.ts';

export interface ContextOptions extends ScopeSources {
  /** URL prefixes served by @fastify/static: files for everyone, with no declaration. */
  staticPrefixes: string[];
}

/** A path parameter as the router found it (before any schema has checked it). */
function paramOf(params: unknown, key: string): string | undefined {
  const value: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, key) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A route and who may use it, as declared: the route table that tests walk. */
export interface DeclaredRoute { method: string; url: string; access: Access }

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route added after the context plugin, with its access (static files excepted). */
    declaredRoutes: DeclaredRoute[];
  }
}

export const contextPlugin = fp(async (app: FastifyInstance, opts: ContextOptions) => {
  app.decorateRequest('scope', null);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);

  const load: onRequestAsyncHookHandler = async (request) => {
    const slug = paramOf(request.params, 'slug');
    if (slug === undefined) return;
    request.scope = await loadScope(request, slug, opts, (partnershipId) => actorFor(request.user, partnershipId));
  };
  const guard = (access: Access): onRequestAsyncHookHandler => async (request) => checkAccess(request, access);

  // Route-level hooks run after the app's own onRequest hooks, so after the session has been read.
  app.addHook('onRoute', (route) => {
    if (opts.staticPrefixes.some((p) => route.url.startsWith(p))) return;
    const access = route.config?.access;
    const problem = accessProblem(`${[route.method].flat().join(',')} ${route.url}`, access);
    if (problem || !access) throw new Error(problem ?? `${route.url} has no access declaration`);
    for (const method of [route.method].flat()) declared.push({ method, url: route.url, access });
    const own = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...(route.url.includes(':slug') ? [load] : []), guard(access), ...own];
  });
});
