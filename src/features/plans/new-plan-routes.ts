import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { LockedError, ValidationError } from '../../platform/errors.ts';
import { asArray, noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import type { Framework } from '../frameworks/service.ts';
import { offeredYears, parseYearLabel, planYearOf, planYearsOfMonths, yearLabel } from '../partnerships/years.ts';
import { EDITABLE } from './service.ts';
import type { PlanDetail } from './types.ts';
import { coordinators } from './access.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { formBody, partnershipParams } from '../../platform/http/schemas.ts';
import { planParams } from './params.ts';
import { formatDate } from '../../platform/dates.ts';

// Start a partnership's plan for a year from nothing, and choose which frameworks a draft maps to.
// The rules live in the services; these routes parse, call, render.

type Body = Record<string, unknown>;
const str = (body: Body, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
const MAX_TEXT = 20000;


/** The plan year runs from the first of `startMonth` in `startYear` for twelve months. */
function yearSpan(startYear: number, startMonth: number) {
  const mm = String(startMonth).padStart(2, '0');
  const from = `${startYear}-${mm}-01`;
  const end = new Date(Date.UTC(startYear + 1, startMonth - 1, 0)); // the day before the next year starts
  return { from, to: end.toISOString().slice(0, 10) };
}

/** Frameworks in force at some point in the year (open-ended dates count as in force). */
function inForce(f: Framework, startYear: number, startMonth: number): boolean {
  const { from, to } = yearSpan(startYear, startMonth);
  return (!f.startsOn || f.startsOn <= to) && (!f.endsOn || f.endsOn >= from);
}

function frameworkItems(frameworks: Framework[], ticked: Set<string>) {
  return frameworks.map((f) => ({
    value: String(f.id), text: f.name, checked: ticked.has(String(f.id)),
    hint: { text: [f.versionLabel, f.startsOn && f.endsOn ? `${formatDate(f.startsOn)} to ${formatDate(f.endsOn)}` : f.startsOn ? `from ${formatDate(f.startsOn)}` : ''].filter(Boolean).join(' · ') },
  }));
}

/** Submitted framework ids, each one of the partnership's. */
function chosenFrameworks(body: Body, frameworks: Framework[]): number[] {
  const ids = asArray(body.frameworkIds);
  if (ids.some((id) => !frameworks.some((f) => String(f.id) === id))) {
    throw new ValidationError([{ field: 'frameworkIds', message: 'Choose frameworks from the list' }]);
  }
  return ids.map(Number);
}

export async function newPlanRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // ---- Start a new plan ----

  interface NewValues { startYear: string; otherYear: string; introduction: string; frameworkIds: string[] }

  async function renderNew(reply: FastifyReply, scope: Scope, values: NewValues | null, errors: FormErrors = noErrors, status = 200) {
    const { partnership } = scope;
    const [plans, frameworks, months] = await Promise.all([
      services.plans.list(partnership, scope.actor), services.frameworks.list(partnership.id), services.assessment.months(partnership)]);
    const taken = new Set(plans.map((p) => p.startYear));
    const current = planYearOf(new Date(), partnership.planYearStartMonth);
    // The years with plans or crime data and the coming ones, oldest first; those with a plan are taken.
    const years = offeredYears([...taken, ...planYearsOfMonths(months, partnership.planYearStartMonth)], current).reverse().filter((y) => !taken.has(y));
    // Offer the frameworks the latest earlier plan maps to (plans carry them on), those whose dates are
    // recorded only while in force; with no earlier plan, every framework in force.
    const first = years.find((y) => y >= current) ?? years[years.length - 1];
    const latest = first === undefined ? undefined : plans.filter((p) => p.startYear < first).sort((a, b) => b.startYear - a.startYear)[0];
    const carried = latest ? new Set((await services.plans.get(partnership, latest.startYear, scope.actor)).frameworks.map((f) => f.id)) : null;
    const shown: NewValues = values ?? {
      startYear: first !== undefined ? yearLabel(first) : '', otherYear: '', introduction: '',
      frameworkIds: first !== undefined
        ? frameworks.filter((f) => (!carried || carried.has(f.id)) && inForce(f, first, partnership.planYearStartMonth)).map((f) => String(f.id)) : [],
    };
    return reply.status(status).page('plans/views/new-plan.njk', {
      ...scope, pageTitle: 'Start a new plan', values: shown, ...errors,
      yearItems: [{ value: '', text: 'Choose a year' }, ...years.map((y) => ({ value: yearLabel(y), text: yearLabel(y), selected: shown.startYear === yearLabel(y) }))],
      frameworkItems: frameworkItems(frameworks, new Set(shown.frameworkIds)),
      action: `/p/${partnership.slug}/plans/new`, backHref: `/p/${partnership.slug}/plans`,
      breadcrumbs: [{ text: 'Plans', href: `/p/${partnership.slug}/plans` }],
    });
  }

  app.get('/p/:slug/plans/new', { config: { access: coordinators('start a new plan') }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return renderNew(reply, scope, null);
  });

  app.post('/p/:slug/plans/new', { config: { access: coordinators('start a new plan') }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const body = request.body;
    const values: NewValues = {
      startYear: str(body, 'startYear'), otherYear: str(body, 'otherYear').trim(), introduction: str(body, 'introduction'),
      frameworkIds: asArray(body.frameworkIds),
    };
    let startYear = 0;
    return saveOrShowErrors(async () => {
      const field = values.otherYear ? 'otherYear' : 'startYear';
      const year = parseYearLabel(values.otherYear || values.startYear);
      const problems: { field: string; message: string }[] = [];
      if (values.otherYear && year === null) problems.push({ field, message: 'Enter the plan year in the form 2024-25' });
      else if (year === null) problems.push({ field, message: 'Choose the plan year' });
      if (values.introduction.length > MAX_TEXT) problems.push({ field: 'introduction', message: 'Introduction must be 20,000 characters or fewer' });
      if (problems.length) throw new ValidationError(problems);
      startYear = year!;
      const frameworkIds = chosenFrameworks(body, await services.frameworks.list(scope.partnership.id));
      try {
        await services.lifecycle.create(scope.partnership,
          { startYear, introduction: values.introduction.trim(), otherSection: '', frameworkIds, priorities: [] }, scope.actor);
      } catch (err) {
        // The year came from whichever field was used: point the message there.
        if (err instanceof ValidationError) throw new ValidationError(err.errors.map((e) => (e.field === 'startYear' ? { ...e, field } : e)));
        throw err;
      }
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(startYear)}?done=created`, 303),
    (errors) => renderNew(reply, scope, values, errors, 400));
  });

  // ---- The frameworks a plan maps to ----

  async function renderFrameworks(reply: FastifyReply, scope: Scope, plan: PlanDetail, ticked: Set<string>, errors: FormErrors = noErrors, status = 200) {
    const base = `/p/${scope.partnership.slug}/plans/${plan.year}`;
    const frameworks = await services.frameworks.list(scope.partnership.id);
    return reply.status(status).page('plans/views/plan-frameworks.njk', {
      ...scope, pageTitle: `Frameworks of the ${plan.year} plan`, plan, ...errors, frameworkItems: frameworkItems(frameworks, ticked),
      action: `${base}/frameworks`, backHref: base,
      breadcrumbs: [{ text: 'Plans', href: `/p/${scope.partnership.slug}/plans` }, { text: plan.year, href: base }],
    });
  }

  app.get('/p/:slug/plans/:year/frameworks', { config: { access: coordinators('change the plan’s frameworks') }, schema: { params: planParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, request.params.year, scope.actor);
    if (!EDITABLE.includes(plan.status)) throw new LockedError(`The ${plan.year} plan is ${plan.status}. Start a revision to change it.`);
    return renderFrameworks(reply, scope, plan, new Set(plan.frameworks.map((f) => String(f.id))));
  });

  app.post('/p/:slug/plans/:year/frameworks', { config: { access: coordinators('change the plan’s frameworks') }, schema: { params: planParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const year = request.params.year;
    const body = request.body;
    return saveOrShowErrors(async () => {
      const frameworkIds = chosenFrameworks(body, await services.frameworks.list(scope.partnership.id));
      await services.planFrameworks.set(scope.partnership, year, frameworkIds, scope.actor);
    },
    () => reply.redirect(`/p/${scope.partnership.slug}/plans/${yearLabel(year)}?done=frameworks`, 303),
    async (errors) => renderFrameworks(reply, scope, await services.plans.get(scope.partnership, year, scope.actor),
      new Set(asArray(body.frameworkIds)), errors, 400));
  });
}
