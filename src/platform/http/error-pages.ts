import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { expiredForm } from './form-expired.ts';
import {
  BusyError, ConflictError, DomainError, ForbiddenError, LockedError, NotFoundError, SignInRequiredError, TooLargeError, UnavailableError, ValidationError,
} from '../errors.ts';
import { schemaRefusal } from './schemas.ts';

const TITLES: Record<number, [string, string[]]> = {
  400: ['There is a problem with the request', ['Check what you entered and try again.']],
  401: ['Sign in to see this page', ['Sign in, then try again.']],
  403: ['You do not have permission to see or do this', ['Ask your partnership coordinator if you need access.']],
  404: ['Page not found', ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.']],
  409: ['This record has changed', ['Go back, reload the page and try again.']],
  413: ['The upload is too large', ['Choose fewer or smaller files and try again.']],
  429: ['Too many attempts', ['Wait a minute and try again.']],
  500: ['Sorry, there is a problem with the service', ['Try again later.']],
  503: ['This is not available on this server', ['Ask whoever runs CSP Hub here.']],
};

// Busy is not broken: the same request will work in a moment (Retry-After says when).
const BUSY: [string, string[]] = ['The service is busy', ['Try again in a few seconds.']];

function wantsJson(url: string, accept: string | undefined) {
  return url.startsWith('/api/') || ['/healthz', '/readyz', '/metrics'].includes(url) || (accept ?? '').startsWith('application/json');
}

/**
 * Where to come back to after signing in: the page asked for, or for a form that was submitted, the
 * page the form was on (when the browser says and it is on this site).
 */
function returnPath(request: FastifyRequest): string | null {
  if (request.method === 'GET' || request.method === 'HEAD') return request.url;
  try {
    const referer = new URL(request.headers.referer ?? '');
    const here = new URL(`${request.protocol}://${request.host}`);
    return referer.origin === here.origin ? `${referer.pathname}${referer.search}` : null;
  } catch {
    return null;
  }
}

/** Anonymous on a guarded page: off to sign in, then back; the API answers 401. */
function askToSignIn(request: FastifyRequest, reply: FastifyReply, error: Error) {
  if (wantsJson(request.url, request.headers.accept)) return reply.status(401).send({ error: error.message });
  const back = returnPath(request);
  return reply.redirect(back ? `/sign-in?returnTo=${encodeURIComponent(back)}` : '/sign-in', 303);
}

/** The one place a domain error becomes an HTTP status. */
function statusOf(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof ConflictError || error instanceof LockedError) return 409;
  if (error instanceof TooLargeError) return 413;
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnavailableError || error instanceof BusyError) return 503;
  return 400;
}

/** Not-found and error pages: a plain message, never a stack trace; details go to the log. */
export function setUpErrorPages(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request.url, request.headers.accept)) return reply.status(404).send({ error: 'Not found' });
    const [pageTitle, paragraphs] = TITLES[404];
    return reply.status(404).page('error.njk', { pageTitle, paragraphs });
  });

  app.setErrorHandler(async (thrown: FastifyError, request, reply) => {
    // A request its route's schema refused is a domain problem too: not found, or not valid.
    const error: FastifyError | DomainError = schemaRefusal(thrown) ?? thrown;
    if (error instanceof SignInRequiredError) return askToSignIn(request, reply, error);
    // A missing or wrong CSRF token is a stale (or forged) form, not a lack of permission: say so,
    // and show back what was typed so nothing is lost.
    if (thrown.code?.startsWith('FST_CSRF')) {
      request.log.info({ err: thrown.message }, 'form token refused');
      if (wantsJson(request.url, request.headers.accept)) {
        return reply.status(403).send({ error: 'This form has expired — your changes were not saved. Reload the page and try again.', requestId: request.id });
      }
      return reply.status(403).page('form-expired.njk', { pageTitle: 'This form has expired', ...await expiredForm(request) });
    }
    const domain = error instanceof DomainError;
    // Fastify's own refusals (a body too large, a malformed request) carry their status.
    const status = domain ? statusOf(error) : thrown.statusCode && thrown.statusCode >= 400 ? thrown.statusCode : 500;
    if (error instanceof BusyError) request.log.warn('request shed: busy');
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ err: error.message, status }, 'request refused');
    const [title, defaults] = error instanceof BusyError ? BUSY : TITLES[status] ?? TITLES[status >= 500 ? 500 : 400];
    // Only our own messages are shown: they are written for the person reading them.
    const message = domain ? error.message : undefined;
    if (wantsJson(request.url, request.headers.accept)) {
      return reply.status(status).send({ error: message ?? title, requestId: request.id });
    }
    const paragraphs = message ? [message, ...defaults.slice(0, 1)] : defaults;
    return reply.status(status).page('error.njk', { pageTitle: title, paragraphs, requestId: status >= 500 ? request.id : undefined });
  });
}
