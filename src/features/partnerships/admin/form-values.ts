// What the administration forms offer and post: the fixed choices, and the typed values read from a
// request body as strings (so a form can be shown again exactly as it was filled in).
import { ROLES, ROLE_NAMES } from '../../../platform/auth/roles.ts';

export const ORGANISATION_KINDS = ['council', 'police', 'fire', 'probation', 'health', 'county_council', 'housing', 'charity', 'education', 'military', 'business', 'other'] as const;
// 'partnership' is the partnership as a whole (it may lead initiatives, and has a chair); 'team' a team that delivers its work.
export const BODY_KINDS = ['partnership', 'strategic_board', 'delivery_board', 'task_group', 'team', 'scrutiny_committee', 'other'] as const;
export const MEMBER_ROLES = ['chair', 'deputy_chair', 'member'] as const;
export const MEMBERSHIP_CHOICES = ['none', 'statutory', 'non_statutory'] as const;
export type MembershipChoice = (typeof MEMBERSHIP_CHOICES)[number];
export const MEMBERSHIP_NAMES: Record<MembershipChoice, string> = { none: 'Not a member', statutory: 'Statutory', non_statutory: 'Non-statutory' };
export const MIN_PASSWORD_LENGTH = 12;
export const ROLE_CHOICES = ROLES.map((r) => ({ value: r, text: ROLE_NAMES[r] }));

/** One posted field as a string: a repeated field counts by its first value, anything else is blank. */
export const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

export interface OrganisationFormValues { name: string; acronym: string; kind: string; version: string }
export interface BodyFormValues { name: string; kind: string }
export interface BodyMemberFormValues {
  personName: string; organisationId: string; role: string;
  'termStart-day': string; 'termStart-month': string; 'termStart-year': string;
  'termEnd-day': string; 'termEnd-month': string; 'termEnd-year': string;
}
export interface UserFormValues { email: string; name: string; role: string; organisationId: string; password: string }
export interface RoleFormValues { role: string; organisationId: string }

export function organisationValues(body: Record<string, unknown> = {}): OrganisationFormValues {
  return { name: str(body.name), acronym: str(body.acronym), kind: str(body.kind), version: str(body.version) };
}
export function bodyValues(body: Record<string, unknown> = {}): BodyFormValues {
  return { name: str(body.name), kind: str(body.kind) };
}
export function bodyMemberValues(body: Record<string, unknown> = {}): BodyMemberFormValues {
  const v = { personName: str(body.personName), organisationId: str(body.organisationId), role: str(body.role) } as BodyMemberFormValues;
  for (const f of ['termStart', 'termEnd'] as const) for (const part of ['day', 'month', 'year'] as const) v[`${f}-${part}`] = str(body[`${f}-${part}`]);
  return v;
}
export function userValues(body: Record<string, unknown> = {}): UserFormValues {
  return { email: str(body.email), name: str(body.name), role: str(body.role), organisationId: str(body.organisationId), password: str(body.password) };
}
export function roleValues(body: Record<string, unknown> = {}): RoleFormValues {
  return { role: str(body.role), organisationId: str(body.organisationId) };
}
