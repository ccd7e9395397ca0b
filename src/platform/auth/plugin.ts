import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { parseForm, toFormErrors, noErrors } from '../http/forms.ts';
import type { CurrentUser, UsersService } from './users-service.ts';

declare module 'fastify' {
  interface FastifyRequest { user: CurrentUser | null; sessionId: string | null }
}

export const SESSION_COOKIE = 'csp_session';

export interface AuthOptions {
  users: UsersService;
  secureCookies: boolean;
  /** Shown on the sign-in page in demo mode only. */
  demoAccounts?: { email: string; role: string }[];
  demoPassword?: string;
}

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password'),
  returnTo: z.string().optional(),
});

/** Only same-site paths, so the sign-in form cannot be used to redirect elsewhere. */
function safeReturnTo(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export const authPlugin = fp(async (app: FastifyInstance, opts: AuthOptions) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/')) return;
    const sid = request.cookies[SESSION_COOKIE];
    if (!sid) return;
    const user = await opts.users.userForSession(sid);
    if (user) { request.user = user; request.sessionId = sid; }
  });

  const demo = { demoAccounts: opts.demoAccounts, demoPassword: opts.demoPassword };

  app.get('/sign-in', async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string };
    return reply.page('sign-in.njk', { pageTitle: 'Sign in', values: {}, returnTo: safeReturnTo(returnTo), ...noErrors, ...demo });
  });

  app.post('/sign-in', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const parsed = parseForm(signInSchema, request.body);
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { email: body.email ?? '' };
    const returnTo = safeReturnTo(body.returnTo);
    if (!parsed.ok) {
      return reply.status(400).page('sign-in.njk', { pageTitle: 'Sign in', values, returnTo, ...toFormErrors(parsed.errors), ...demo });
    }
    const userId = await opts.users.authenticate(parsed.value.email, parsed.value.password);
    if (!userId) {
      const errors = toFormErrors([{ field: 'email', message: 'Enter a correct email address and password' }]);
      return reply.status(401).page('sign-in.njk', { pageTitle: 'Sign in', values, returnTo, ...errors, ...demo });
    }
    const sid = await opts.users.startSession(userId);
    reply.setCookie(SESSION_COOKIE, sid, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: 7 * 24 * 3600 });
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionId) await opts.users.endSession(request.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
});
