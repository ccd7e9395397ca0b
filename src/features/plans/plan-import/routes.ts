// Import a plan: upload or paste, review side by side, accept into a draft. Routes parse, call, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../../services.ts';
import { scopeOf, type Scope } from '../../../platform/http/scope.ts';
import { field, formBody, slug, type FormBody } from '../../../platform/http/schemas.ts';
import { noErrors, saveOrShowErrors, toFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { partnershipParams } from '../../../platform/http/schemas.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { planYearOf, yearLabel } from '../../partnerships/years.ts';
import { coordinators } from '../access.ts';
import { UnreadablePlanError } from './source.ts';
import { defaultEdit, partyKey, type InitiativeEdit } from './service.ts';
import { problemsOf, type PlanProposal } from './propose.ts';
import type { Party } from './match-leads.ts';
import { formatSize } from '../../../platform/sizes.ts';

/** A plan document is a few hundred kilobytes; a scanned one a few megabytes. */
export const MAX_PLAN_BYTES = 10 * 1024 * 1024;
const MAX_PASTE = 500_000;

const importParams = z.object({ slug, id: z.string().regex(/^[0-9a-f]{32}$/, 'Plan import not found') });
const ACCESS = coordinators('import a plan');

interface Upload { name: string; bytes: Buffer | null; tooLarge: boolean }
const uploads = new WeakMap<FastifyRequest, Upload>();

/** Keeps the one file of the form in memory, up to the cap; the rest of a larger one is read and dropped. */
async function keepFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
  if (part.fieldname !== 'file' || !part.filename || uploads.has(this)) { part.file.resume(); return; }
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  uploads.set(this, { name: part.filename.replace(/.*[\\/]/, ''), bytes: part.file.truncated ? null : bytes, tooLarge: part.file.truncated });
}

