import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { query } from '../http/schemas.ts';
import { safeLocalPath } from '../http/safe-path.ts';
import type { IdentitiesService } from './identities.ts';
import { ProviderUnavailable, SignInRefused, type OidcClient, type PendingSignIn } from './oidc-client.ts';

/** Holds the state, nonce and PKCE verifier of one sign-in while the browser is at the provider. */
export const PENDING_SIGN_IN_COOKIE = 'csp_sign_in';
const PENDING_PATH = '/sign-in/oidc';
export const PENDING_SECONDS = 10 * 60;

export interface OidcRoutesOptions {
  client: OidcClient;
  /** The button's label, also how the audit trail names the provider. */
  label: string;
  identities: IdentitiesService;
  secureCookies: boolean;
  /** Starts the signed-in session (the same cookie as a password sign-in). */
  startSession(reply: FastifyReply, userId: number): Promise<void>;
}

const pendingSchema = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(1), returnTo: z.string() });

function readPending(request: FastifyRequest): PendingSignIn | null {
  const raw = request.cookies[PENDING_SIGN_IN_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Single sign-on: /sign-in/oidc sends the browser to the provider, which sends it back to /sign-in/oidc/callback. */
export async function oidcRoutes(app: FastifyInstance, opts: OidcRoutesOptions) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  // Normalised (no default port), as the token request repeats it from the address the browser came back to.
  const callbackUrl = (request: FastifyRequest) => new URL(`${PENDING_PATH}/callback`, `${request.protocol}://${request.host}`).href;

  const refuse = (reply: FastifyReply, status: number, pageTitle: string, paragraphs: string[]) => {
    reply.clearCookie(PENDING_SIGN_IN_COOKIE, { path: PENDING_PATH });
    return reply.status(status).page('error.njk', { pageTitle, paragraphs, links: [{ href: '/sign-in', text: 'Go to the sign-in page' }] });
  };
  const unavailable = (reply: FastifyReply, request: FastifyRequest, error: unknown) => {
    request.log.warn({ err: error }, 'single sign-on provider unavailable');
    return refuse(reply, 502, 'Sign-in is not available at the moment',
      [`CSP Hub could not reach the service behind “${opts.label}”. Try again in a few minutes.`]);
  };

  typed.get(PENDING_PATH, { config: { access: 'public' }, schema: { querystring: query('returnTo') } }, async (request, reply) => {
    let started;
    try {
      started = await opts.client.start(callbackUrl(request), safeLocalPath(request.query.returnTo));
    } catch (error) {
      if (error instanceof ProviderUnavailable) return unavailable(reply, request, error);
      throw error;
    }
    reply.setCookie(PENDING_SIGN_IN_COOKIE, Buffer.from(JSON.stringify(started.pending)).toString('base64url'), {
      path: PENDING_PATH, httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, signed: true, maxAge: PENDING_SECONDS,
    });
    return reply.redirect(started.url, 303);
  });

  typed.get(`${PENDING_PATH}/callback`, {
    config: { access: 'public' },
    schema: { querystring: query('code', 'state', 'iss', 'error', 'error_description') },
  }, async (request, reply) => {
    const pending = readPending(request);
    if (!pending) {
      return refuse(reply, 400, 'Your sign-in has expired',
        ['You took more than 10 minutes to sign in, or signed in from another window. Start again from the sign-in page.']);
    }
    if (request.query.error) {
      return refuse(reply, 400, 'You have not been signed in', [`The service behind “${opts.label}” did not sign you in. Start again from the sign-in page.`]);
    }
    let person;
    try {
      person = await opts.client.finish(new URL(request.url, callbackUrl(request)), pending);
    } catch (error) {
      if (error instanceof SignInRefused) {
        request.log.info({ err: error }, 'single sign-on answer refused');
        return refuse(reply, 400, 'You have not been signed in',
          ['The answer from your organisation’s sign-in service could not be used: it was for another sign-in, or was used already. Start again from the sign-in page.']);
      }
      if (error instanceof ProviderUnavailable) return unavailable(reply, request, error);
      throw error;
    }
    const match = await opts.identities.match(person);
    if (!match.ok) {
      const address = person.email ? ` (${person.email})` : '';
      return refuse(reply, 403, 'Your account cannot be used here yet', match.reason === 'unverified'
        ? [`Your organisation’s sign-in service has not confirmed that the email address of your account${address} is yours, so CSP Hub cannot match it to an account here.`,
          'Ask your partnership’s administrator to check the address your account uses.']
        : [`Your account${address} does not match anyone who has been added to CSP Hub. Only people a partnership’s administrator has added can sign in.`,
          'Ask your partnership’s administrator to add you, using this email address.']);
    }
    reply.clearCookie(PENDING_SIGN_IN_COOKIE, { path: PENDING_PATH });
    await opts.identities.recordSignIn(match.userId, person, opts.label);
    await opts.startSession(reply, match.userId);
    return reply.redirect(safeLocalPath(pending.returnTo), 303);
  });
}
