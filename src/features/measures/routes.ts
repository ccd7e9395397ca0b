// C4 measures: the list, one measure's page (chart and table, its values as CSV), the measure form,
// entering one value, and importing a CSV file of values.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, id, partnershipParams, query, slug } from '../../platform/http/schemas.ts';
import type { PermissionAccess } from '../../platform/http/access.ts';
import { ValidationError } from '../../platform/errors.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../platform/config.ts';
import { formatSize } from '../../platform/sizes.ts';
import { measureFormValues, DIRECTIONS, DIRECTION_NAMES, type MeasureFormValues } from './measure-form.ts';
import { FREQUENCIES, FREQUENCY_NAMES, PERIOD_HINTS, isFrequency } from './periods.ts';
import { measureChart } from './chart.ts';
import { valuesCsv } from './values-csv.ts';
import type { Measure } from './service.ts';

/** Entering and changing measures: analysts, coordinators and administrators. */
const ANALYSTS = (what: string): PermissionAccess =>
  ({ permission: 'analyse', refusal: `Only the partnership’s analysts, coordinators and administrators can ${what}.` });

const measureParams = z.object({ slug, id: id('Measure') });

/** A hint with its examples (2021-Q1, 2022-08-22) set as text to type, not as dates in words. */
const hintHtml = (text: string) => text.replace(/\b(\d{4}-(Q\d|\d{2})(-\d{2})?)\b/g, '<code>$1</code>');

/** One measure's values fit in far less: a larger file is refused before it is read. */
const MAX_CSV_BYTES = 1024 * 1024;

interface CsvUpload { name: string; text: string; tooLarge: boolean }
const uploads = new WeakMap<FastifyRequest, CsvUpload>();

export interface MeasureRoutesOptions { services: Services; uploadLimits?: UploadLimits }