export async function planImportRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // Only this plugin takes multipart bodies: the file stays in memory (it is capped) and is never saved.
  await app.register(multipart, { attachFieldsToBody: 'keyValues', onFile: keepFile, throwFileSizeLimit: false, limits: { fileSize: MAX_PLAN_BYTES, files: 1, fields: 10, fieldSize: MAX_PASTE + 1000 } });

  const base = (scope: Scope) => `/p/${scope.partnership.slug}/plans/import`;
  const crumbs = (scope: Scope) => [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }];

  function renderNew(reply: FastifyReply, scope: Scope, values: { text: string }, errors: FormErrors = noErrors, status = 200) {
    return reply.status(status).page('plans/plan-import/views/import-new.njk', {
      ...scope, pageTitle: 'Import a plan', values, ...errors, action: base(scope), maxSize: formatSize(MAX_PLAN_BYTES), breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/plans/import', { config: { access: ACCESS }, schema: { params: partnershipParams } }, async (request, reply) =>
    renderNew(reply, scopeOf(request), { text: '' }));

  app.post('/p/:slug/plans/import', { config: { access: ACCESS }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const text = field(request.body, 'text');
    const upload = uploads.get(request);
    const fail = (fieldName: string, message: string, status = 400) => renderNew(reply, scope, { text }, toFormErrors([{ field: fieldName, message }]), status);
    if (upload?.tooLarge) return fail('file', `The file must be smaller than ${formatSize(MAX_PLAN_BYTES)}`, 413);
    if (upload?.bytes && upload.bytes.length === 0) return fail('file', 'The file you chose is empty');
    if (upload?.bytes && text.trim()) return fail('file', 'Upload a file or paste text, not both');
    if (!upload?.bytes && !text.trim()) return fail('file', 'Choose a Word or PDF file of the plan, or paste its table text');
    if (text.length > MAX_PASTE) return fail('text', 'The pasted text must be 500,000 characters or fewer');
    try {
      const id = await services.planImport.stage(scope.partnership,
        upload?.bytes ? { kind: 'file', name: upload.name, bytes: upload.bytes } : { kind: 'text', text }, scope.actor);
      return reply.redirect(`${base(scope)}/${id}`, 303);
    } catch (err) {
      if (err instanceof UnreadablePlanError) return fail(upload?.bytes ? 'file' : 'text', err.message, 422);
      throw err;
    }
  });

  async function renderReview(reply: FastifyReply, scope: Scope, id: string, values: { year: string; edits: InitiativeEdit[] } | null, errors: FormErrors = noErrors, status = 200) {
    const row = await services.planImport.pending(scope.partnership, id, scope.actor);
    const parties = await services.planImport.parties(scope.partnership.id);
    const plans = await services.plans.list(scope.partnership, scope.actor);
    const taken = new Set(plans.map((p) => p.startYear));
    const current = planYearOf(new Date(), scope.partnership.planYearStartMonth);
    const free = [-3, -2, -1, 0, 1, 2].map((n) => current + n).filter((y) => !taken.has(y));
    const year = values?.year ?? (free.includes(current) ? yearLabel(current) : free.length ? yearLabel(free[free.length - 1]!) : '');
    const edits = values?.edits ?? row.proposal.initiatives.map(defaultEdit);
    return reply.status(status).page('plans/plan-import/views/import-review.njk', {
      ...scope, pageTitle: 'Check the imported plan', ...errors, sourceName: row.sourceName, year, takenYears: [...taken].sort().map(yearLabel),
      priorities: reviewModel(row.proposal, edits, parties), count: row.proposal.initiatives.length,
      action: `${base(scope)}/${id}`, discardAction: `${base(scope)}/${id}/discard`, breadcrumbs: crumbs(scope),
    });
  }

  app.get('/p/:slug/plans/import/:id', { config: { access: ACCESS }, schema: { params: importParams } }, async (request, reply) =>
    renderReview(reply, scopeOf(request), request.params.id, null));

  app.post('/p/:slug/plans/import/:id', { config: { access: ACCESS }, schema: { params: importParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { id } = request.params;
    const row = await services.planImport.pending(scope.partnership, id, scope.actor);
    const year = field(request.body, 'year').trim();
    const edits = row.proposal.initiatives.map((_, n) => editFrom(request.body, n));
    return saveOrShowErrors(async () => {
      if (!year) throw new ValidationError([{ field: 'year', message: 'Enter the plan year, for example 2024-25' }]);
      return services.planImport.accept(scope.partnership, id, year, edits, scope.actor);
    },
    (done) => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(done.startYear)}?done=imported`, 303),
    (errors) => renderReview(reply, scope, id, { year, edits }, errors, 400));
  });

  app.post('/p/:slug/plans/import/:id/discard', { config: { access: ACCESS }, schema: { params: importParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    await services.planImport.discard(scope.partnership, request.params.id, scope.actor);
    return reply.redirect(`/p/${scope.partnership.slug}/plans`, 303);
  });
}

/** One initiative's corrections as the review form sends them. */
function editFrom(body: FormBody, n: number): InitiativeEdit {
  const leads: string[] = [];
  for (let k = 0; k < 20; k++) {
    const v = body[`i${n}-lead${k}`];
    if (v === undefined) break;
    leads.push(typeof v === 'string' ? v : '');
  }
  leads.push(field(body, `i${n}-leadExtra`));
  return { include: field(body, `i${n}-include`) === 'yes', name: field(body, `i${n}-name`), leads, timing: field(body, `i${n}-timing`) };
}

/** The review page's model: per priority, each initiative's source beside its fields, with problems. */
function reviewModel(proposal: PlanProposal, edits: InitiativeEdit[], parties: Party[]) {
  const label = (p: Party) => (p.acronym ? `${p.acronym} – ${p.name}` : p.name) + (p.type === 'body' ? ' (body or team)' : '');
  const options = (selected: string, suggestions: Party[]) => [
    { value: '', text: 'No lead', selected: !selected },
    ...suggestions.map((p) => ({ value: partyKey(p), text: `Suggested: ${label(p)}`, selected: false })),
    ...[...parties].sort((a, b) => label(a).localeCompare(label(b))).map((p) => ({ value: partyKey(p), text: label(p), selected: selected === partyKey(p) })),
  ];
  const items = proposal.initiatives.map((i, n) => {
    const edit = edits[n]!;
    // One select per lead the plan wrote; a lead chosen on the form that the plan did not write keeps its own.
    const written = i.leads.map((l, k) => ({ written: l.written, matched: !!l.match, suggestions: l.suggestions, value: edit.leads[k] ?? '' }));
    const selects = written.map((w, k) => ({ id: `i${n}-lead${k}`, label: `Lead “${w.written}”`, matched: w.matched, items: options(w.value, w.matched ? [] : w.suggestions) }));
    const extraValue = edit.leads[written.length] ?? '';
    return {
      n, source: i.source.filter(Boolean), edit, selects, extra: { id: `i${n}-leadExtra`, items: options(extraValue, []) },
      problems: problemsOf(i, proposal.priorities), priority: i.priority, objective: i.objective,
      refs: i.priorityRefs, pcc: i.pccRefs, strands: i.strands, status: i.status, timingKind: i.timing.kind,
    };
  });
  return proposal.priorities.map((p) => ({
    heading: p.number === null ? p.title : `Priority ${p.number}: ${p.title}`,
    items: items.filter((i) => i.priority === p.number),
  }));
}
