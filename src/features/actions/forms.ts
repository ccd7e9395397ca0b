// The tracker's forms: what each sends (text fields), and how it becomes checked values.
import { field, type FormBody } from '../../platform/http/schemas.ts';
import { parseDateParts } from '../plans/initiative-form.ts';
import { RECOMMENDED_TO, type ActionFields, type RecommendedTo } from './queries.ts';

export interface Problem { field: string; message: string }

const valuesOf = <K extends string>(keys: readonly K[], body?: FormBody) =>
  Object.fromEntries(keys.map((k) => [k, body ? field(body, k) : ''])) as Record<K, string>;

/** The date boxes of a form: `name-day`, `name-month`, `name-year`. */
const dateOf = (v: Record<string, string>, name: string, label: string) =>
  parseDateParts(v[`${name}-day`] ?? '', v[`${name}-month`] ?? '', v[`${name}-year`] ?? '', label);

export const RECOMMENDED_TO_NAMES: Record<RecommendedTo, string> = { cabinet: 'Cabinet', council: 'Council', partner: 'A partner organisation' };

// ---- An action or recommendation -------------------------------------------------------------------

export const ACTION_FIELDS = ['kind', 'description', 'ownerName', 'ownerOrganisation', 'recommendedTo', 'partnerName',
  'dueOn-day', 'dueOn-month', 'dueOn-year', 'concerns'] as const;
export type ActionFormValues = Record<(typeof ACTION_FIELDS)[number], string>;
export const actionValues = (body?: FormBody): ActionFormValues => valuesOf(ACTION_FIELDS, body);

/** What an action may be linked to: `priority:12`, `initiative:34` or `issue:<key>`, with its name. */
export interface ConcernOption { value: string; text: string; group: string }

export function checkAction(v: ActionFormValues, concerns: ConcernOption[]): { fields?: ActionFields; problems: Problem[] } {
  const problems: Problem[] = [];
  const kind = v.kind;
  if (kind !== 'action' && kind !== 'recommendation') problems.push({ field: 'kind', message: 'Select whether this is an action or a recommendation' });
  const description = v.description.trim();
  if (!description) problems.push({ field: 'description', message: kind === 'recommendation' ? 'Enter what the committee recommends' : 'Enter what was promised' });
  else if (description.length > 5000) problems.push({ field: 'description', message: 'The description must be 5,000 characters or fewer' });
  const ownerName = v.ownerName.trim();
  const ownerOrganisation = v.ownerOrganisation.trim();
  // The owner may be unknown (minutes do not always say who will answer): then it is "not recorded".
  if (ownerName.length > 200) problems.push({ field: 'ownerName', message: 'The owner’s name must be 200 characters or fewer' });
  if (ownerOrganisation.length > 200) problems.push({ field: 'ownerOrganisation', message: 'The organisation must be 200 characters or fewer' });
  let recommendedTo: RecommendedTo | null = null;
  const partnerName = v.partnerName.trim();
  if (kind === 'recommendation') {
    if (!(RECOMMENDED_TO as readonly string[]).includes(v.recommendedTo)) problems.push({ field: 'recommendedTo', message: 'Select to whom the recommendation is made' });
    else recommendedTo = v.recommendedTo as RecommendedTo;
    if (recommendedTo === 'partner' && !partnerName) problems.push({ field: 'partnerName', message: 'Enter the partner organisation the recommendation is made to' });
    if (partnerName.length > 200) problems.push({ field: 'partnerName', message: 'The partner organisation must be 200 characters or fewer' });
  }
  const due = dateOf(v, 'dueOn', 'The due date');
  if (due.problem) problems.push({ field: 'dueOn-day', message: due.problem });
  let concern: ConcernOption | undefined;
  if (v.concerns) {
    concern = concerns.find((c) => c.value === v.concerns);
    if (!concern) problems.push({ field: 'concerns', message: 'Select a priority, initiative or assessment issue from the list' });
  }
  if (problems.length) return { problems };
  const [concernsKind, ...ref] = concern ? concern.value.split(':') : [];
  return {
    problems,
    fields: {
      kind: kind as ActionFields['kind'], description, ownerName: kind === 'action' ? ownerName : '', ownerOrganisation: kind === 'action' ? ownerOrganisation : '',
      recommendedTo, partnerName: recommendedTo === 'partner' ? partnerName : '', dueOn: due.value,
      concernsKind: (concernsKind as ActionFields['concernsKind']) ?? null, concernsRef: concern ? ref.join(':') : null, concernsLabel: concern?.text ?? null,
    },
  };
}

// ---- Closing with a response ---------------------------------------------------------------------

