// The Documents pages: for each kind of document and each year or meeting, preview what would be
// generated today, edit its sections, make versions (a job whose progress the page polls), download
// them and publish one. The public sees published versions only.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, id, partnershipParams, slug } from '../../platform/http/schemas.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import { renderHtml } from '../../documents/render-html.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import { parseYearLabel, yearLabel } from '../partnerships/years.ts';
import { REPORT_KINDS, type ReportKind, type ReportScope } from './types.ts';
import { KIND_NAMES, KIND_SCOPES, mayGenerate, scopeOfKey, scopeSlug, type VersionRow } from './service.ts';
import type { FileFormat } from './queries.ts';
import { ReportJobs } from './jobs.ts';

const MEMBERS: Access = { permission: 'view_drafts', refusal: 'Only the partnership’s staff can see its documents before they are published.' };
const MAKERS: Access = { permission: 'analyse', refusal: 'Only the partnership’s coordinators and analysts can make documents.' };
const OFFICERS: Access = { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators can publish a document.' };

/** A generated document's page is standalone HTML with its own inline stylesheet and no scripts. */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const kind = z.enum(REPORT_KINDS, { error: 'Document not found' });
/** "2022-23" (a plan year) or "meeting-12". */
const scopeParam = z.string().regex(/^(\d{4}-\d{2}|meeting-[1-9]\d{0,8})$/, 'Document not found')
  .transform((s, ctx): ReportScope => {
    if (s.startsWith('meeting-')) return { meetingId: Number(s.slice(8)) };
    const year = parseYearLabel(s);
    if (year === null) ctx.addIssue({ code: 'custom', message: 'Document not found' });
    return { year: year ?? 0 };
  });
const docParams = z.object({ slug, kind, scope: scopeParam });
const sectionParams = docParams.extend({ section: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'Section not found') });
const versionParams = z.object({ slug, id: id('Document') });
const FILES = { 'document.html': 'html', 'document.docx': 'docx', 'document.pdf': 'pdf' } as const satisfies Record<string, FileFormat>;
const fileParams = versionParams.extend({ file: z.enum(Object.keys(FILES) as [keyof typeof FILES], { error: 'Document not found' }) });
const jobParams = z.object({ slug, jobId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Job not found') });

const CHANGE_MARK = { same: ' ', removed: '−', added: '+' } as const;

export async function reportRoutes(plain: FastifyInstance, { services, jobs = new ReportJobs() }: { services: Services; jobs?: ReportJobs }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.addHook('onClose', () => jobs.settle());
  const base = (scope: Scope) => `/p/${scope.partnership.slug}/documents`;
  const docHref = (scope: Scope, k: ReportKind, s: ReportScope) => `${base(scope)}/${k}/${scopeSlug(s)}`;
  const versionHref = (scope: Scope, v: Pick<VersionRow, 'id'>) => `${base(scope)}/versions/${v.id}`;

  /** "2022-23" or "Crime and Disorder Committee, 7 November 2022". */
  async function scopeName(scope: Scope, s: ReportScope): Promise<string> {
    if ('year' in s) return yearLabel(s.year);
    const m = await services.meetings.meeting(scope.partnership, s.meetingId, scope.actor);
    return `${m.body.name}, ${formatDate(m.meetsOn)}`;
  }

  const versionRows = (scope: Scope, versions: VersionRow[]) => versions.map((v) => ({
    ...v, href: versionHref(scope, v), asOfText: formatDateTime(new Date(v.asOf).toISOString()), createdText: formatDateTime(new Date(v.createdAt).toISOString()),
    kindName: KIND_NAMES[v.kind as ReportKind] ?? v.kind, docHref: docHref(scope, v.kind as ReportKind, scopeOfKey(v.scopeKey)),
  }));

  // ---- The overview ---------------------------------------------------------------------------

  app.get('/p/:slug/documents', { config: { access: MEMBERS }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const [years, publicPlans, { bodies, meetings }, versions] = await Promise.all([
      services.plans.startYears(scope.partnership.id), services.plans.list(scope.partnership, ANONYMOUS),
      services.meetings.allMeetings(scope.partnership), services.reports.allVersions(scope.partnership, scope.actor),
    ]);
    // The committee's report is a public paper built from published records: a year whose plan was
    // never published has nothing it could report on.
    const publishedYears = new Set(publicPlans.map((p) => p.startYear));
    const committees = new Set(bodies.filter((b) => b.kind === 'scrutiny_committee').map((b) => b.id));
    const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
    const kinds = services.reports.kinds().map((k) => {
      const targets: { href: string; text: string }[] = [];
      if (KIND_SCOPES[k].includes('meeting')) {
        // The committee's report goes to the committee; an agenda pack may be any body's.
        for (const m of [...meetings].reverse().filter((x) => k !== 'committee-report' || committees.has(x.bodyId))) {
          targets.push({ href: docHref(scope, k, { meetingId: m.id }), text: `${bodyName.get(m.bodyId)}, ${formatDate(m.meetsOn)}` });
        }
      }
      if (KIND_SCOPES[k].includes('year')) {
        for (const y of [...years].sort((a, b) => b - a).filter((x) => k !== 'committee-report' || publishedYears.has(x))) {
          targets.push({ href: docHref(scope, k, { year: y }), text: yearLabel(y) });
        }
      }
      return { kind: k, name: KIND_NAMES[k], targets, canMake: mayGenerate(scope.actor, k) };
    });
    return reply.header('cache-control', 'private, no-store').page('reports/views/index.njk', {
      ...scope, pageTitle: 'Documents', kinds, versions: versionRows(scope, versions.slice(0, 20)), base: base(scope),
    });
  });

  app.get('/p/:slug/documents/published', { config: { access: 'public' }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const versions = await services.reports.publishedVersions(scope.partnership);
    const rows = await Promise.all(versionRows(scope, versions).map(async (v) => ({ ...v, scopeName: await scopeName(scope, scopeOfKey(v.scopeKey)) })));
    return reply.page('reports/views/published.njk', { ...scope, pageTitle: 'Published documents', versions: rows });
  });

  // ---- One document ---------------------------------------------------------------------------

  async function renderDocument(reply: FastifyReply, scope: Scope, k: ReportKind, s: ReportScope) {
    const [name, versions] = await Promise.all([scopeName(scope, s), services.reports.versions(scope.partnership, k, s, scope.actor)]);
    // Members who may not make this kind see its versions only; the draft is built for those who may.
    const draft = mayGenerate(scope.actor, k) ? await services.reports.draft(scope.partnership, k, s, scope.actor) : null;
    const href = docHref(scope, k, s);
    return reply.header('cache-control', 'private, no-store').page('reports/views/document.njk', {
      ...scope, pageTitle: `${KIND_NAMES[k]}: ${name}`, kindName: KIND_NAMES[k], scopeName: name, href,
      draft: draft && {
        title: draft.report.title, asOf: formatDateTime(draft.report.asOf.toISOString()), unpublishedInputs: draft.report.unpublishedInputs === true,
        sections: draft.sections.map((x) => ({ ...x, href: `${href}/sections/${x.key}` })),
      },
      versions: versionRows(scope, versions), canPublish: services.meetings.canEdit(scope.actor),
      breadcrumbs: [{ text: 'Documents', href: base(scope) }],
    });
  }

  app.get('/p/:slug/documents/:kind/:scope', { config: { access: MEMBERS }, schema: { params: docParams } }, async (request, reply) => {
    const { kind: k, scope: s } = request.params;
    return renderDocument(reply, scopeOf(request), k, s);
  });

  app.get('/p/:slug/documents/:kind/:scope/preview', { config: { access: MAKERS }, schema: { params: docParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { doc } = await services.reports.draft(scope.partnership, request.params.kind, request.params.scope, scope.actor);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').header('content-security-policy', DOCUMENT_CSP).send(renderHtml(doc));
  });

  // ---- Editing a section -------------------------------------------------------------------------

  async function renderSection(reply: FastifyReply, scope: Scope, p: z.infer<typeof sectionParams>, text: string | null, errors: FormErrors = noErrors, status = 200) {
    const { section, title } = await services.reports.section(scope.partnership, p.kind, p.scope, p.section, scope.actor);
    const href = docHref(scope, p.kind, p.scope);
    return reply.status(status).header('cache-control', 'private, no-store').page('reports/views/section.njk', {
      ...scope, ...errors, pageTitle: `Edit “${section.title}”`, documentTitle: title, section, href, action: `${href}/sections/${section.key}`,
      text: text ?? section.edit?.text ?? section.generatedText,
      diff: section.edit?.diff.map((d) => ({ ...d, mark: CHANGE_MARK[d.change] })) ?? [],
      breadcrumbs: [{ text: 'Documents', href: base(scope) }, { text: KIND_NAMES[p.kind], href }],
    });
  }

  app.get('/p/:slug/documents/:kind/:scope/sections/:section', { config: { access: MAKERS }, schema: { params: sectionParams } }, async (request, reply) =>
    renderSection(reply, scopeOf(request), request.params, null));

  app.post('/p/:slug/documents/:kind/:scope/sections/:section', { config: { access: MAKERS }, schema: { params: sectionParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const p = request.params;
    const text = field(request.body, 'text');
    // A refused text comes back in the box as typed, with the line that is wrong: nothing is lost.
    return saveOrShowErrors(() => services.reports.saveEdit(scope.partnership, p.kind, p.scope, p.section, text, scope.actor),
      () => reply.redirect(`${docHref(scope, p.kind, p.scope)}#section-${p.section}`, 303),
      (errors) => renderSection(reply, scope, p, text, errors, 400));
  });

  app.post('/p/:slug/documents/:kind/:scope/sections/:section/keep', { config: { access: MAKERS }, schema: { params: sectionParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const p = request.params;
    return saveOrShowErrors(() => services.reports.keepEdit(scope.partnership, p.kind, p.scope, p.section, scope.actor),
      () => reply.redirect(`${docHref(scope, p.kind, p.scope)}#section-${p.section}`, 303),
      (errors) => renderSection(reply, scope, p, null, errors, 400));
  });

  app.post('/p/:slug/documents/:kind/:scope/sections/:section/reset', { config: { access: MAKERS }, schema: { params: sectionParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const p = request.params;
    await services.reports.resetEdit(scope.partnership, p.kind, p.scope, p.section, scope.actor);
    return reply.redirect(`${docHref(scope, p.kind, p.scope)}#section-${p.section}`, 303);
  });

  // ---- Versions ----------------------------------------------------------------------------------

  app.post('/p/:slug/documents/:kind/:scope/versions', { config: { access: MAKERS }, schema: { params: docParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { kind: k, scope: s } = request.params;
    if (!mayGenerate(scope.actor, k)) throw new ForbiddenError('Only the partnership’s coordinators can make this document.');
    await scopeName(scope, s); // a meeting of another partnership is not found before any work starts
    const job = await jobs.start(scope.partnership.id, docHref(scope, k, s),
      (progress) => services.reports.createVersion(scope.partnership, k, s, scope.actor, progress));
    request.log.info({ job: job.id, kind: k }, 'document version started');
    return reply.redirect(`${base(scope)}/jobs/${job.id}`, 303);
  });

  async function jobOf(scope: Scope, jobId: string) {
    const job = await jobs.get(jobId);
    if (!job || job.partnershipId !== scope.partnership.id) throw new NotFoundError('Job');
    return job;
  }

  app.get('/p/:slug/documents/jobs/:jobId', { config: { access: MAKERS }, schema: { params: jobParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const job = await jobOf(scope, request.params.jobId);
    return reply.header('cache-control', 'no-store').page('reports/views/job.njk', {
      ...scope, pageTitle: job.status === 'running' ? 'Making the version' : job.status === 'done' ? `Version ${job.versionNumber} made` : 'The version was not made',
      job, percent: Math.floor(job.fraction * 100), statusUrl: `${base(scope)}/jobs/${job.id}/status`,
    });
  });

  app.get('/p/:slug/documents/jobs/:jobId/status', { config: { access: MAKERS }, schema: { params: jobParams } }, async (request, reply) => {
    const job = await jobOf(scopeOf(request), request.params.jobId);
    return reply.header('cache-control', 'no-store').send({
      status: job.status, step: job.step, percent: Math.floor(job.fraction * 100),
      ...(job.versionNumber ? { version: job.versionNumber } : {}), ...(job.message ? { message: job.message } : {}),
    });
  });

  app.get('/p/:slug/documents/versions/:id/:file', { config: { access: 'public' }, schema: { params: fileParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const format = FILES[request.params.file];
    const f = await services.reports.file(scope.partnership, request.params.id, format, scope.actor);
    reply.type(f.mediaType).header('cache-control', f.published ? 'public, max-age=300' : 'private, no-store').header('x-checksum-sha256', f.sha256);
    if (format === 'html') return reply.header('content-security-policy', DOCUMENT_CSP).send(f.content);
    return reply.header('content-disposition', `attachment; filename="${f.fileName}"`).send(f.content);
  });

  // ---- Publishing --------------------------------------------------------------------------------

  async function renderPublish(reply: FastifyReply, scope: Scope, versionId: number, chosen: string, errors: FormErrors = noErrors, status = 200) {
    const { version, meeting, items } = await services.reports.publishTargets(scope.partnership, versionId, scope.actor);
    const k = version.kind as ReportKind;
    const href = docHref(scope, k, scopeOfKey(version.scopeKey));
    return reply.status(status).header('cache-control', 'private, no-store').page('reports/views/publish.njk', {
      ...scope, ...errors, pageTitle: `Publish version ${version.number}`, version, kindName: KIND_NAMES[k], href,
      action: `${versionHref(scope, version)}/publish`,
      meeting: meeting && { name: `${meeting.body.name}, ${formatDate(meeting.meetsOn)}`, id: meeting.id },
      items: items.map((i) => ({ value: String(i.id), text: `${i.number}. ${i.title ?? ''}`, checked: chosen === String(i.id) })),
      breadcrumbs: [{ text: 'Documents', href: base(scope) }, { text: KIND_NAMES[k], href }],
    });
  }

  app.get('/p/:slug/documents/versions/:id/publish', { config: { access: OFFICERS }, schema: { params: versionParams } }, async (request, reply) =>
    renderPublish(reply, scopeOf(request), request.params.id, ''));

  app.post('/p/:slug/documents/versions/:id/publish', { config: { access: OFFICERS }, schema: { params: versionParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const agendaItemId = field(request.body, 'agendaItemId');
    return saveOrShowErrors(async () => {
      await services.reports.publish(scope.partnership, request.params.id, { agendaItemId }, scope.actor);
      return services.reports.version(scope.partnership, request.params.id, scope.actor);
    }, (v) => reply.redirect(docHref(scope, v.kind as ReportKind, scopeOfKey(v.scopeKey)), 303),
    (errors) => renderPublish(reply, scope, request.params.id, agendaItemId, errors, 400));
  });
}
