// C8: the funding ledger's pages. Anyone may read the ledger and download it in the 360Giving Data
// Standard; coordinators and administrators add streams, change them and allocate them to initiatives.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { formBody, id, partnershipParams, slug } from '../../platform/http/schemas.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { yearLabel } from '../partnerships/years.ts';
import { allocationValues, streamValues, streamValuesOf, type AllocationFormValues, type StreamFormValues } from './form.ts';
import { EDIT_REFUSAL } from './service.ts';
import { totalsByFunder, totalsByYear, sumPence } from './totals.ts';
import { fundingCharts } from './chart.ts';
import { grantsCsv, grantsOf } from './giving360.ts';
import type { Stream, StreamRow } from './types.ts';

const EDITORS: Access = { permission: 'manage_partnership', refusal: EDIT_REFUSAL };
const streamParams = z.object({ slug, id: id('Funding stream') });

const RECURRENCE_ITEMS = [
  { value: 'recurring', text: 'Recurring' }, { value: 'one_off', text: 'One-off' }, { value: '', text: 'Not recorded' },
];

/** A stream with what its page and the ledger show in words. */
const shown = (s: Stream) => ({ ...s, years: s.financialYears.map(yearLabel) });

export async function fundingRoutes(plain: FastifyInstance, { services, grantsPrefix }: { services: Services; grantsPrefix: string }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const ledgerCrumb = (scope: Scope) => [{ text: 'Funding', href: `/p/${scope.partnership.slug}/funding` }];

  app.get('/p/:slug/funding', { config: { access: 'public' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const streams = await services.funding.list(scope.partnership, scope.actor);
    const byYear = totalsByYear(streams);
    const byFunder = totalsByFunder(streams);
    const charts = await fundingCharts(byYear, byFunder, scope.partnership.name);
    const { grants, left } = grantsOf(streams, grantsPrefix, scope.partnership.slug);
    return reply.page('funding/views/ledger.njk', {
      ...scope, pageTitle: 'Funding', streams: streams.map(shown), byYear, byFunder, charts, total: sumPence(byYear),
      exported: grants.length, left, canEdit: actorCan(scope.actor, 'manage_partnership'),
    });
  });

  const exportOf = async (scope: Scope) => grantsOf(await services.funding.list(scope.partnership, scope.actor), grantsPrefix, scope.partnership.slug);

  app.get('/p/:slug/funding/360giving.json', { config: { access: 'public' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { grants } = await exportOf(scope);
    return reply.type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${scope.partnership.slug}-grants-360giving.json"`)
      .send(JSON.stringify({ grants }, null, 2));
  });

  app.get('/p/:slug/funding/360giving.csv', { config: { access: 'public' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { grants } = await exportOf(scope);
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${scope.partnership.slug}-grants-360giving.csv"`)
      .send(grantsCsv(grants));
  });

  app.get('/p/:slug/funding/streams/:id', { config: { access: 'public' }, schema: { params: streamParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const stream = await services.funding.get(scope.partnership, request.params.id, scope.actor);
    return reply.page('funding/views/stream.njk', {
      ...scope, pageTitle: stream.name, stream: shown(stream), breadcrumbs: ledgerCrumb(scope),
      canEdit: actorCan(scope.actor, 'manage_partnership'), canSeeNotes: actorCan(scope.actor, 'view_drafts'),
    });
  });

  app.get('/p/:slug/funding/streams/:id/history', { config: { access: 'public' }, schema: { params: streamParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const stream = await services.funding.get(scope.partnership, request.params.id, scope.actor);
    return reply.page('plans/views/history.njk', {
      ...scope, pageTitle: `History of ${stream.name}`, heading: stream.name,
      history: await services.funding.history(scope.partnership, stream.id, scope.actor),
      backHref: `/p/${scope.partnership.slug}/funding/streams/${stream.id}`,
      breadcrumbs: [...ledgerCrumb(scope), { text: stream.name, href: `/p/${scope.partnership.slug}/funding/streams/${stream.id}` }],
    });
  });

  // ---- Adding and changing a stream ----

  const renderStream = (reply: FastifyReply, scope: Scope, form: { values: StreamFormValues; action: string; heading: string; errors?: FormErrors; status?: number; conflict?: StreamRow }) =>
    reply.status(form.status ?? 200).page('funding/views/stream-form.njk', {
      ...scope, ...(form.errors ?? noErrors), pageTitle: form.heading, heading: form.heading, action: form.action, values: form.values, conflict: form.conflict,
      recurrences: RECURRENCE_ITEMS.map((r) => ({ ...r, checked: form.values.recurrence === r.value })), breadcrumbs: ledgerCrumb(scope),
    });

  app.get('/p/:slug/funding/new', { config: { access: EDITORS }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderStream(reply, scope, { values: streamValues(), action: `/p/${scope.partnership.slug}/funding/new`, heading: 'Add a funding stream' });
  });

  app.post('/p/:slug/funding/new', { config: { access: EDITORS }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = streamValues(request.body);
    return saveOrShowErrors(() => services.funding.create(scope.partnership, values, scope.actor),
      (streamId) => reply.redirect(`/p/${scope.partnership.slug}/funding/streams/${streamId}`, 303),
      (errors) => renderStream(reply, scope, { values, action: `/p/${scope.partnership.slug}/funding/new`, heading: 'Add a funding stream', errors, status: 400 }));
  });

  app.get('/p/:slug/funding/streams/:id/edit', { config: { access: EDITORS }, schema: { params: streamParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const stream = await services.funding.forEdit(scope.partnership, request.params.id, scope.actor);
    return renderStream(reply, scope, { values: streamValuesOf(stream), action: `/p/${scope.partnership.slug}/funding/streams/${stream.id}/edit`, heading: `Change ${stream.name}` });
  });

  app.post('/p/:slug/funding/streams/:id/edit', { config: { access: EDITORS }, schema: { params: streamParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const streamId = request.params.id;
    const before = await services.funding.forEdit(scope.partnership, streamId, scope.actor);
    const values = streamValues(request.body);
    const action = `/p/${scope.partnership.slug}/funding/streams/${streamId}/edit`;
    return saveOrShowErrors(() => services.funding.update(scope.partnership, streamId, values, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/funding/streams/${streamId}`, 303),
      (errors, conflict) => {
        if (!conflict) return renderStream(reply, scope, { values, action, heading: `Change ${before.name}`, errors, status: 400 });
        const saved = conflict.current as StreamRow;
        // The form now carries the saved version, so saving again is a deliberate choice.
        return renderStream(reply, scope, { values: { ...values, version: String(saved.version) }, action, heading: `Change ${saved.name}`, errors, status: 409, conflict: saved });
      },
      { conflict: { field: 'name', message: 'Someone else saved this funding stream after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } });
  });

  // ---- Allocations ----

  const renderAllocation = async (reply: FastifyReply, scope: Scope, stream: Stream, values: AllocationFormValues, errors: FormErrors = noErrors, status = 200) => {
    const initiatives = [...(await services.funding.visibleInitiatives(scope.partnership, scope.actor)).values()]
      .sort((a, b) => b.year.localeCompare(a.year) || a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' }));
    return reply.status(status).page('funding/views/allocation-form.njk', {
      ...scope, ...errors, pageTitle: `Allocate ${stream.name}`, stream: shown(stream), values,
      initiativeItems: [{ value: '', text: 'Choose an initiative' }, ...initiatives.map((i) => ({ value: String(i.id), text: `${i.year}: ${i.name}`, selected: values.initiative === String(i.id) }))],
      breadcrumbs: [...ledgerCrumb(scope), { text: stream.name, href: `/p/${scope.partnership.slug}/funding/streams/${stream.id}` }],
    });
  };

  app.get('/p/:slug/funding/streams/:id/allocations/new', { config: { access: EDITORS }, schema: { params: streamParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const stream = await services.funding.get(scope.partnership, request.params.id, scope.actor);
    return renderAllocation(reply, scope, stream, allocationValues());
  });

  app.post('/p/:slug/funding/streams/:id/allocations/new', { config: { access: EDITORS }, schema: { params: streamParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const streamId = request.params.id;
    const values = allocationValues(request.body);
    return saveOrShowErrors(() => services.funding.allocate(scope.partnership, streamId, values, scope.actor),
      () => reply.redirect(`/p/${scope.partnership.slug}/funding/streams/${streamId}`, 303),
      async (errors) => renderAllocation(reply, scope, await services.funding.get(scope.partnership, streamId, scope.actor), values, errors, 400));
  });

  app.post('/p/:slug/funding/allocations/:id/remove', {
    config: { access: EDITORS }, schema: { params: z.object({ slug, id: id('Allocation') }), body: formBody },
  }, async (request, reply) => {
    const scope = scopeOf(request);
    const streamId = await services.funding.removeAllocation(scope.partnership, request.params.id, scope.actor);
    return reply.redirect(`/p/${scope.partnership.slug}/funding/streams/${streamId}`, 303);
  });
}
