// C6: the actions and recommendations tracker's pages. Anyone may read the items of published, public
// minutes; the bodies' officers (the partnership's coordinators) record items on minutes, close them with
// a response, and record where the committee's report or recommendations were sent (s.19(8)).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { formBody, id, partnershipParams, query, slug } from '../../platform/http/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import { OFFICERS } from '../meetings/routes.ts';
import type { MinuteRef } from '../meetings/service.ts';
import { ACTION_STATUSES, type ActionStatus } from './service.ts';
import { minuteName, ownerOf } from './names.ts';
import { actionValues, closeValues, referralValues, responseValues, RECOMMENDED_TO_NAMES, type ActionFormValues, type CloseFormValues,
  type ReferralFormValues, type ResponseFormValues } from './forms.ts';
import { RECOMMENDED_TO } from './queries.ts';

const PUBLIC = { access: 'public' } as const;
const minuteParams = z.object({ slug, id: id('Minute') });
const actionParams = z.object({ slug, id: id('Action') });
const referralParams = z.object({ slug, id: id('Referral') });

export const STATUS_NAMES: Record<ActionStatus, string> = { open: 'Open', closed: 'Closed', overdue: 'Overdue' };

/** The status filter of an address: '' or absent is every item; anything else not a status is refused. */
function statusOf(value: string | undefined): ActionStatus | undefined {
  if (!value) return undefined;
  if (!(ACTION_STATUSES as readonly string[]).includes(value)) throw new ValidationError([{ field: 'status', message: 'Choose open, closed or overdue' }]);
  return value as ActionStatus;
}

