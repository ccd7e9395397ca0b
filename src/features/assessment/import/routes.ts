// Pages for importing crime and partner data: the history of imports, the upload form, a progress
// page for a running import (works without JavaScript: it refreshes itself; with JavaScript it
// listens to server-sent events, fed by polling the job's record, so any instance can serve them)
// and the report of each import.
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Services } from '../../../services.ts';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import { toFormErrors, noErrors } from '../../../platform/http/forms.ts';
import { DEFAULT_IMPORT_LIMITS, DEFAULT_UPLOAD_LIMITS, type ImportLimits, type UploadLimits } from '../../../platform/config.ts';
import { formatSize } from '../../../platform/sizes.ts';
import { actorCan } from '../../../platform/auth/actor.ts';
import { datasetName, describeMonths, type ImportProgress } from './service.ts';
import { ImportJobs, ImportBusyError, type ImportJob } from './jobs.ts';
import { discard, saveUploadedFile, sweepUploads, uploadOf } from './uploads.ts';
import { analysts, members } from '../access.ts';
import { z } from 'zod';
import { field, formBody, id, partnershipParams, slug } from '../../../platform/http/schemas.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

const MAX_FILES = 100;

const SOURCES = ['police-uk', 'partner'] as const;

/** A running import's page: jobs are named by a random UUID. */
const jobParams = z.object({ slug, jobId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Import job not found') });
type Source = (typeof SOURCES)[number];

export interface ImportRoutesOptions {
  services: Services;
  jobs?: ImportJobs;
  /** What one import may read (config: IMPORT_MAX_*). */
  limits?: ImportLimits;
  /** What one upload may send (config: UPLOAD_MAX_*). */
  uploadLimits?: UploadLimits;
  /** How often a progress stream reads the job's record again. */
  pollMs?: number;
  /** When the service stops, how long a running import may go on to commit before it is abandoned (rolled back). */
  shutdownGraceMs?: number;
}

export async function importRoutes(plain: FastifyInstance, opts: ImportRoutesOptions) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { services, jobs = new ImportJobs(), limits = DEFAULT_IMPORT_LIMITS, uploadLimits = DEFAULT_UPLOAD_LIMITS, shutdownGraceMs = 0, pollMs = 400 } = opts;
  // Folders a crash left behind are removed. When the service stops, a running import may finish
  // within the grace, else it rolls back and frees its slot; before the server waits for open
  // requests (preClose), so a progress page's event stream ends with its import.
  const swept = await sweepUploads().catch((e: unknown) => app.log.warn({ err: e }, 'could not sweep old uploads'));
  if (swept?.length) app.log.info({ folders: swept }, 'removed uploads left by an earlier run');
  app.addHook('preClose', () => jobs.drain(shutdownGraceMs));
  // Only this plugin accepts multipart bodies. Fields (the CSRF token among them) land in
  // request.body before the CSRF check; files go to disk, never into memory. Busboy's own file
  // limit is one above ours, so that our message, not its error, answers one file too many.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues', onFile: saveUploadedFile({ ...uploadLimits, maxFiles: MAX_FILES }), throwFileSizeLimit: false,
    limits: { fileSize: uploadLimits.maxFileBytes, files: MAX_FILES + 1, fields: 20 },
  });
  // Before any response leaves (form errors, CSRF or size refusals, failures), and on aborts.
  app.addHook('onSend', async (request, _reply, payload) => {
    await discard(request);
    return payload;
  });
  app.addHook('onRequestAbort', async (request) => discard(request));

  const base = (scope: Scope): string => `/p/${scope.partnership.slug}/assessment/imports`;
  const crumbs = (scope: Scope, extra: { text: string; href: string }[] = []) => [
    { text: 'Assessment', href: `/p/${scope.partnership.slug}/assessment` }, ...extra,
  ];

  async function renderForm(reply: FastifyReply, scope: Scope, values: { source: string; dataset: string }, errors = noErrors, status = 200) {
    const datasets = await services.assessmentImport.partnerDatasets(scope.partnership);
    return reply.status(status).page('assessment/import/views/import-new.njk', {
      ...scope, pageTitle: 'Import data', values, datasets, ...errors, action: base(scope), maxSize: formatSize(uploadLimits.maxFileBytes),
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  }

  app.get('/p/:slug/assessment/imports', { config: { access: members('see its data imports') }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const imports = await services.assessmentImport.listImports(scope.partnership);
    return reply.page('assessment/import/views/import-list.njk', {
      ...scope, pageTitle: 'Data imports', imports, base: base(scope), canImport: actorCan(scope.actor, 'analyse'),
      running: (await jobs.runningFor(scope.partnership.id))?.id, breadcrumbs: crumbs(scope),
    });
  });

  app.get('/p/:slug/assessment/imports/new', { config: { access: analysts('import data') }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderForm(reply, scope, { source: 'police-uk', dataset: '' });
  });

  // The access check runs on request, so a refused upload is never written to disk.
  app.post('/p/:slug/assessment/imports', { config: { access: analysts('import data') }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = { source: field(request.body, 'source'), dataset: field(request.body, 'dataset') };
    const upload = uploadOf(request);
    const problems: { field: string; message: string }[] = [];
    if (!(SOURCES as readonly string[]).includes(values.source)) problems.push({ field: 'source', message: 'Choose what the files are' });
    if (values.source === 'partner' && !datasetName(values.dataset)) problems.push({ field: 'dataset', message: 'Enter the dataset name, for example council-asb or fire' });
    for (const p of upload.problems) problems.push({ field: 'files', message: p });
    if (upload.files.length === 0 && upload.problems.length === 0) problems.push({ field: 'files', message: 'Choose the files to import' });
    if (values.source === 'partner' && upload.files.length > 1) problems.push({ field: 'files', message: 'Choose one partner dataset file at a time' });
    const running = await jobs.runningFor(scope.partnership.id);
    if (running) problems.push({ field: 'files', message: 'Another import for this partnership is still running: wait for it to finish' });
    const refuse = async (list: { field: string; message: string }[]) => {
      await discard(request);
      return renderForm(reply, scope, values, toFormErrors(list), upload.tooLarge ? 413 : 400);
    };
    if (problems.length) return refuse(problems);

    // The job owns the temporary folder from here and removes it when it ends.
    const dir = upload.dir!;
    const files = upload.files;
    const source = values.source as Source;
    const { partnership, actor } = scope;
    let job: ImportJob;
    try {
      job = await jobs.start(
        partnership.id,
        (onProgress, signal) => (source === 'police-uk'
          ? services.assessmentImport.importPoliceFiles(partnership, files.map((f) => f.path), actor, onProgress, { limits, signal })
          : services.assessmentImport.importPartnerFile(partnership, files[0]!.path, values.dataset, actor, { label: files[0]!.name, limits, signal }, onProgress)),
        () => rm(dir, { recursive: true, force: true }),
      );
    } catch (e) {
      // Another upload for this partnership started while this one arrived.
      if (e instanceof ImportBusyError) return refuse(e.errors);
      throw e;
    }
    upload.takenOver = true;
    request.log.info({ job: job.id, files: files.map((f) => f.name), source }, 'import started');
    return reply.redirect(`${base(scope)}/jobs/${job.id}`, 303);
  });

  async function jobFor(request: FastifyRequest, jobId: string): Promise<{ scope: Scope; job: ImportJob }> {
    const scope = scopeOf(request);
    const job = await jobs.get(jobId);
    if (!job || job.partnershipId !== scope.partnership.id) throw new NotFoundError('Import job');
    return { scope, job };
  }

  app.get('/p/:slug/assessment/imports/jobs/:jobId', { config: { access: analysts('import data') }, schema: { params: jobParams } }, async (request, reply) => {
    const { scope, job } = await jobFor(request, request.params.jobId);
    const report = job.status === 'done' ? await services.assessmentImport.getImport(scope.partnership, job.importId!) : null;
    const p = job.progress;
    return reply.page('assessment/import/views/import-job.njk', {
      ...scope, pageTitle: job.status === 'running' ? 'Importing' : job.status === 'done' ? 'Import finished' : 'Import refused',
      job: { id: job.id, status: job.status, message: job.message, importId: job.importId },
      progress: { ...p, percent: p.filesTotal ? Math.floor((100 * p.filesDone) / p.filesTotal) : 0 },
      report, replacedText: report ? describeMonths(report.monthsReplaced) : '', base: base(scope), eventsUrl: `${base(scope)}/jobs/${job.id}/events`,
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  });

  app.get('/p/:slug/assessment/imports/jobs/:jobId/events', { config: { access: analysts('import data') }, schema: { params: jobParams } }, async (request, reply) => {
    const { scope, job: first } = await jobFor(request, request.params.jobId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive', 'x-accel-buffering': 'no',
    });
    const send = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const progress = (p: ImportProgress): void => send('progress', { filesDone: p.filesDone, filesTotal: p.filesTotal, rows: p.rows, phase: p.phase, current: p.current });
    const finish = (job: ImportJob): void => {
      if (job.status === 'done') send('done', { importId: job.importId, url: `${base(scope)}/${job.importId}` });
      else send('failed', { message: job.message });
      res.end();
    };
    // The job may run on another instance: its record is read again until it ends.
    let closed = false;
    request.raw.on('close', () => { closed = true; });
    let last = JSON.stringify(first.progress);
    progress(first.progress);
    let job: ImportJob | undefined = first;
    let beat = Date.now();
    while (job && job.status === 'running' && !closed) {
      await new Promise((r) => setTimeout(r, pollMs));
      job = await jobs.get(job.id).catch(() => undefined);
      if (!job || closed) break;
      const now = JSON.stringify(job.progress);
      if (now !== last) { last = now; progress(job.progress); }
      else if (Date.now() - beat > 15_000) { beat = Date.now(); res.write(': still importing\n\n'); }
    }
    if (!closed) {
      if (job) finish(job);
      else res.end();
    }
    return reply;
  });

  app.get('/p/:slug/assessment/imports/:id', { config: { access: members('see its data imports') }, schema: { params: z.object({ slug, id: id('Import') }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const report = await services.assessmentImport.getImport(scope.partnership, request.params.id);
    return reply.page('assessment/import/views/import-report.njk', {
      ...scope, pageTitle: `Import ${report.id}`, report, base: base(scope),
      monthsText: { imported: describeMonths(report.monthsImported), replaced: describeMonths(report.monthsReplaced) },
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  });
}
