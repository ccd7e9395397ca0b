// The instance's notices that public sector bodies must publish: the accessibility statement, the
// privacy notice and the cookie notice. Anyone may read them, signed in or not; the footer of every
// page links to them.
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../platform/auth/plugin.ts';
import { PENDING_SECONDS, PENDING_SIGN_IN_COOKIE } from '../../platform/auth/oidc-routes.ts';
import { SESSION_DAYS } from '../../platform/auth/users-service.ts';
import { CSRF_COOKIE } from '../../platform/http/security.ts';

const PUBLIC = { access: 'public' } as const;

export interface CookieUse { name: string; purpose: string; expires: string; onlyWithSingleSignOn?: boolean }

/** Every cookie the service sets, named from the code that sets it, so the notice cannot drift. */
export const COOKIES: CookieUse[] = [
  { name: SESSION_COOKIE, purpose: 'Keeps you signed in as you move from page to page.', expires: `${SESSION_DAYS} days, or when you sign out` },
  { name: CSRF_COOKIE, purpose: 'Checks that a form you send was filled in on this site, not planted by another one.', expires: 'When you close your browser' },
  { name: PENDING_SIGN_IN_COOKIE, purpose: 'Remembers a sign-in you started with your organisation’s account until the provider sends you back.', expires: `${PENDING_SECONDS / 60} minutes`, onlyWithSingleSignOn: true },
];

export async function noticeRoutes(app: FastifyInstance, opts: { contactEmail?: string; singleSignOn: boolean }) {
  const common = { contactEmail: opts.contactEmail };
  app.get('/accessibility', { config: PUBLIC }, async (_request, reply) =>
    reply.page('notices/views/accessibility.njk', { ...common, pageTitle: 'Accessibility statement' }));
  app.get('/privacy', { config: PUBLIC }, async (_request, reply) =>
    reply.page('notices/views/privacy.njk', { ...common, pageTitle: 'Privacy notice', sessionDays: SESSION_DAYS }));
  app.get('/cookies', { config: PUBLIC }, async (_request, reply) =>
    reply.page('notices/views/cookies.njk', {
      ...common, pageTitle: 'Cookies', cookies: COOKIES.filter((c) => !c.onlyWithSingleSignOn || opts.singleSignOn),
    }));
}
