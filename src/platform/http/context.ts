// The request context plugin: every route whose URL names a partnership (`:slug`) gets its scope
// (partnership, actor, navigation) loaded before its handler, from sources the app injects.
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { actorFor } from '../auth/actor.ts';
import { loadScope, type ScopeSources } from './scope.ts';

/** A path parameter as the router found it (before any schema has checked it). */
function paramOf(params: unknown, key: string): string | undefined {
  const value: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, key) : undefined;
  return typeof value === 'string' ? value : undefined;
}

export const contextPlugin = fp(async (app: FastifyInstance, sources: ScopeSources) => {
  app.decorateRequest('scope', null);

  const load: onRequestAsyncHookHandler = async (request) => {
    const slug = paramOf(request.params, 'slug');
    if (slug === undefined) return;
    request.scope = await loadScope(request, slug, sources, (partnershipId) => actorFor(request.user, partnershipId));
  };

  // Route-level hooks run after the app's own onRequest hooks (so after the session is read).
  app.addHook('onRoute', (route) => {
    if (!route.url.includes(':slug')) return;
    const own = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [load, ...own];
  });
});
