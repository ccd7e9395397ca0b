// Administration pages: which organisations are members in each plan year.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { PartnershipAdminService } from '../admin-service.ts';
import { parseYearLabel, yearLabel } from '../years.ts';
import { MEMBERSHIP_CHOICES, MEMBERSHIP_NAMES } from './form-values.ts';
import { MANAGE, V, adminScope, flashOf, type AdminScope, type Body } from './route-helpers.ts';

type Membership = Awaited<ReturnType<PartnershipAdminService['membership']>>;
/** A membership table, possibly with statuses as posted rather than as saved. */
type MembershipTable = Omit<Membership, 'rows'> & { rows: (Omit<Membership['rows'][number], 'status'> & { status: string })[] };

function membershipPage(reply: FastifyReply, scope: AdminScope, membership: MembershipTable, years: number[], chosen: number,
  extra: FormErrors & { flash?: string }) {
  return reply.page(`${V}admin-membership.njk`, {
    ...scope, pageTitle: `Members in ${membership.label}`, membership, ...extra,
    years: years.map((y) => ({ value: String(y), text: yearLabel(y), selected: y === chosen })),
    choices: MEMBERSHIP_CHOICES.map((c) => ({ value: c, text: MEMBERSHIP_NAMES[c] })), names: MEMBERSHIP_NAMES,
    breadcrumbs: [scope.adminCrumb],
  });
}

export async function membershipRoutes(app: FastifyInstance, { services }: { services: Services }) {
  const admin = services.partnershipAdmin;

  app.get('/p/:slug/admin/membership', MANAGE, async (request, reply) => {
    const scope = adminScope(request);
    const { years, usual } = await admin.membershipYears(scope.partnership, scope.actor);
    const { year } = request.query as { year?: string };
    const asked = Number(year);
    const chosen = years.includes(asked) ? asked : usual;
    const membership = await admin.membership(scope.partnership, chosen, scope.actor);
    return membershipPage(reply, scope, membership, years, chosen, { flash: flashOf(request), ...noErrors });
  });

  app.post('/p/:slug/admin/membership/:year', MANAGE, async (request, reply) => {
    const scope = adminScope(request);
    const planYear = parseYearLabel((request.params as { year: string }).year);
    if (planYear === null) throw new NotFoundError('Plan year');
    return saveOrShowErrors(() => admin.saveMembership(scope.partnership, planYear, request.body as Body, scope.actor),
      (changes) => reply.redirect(`${scope.base}/membership?year=${planYear}&changes=${changes}`, 303),
      async (errors) => {
        const { years } = await admin.membershipYears(scope.partnership, scope.actor);
        const membership = await admin.membership(scope.partnership, planYear, scope.actor);
        const body = request.body as Body;
        // Show the choices as they were posted, so the user can correct them.
        const rows = membership.rows.map((r) => ({ ...r, status: typeof body[`org-${r.id}`] === 'string' ? String(body[`org-${r.id}`]) : r.status }));
        return membershipPage(reply.status(400), scope, { ...membership, rows }, years, planYear, errors);
      });
  });
}
