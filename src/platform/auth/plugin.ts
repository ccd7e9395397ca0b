import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { parseForm, toFormErrors, noErrors } from '../http/forms.ts';
import { safeLocalPath } from '../http/safe-path.ts';
import { formBody, query } from '../http/schemas.ts';
import { SESSION_DAYS, type CurrentUser, type UsersService } from './users-service.ts';
import { describeWait, type SignInBlock, type SignInThrottle } from './throttle.ts';
import type { IdentitiesService } from './identities.ts';
import type { OidcClient } from './oidc-client.ts';
import { oidcRoutes } from './oidc-routes.ts';

declare module 'fastify' {
  interface FastifyRequest { user: CurrentUser | null; sessionId: string | null }
}

export const SESSION_COOKIE = 'csp_session';

export interface AuthOptions {
  users: UsersService;
  throttle: SignInThrottle;
  secureCookies: boolean;
  /** Shown on the sign-in page in demo mode only. */
  demoAccounts?: { email: string; role: string }[];
  demoPassword?: string;
  /** Single sign-on, when configured: the client and the sign-in button's label. */
  oidc?: { client: OidcClient; label: string; identities: IdentitiesService };
  /** Whether the e-mail and password form is offered (off only with single sign-on). */
  passwordSignIn: boolean;
}

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password'),
});
// What the page echoes back or follows, read leniently: a repeated or missing field is no error here.
const echoSchema = z.object({ email: z.string().catch(''), returnTo: z.unknown().optional() }).catch({ email: '', returnTo: undefined });

/** Says how long to wait without saying whether the e-mail has an account (any e-mail is limited alike). */
function blockMessage(block: SignInBlock): string {
  const wait = describeWait(block.waitSeconds);
  return block.reason === 'account'
    ? `There have been too many failed attempts to sign in with this email address. Wait ${wait}, then try again.`
    : `There have been too many failed attempts to sign in from your network. Wait ${wait}, then try again.`;
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

  // What the sign-in page offers: the single sign-on button, the password form, or both.
  const offer = {
    oidcLabel: opts.oidc?.label,
    passwordSignIn: opts.passwordSignIn,
    ...(opts.passwordSignIn ? { demoAccounts: opts.demoAccounts, demoPassword: opts.demoPassword } : {}),
  };

  async function startSession(reply: FastifyReply, userId: number) {
    const sid = await opts.users.startSession(userId);
    reply.setCookie(SESSION_COOKIE, sid, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: SESSION_DAYS * 24 * 3600 });
    reply.rotateCsrfSecret();
  }

  if (opts.oidc) {
    await app.register(oidcRoutes, { ...opts.oidc, secureCookies: opts.secureCookies, startSession });
  }

  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get('/sign-in', { config: { access: 'public' }, schema: { querystring: query('returnTo') } }, async (request, reply) => {
    const { returnTo } = request.query;
    return reply.page('sign-in.njk', { pageTitle: 'Sign in', values: {}, returnTo: safeLocalPath(returnTo), ...noErrors, ...offer });
  });

  typed.post('/sign-in', { config: { access: 'public' }, schema: { body: formBody } }, async (request, reply) => {
    const parsed = parseForm(signInSchema, request.body);
    const echo = echoSchema.parse(request.body);
    const values = { email: echo.email };
    const returnTo = safeLocalPath(echo.returnTo);
    const again = (status: number, errors: { field: string; message: string }[]) =>
      reply.status(status).page('sign-in.njk', { pageTitle: 'Sign in', values, returnTo, ...toFormErrors(errors), ...offer });
    if (!opts.passwordSignIn) return again(403, [{ field: 'email', message: `Sign in with the “${opts.oidc?.label ?? 'single sign-on'}” button: this service does not use passwords` }]);
    if (!parsed.ok) return again(400, parsed.errors);
    const { email, password } = parsed.value;
    // Refused before the password is checked, so a wait cannot be used to test passwords.
    const block = await opts.throttle.admit(email, request.ip);
    if (block) {
      reply.header('retry-after', String(block.waitSeconds));
      return again(429, [{ field: 'email', message: blockMessage(block) }]);
    }
    const userId = await opts.users.authenticate(email, password);
    if (!userId) return again(401, [{ field: 'email', message: 'Enter a correct email address and password' }]);
    await opts.throttle.succeeded(email, request.ip);
    await startSession(reply, userId);
    return reply.redirect(returnTo, 303);
  });

  typed.post('/sign-out', { config: { access: 'public' }, schema: { body: formBody } }, async (request, reply) => {
    if (request.sessionId) await opts.users.endSession(request.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.rotateCsrfSecret();
    return reply.redirect('/', 303);
  });
});
