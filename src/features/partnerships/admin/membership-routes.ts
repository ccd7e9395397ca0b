// Administration pages: which organisations are members in each plan year.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../../platform/http/forms.ts';
import type { PartnershipAdminService } from '../admin-service.ts';
import { planYear, yearLabel } from '../years.ts';
import { MEMBERSHIP_CHOICES, MEMBERSHIP_NAMES } from './form-values.ts';
import { MANAGE, V, adminScope, flashOf, type AdminScope } from './route-helpers.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formBody, partnershipParams, query, slug } from '../../../platform/http/schemas.ts';

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

export async function membershipRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;

  app.get('/p/:slug/admin/membership', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: query('year', 'saved', 'changes') } }, async (request, reply) => {
    const scope = adminScope(request);
    const { years, usual } = await admin.membershipYears(scope.partnership, scope.actor);
    const asked = Number(request.query.year);
    const chosen = years.includes(asked) ? asked : usual;
    const membership = await admin.membership(scope.partnership, chosen, scope.actor);
    return membershipPage(reply, scope, membership, years, chosen, { flash: flashOf(request.query), ...noErrors });
  });

  app.post('/p/:slug/admin/membership/:year', { config: { access: MANAGE }, schema: { params: z.object({ slug, year: planYear('Plan year') }), body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    const startYear = request.params.year;
    return saveOrShowErrors(() => admin.saveMembership(scope.partnership, startYear, request.body, scope.actor),
      (changes) => reply.redirect(`${scope.base}/membership?year=${startYear}&changes=${changes}`, 303),
      async (errors) => {
        const { years } = await admin.membershipYears(scope.partnership, scope.actor);
        const membership = await admin.membership(scope.partnership, startYear, scope.actor);
        const body = request.body;
        // Show the choices as they were posted, so the user can correct them.
        const rows = membership.rows.map((r) => ({ ...r, status: typeof body[`org-${r.id}`] === 'string' ? String(body[`org-${r.id}`]) : r.status }));
        return membershipPage(reply.status(400), scope, { ...membership, rows }, years, startYear, errors);
      });
  });
}