export async function actionRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const base = (scope: Scope) => `/p/${scope.partnership.slug}`;
  const trackerCrumbs = (scope: Scope) => [{ text: 'Meetings', href: `${base(scope)}/meetings` }, { text: 'Actions and recommendations', href: `${base(scope)}/actions` }];
  const minuteHref = (scope: Scope, m: MinuteRef) => `${base(scope)}/meetings/${m.meetingId}#minute-${m.minuteNumber}`;

  // ---- Reading ---------------------------------------------------------------------------------

  app.get('/p/:slug/actions', { config: PUBLIC, schema: { params: partnershipParams, querystring: query('status', 'body') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const status = statusOf(request.query.status);
    const bodies = await services.meetings.bodies(scope.partnership);
    const bodyId = request.query.body ? bodies.find((b) => String(b.id) === request.query.body)?.id : undefined;
    if (request.query.body && !bodyId) throw new ValidationError([{ field: 'body', message: 'Choose one of the partnership’s bodies' }]);
    const [items, referrals] = await Promise.all([
      services.actions.list(scope.partnership, scope.actor, { status, bodyId }), services.actions.referrals(scope.partnership, scope.actor),
    ]);
    if (scope.actor.userId !== null) reply.header('cache-control', 'no-store');
    return reply.page('actions/views/tracker.njk', {
      ...scope, pageTitle: 'Actions and recommendations', base: base(scope), items, referrals: referrals.filter((r) => !bodyId || r.bodyId === bodyId),
      rows: items.map((a) => ({ ...a, owner: ownerOf(a), minuteName: minuteName(a.minute), minuteHref: minuteHref(scope, a.minute) })),
      statuses: [{ value: '', text: 'All' }, ...ACTION_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], selected: s === status }))],
      bodyChoices: [{ value: '', text: 'All bodies' }, ...bodies.map((b) => ({ value: String(b.id), text: b.name, selected: b.id === bodyId }))],
      status, today: services.actions.today(), breadcrumbs: [{ text: 'Meetings', href: `${base(scope)}/meetings` }],
    });
  });

  app.get('/p/:slug/actions/:id', { config: PUBLIC, schema: { params: actionParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const item = await services.actions.get(scope.partnership, request.params.id, scope.actor);
    if (scope.actor.userId !== null) reply.header('cache-control', 'no-store');
    return reply.page('actions/views/action.njk', {
      ...scope, pageTitle: `${item.kind === 'action' ? 'Action' : 'Recommendation'}: ${minuteName(item.minute)}`, item, owner: ownerOf(item),
      minuteName: minuteName(item.minute), minuteHref: minuteHref(scope, item.minute), base: base(scope),
      canEdit: services.actions.canEdit(scope.actor), breadcrumbs: trackerCrumbs(scope),
    });
  });

  // ---- Recording an item on a minute -----------------------------------------------------------

  const renderNew = async (reply: FastifyReply, scope: Scope, minuteId: number, values: ActionFormValues, errors: FormErrors, status = 200) => {
    const minute = await services.actions.minuteFor(scope.partnership, minuteId, scope.actor);
    const concerns = await services.actions.concernOptions(scope.partnership, scope.actor);
    reply.header('cache-control', 'no-store');
    return reply.status(status).page('actions/views/action-form.njk', {
      ...scope, ...errors, pageTitle: `Record an action or recommendation: minute ${minute.minuteNumber}`, minute, minuteName: minuteName(minute),
      minuteHref: minuteHref(scope, minute), values, base: base(scope), breadcrumbs: trackerCrumbs(scope),
      kinds: [{ value: 'action', text: 'An action: something promised', checked: values.kind === 'action' },
        { value: 'recommendation', text: 'A recommendation of the committee', checked: values.kind === 'recommendation' }],
      recommendedTo: RECOMMENDED_TO.map((r) => ({ value: r, text: RECOMMENDED_TO_NAMES[r], checked: values.recommendedTo === r })),
      concerns: [{ value: '', text: 'Not linked' }, ...concerns.map((c) => ({ value: c.value, text: c.text, selected: c.value === values.concerns }))],
    });
  };

  app.get('/p/:slug/minutes/:id/actions/new', { config: { access: OFFICERS }, schema: { params: minuteParams } }, async (request, reply) =>
    renderNew(reply, scopeOf(request), request.params.id, { ...actionValues(), kind: 'action' }, noErrors));

  app.post('/p/:slug/minutes/:id/actions/new', { config: { access: OFFICERS }, schema: { params: minuteParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = actionValues(request.body);
    return saveOrShowErrors(() => services.actions.record(scope.partnership, request.params.id, values, scope.actor),
      (actionId) => reply.redirect(`${base(scope)}/actions/${actionId}`, 303),
      (errors) => renderNew(reply, scope, request.params.id, values, errors, 400));
  });

  // ---- Closing with a response -----------------------------------------------------------------

  const renderClose = async (reply: FastifyReply, scope: Scope, actionId: number, values: CloseFormValues | null, errors: FormErrors, status = 200) => {
    const item = await services.actions.get(scope.partnership, actionId, scope.actor);
    reply.header('cache-control', 'no-store');
    return reply.status(status).page('actions/views/close-form.njk', {
      ...scope, ...errors, pageTitle: `Close with a response: ${minuteName(item.minute)}`, item, owner: ownerOf(item), minuteName: minuteName(item.minute),
      values: values ?? { ...closeValues(), version: String(item.version) }, base: base(scope), breadcrumbs: trackerCrumbs(scope),
    });
  };

  app.get('/p/:slug/actions/:id/close', { config: { access: OFFICERS }, schema: { params: actionParams } }, async (request, reply) =>
    renderClose(reply, scopeOf(request), request.params.id, null, noErrors));

  app.post('/p/:slug/actions/:id/close', { config: { access: OFFICERS }, schema: { params: actionParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = closeValues(request.body);
    return saveOrShowErrors(() => services.actions.close(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${base(scope)}/actions/${request.params.id}`, 303),
      (errors) => renderClose(reply, scope, request.params.id, values, errors, 400));
  });

  // ---- s.19(8): where the report or recommendations were sent -------------------------------------

  const renderReferral = async (reply: FastifyReply, scope: Scope, minuteId: number, values: ReferralFormValues, errors: FormErrors, status = 200) => {
    const minute = await services.actions.minuteFor(scope.partnership, minuteId, scope.actor);
    const authorities = await services.actions.authorities(scope.partnership);
    reply.header('cache-control', 'no-store');
    return reply.status(status).page('actions/views/referral-form.njk', {
      ...scope, ...errors, pageTitle: `Record where the report was sent: minute ${minute.minuteNumber}`, minute, minuteName: minuteName(minute),
      minuteHref: minuteHref(scope, minute), values, base: base(scope), breadcrumbs: trackerCrumbs(scope),
      authorities: [{ value: '', text: 'Select the authority' }, ...authorities.map((a) => ({ value: a, text: a, selected: values.authority === a })),
        { value: 'other', text: 'Another authority or body (type it below)', selected: values.authority === 'other' }],
    });
  };

  app.get('/p/:slug/minutes/:id/referrals/new', { config: { access: OFFICERS }, schema: { params: minuteParams } }, async (request, reply) =>
    renderReferral(reply, scopeOf(request), request.params.id, referralValues(), noErrors));

  app.post('/p/:slug/minutes/:id/referrals/new', { config: { access: OFFICERS }, schema: { params: minuteParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = referralValues(request.body);
    return saveOrShowErrors(() => services.actions.recordReferral(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${base(scope)}/actions#referrals`, 303),
      (errors) => renderReferral(reply, scope, request.params.id, values, errors, 400));
  });

  const renderResponse = async (reply: FastifyReply, scope: Scope, referralId: number, values: ResponseFormValues, errors: FormErrors, status = 200) => {
    const referral = await services.actions.referral(scope.partnership, referralId, scope.actor);
    reply.header('cache-control', 'no-store');
    return reply.status(status).page('actions/views/response-form.njk', {
      ...scope, ...errors, pageTitle: `Record the response of ${referral.authority}`, referral, minuteName: minuteName(referral.minute),
      values, base: base(scope), breadcrumbs: trackerCrumbs(scope),
    });
  };

  app.get('/p/:slug/referrals/:id/response', { config: { access: OFFICERS }, schema: { params: referralParams } }, async (request, reply) =>
    renderResponse(reply, scopeOf(request), request.params.id, responseValues(), noErrors));

  app.post('/p/:slug/referrals/:id/response', { config: { access: OFFICERS }, schema: { params: referralParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = responseValues(request.body);
    return saveOrShowErrors(() => services.actions.recordReferralResponse(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${base(scope)}/actions#referrals`, 303),
      (errors) => renderResponse(reply, scope, request.params.id, values, errors, 400));
  });
}
