// The boundaries page: what is loaded for the partnership's districts, the imports so far, and a
// form to upload ONS boundary files (GeoJSON). A generalised file imports in seconds, so the import
// runs within the request; refused files are named with the reason and nothing is stored.
import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../../services.ts';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import { toFormErrors, noErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../../platform/config.ts';
import { formatSize } from '../../../platform/sizes.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { field, formBody, partnershipParams } from '../../../platform/http/schemas.ts';
import { discard, saveUploadedFile, uploadOf } from '../import/uploads.ts';
import { members } from '../access.ts';
import { actorCan } from '../../../platform/auth/actor.ts';
import { LAYER_NAMES, describeVintage, parseVintage, type Layer } from './boundary-import/layers.ts';

const MAX_FILES = 10;
const loaders = { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators and administrators can load boundaries.' } as const;

const VINTAGES = ['', 'WD22', 'WD23', 'WD24', 'WD25', 'LSOA11', 'LSOA21', 'LAD22', 'LAD23', 'LAD24', 'LAD25'];

export async function boundariesRoutes(plain: FastifyInstance, opts: { services: Services; uploadLimits?: UploadLimits }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { services, uploadLimits = DEFAULT_UPLOAD_LIMITS } = opts;
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues', throwFileSizeLimit: false,
    onFile: saveUploadedFile({ ...uploadLimits, maxFiles: MAX_FILES }, { pattern: /\.(geo)?json(\.gz)?$/i, kinds: 'a .geojson, .json or .geojson.gz file' }),
    limits: { fileSize: uploadLimits.maxFileBytes, files: MAX_FILES + 1, fields: 10 },
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    await discard(request);
    return payload;
  });
  app.addHook('onRequestAbort', async (request) => discard(request));

  const base = (s: Scope): string => `/p/${s.partnership.slug}/assessment/boundaries`;

  async function render(reply: FastifyReply, scope: Scope, extra: { vintage?: string; done?: string[] } = {}, errors: FormErrors = noErrors, status = 200) {
    const lads = scope.partnership.areas.map((a) => a.code);
    const [coverage, imports] = await Promise.all([services.boundaries.coverage(lads), services.boundaries.imports()]);
    return reply.status(status).page('assessment/geography/views/boundaries.njk', {
      ...scope, pageTitle: 'Boundaries for maps', ...errors, action: base(scope), maxSize: formatSize(uploadLimits.maxFileBytes),
      coverage: coverage.map((c) => ({ ...c, what: describeVintage({ layer: c.layer as Layer, vintage: c.vintage }) })),
      imports: imports.map((i) => ({ ...i, layerName: LAYER_NAMES[i.layer as Layer] ?? i.layer, read: formatSize(i.bytesRead), stored: formatSize(i.bytesStored) })),
      vintages: VINTAGES.map((v) => ({ value: v, text: v ? describeVintage(parseVintage(v)!) : 'As the file says', selected: v === (extra.vintage ?? '') })),
      done: extra.done ?? [], canLoad: actorCan(scope.actor, 'manage_partnership'),
      breadcrumbs: [{ text: 'Assessment', href: `/p/${scope.partnership.slug}/assessment` }],
    });
  }

  app.get('/p/:slug/assessment/boundaries', { config: { access: members('see which boundaries are loaded') }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return render(reply, scope, { vintage: '' });
  });

  app.post('/p/:slug/assessment/boundaries', { config: { access: loaders }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const vintage = field(request.body, 'vintage');
    const upload = uploadOf(request);
    const problems = upload.problems.map((message) => ({ field: 'files', message }));
    const claimed = vintage ? parseVintage(vintage) : undefined;
    if (claimed === null || (vintage && !VINTAGES.includes(vintage))) problems.push({ field: 'vintage', message: 'Choose the kind of boundaries from the list' });
    if (upload.files.length === 0 && upload.problems.length === 0) problems.push({ field: 'files', message: 'Choose the boundary files to import' });
    if (problems.length) return render(reply, scope, { vintage }, toFormErrors(problems), upload.tooLarge ? 413 : 400);
    try {
      const who = { importedBy: request.user?.name ?? 'unknown', userId: request.user?.id ?? null };
      const result = await services.boundaries.importFiles(scope.partnership, upload.files.map((f) => ({ path: f.path, label: f.name })), who, { claimed: claimed ?? undefined });
      const done = result.files.map((f) => `${f.label}: ${f.areas.length.toLocaleString('en-GB')} ${describeVintage(f)} kept of ${f.featuresRead.toLocaleString('en-GB')}, ${formatSize(f.bytesRead)} read, ${formatSize(f.bytesStored)} stored.`);
      request.log.info({ files: upload.files.map((f) => f.name) }, 'boundaries imported');
      return render(reply, scope, { vintage: '', done });
    } catch (e) {
      if (e instanceof ValidationError) return render(reply, scope, { vintage }, toFormErrors(e.errors), 400);
      throw e;
    }
  });
}
