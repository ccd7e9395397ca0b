// Pages for importing crime and partner data: the history of imports, the upload form, a progress
// page for a running import (works without JavaScript: it refreshes itself; with JavaScript it
// listens to server-sent events) and the report of each import.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { Services } from '../../services.ts';
import { partnershipScope, type Scope } from '../../platform/http/scope.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { toFormErrors, noErrors } from '../../platform/http/forms.ts';
import { actorCan } from '../plans/actor.ts';
import { datasetName, describeMonths, type ImportProgress, type ImportReport } from './import-service.ts';

export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const MAX_FILES = 100;
/** How long a finished job's progress page stays available. */
const JOB_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Jobs. An upload starts the import in this process and the browser follows its progress.
// LIMITATION: job state lives in this Map, in one process's memory: with several instances
// behind a load balancer, the progress page must reach the instance that runs the import, and a
// restart loses running imports (the transaction then never commits, so the data stay as they
// were). ARCHITECTURE.md's answer when more than one instance runs is a job table or pg-boss.
// ---------------------------------------------------------------------------------------------
export interface ImportJob {
  id: string;
  partnershipId: number;
  status: 'running' | 'done' | 'failed';
  progress: ImportProgress;
  importId?: number;
  message?: string;
  /** Expiry time (ms since epoch), set when the job ends. */
  expiresAt?: number;
  events: EventEmitter;
}

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  constructor(private readonly ttlMs = JOB_TTL_MS) {}

  private sweep(now = Date.now()): void {
    for (const [id, j] of this.jobs) if (j.expiresAt !== undefined && j.expiresAt < now) this.jobs.delete(id);
  }

  get(id: string): ImportJob | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  runningFor(partnershipId: number): ImportJob | undefined {
    return [...this.jobs.values()].find((j) => j.partnershipId === partnershipId && j.status === 'running');
  }

  /** Start `run` now; `cleanup` always runs afterwards (it deletes the uploaded files). */
  start(partnershipId: number, run: (onProgress: (p: ImportProgress) => void) => Promise<ImportReport>, cleanup: () => Promise<void>): ImportJob {
    this.sweep();
    const job: ImportJob = {
      id: randomUUID(), partnershipId, status: 'running',
      progress: { filesDone: 0, filesTotal: 0, rows: 0, phase: 'reading' }, events: new EventEmitter(),
    };
    this.jobs.set(job.id, job);
    const onProgress = (p: ImportProgress): void => {
      job.progress = p;
      job.events.emit('progress', p);
    };
    void (async () => {
      try {
        const report = await run(onProgress);
        job.importId = report.id;
        job.status = 'done';
      } catch (e) {
        job.status = 'failed';
        // Refused files carry their own message (file, line, problem); anything else is our fault.
        job.message = e instanceof ValidationError || e instanceof ForbiddenError
          ? e.message : 'The import failed because of a problem in the service. Nothing was saved. Try again later.';
        if (!(e instanceof ValidationError)) console.error(e);
      } finally {
        await cleanup().catch(() => undefined);
        job.expiresAt = Date.now() + this.ttlMs;
        job.events.emit('end');
      }
    })();
    return job;
  }
}

// ---------------------------------------------------------------------------------------------
// Uploads: each file is streamed to a private temporary folder as the form arrives; the folder is
// removed before the response is sent, unless a job took it over (the job removes it when done).
// ---------------------------------------------------------------------------------------------
interface Upload { dir: string | null; files: { name: string; path: string }[]; problems: string[]; takenOver: boolean }
const uploads = new WeakMap<FastifyRequest, Upload>();

function uploadOf(request: FastifyRequest): Upload {
  let u = uploads.get(request);
  if (!u) uploads.set(request, (u = { dir: null, files: [], problems: [], takenOver: false }));
  return u;
}

async function discard(request: FastifyRequest): Promise<void> {
  const u = uploads.get(request);
  if (!u || u.takenOver || !u.dir) return;
  const dir = u.dir;
  u.dir = null;
  await rm(dir, { recursive: true, force: true });
}

const drain = (part: MultipartFile): Promise<void> => pipeline(part.file, new Writable({ write: (_c, _e, cb) => cb() }));

