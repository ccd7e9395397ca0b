// Update round pages: the list, opening a round, a round's owed list and reminders, and its printable summary.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { formBody, id, partnershipParams, query, slug } from '../../platform/http/schemas.ts';
import { STATUS_NAMES } from '../delivery/statuses.ts';
import { rollupRows, TABLE_COLUMNS } from '../delivery/rollup-view.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { emptyRoundForm, roundFormFromBody, type RoundFormValues } from './form.ts';

// The summary may quote updates not for publication: members who may see unpublished work only.
const SEE: Access = { permission: 'view_drafts', refusal: 'Only members of the partnership who may see its unpublished work can see update rounds.' };
const MANAGE: Access = { permission: 'edit_plan', refusal: 'Only the partnership’s coordinators can open update rounds and send reminders.' };

const roundParams = z.object({ slug, id: id('Update round') });

export async function roundRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const V = 'rounds/views/';
  const crumbs = (s: Scope) => [{ text: 'Update rounds', href: `/p/${s.partnership.slug}/rounds` }];

  app.get('/p/:slug/rounds', { config: { access: SEE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const rounds = await services.rounds.list(scope.partnership, scope.actor);
    return reply.page(`${V}index.njk`, { ...scope, pageTitle: 'Update rounds', rounds, canManage: actorCan(scope.actor, 'edit_plan') });
  });

  async function renderForm(reply: FastifyReply, scope: Scope, values: RoundFormValues | null, errors?: FormErrors) {
    const choices = await services.rounds.choices(scope.partnership, scope.actor);
    return reply.status(errors ? 400 : 200).page(`${V}new.njk`, {
      ...scope, pageTitle: 'Open an update round', ...(errors ?? noErrors),
      values: values ?? emptyRoundForm(String(choices.plans[0]?.startYear ?? '')), plans: choices.plans, meetings: choices.meetings,
      breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/rounds/new', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) =>
    renderForm(reply, scopeOf(request), null));

  app.post('/p/:slug/rounds', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = roundFormFromBody(request.body);
    return saveOrShowErrors(() => services.rounds.open(scope.partnership, values, scope.actor),
      (roundId) => reply.redirect(`/p/${scope.partnership.slug}/rounds/${roundId}`, 303),
      (errors) => renderForm(reply, scope, values, errors));
  });

  app.get('/p/:slug/rounds/:id', { config: { access: SEE }, schema: { params: roundParams, querystring: query('reminded') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const found = await services.rounds.get(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}round.njk`, { ...scope, pageTitle: found.round.title, ...found, reminded: request.query.reminded === '1',
      mailMode: services.mail.mode, breadcrumbs: crumbs(scope) });
  });

  app.post('/p/:slug/rounds/:id/reminders', { config: { access: MANAGE }, schema: { params: roundParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    await services.rounds.remind(scope.partnership, request.params.id, scope.actor, { base: `${request.protocol}://${request.host}` });
    return reply.redirect(`/p/${scope.partnership.slug}/rounds/${request.params.id}?reminded=1#reminders`, 303);
  });

  app.post('/p/:slug/rounds/:id/close', { config: { access: MANAGE }, schema: { params: roundParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    await services.rounds.close(scope.partnership, request.params.id, scope.actor);
    return reply.redirect(`/p/${scope.partnership.slug}/rounds/${request.params.id}`, 303);
  });

  app.get('/p/:slug/rounds/:id/summary', { config: { access: SEE }, schema: { params: roundParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const summary = await services.rounds.summary(scope.partnership, request.params.id, scope.actor);
    return reply.page(`${V}summary.njk`, { ...scope, pageTitle: `${summary.round.title}: summary`, ...summary, statusNames: STATUS_NAMES,
      rows: rollupRows(summary.plan, summary.rollup), columns: TABLE_COLUMNS,
      breadcrumbs: [...crumbs(scope), { text: summary.round.title, href: `/p/${scope.partnership.slug}/rounds/${summary.round.id}` }] });
  });
}
