import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { ConflictError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { asArray, noErrors, saveOrShowErrors, toFormErrors, type FormErrors } from '../../platform/http/forms.ts';
import { parseYearLabel, yearLabel } from '../partnerships/years.ts';
import { actorCan } from '../../platform/auth/actor.ts';
import { coverageMatrix, comparePlans } from './compare.ts';
import { parseDateParts } from './initiative-form.ts';
import { priorityHeading, priorityInText } from './priority-label.ts';
import { EDITABLE } from './service.ts';
import type { PlanDetail } from './types.ts';
import type { PlanRow } from './queries.ts';
import { documentRoutes } from './document-routes.ts';
import { unfinishedItems } from './publish-checks.ts';
import { fateValue, inPlanOrder, parseFateValues, type PriorityFate } from './roll-forward.ts';
import { coordinators } from './access.ts';
import { planParams } from './params.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formBody, query } from '../../platform/http/schemas.ts';

// Approve, publish, revise, roll forward, compare, coverage, plan history (and, registered from
// here, the plan's documents). Every rule lives in the services; these routes parse, call, render.

/** Success messages for `?done=` on the plan page after a lifecycle action. */
export const DONE_MESSAGES: Record<string, string> = {
  edited: 'Introduction and other sections saved',
  approved: 'Approval recorded',
  published: 'Plan published',
  revising: 'Revision started: the plan can be edited again',
  'rolled-forward': 'Rolled forward: next year’s draft plan holds the carried priorities and initiatives',
  created: 'The draft plan was created',
  frameworks: 'Frameworks saved',
  imported: 'The plan was imported as a draft: check its priorities and initiatives before it is approved',
};

/** The flash for the plan page: `flash: doneMessage(query.done)`. */
export function doneMessage(done: string | undefined): string | undefined {
  return done ? DONE_MESSAGES[done] : undefined;
}

type Body = Record<string, unknown>;
const str = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

const MAX_TEXT = 20000;


function base(scope: Scope, plan: { year: string }) {
  return `/p/${scope.partnership.slug}/plans/${plan.year}`;
}

function crumbs(scope: Scope, plan: { year: string }) {
  return [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }, { text: plan.year, href: base(scope, plan) }];
}

