import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { CurrentUser, UsersService } from '../../platform/auth/users-service.ts';
import type { Geography } from '../assessment/geography/lookup.ts';
import type { PartnershipsService } from './service.ts';

// Setting up a partnership on an instance: only an instance administrator may, and its area must be
// real districts of one police force (the force's police.uk files feed the assessment).

export interface NewPartnershipValues {
  name: string; shortName: string; slug: string; areaCodes: string; planYearStartMonth: string; assessmentYearStartMonth: string;
}

export function newPartnershipValues(body: Record<string, unknown> = {}): NewPartnershipValues {
  const s = (k: string, d = '') => (typeof body[k] === 'string' ? (body[k] as string) : d);
  return { name: s('name'), shortName: s('shortName'), slug: s('slug'), areaCodes: s('areaCodes'),
    planYearStartMonth: s('planYearStartMonth', '4'), assessmentYearStartMonth: s('assessmentYearStartMonth', '10') };
}

const month = (what: string) => z.coerce.number({ message: `Select the month the ${what} starts` }).int().min(1, `Select the month the ${what} starts`).max(12, `Select the month the ${what} starts`);

const schema = z.object({
  name: z.string().trim().min(1, 'Enter the partnership’s name').max(200, 'Name must be 200 characters or fewer'),
  shortName: z.string().trim().min(1, 'Enter a short name, like SCP').max(20, 'Short name must be 20 characters or fewer'),
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Web address name must be 2 to 40 lower-case letters, numbers or hyphens, like scp'),
  areaCodes: z.string().trim().min(1, 'Enter the GSS code of at least one local authority district, like E07000071'),
  planYearStartMonth: month('plan year'),
  assessmentYearStartMonth: month('assessment year'),
});

/** Check the form against the geography; every problem in form order. */
export function checkNewPartnership(v: NewPartnershipValues, geography: Geography) {
  const parsed = schema.safeParse(v);
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
  const codes = [...new Set(v.areaCodes.toUpperCase().split(/[\s,;]+/).filter(Boolean))];
  const unknown = codes.filter((c) => !geography.ladName(c));
  const forces = new Set(codes.map((c) => geography.forceOfLad(c)).filter(Boolean));
  if (codes.length && unknown.length) errors.push({ field: 'areaCodes', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} local authority district code${unknown.length === 1 ? '' : 's'}, like E07000071` });
  else if (forces.size > 1) errors.push({ field: 'areaCodes', message: 'The districts must all be policed by the same force' });
  const order = ['name', 'shortName', 'slug', 'areaCodes', 'planYearStartMonth', 'assessmentYearStartMonth'];
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length || !parsed.success) return { ok: false as const, errors };
  const areas = codes.map((code) => ({ code, name: geography.ladName(code)! }));
  return { ok: true as const, partnership: {
    name: parsed.data.name, shortName: parsed.data.shortName, slug: parsed.data.slug, areas,
    policeForce: geography.forceOfLad(codes[0]!)!, planYearStartMonth: parsed.data.planYearStartMonth,
    assessmentYearStartMonth: parsed.data.assessmentYearStartMonth,
  } };
}

export function newPartnershipService(deps: { partnerships: PartnershipsService; users: UsersService; geography: () => Promise<Geography> }) {
  return {
    /** Creates the partnership and makes its creator its administrator; returns the slug. */
    async create(values: NewPartnershipValues, user: CurrentUser | null): Promise<string> {
      if (!user?.isInstanceAdmin) throw new ForbiddenError('Only an instance administrator can add a partnership.');
      const checked = checkNewPartnership(values, await deps.geography());
      if (!checked.ok) throw new ValidationError(checked.errors);
      if (await deps.partnerships.findBySlug(checked.partnership.slug)) {
        throw new ValidationError([{ field: 'slug', message: `There is already a partnership at /p/${checked.partnership.slug}` }]);
      }
      const id = await deps.partnerships.create(checked.partnership, user.id);
      await deps.users.grantRole(user.id, id, 'admin');
      return checked.partnership.slug;
    },
  };
}

export type NewPartnershipService = ReturnType<typeof newPartnershipService>;
