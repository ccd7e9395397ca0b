import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import { parse as parseQuery } from 'node:querystring';

declare module 'fastify' {
  interface FastifyReply {
    /** Give the browser a new form-protection secret: every token issued before stops working. */
    rotateCsrfSecret(): FastifyReply;
  }
}

/** The signed cookie in which @fastify/csrf-protection keeps each browser's secret (its default name). */
export const CSRF_COOKIE = '_csrf';
/** The form's token field, when the body is a parsed form (before any route schema has run). */
function formToken(body: unknown): string | undefined {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, '_csrf') : undefined;
  return typeof value === 'string' ? value : undefined;
}

const headerToken = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/** Security headers, cookies, form parsing and CSRF protection on every state-changing request. */
export async function setUpWebSecurity(app: FastifyInstance, opts: { secret: string; secureCookies: boolean }) {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie, { secret: opts.secret });
  await app.register(formbody, { parser: (body) => parseQuery(body) });
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, signed: true } as const;
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    cookieOpts,
    // A stale form is the user's everyday event, not an operator's warning.
    logLevel: 'info',
    getToken: (request) => formToken(request.body) ?? headerToken(request.headers['x-csrf-token']),
  });
  // At sign-in and sign-out: a token from before (perhaps planted by someone else) must not carry over.
  // The secret is what @fastify/csrf makes: 18 random bytes, base64url.
  app.decorateReply('rotateCsrfSecret', function rotateCsrfSecret(this: FastifyReply) {
    return this.setCookie(CSRF_COOKIE, randomBytes(18).toString('base64url'), cookieOpts);
  });
  // Every POST (and other unsafe method) must carry the form's token: no route can forget it.
  app.addHook('preHandler', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