export async function measureRoutes(plain: FastifyInstance, opts: MeasureRoutesOptions) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { services } = opts;
  const maxBytes = Math.min(MAX_CSV_BYTES, (opts.uploadLimits ?? DEFAULT_UPLOAD_LIMITS).maxFileBytes);
  // Only this plugin's routes take multipart bodies: the CSV file is read into memory up to its
  // limit (the rest is read and dropped, so the browser gets the answer), fields land in the body.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues', throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 10 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.fieldname !== 'file' || !part.filename) return;
      uploads.set(this, { name: part.filename, text: Buffer.concat(chunks).toString('utf8'), tooLarge: part.file.truncated });
    },
  });

  const base = (scope: Scope) => `/p/${scope.partnership.slug}/measures`;
  const crumbs = (scope: Scope, m?: { id: number; name: string }) => [
    { text: 'Measures', href: base(scope) }, ...(m ? [{ text: m.name, href: `${base(scope)}/${m.id}` }] : []),
  ];

  app.get('/p/:slug/measures', { config: { access: 'public' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const measures = await services.measures.list(scope.partnership);
    return reply.page('measures/views/list.njk', {
      ...scope, pageTitle: 'Measures', measures: measures.map((m) => ({ ...m, latest: m.values[m.values.length - 1] ?? null })),
      base: base(scope), canEdit: services.measures.canEdit(scope.actor),
    });
  });

  // ---- The measure form ----

  async function renderForm(reply: FastifyReply, scope: Scope, values: MeasureFormValues, errors: FormErrors, opts: { measure?: { id: number; name: string }; status?: number; conflict?: boolean } = {}) {
    const options = await services.measures.formOptions(scope.partnership, scope.actor);
    const chosen = (list: string[], id: number) => list.includes(String(id));
    return reply.status(opts.status ?? 200).page('measures/views/form.njk', {
      ...scope, ...errors, pageTitle: opts.measure ? `Change ${opts.measure.name}` : 'Add a measure', values, conflict: opts.conflict,
      action: opts.measure ? `${base(scope)}/${opts.measure.id}` : base(scope), measure: opts.measure,
      organisations: [{ value: '', text: 'Not recorded' }, ...options.organisations.map((o) => ({ value: String(o.id), text: o.name, selected: values.source === String(o.id) }))],
      frequencies: FREQUENCIES.map((f) => ({ value: f, text: FREQUENCY_NAMES[f], checked: values.frequency === f, hint: { html: hintHtml(`Write ${PERIOD_HINTS[f]}`) } })),
      directions: DIRECTIONS.map((d) => ({ value: d, text: DIRECTION_NAMES[d], checked: values.direction === d })),
      periodHint: hintHtml(isFrequency(values.frequency) ? `Optional: ${PERIOD_HINTS[values.frequency]}` : 'Optional: a period of the measure’s frequency, for example 2021-Q1'),
      plans: options.plans.map((p) => ({
        year: p.year,
        priorities: p.priorities.map((x) => ({ value: String(x.id), text: x.text, checked: chosen(values.priorities, x.id) })),
        initiatives: p.initiatives.map((x) => ({ value: String(x.id), text: x.text, checked: chosen(values.initiatives, x.id) })),
        chosenInitiatives: p.initiatives.filter((x) => chosen(values.initiatives, x.id)).length,
      })),
      breadcrumbs: crumbs(scope, opts.measure),
    });
  }

  const empty: MeasureFormValues = { name: '', unit: '', description: '', source: '', frequency: '', direction: '', baseline: '', baselinePeriod: '', target: '', targetPeriod: '', priorities: [], initiatives: [], version: '' };

  app.get('/p/:slug/measures/new', { config: { access: ANALYSTS('add measures') }, schema: { params: partnershipParams } }, async (request, reply) =>
    renderForm(reply, scopeOf(request), empty, noErrors));

  app.post('/p/:slug/measures', { config: { access: ANALYSTS('add measures') }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = measureFormValues(request.body);
    return saveOrShowErrors(() => services.measures.create(scope.partnership, values, scope.actor),
      (id) => reply.redirect(`${base(scope)}/${id}`, 303),
      (errors) => renderForm(reply, scope, values, errors, { status: 400 }));
  });

  app.get('/p/:slug/measures/:id/edit', { config: { access: ANALYSTS('change measures') }, schema: { params: measureParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = await services.measures.formValues(scope.partnership, request.params.id, scope.actor);
    return renderForm(reply, scope, values, noErrors, { measure: { id: request.params.id, name: values.name } });
  });

  app.post('/p/:slug/measures/:id', { config: { access: ANALYSTS('change measures') }, schema: { params: measureParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const id = request.params.id;
    const saved = await services.measures.formValues(scope.partnership, id, scope.actor);
    const values = measureFormValues(request.body);
    return saveOrShowErrors(() => services.measures.update(scope.partnership, id, values, scope.actor),
      () => reply.redirect(`${base(scope)}/${id}`, 303),
      (errors, conflict) => renderForm(reply, scope, conflict ? { ...values, version: saved.version } : values, errors,
        { measure: { id, name: saved.name }, status: conflict ? 409 : 400, conflict: !!conflict }),
      { conflict: { field: 'name', message: 'Someone else changed this measure after you opened it. Check the measure’s page, then save again to replace their changes with yours.' } });
  });

  // ---- One measure ----

  async function renderMeasure(reply: FastifyReply, scope: Scope, id: number, extra: { values?: { period: string; value: string; note: string }; errors?: FormErrors; status?: number; saved?: string } = {}) {
    const found = await services.measures.get(scope.partnership, id, scope.actor);
    const imported = /^(\d+)-values$/.exec(extra.saved ?? '');
    const savedValue = found.measure.values.find((v) => v.period === extra.saved);
    const savedText = imported ? `${imported[1]} values imported` : savedValue ? `The value for ${savedValue.label} is saved` : null;
    return reply.status(extra.status ?? 200).page('measures/views/measure.njk', {
      ...scope, ...(extra.errors ?? noErrors), pageTitle: found.measure.name, ...found, chart: await measureChart(found.measure),
      values: extra.values ?? { period: '', value: '', note: '' }, savedText, base: base(scope),
      periodHint: hintHtml(`Write ${PERIOD_HINTS[found.measure.frequency]}`), breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/measures/:id', { config: { access: 'public' }, schema: { params: measureParams, querystring: query('saved') } }, async (request, reply) =>
    renderMeasure(reply, scopeOf(request), request.params.id, { saved: request.query.saved }));

  app.get('/p/:slug/measures/:id/values.csv', { config: { access: 'public' }, schema: { params: measureParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { measure } = await services.measures.get(scope.partnership, request.params.id, scope.actor);
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${scope.partnership.slug}-measure-${measure.id}.csv"`)
      .send(valuesCsv(measure.values));
  });

  app.post('/p/:slug/measures/:id/values', { config: { access: ANALYSTS('enter values') }, schema: { params: measureParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = { period: field(request.body, 'period'), value: field(request.body, 'value'), note: field(request.body, 'note') };
    return saveOrShowErrors(() => services.measures.saveValue(scope.partnership, request.params.id, values, scope.actor),
      (period) => reply.redirect(`${base(scope)}/${request.params.id}?saved=${encodeURIComponent(period)}#values`, 303),
      (errors) => renderMeasure(reply, scope, request.params.id, { values, errors, status: 400 }));
  });

  app.post('/p/:slug/measures/:id/values/remove', { config: { access: ANALYSTS('remove values') }, schema: { params: measureParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    await services.measures.removeValue(scope.partnership, request.params.id, field(request.body, 'period'), scope.actor);
    return reply.redirect(`${base(scope)}/${request.params.id}#values`, 303);
  });

  // ---- Importing values from a CSV file ----

  async function renderImport(reply: FastifyReply, scope: Scope, measure: Measure, errors: FormErrors, status = 200) {
    return reply.status(status).page('measures/views/import.njk', {
      ...scope, ...errors, pageTitle: `Import values: ${measure.name}`, measure, maxSize: formatSize(maxBytes),
      periodHint: hintHtml(PERIOD_HINTS[measure.frequency]), action: `${base(scope)}/${measure.id}/import`, breadcrumbs: crumbs(scope, measure),
    });
  }

  app.get('/p/:slug/measures/:id/import', { config: { access: ANALYSTS('import values') }, schema: { params: measureParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { measure } = await services.measures.get(scope.partnership, request.params.id, scope.actor);
    return renderImport(reply, scope, measure, noErrors);
  });

  // The access check runs on request: a refused upload is never read.
  app.post('/p/:slug/measures/:id/import', { config: { access: ANALYSTS('import values') }, schema: { params: measureParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { measure } = await services.measures.get(scope.partnership, request.params.id, scope.actor);
    const upload = uploads.get(request);
    const refuse = (messages: string[], status = 400) => renderImport(reply, scope, measure, {
      // Every bad line in the summary; the field says how many.
      errors: messages.map((text) => ({ text, href: '#file' })),
      fieldErrors: { file: { text: messages.length === 1 ? messages[0]! : `${messages.length} lines have problems, listed at the top of the page: nothing was imported` } },
    }, status);
    if (!upload) return refuse(['Choose a CSV file of values']);
    if (upload.tooLarge) return refuse([`${upload.name} is larger than ${formatSize(maxBytes)}: one measure’s values fit in far less`], 413);
    if (!/\.csv$/i.test(upload.name)) return refuse([`${upload.name} is not a .csv file`]);
    try {
      const { count } = await services.measures.importValues(scope.partnership, measure.id, upload.text, scope.actor);
      return reply.redirect(`${base(scope)}/${measure.id}?saved=${count}-values#values`, 303);
    } catch (err) {
      if (err instanceof ValidationError) return refuse(err.errors.map((e) => e.message));
      throw err;
    }
  });
}
