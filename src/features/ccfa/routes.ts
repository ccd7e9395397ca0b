// C6: the Councillor Call for Action pages. Anyone may read the list and submit a matter (the public
// form confirms the councillor's e-mail address first); the councillor follows it by their link (or,
// signed in, on its page); the scrutiny officers (coordinators) take it through its steps.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, toFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, id, partnershipParams, slug, type FormBody } from '../../platform/http/schemas.ts';
import { LockedError } from '../../platform/errors.ts';
import { ukToday } from '../meetings/service.ts';
import { stepsFrom } from './state-machine.ts';
import { OUTCOME_NAMES, OUTCOMES, type MatterView } from './service.ts';

const OFFICERS: Access = { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators (the scrutiny officers) can decide on a Councillor Call for Action.' };
const PUBLIC = { access: 'public' } as const;
const TITLE = 'Councillor Call for Action';

const matterParams = z.object({ slug, id: id('Councillor Call for Action') });
const tokenParams = z.object({ slug, token: z.string().max(100, 'Page not found') });

const SUBMISSION_FIELDS = ['councillorName', 'councillorEmail', 'ward', 'matter', 'location', 'tried'] as const;
const submissionValues = (body: FormBody = {}) => Object.fromEntries(SUBMISSION_FIELDS.map((k) => [k, field(body, k)])) as Record<(typeof SUBMISSION_FIELDS)[number], string>;
const dateValues = (body: FormBody) => ({ 'on-day': field(body, 'on-day'), 'on-month': field(body, 'on-month'), 'on-year': field(body, 'on-year') });
const todayParts = () => { const [y, m, d] = ukToday().split('-'); return { 'on-day': String(Number(d)), 'on-month': String(Number(m)), 'on-year': y! }; };

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export async function ccfaRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const base = (scope: Scope) => `/p/${scope.partnership.slug}/ccfa`;
  const crumbs = (scope: Scope) => [{ text: 'Meetings', href: `/p/${scope.partnership.slug}/meetings` }, { text: TITLE, href: base(scope) }];
  const signedInCouncillor = (scope: Scope) => scope.actor.role === 'committee_member';

  app.get('/p/:slug/ccfa', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { matters, awaiting } = await services.ccfa.list(scope.partnership, scope.actor);
    if (services.ccfa.isOfficer(scope.actor) || matters.some((m) => m.private)) reply.header('cache-control', 'no-store');
    return reply.page('ccfa/views/index.njk', {
      ...scope, pageTitle: TITLE, base: base(scope), matters, awaiting, outcomeNames: OUTCOME_NAMES, isOfficer: services.ccfa.isOfficer(scope.actor),
      breadcrumbs: [{ text: 'Meetings', href: `/p/${scope.partnership.slug}/meetings` }],
    });
  });

  // ---- Submitting --------------------------------------------------------------------------------

  const renderForm = async (reply: FastifyReply, scope: Scope, values: Record<string, string>, errors: FormErrors, status = 200) => {
    const wards = await services.ccfa.wards(scope.partnership);
    return reply.status(status).page('ccfa/views/new.njk', {
      ...scope, ...errors, pageTitle: `Submit a ${TITLE}`, base: base(scope), values, signedInCouncillor: signedInCouncillor(scope),
      wards: [{ value: '', text: 'Select the ward' }, ...wards.map((w) => ({ value: w, text: w, selected: values.ward === w }))], breadcrumbs: crumbs(scope),
    });
  };

  app.get('/p/:slug/ccfa/new', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) =>
    renderForm(reply, scopeOf(request), submissionValues(), noErrors));

  app.post('/p/:slug/ccfa/new', { config: PUBLIC, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = submissionValues(request.body);
    const user = request.user;
    if (signedInCouncillor(scope) && user) {
      return saveOrShowErrors(() => services.ccfa.submitAsCouncillor(scope.partnership, values, { userId: user.id, name: user.name, email: user.email }, scope.actor),
        (matterId) => reply.redirect(`${base(scope)}/${matterId}`, 303),
        (errors) => renderForm(reply, scope, values, errors, 400));
    }
    return saveOrShowErrors(() => services.ccfa.submitUnverified(scope.partnership, values, originOf(request)),
      (sent) => reply.page('ccfa/views/check-email.njk', { ...scope, pageTitle: 'Check your e-mail', base: base(scope), sent, breadcrumbs: crumbs(scope) }),
      (errors) => renderForm(reply, scope, values, errors, 400));
  });

  // The link in the confirmation message opens a page that only checks it: mail scanners follow links.
  const renderConfirm = async (reply: FastifyReply, scope: Scope, token: string, errors: FormErrors = noErrors, status = 200) => {
    const checked = await services.ccfa.checkConfirmation(scope.partnership, token);
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    // A link that cannot be used is a missing page, unless the button was pressed (then the form's answer).
    return reply.status(checked.ok || errors.errors.length ? status : 404).page('ccfa/views/confirm.njk', {
      ...scope, ...errors, pageTitle: `Confirm your ${TITLE}`, base: base(scope), checked, action: `${base(scope)}/confirm/${token}`, breadcrumbs: crumbs(scope),
    });
  };

  app.get('/p/:slug/ccfa/confirm/:token', { config: PUBLIC, schema: { params: tokenParams } }, async (request, reply) =>
    renderConfirm(reply, scopeOf(request), request.params.token));

  app.post('/p/:slug/ccfa/confirm/:token', { config: PUBLIC, schema: { params: tokenParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    return saveOrShowErrors(() => services.ccfa.confirm(scope.partnership, request.params.token, originOf(request)),
      ({ statusToken }) => reply.redirect(`${base(scope)}/status/${statusToken}`, 303),
      (errors) => renderConfirm(reply, scope, request.params.token, errors, 400));
  });

  // ---- Following it ------------------------------------------------------------------------------

  const renderMatter = async (reply: FastifyReply, scope: Scope, matter: MatterView, extra: { viaLink?: boolean; errors?: FormErrors; values?: Record<string, string>; status?: number } = {}) => {
    const isOfficer = services.ccfa.isOfficer(scope.actor) && !extra.viaLink;
    const messages = isOfficer ? await services.ccfa.messages(scope.partnership, matter.id, scope.actor) : [];
    if (matter.private || extra.viaLink || isOfficer) reply.header('cache-control', 'no-store');
    if (extra.viaLink) reply.header('referrer-policy', 'no-referrer');
    const values = extra.values ?? {};
    return reply.status(extra.status ?? 200).page('ccfa/views/matter.njk', {
      ...scope, ...(extra.errors ?? noErrors), pageTitle: `${TITLE} ${matter.id}`, base: base(scope), matter, viaLink: !!extra.viaLink,
      isOfficer, next: isOfficer ? stepsFrom(matter.status) : [], messages, values: { ...todayParts(), ...values },
      outcomeNames: OUTCOME_NAMES,
      outcomes: OUTCOMES.map((o) => ({ value: o, text: OUTCOME_NAMES[o], checked: values.outcome === o })),
      qualifyItems: [{ value: 'yes', text: 'It qualifies', checked: values.qualifies === 'yes' }, { value: 'no', text: 'It does not qualify', checked: values.qualifies === 'no' }],
      breadcrumbs: crumbs(scope),
    });
  };

  app.get('/p/:slug/ccfa/status/:token', { config: PUBLIC, schema: { params: tokenParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderMatter(reply, scope, await services.ccfa.byStatusLink(scope.partnership, request.params.token), { viaLink: true });
  });

  app.get('/p/:slug/ccfa/:id', { config: PUBLIC, schema: { params: matterParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderMatter(reply, scope, await services.ccfa.matter(scope.partnership, request.params.id, scope.actor));
  });

  // ---- The officer's steps -----------------------------------------------------------------------

  /** Takes a step; a refused one (out of order, or a bad form) shows the matter again with the reason. */
  const step = (path: string, take: (scope: Scope, matterId: number, body: FormBody) => Promise<unknown>) =>
    app.post(`/p/:slug/ccfa/:id/${path}`, { config: { access: OFFICERS }, schema: { params: matterParams, body: formBody } }, async (request, reply) => {
      const scope = scopeOf(request);
      const show = async (errors: FormErrors, status: number) => renderMatter(reply, scope, await services.ccfa.matter(scope.partnership, request.params.id, scope.actor),
        { errors, status, values: Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, typeof v === 'string' ? v : ''])) });
      try {
        return await saveOrShowErrors(() => take(scope, request.params.id, request.body),
          () => reply.redirect(`${base(scope)}/${request.params.id}`, 303), (errors) => show(errors, 400));
      } catch (e) {
        if (e instanceof LockedError) return show(toFormErrors([{ field: 'steps', message: e.message }]), 409);
        throw e;
      }
    });

  step('decision', (scope, matterId, body) => services.ccfa.decide(scope.partnership, matterId,
    { ...dateValues(body), qualifies: field(body, 'qualifies'), reason: field(body, 'reason') }, scope.actor));
  step('place', (scope, matterId) => services.ccfa.place(scope.partnership, matterId, scope.actor));
  step('committee-decision', (scope, matterId, body) => services.ccfa.consider(scope.partnership, matterId,
    { ...dateValues(body), outcome: field(body, 'outcome'), decision: field(body, 'decision') }, scope.actor));
  step('notify', (scope, matterId, body) => services.ccfa.notify(scope.partnership, matterId, { reasons: field(body, 'reasons') }, scope.actor));
  step('close', (scope, matterId) => services.ccfa.close(scope.partnership, matterId, scope.actor));

}
