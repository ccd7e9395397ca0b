import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { CurrentUser, UsersService } from '../../platform/auth/users-service.ts';
import type { Geography } from '../assessment/geography/lookup.ts';
import type { PartnershipsService } from './service.ts';

// Setting up a partnership on an instance: only an instance administrator may, and its area must be
// real districts of one police force (the force's police.uk files feed the assessment). The force is
// derived from the districts and confirmed by the administrator before the partnership is made.

export interface NewPartnershipValues {
  name: string; shortName: string; slug: string;
  /** District codes as chosen, in order (blank choices dropped). */
  areaCodes: string[];
  planYearStartMonth: string; assessmentYearStartMonth: string;
  /** The force the administrator confirmed on the check page ('' before then). */
  confirmedForce: string;
}

/** District codes from the form: repeated fields, or one field of codes separated by commas or spaces. */
function codesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const codes = list.flatMap((v) => (typeof v === 'string' ? v.toUpperCase().split(/[\s,;]+/) : [])).filter(Boolean);
  return [...new Set(codes)];
}

export function newPartnershipValues(body: Record<string, unknown> = {}): NewPartnershipValues {
  const s = (k: string, d = '') => (typeof body[k] === 'string' ? (body[k] as string) : d);
  return { name: s('name'), shortName: s('shortName'), slug: s('slug'), areaCodes: codesOf(body.areaCodes),
    planYearStartMonth: s('planYearStartMonth', '4'), assessmentYearStartMonth: s('assessmentYearStartMonth', '10'),
    confirmedForce: s('confirmedForce') };
}

const month = (what: string) => z.coerce.number({ message: `Select the month the ${what} starts` }).int().min(1, `Select the month the ${what} starts`).max(12, `Select the month the ${what} starts`);

const schema = z.object({
  name: z.string().trim().min(1, 'Enter the partnership’s name').max(200, 'Name must be 200 characters or fewer'),
  shortName: z.string().trim().min(1, 'Enter a short name, like CSP').max(20, 'Short name must be 20 characters or fewer'),
  slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Web address name must be 2 to 40 lower-case letters, numbers or hyphens, like safer-town'),
  areaCodes: z.array(z.string()).min(1, 'Choose at least one local authority district'),
  planYearStartMonth: month('plan year'),
  assessmentYearStartMonth: month('assessment year'),
});

/** A district as people read it: "Brighton and Hove (E06000043)". */
export const districtLabel = (geography: Geography, code: string): string => {
  const name = geography.ladName(code);
  return name ? `${name} (${code})` : code;
};

/** A force's name, or its identifier where the lookups have no name for it. */
const forceNameOf = (geography: Geography, force: string): string => geography.forceName(force) ?? force;

/** "A (code) is policed by X; B (code) and C (code) are policed by Y": which district belongs to which force. */
function forcesOfDistricts(geography: Geography, codes: string[]): string {
  const byForce = new Map<string, string[]>();
  for (const code of codes) {
    const force = geography.forceOfLad(code)!;
    byForce.set(force, [...(byForce.get(force) ?? []), districtLabel(geography, code)]);
  }
  const and = (list: string[]) => (list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0]!);
  return [...byForce].map(([force, labels]) => `${and(labels)} ${labels.length > 1 ? 'are' : 'is'} policed by ${forceNameOf(geography, force)}`).join('; ');
}

/** Check the form against the geography; every problem in form order. */
export function checkNewPartnership(v: NewPartnershipValues, geography: Geography) {
  const parsed = schema.safeParse(v);
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
  const codes = v.areaCodes;
  const unknown = codes.filter((c) => !geography.ladName(c) || !geography.forceOfLad(c));
  const forces = new Set(codes.map((c) => geography.forceOfLad(c)).filter(Boolean));
  if (codes.length && unknown.length) {
    errors.push({ field: 'areaCodes', message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} current local authority district code${unknown.length === 1 ? '' : 's'} of England and Wales, like E06000043` });
  } else if (forces.size > 1) {
    errors.push({ field: 'areaCodes', message: `The districts must all be policed by one force: ${forcesOfDistricts(geography, codes)}` });
  }
  const order = ['name', 'shortName', 'slug', 'areaCodes', 'planYearStartMonth', 'assessmentYearStartMonth'];
  errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  if (errors.length || !parsed.success) return { ok: false as const, errors };
  const areas = codes.map((code) => ({ code, name: geography.ladName(code)! }));
  const policeForce = geography.forceOfLad(codes[0]!)!;
  return { ok: true as const, forceName: forceNameOf(geography, policeForce), partnership: {
    name: parsed.data.name, shortName: parsed.data.shortName, slug: parsed.data.slug, areas,
    policeForce, planYearStartMonth: parsed.data.planYearStartMonth,
    assessmentYearStartMonth: parsed.data.assessmentYearStartMonth,
  } };
}

export function newPartnershipService(deps: { partnerships: PartnershipsService; users: UsersService; geography: () => Promise<Geography> }) {
  const allowed = (user: CurrentUser | null) => {
    if (!user?.isInstanceAdmin) throw new ForbiddenError('Only an instance administrator can add a partnership.');
  };
  async function check(values: NewPartnershipValues) {
    const checked = checkNewPartnership(values, await deps.geography());
    if (!checked.ok) throw new ValidationError(checked.errors);
    if (await deps.partnerships.findBySlug(checked.partnership.slug)) {
      throw new ValidationError([{ field: 'slug', message: `There is already a partnership at /p/${checked.partnership.slug}` }]);
    }
    return checked;
  }
  return {
    /** Every current district with its force's name, for the district choosers. */
    async districts() {
      const geography = await deps.geography();
      return geography.districts().map((d) => ({ ...d, label: `${d.name} (${d.code})`, forceName: forceNameOf(geography, d.force) }));
    },
    /** What would be made, for the check page; a ValidationError names each problem. */
    async review(values: NewPartnershipValues, user: CurrentUser | null) {
      allowed(user);
      const checked = await check(values);
      const geography = await deps.geography();
      return { ...checked.partnership, forceName: checked.forceName, districts: values.areaCodes.map((c) => districtLabel(geography, c)),
        confirmed: values.confirmedForce === checked.partnership.policeForce };
    },
    /** Creates the partnership once its force is confirmed and makes its creator its administrator; returns the slug. */
    async create(values: NewPartnershipValues, user: CurrentUser | null): Promise<string> {
      allowed(user);
      const checked = await check(values);
      if (values.confirmedForce !== checked.partnership.policeForce) {
        throw new ValidationError([{ field: 'confirmedForce', message: `Confirm that ${checked.forceName} polices the partnership’s area` }]);
      }
      const id = await deps.partnerships.create(checked.partnership, user!.id);
      await deps.users.grantRole(user!.id, id, 'admin');
      return checked.partnership.slug;
    },
  };
}

export type NewPartnershipService = ReturnType<typeof newPartnershipService>;