export const CLOSE_FIELDS = ['responseBy', 'closedOn-day', 'closedOn-month', 'closedOn-year', 'response', 'version'] as const;
export type CloseFormValues = Record<(typeof CLOSE_FIELDS)[number], string>;
export const closeValues = (body?: FormBody): CloseFormValues => valuesOf(CLOSE_FIELDS, body);

/** A response needs all three: who answered, when, and what was done. */
export function checkClose(v: CloseFormValues, recordedOn: string, today: string): { fields?: { closedOn: string; responseBy: string; response: string }; problems: Problem[] } {
  const problems: Problem[] = [];
  const responseBy = v.responseBy.trim();
  const response = v.response.trim();
  if (!responseBy) problems.push({ field: 'responseBy', message: 'Enter who answered' });
  else if (responseBy.length > 200) problems.push({ field: 'responseBy', message: 'Who answered must be 200 characters or fewer' });
  const date = dateOf(v, 'closedOn', 'The date of the response');
  if (date.problem) problems.push({ field: 'closedOn-day', message: date.problem });
  else if (!date.value) problems.push({ field: 'closedOn-day', message: 'Enter the date of the response' });
  else if (date.value < recordedOn) problems.push({ field: 'closedOn-day', message: 'The response cannot be dated before the meeting that recorded the action' });
  else if (date.value > today) problems.push({ field: 'closedOn-day', message: 'The date of the response cannot be in the future' });
  if (!response) problems.push({ field: 'response', message: 'Enter the response: what was done' });
  else if (response.length > 10000) problems.push({ field: 'response', message: 'The response must be 10,000 characters or fewer' });
  if (problems.length) return { problems };
  return { problems, fields: { closedOn: date.value!, responseBy, response } };
}

// ---- s.19(8) referrals -----------------------------------------------------------------------------

export const REFERRAL_FIELDS = ['authority', 'otherAuthority', 'sentOn-day', 'sentOn-month', 'sentOn-year'] as const;
export type ReferralFormValues = Record<(typeof REFERRAL_FIELDS)[number], string>;
export const referralValues = (body?: FormBody): ReferralFormValues => valuesOf(REFERRAL_FIELDS, body);

export function checkReferral(v: ReferralFormValues, authorities: string[], recordedOn: string, today: string): { fields?: { authority: string; sentOn: string }; problems: Problem[] } {
  const problems: Problem[] = [];
  let authority = '';
  if (v.authority === 'other') {
    authority = v.otherAuthority.trim();
    if (!authority) problems.push({ field: 'otherAuthority', message: 'Enter the authority it was sent to' });
    else if (authority.length > 200) problems.push({ field: 'otherAuthority', message: 'The authority must be 200 characters or fewer' });
  } else if (authorities.includes(v.authority)) authority = v.authority;
  else problems.push({ field: 'authority', message: 'Select the responsible authority it was sent to' });
  const date = dateOf(v, 'sentOn', 'The date it was sent');
  if (date.problem) problems.push({ field: 'sentOn-day', message: date.problem });
  else if (!date.value) problems.push({ field: 'sentOn-day', message: 'Enter the date it was sent' });
  else if (date.value < recordedOn) problems.push({ field: 'sentOn-day', message: 'It cannot have been sent before the meeting' });
  else if (date.value > today) problems.push({ field: 'sentOn-day', message: 'The date it was sent cannot be in the future' });
  if (problems.length) return { problems };
  return { problems, fields: { authority, sentOn: date.value! } };
}

export const RESPONSE_FIELDS = ['respondedOn-day', 'respondedOn-month', 'respondedOn-year', 'response'] as const;
export type ResponseFormValues = Record<(typeof RESPONSE_FIELDS)[number], string>;
export const responseValues = (body?: FormBody): ResponseFormValues => valuesOf(RESPONSE_FIELDS, body);

export function checkResponse(v: ResponseFormValues, sentOn: string, today: string): { fields?: { respondedOn: string; response: string }; problems: Problem[] } {
  const problems: Problem[] = [];
  const date = dateOf(v, 'respondedOn', 'The date of the response');
  if (date.problem) problems.push({ field: 'respondedOn-day', message: date.problem });
  else if (!date.value) problems.push({ field: 'respondedOn-day', message: 'Enter the date the authority responded' });
  else if (date.value < sentOn) problems.push({ field: 'respondedOn-day', message: 'The response cannot be dated before it was sent' });
  else if (date.value > today) problems.push({ field: 'respondedOn-day', message: 'The date of the response cannot be in the future' });
  const response = v.response.trim();
  if (!response) problems.push({ field: 'response', message: 'Enter what the authority said' });
  else if (response.length > 10000) problems.push({ field: 'response', message: 'The response must be 10,000 characters or fewer' });
  if (problems.length) return { problems };
  return { problems, fields: { respondedOn: date.value!, response } };
}
