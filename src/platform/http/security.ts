import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import { parse as parseQuery } from 'node:querystring';

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
  await app.register(rateLimit, { global: false });
  await app.register(csrf, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, signed: true },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf
      ?? (request.headers['x-csrf-token'] as string | undefined),
  });
  // Every POST (and other unsafe method) must carry the form's token: no route can forget it.
  app.addHook('preHandler', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