export async function lifecycleRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // ---- Edit the introduction and the "other vulnerabilities and opportunities" section ----

  interface TextValues { introduction: string; otherSection: string; version: string }

  function renderEdit(reply: FastifyReply, scope: Scope, plan: PlanDetail, values: TextValues,
    extra: { errors?: FormErrors; conflict?: PlanRow | null; status?: number } = {}) {
    return reply.status(extra.status ?? 200).page('plans/views/plan-edit.njk', {
      ...scope, pageTitle: `Edit the ${plan.year} plan`, plan, values, conflict: extra.conflict ?? undefined,
      ...(extra.errors ?? noErrors), action: `${base(scope, plan)}/edit`, backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  }

  app.get('/p/:slug/plans/:year/edit', { config: { access: coordinators('change the plan') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    if (!EDITABLE.includes(plan.status)) throw new LockedError(`The ${plan.year} plan is ${plan.status}. Start a revision to change it.`);
    return renderEdit(reply, scope, plan, { introduction: plan.introduction, otherSection: plan.otherSection, version: String(plan.version) });
  });

  app.post('/p/:slug/plans/:year/edit', { config: { access: coordinators('change the plan') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const body = request.body;
    const values: TextValues = { introduction: str(body, 'introduction'), otherSection: str(body, 'otherSection'), version: str(body, 'version') };
    return saveOrShowErrors(async () => {
      const problems: { field: string; message: string }[] = [];
      if (values.introduction.length > MAX_TEXT) problems.push({ field: 'introduction', message: 'Introduction must be 20,000 characters or fewer' });
      if (values.otherSection.length > MAX_TEXT) problems.push({ field: 'otherSection', message: 'Other vulnerabilities and opportunities must be 20,000 characters or fewer' });
      if (problems.length) throw new ValidationError(problems);
      await services.lifecycle.updateText(scope.partnership, year,
        { introduction: values.introduction.trim(), otherSection: values.otherSection.trim(), version: Number(values.version) }, scope.actor);
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}?done=edited`, 303),
    async (errors, conflict) => {
      const plan = await services.plans.get(scope.partnership, year, scope.actor);
      if (!conflict) return renderEdit(reply, scope, plan, values, { errors, status: 400 });
      const current = conflict.current as PlanRow | null;
      // The form now carries their version number, so saving again is a deliberate choice.
      return renderEdit(reply, scope, plan, { ...values, version: String(current?.version ?? plan.version) }, { errors, conflict: current, status: 409 });
    },
    { conflict: { field: 'introduction', message: 'Someone else saved this plan after you opened it. Their version is shown below: check it, then save again to replace it with yours.' } });
  });

  // ---- Approve and publish ----

  // "dateNotRecorded" records an approval whose date is not known (a plan approved before it was kept here).
  interface ApproveValues { bodyId: string; 'approvedOn-day': string; 'approvedOn-month': string; 'approvedOn-year': string; dateNotRecorded?: string }

  async function renderApprove(reply: FastifyReply, scope: Scope, plan: PlanDetail, values: ApproveValues, errors: FormErrors = noErrors, status = 200) {
    const bodies = await services.partnerships.bodies(scope.partnership.id);
    // Approval locks the plan's content: show what looks unfinished while it can still be put right.
    const unfinished = unfinishedItems(plan, EDITABLE.includes(plan.status)).filter((u) => u.kind !== 'no-approval')
      .map((u) => ({ ...u, href: u.fix ? `${base(scope, plan)}${u.fix.path}` : null }));
    return reply.status(status).page('plans/views/approve.njk', {
      ...scope, pageTitle: `Record approval of the ${plan.year} plan`, plan, values, ...errors, unfinished,
      bodies: bodies.map((b) => ({ id: String(b.id), name: b.name, kind: b.kind })),
      editable: EDITABLE.includes(plan.status), canEdit: actorCan(scope.actor, 'edit_plan'),
      action: `${base(scope, plan)}/approve`, backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  }

  app.get('/p/:slug/plans/:year/approve', { config: { access: coordinators('record approval of the plan') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    const bodies = await services.partnerships.bodies(scope.partnership.id);
    // The strategic board approves the plan in most partnerships: offer it first.
    const board = bodies.find((b) => b.kind === 'strategic_board');
    return renderApprove(reply, scope, plan, { bodyId: board ? String(board.id) : '', 'approvedOn-day': '', 'approvedOn-month': '', 'approvedOn-year': '' });
  });

  app.post('/p/:slug/plans/:year/approve', { config: { access: coordinators('record approval of the plan') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const body = request.body;
    const values: ApproveValues = {
      bodyId: str(body, 'bodyId'), 'approvedOn-day': str(body, 'approvedOn-day'),
      'approvedOn-month': str(body, 'approvedOn-month'), 'approvedOn-year': str(body, 'approvedOn-year'),
      dateNotRecorded: str(body, 'dateNotRecorded'),
    };
    return saveOrShowErrors(async () => {
      const problems: { field: string; message: string }[] = [];
      if (!/^\d+$/.test(values.bodyId)) problems.push({ field: 'bodyId', message: 'Select the body that approved the plan' });
      const notRecorded = values.dateNotRecorded === 'yes';
      const date = parseDateParts(values['approvedOn-day'], values['approvedOn-month'], values['approvedOn-year'], 'Date of approval');
      if (notRecorded && date.value) problems.push({ field: 'approvedOn-day', message: 'Enter the date of approval, or say it was not recorded, not both' });
      else if (date.problem) problems.push({ field: 'approvedOn-day', message: date.problem });
      else if (!date.value && !notRecorded) problems.push({ field: 'approvedOn-day', message: 'Enter the date the plan was approved, or say it was not recorded' });
      else if (date.value && date.value > new Date().toISOString().slice(0, 10)) problems.push({ field: 'approvedOn-day', message: 'Date of approval must be today or in the past' });
      if (problems.length) throw new ValidationError(problems);
      await services.lifecycle.approve(scope.partnership, year, { bodyId: Number(values.bodyId), approvedOn: date.value }, scope.actor);
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}?done=approved`, 303),
    async (errors) => renderApprove(reply, scope, await services.plans.get(scope.partnership, year, scope.actor), values, errors, 400));
  });

  // Publishing asks first, listing what looks unfinished (each with a link to put it right).
  async function renderPublish(reply: FastifyReply, scope: Scope, year: number, extra: { changed?: boolean; status?: number } = {}) {
    const { plan, unfinished } = await services.lifecycle.publishReview(scope.partnership, year, scope.actor);
    const at = base(scope, plan);
    return reply.status(extra.status ?? 200).page('plans/views/publish.njk', {
      ...scope, pageTitle: `Publish the ${plan.year} plan`, plan, changed: extra.changed ?? false, editable: EDITABLE.includes(plan.status),
      unfinished: unfinished.map((u) => ({ ...u, href: u.fix ? `${at}${u.fix.path}` : null })),
      action: `${at}/publish`, backHref: at, breadcrumbs: crumbs(scope, plan),
    });
  }

  app.get('/p/:slug/plans/:year/publish', { config: { access: coordinators('publish the plan') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderPublish(reply, scope, request.params.year);
  });

  app.post('/p/:slug/plans/:year/publish', { config: { access: coordinators('publish the plan') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const body = request.body;
    // Only the confirmation page publishes; anything else is sent there to see the list first.
    if (str(body, 'confirm') !== 'yes') {
      return reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}/publish`, 303);
    }
    const version = /^\d{1,9}$/.test(str(body, 'version')) ? Number(str(body, 'version')) : -1;
    try {
      await services.lifecycle.publish(scope.partnership, year, scope.actor, { version });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return renderPublish(reply, scope, year, { changed: true, status: 409 });
    }
    return reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}?done=published`, 303);
  });

  // ---- Revise a published plan ----

  function renderRevise(reply: FastifyReply, scope: Scope, plan: PlanDetail, reason: string, errors: FormErrors = noErrors, status = 200) {
    return reply.status(status).page('plans/views/revise.njk', {
      ...scope, pageTitle: `Start a revision of the ${plan.year} plan`, plan, values: { reason }, ...errors,
      action: `${base(scope, plan)}/revise`, backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  }

  app.get('/p/:slug/plans/:year/revise', { config: { access: coordinators('revise the plan') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    return renderRevise(reply, scope, plan, '');
  });

  app.post('/p/:slug/plans/:year/revise', { config: { access: coordinators('revise the plan') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const reason = str(request.body, 'reason');
    return saveOrShowErrors(async () => {
      if (reason.length > 2000) throw new ValidationError([{ field: 'reason', message: 'Reason must be 2,000 characters or fewer' }]);
      await services.lifecycle.startRevision(scope.partnership, year, reason, scope.actor);
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}?done=revising`, 303),
    async (errors) => renderRevise(reply, scope, await services.plans.get(scope.partnership, year, scope.actor), reason, errors, 400));
  });

  // ---- Roll forward to next year ----

  interface RollForwardForm { fates: Map<number, PriorityFate>; carry: number[] }

  async function renderRollForward(reply: FastifyReply, scope: Scope, year: number, form: RollForwardForm | null, errors: FormErrors = noErrors, status = 200) {
    const preview = await services.lifecycle.rollForwardPreview(scope.partnership, year, scope.actor, form ?? {});
    const { plan, outline } = preview;
    const nextYear = yearLabel(plan.startYear + 1);
    const priorityOf = new Map(plan.priorities.map((p) => [p.id, p]));
    const describe = (i: PlanDetail['priorities'][number]['initiatives'][number]) => ({
      id: String(i.id), name: i.name, status: i.status, statusReason: i.statusReason, checked: preview.ticked.has(i.id),
      priority: priorityOf.get(i.priorityId) ? priorityHeading(priorityOf.get(i.priorityId)!) : '',
      leads: i.leads.map((o) => o.acronym ?? o.name).join(', '),
    });
    // One list per priority of this year: carry it, merge it into one the draft has, or retire it.
    const fateLists = [...plan.priorities].sort(inPlanOrder).map((p) => {
      const chosen = fateValue(p.id, preview.fates.get(p.id)!);
      const option = (value: string, text: string) => ({ value, text, selected: value === chosen });
      return {
        id: `fate-${p.id}`, label: priorityHeading(p),
        items: [option(`${p.id}:carry`, 'Carry as its own priority'),
          ...(preview.draft ?? []).map((d) => option(`${p.id}:into-${d.id}`, `Merge into: ${d.title}`)),
          option(`${p.id}:retire`, 'Retire (do not carry)')],
      };
    });
    // The outline in words: each priority of the draft, where it comes from, what it takes in.
    const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
    const outlineView = {
      priorities: outline.priorities.map((p) => ({
        ...p, heading: priorityHeading(p), anchor: p.kind === 'key' ? `outline-priority-${p.number}` : 'outline-outside-key-priorities',
        note: `${p.existingId !== null ? `Already in the ${nextYear} draft` : `Carried from ${priorityInText(p.carriedFrom!)} of ${plan.year}`}${
          p.mergedIn.map((m) => `; takes in ${priorityInText(m)} of ${plan.year}, ${m.title}`).join('')}.`,
      })),
      retired: outline.retired.map((r) => ({ ...r, which: capitalise(priorityInText(r)) })),
    };
    return reply.status(status).page('plans/views/roll-forward.njk', {
      ...scope, pageTitle: `Roll the ${plan.year} plan forward to ${nextYear}`, plan, nextYear,
      nextYearExists: preview.nextYearExists, nextYearDraft: preview.nextYearDraft, carry: preview.carry.map(describe), leave: preview.leave.map(describe),
      outline: outlineView, fateLists, canEdit: actorCan(scope.actor, 'edit_plan'), ...errors,
      action: `${base(scope, plan)}/roll-forward`, nextHref: `/p/${scope.partnership.slug}/plans/${nextYear}`,
      backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  }

  app.get('/p/:slug/plans/:year/roll-forward', { config: { access: coordinators('roll the plan forward') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderRollForward(reply, scope, request.params.year, null);
  });

  app.post('/p/:slug/plans/:year/roll-forward', { config: { access: coordinators('roll the plan forward') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const body = request.body;
    const carry = asArray(body.carry).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const parsed = parseFateValues(asArray(body.fate));
    const form: RollForwardForm = { fates: parsed.fates, carry };
    if (str(body, 'action') === 'preview') {
      // Show what these choices would do, without saving: the page works the same without JavaScript.
      const preview = await services.lifecycle.rollForwardPreview(scope.partnership, year, scope.actor, form);
      const problems = [...parsed.problems, ...preview.problems];
      return renderRollForward(reply, scope, year, form, problems.length ? toFormErrors(problems) : noErrors, problems.length ? 400 : 200);
    }
    return saveOrShowErrors(async () => {
      if (parsed.problems.length) throw new ValidationError(parsed.problems);
      return services.lifecycle.rollForward(scope.partnership, year, carry, scope.actor, parsed.fates);
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year + 1)}?done=rolled-forward`, 303),
    (errors) => renderRollForward(reply, scope, year, form, errors, 400));
  });

  // ---- Compare two years ----

  app.get('/p/:slug/plans/:year/compare', { config: { access: 'public' }, schema: { params: planParams, querystring: query('with') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    const query = request.query;
    const years = (await services.plans.list(scope.partnership, scope.actor))
      .map((p) => yearLabel(p.startYear)).filter((y) => y !== plan.year);
    const wanted = query.with ? parseYearLabel(query.with) : plan.startYear - 1;
    let other: PlanDetail | null = null;
    let problem: string | undefined;
    if (wanted === null) problem = `“${query.with}” is not a plan year. Choose one from the list.`;
    else if (wanted === plan.startYear) problem = 'Choose a different year to compare with.';
    else {
      try {
        other = await services.plans.get(scope.partnership, wanted, scope.actor);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        problem = `There is no ${yearLabel(wanted)} plan to compare with.`;
      }
    }
    const [earlier, later] = other && other.startYear > plan.startYear ? [plan, other] : [other, plan];
    const comparison = other && earlier ? comparePlans(earlier, later!) : null;
    return reply.page('plans/views/compare.njk', {
      ...scope, pageTitle: other ? `Compare the ${earlier!.year} and ${later!.year} plans` : `Compare the ${plan.year} plan`,
      plan, other, earlier, later, comparison, problem, years, selected: other?.year ?? query.with ?? '',
      action: `${base(scope, plan)}/compare`, backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  });

  // ---- Coverage of the frameworks ----

  app.get('/p/:slug/plans/:year/coverage', { config: { access: 'public' }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    // The plan's own list: while a revision is under way the public's is the published one.
    const frameworks = await services.frameworks.withIds(scope.partnership.id, plan.frameworks.map((f) => f.id));
    const rows = coverageMatrix(plan, frameworks);
    const groups = frameworks.map((f) => {
      const own = rows.filter((r) => f.items.some((it) => it.id === r.itemId));
      return { id: f.id, name: f.name, kind: f.kind, versionLabel: f.versionLabel, rows: own, uncovered: own.filter((r) => r.initiatives.length === 0).length };
    });
    const pcc = groups.filter((g) => g.kind === 'pcc_plan');
    const pccSummary = pcc.length
      ? { uncovered: pcc.reduce((n, g) => n + g.uncovered, 0), total: pcc.reduce((n, g) => n + g.rows.length, 0) }
      : null;
    return reply.page('plans/views/coverage.njk', {
      ...scope, pageTitle: `Coverage of the frameworks: ${plan.year} plan`, plan, groups, pccSummary,
      backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  });

  // ---- The plan's history ----

  app.get('/p/:slug/plans/:year/history', { config: { access: 'public' }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    const [history, revisions] = await Promise.all([services.plans.history('plan', plan.id, scope.actor), services.lifecycle.revisions(plan.id, scope.actor)]);
    return reply.page('plans/views/plan-history.njk', {
      ...scope, pageTitle: `History of the ${plan.year} plan`, heading: `Annual Partnership Plan ${plan.year}`, history, revisions,
      backHref: base(scope, plan), breadcrumbs: crumbs(scope, plan),
    });
  });

  await app.register(documentRoutes, { services });
}