/** A safe local name that keeps police.uk names as they are (they carry the month and force). */
function safeName(filename: string): string {
  const name = basename(filename.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return name || 'upload.csv';
}

class TooLargeError extends Error {
  readonly statusCode = 413;
}

async function saveFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  if (part.fieldname !== 'files' || !part.filename) return drain(part);
  const u = uploadOf(this);
  const name = safeName(part.filename);
  if (!/\.csv(\.gz)?$/i.test(name)) {
    u.problems.push(`${part.filename} is not a .csv or .csv.gz file`);
    return drain(part);
  }
  if (u.files.some((f) => f.name === name)) {
    u.problems.push(`You chose two files called ${name}: choose each file once`);
    return drain(part);
  }
  u.dir ??= await mkdtemp(join(tmpdir(), 'csp-hub-upload-'));
  const path = join(u.dir, name);
  u.files.push({ name, path });
  await pipeline(part.file, createWriteStream(path));
  if (part.file.truncated) throw new TooLargeError(`${part.filename} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: split it into months, or use the command line (csp-hub import).`);
}

// ---------------------------------------------------------------------------------------------

const SOURCES = ['police-uk', 'partner'] as const;
type Source = (typeof SOURCES)[number];

function idParam(params: unknown): number {
  const id = Number((params as { id: string }).id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFoundError('Import');
  return id;
}

export async function importRoutes(app: FastifyInstance, { services, jobs = new ImportJobs() }: { services: Services; jobs?: ImportJobs }) {
  // Only this plugin accepts multipart bodies. Fields (the CSRF token among them) land in
  // request.body before the CSRF check; files go to disk through saveFile, never into memory.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues', onFile: saveFile, throwFileSizeLimit: false,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_FILES, fields: 20 },
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

  /** Anonymous visitors sign in first; signed-in users need `permission`. */
  async function scopeFor(request: FastifyRequest, reply: FastifyReply, permission: 'analyse' | 'view_drafts'): Promise<Scope | null> {
    const scope = await partnershipScope(request, services);
    if (actorCan(scope.actor, permission)) return scope;
    if (!request.user && request.method === 'GET') {
      await reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 302);
      return null;
    }
    throw new ForbiddenError(permission === 'analyse'
      ? 'Only an analyst, coordinator or administrator of this partnership can import data.'
      : 'Only members of this partnership can see its imports.');
  }

  async function renderForm(reply: FastifyReply, scope: Scope, values: { source: string; dataset: string }, errors = noErrors, status = 200) {
    const datasets = await services.assessmentImport.partnerDatasets(scope.partnership);
    return reply.status(status).page('assessment/views/import-new.njk', {
      ...scope, pageTitle: 'Import data', values, datasets, ...errors, action: base(scope), maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  }

  app.get('/p/:slug/assessment/imports', async (request, reply) => {
    const scope = await scopeFor(request, reply, 'view_drafts');
    if (!scope) return reply;
    const imports = await services.assessmentImport.listImports(scope.partnership);
    return reply.page('assessment/views/import-list.njk', {
      ...scope, pageTitle: 'Data imports', imports, base: base(scope), canImport: actorCan(scope.actor, 'analyse'),
      running: jobs.runningFor(scope.partnership.id)?.id, breadcrumbs: crumbs(scope),
    });
  });

  app.get('/p/:slug/assessment/imports/new', async (request, reply) => {
    const scope = await scopeFor(request, reply, 'analyse');
    if (!scope) return reply;
    return renderForm(reply, scope, { source: 'police-uk', dataset: '' });
  });

  app.post('/p/:slug/assessment/imports', {
    // Refuse before a byte of the upload is written to disk.
    onRequest: async (request) => {
      const scope = await partnershipScope(request, services);
      if (!actorCan(scope.actor, 'analyse')) throw new ForbiddenError('Only an analyst, coordinator or administrator of this partnership can import data.');
    },
  }, async (request, reply) => {
    const scope = await partnershipScope(request, services);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { source: String(body.source ?? ''), dataset: String(body.dataset ?? '') };
    const upload = uploadOf(request);
    const problems: { field: string; message: string }[] = [];
    if (!(SOURCES as readonly string[]).includes(values.source)) problems.push({ field: 'source', message: 'Choose what the files are' });
    if (values.source === 'partner' && !datasetName(values.dataset)) problems.push({ field: 'dataset', message: 'Enter the dataset name, for example council-asb or fire' });
    for (const p of upload.problems) problems.push({ field: 'files', message: p });
    if (upload.files.length === 0 && upload.problems.length === 0) problems.push({ field: 'files', message: 'Choose the files to import' });
    if (values.source === 'partner' && upload.files.length > 1) problems.push({ field: 'files', message: 'Choose one partner dataset file at a time' });
    const running = jobs.runningFor(scope.partnership.id);
    if (running) problems.push({ field: 'files', message: 'Another import for this partnership is still running: wait for it to finish' });
    if (problems.length) {
      await discard(request);
      return renderForm(reply, scope, values, toFormErrors(problems), 400);
    }

    // The job owns the temporary folder from here and removes it when it ends.
    upload.takenOver = true;
    const dir = upload.dir!;
    const files = upload.files;
    const source = values.source as Source;
    const { partnership, actor } = scope;
    const job = jobs.start(
      partnership.id,
      (onProgress) => (source === 'police-uk'
        ? services.assessmentImport.importPoliceFiles(partnership, files.map((f) => f.path), actor, onProgress)
        : services.assessmentImport.importPartnerFile(partnership, files[0]!.path, values.dataset, actor, { label: files[0]!.name }, onProgress)),
      () => rm(dir, { recursive: true, force: true }),
    );
    request.log.info({ job: job.id, files: files.map((f) => f.name), source }, 'import started');
    return reply.redirect(`${base(scope)}/jobs/${job.id}`, 303);
  });

  async function jobFor(request: FastifyRequest, reply: FastifyReply): Promise<{ scope: Scope; job: ImportJob } | null> {
    const scope = await scopeFor(request, reply, 'analyse');
    if (!scope) return null;
    const job = jobs.get((request.params as { jobId: string }).jobId);
    if (!job || job.partnershipId !== scope.partnership.id) throw new NotFoundError('Import job');
    return { scope, job };
  }

  app.get('/p/:slug/assessment/imports/jobs/:jobId', async (request, reply) => {
    const found = await jobFor(request, reply);
    if (!found) return reply;
    const { scope, job } = found;
    const report = job.status === 'done' ? await services.assessmentImport.getImport(scope.partnership, job.importId!) : null;
    const p = job.progress;
    return reply.page('assessment/views/import-job.njk', {
      ...scope, pageTitle: job.status === 'running' ? 'Importing' : job.status === 'done' ? 'Import finished' : 'Import refused',
      job: { id: job.id, status: job.status, message: job.message, importId: job.importId },
      progress: { ...p, percent: p.filesTotal ? Math.floor((100 * p.filesDone) / p.filesTotal) : 0 },
      report, replacedText: report ? describeMonths(report.monthsReplaced) : '', base: base(scope), eventsUrl: `${base(scope)}/jobs/${job.id}/events`,
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  });

  app.get('/p/:slug/assessment/imports/jobs/:jobId/events', async (request, reply) => {
    const found = await jobFor(request, reply);
    if (!found) return reply;
    const { scope, job } = found;
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
    const finish = (): void => {
      if (job.status === 'done') send('done', { importId: job.importId, url: `${base(scope)}/${job.importId}` });
      else send('failed', { message: job.message });
      res.end();
    };
    progress(job.progress);
    if (job.status !== 'running') {
      finish();
      return reply;
    }
    const heartbeat = setInterval(() => res.write(': still importing\n\n'), 15_000);
    const stop = (): void => {
      clearInterval(heartbeat);
      job.events.off('progress', progress);
      job.events.off('end', onEnd);
    };
    const onEnd = (): void => {
      stop();
      progress(job.progress);
      finish();
    };
    job.events.on('progress', progress);
    job.events.once('end', onEnd);
    request.raw.on('close', stop);
    return reply;
  });

  app.get('/p/:slug/assessment/imports/:id', async (request, reply) => {
    const scope = await scopeFor(request, reply, 'view_drafts');
    if (!scope) return reply;
    const report = await services.assessmentImport.getImport(scope.partnership, idParam(request.params));
    return reply.page('assessment/views/import-report.njk', {
      ...scope, pageTitle: `Import ${report.id}`, report, base: base(scope),
      monthsText: { imported: describeMonths(report.monthsImported), replaced: describeMonths(report.monthsReplaced) },
      breadcrumbs: crumbs(scope, [{ text: 'Imports', href: base(scope) }]),
    });
  });
}
