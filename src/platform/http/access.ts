// Who may use a route. Every route declares it in `config.access`; the context plugin refuses to
// start the app if one does not, and checks it before the handler on every method (GET and POST
// alike, so a form never renders for someone who will be refused on submit).
import type { FastifyRequest } from 'fastify';
import { actorCan } from '../auth/actor.ts';
import type { Permission } from '../auth/roles.ts';
import { ForbiddenError, SignInRequiredError } from '../errors.ts';
import { scopeOf } from './scope.ts';

export type Access =
  /** Anyone, signed in or not. What a public visitor sees is still the service's decision. */
  | 'public'
  /** Anyone signed in. */
  | 'signed-in'
  /** Administrators of the whole instance. */
  | 'instance-admin'
  /** Signed-in users whose role in the route's partnership (`:slug`) grants `permission`; `refusal`
   *  tells anyone else why not, in a sentence ("Only the partnership’s coordinators can …"). */
  | { permission: Permission; refusal: string };

/** A rule that needs a permission in the route's partnership. */
export type PermissionAccess = Extract<Access, { permission: Permission }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required wherever a route gives a config; the context plugin refuses a route without one. */
    access: Access;
  }
}

/** The rule of a declaration, or why the declaration cannot work for this URL. */
export function accessProblem(url: string, access: Access | undefined): string | null {
  if (access === undefined) return `${url} does not say who may use it: give the route config: { access: … }`;
  if (typeof access === 'object' && !url.includes(':slug')) return `${url} asks for the ${access.permission} permission but names no partnership (:slug)`;
  if (typeof access === 'object' && !access.refusal.trim()) return `${url} must say why someone without ${access.permission} is refused`;
  return null;
}

/** Throws the domain error that refuses this request, or returns when it may go on. */
export function checkAccess(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  if (!request.user) throw new SignInRequiredError();
  if (access === 'signed-in') return;
  if (access === 'instance-admin') {
    if (!request.user.isInstanceAdmin) throw new ForbiddenError('Only an administrator of this CSP Hub can do this.');
    return;
  }
  if (!actorCan(scopeOf(request).actor, access.permission)) throw new ForbiddenError(access.refusal);
}
