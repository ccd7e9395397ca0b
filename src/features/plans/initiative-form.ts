import { z } from 'zod';
import { asArray } from '../../platform/http/forms.ts';
import type { InitiativeFields } from './queries.ts';
import type { InitiativeDetail, LeadRef } from './types.ts';

/**
 * The lead and supporter choices carry organisations as their id ("12") and the partnership's
 * bodies and teams as "body-3", so one list offers both and the two can never be mistaken.
 */
export const leadValue = (l: LeadRef): string => (l.type === 'body' ? `body-${l.id}` : String(l.id));

export function splitLeadValues(list: string[]): { organisationIds: number[]; bodyIds: number[] } {
  const organisationIds: number[] = [];
  const bodyIds: number[] = [];
  for (const v of list) {
    const m = /^(body-)?([1-9]\d{0,9})$/.exec(v.trim());
    if (!m || Number(m[2]) > 2147483647) continue;
    (m[1] ? bodyIds : organisationIds).push(Number(m[2]));
  }
  return { organisationIds: [...new Set(organisationIds)], bodyIds: [...new Set(bodyIds)] };
}

export const STATUSES = ['planned', 'active', 'completed', 'delayed', 'cancelled'] as const;
export const TIMING_KINDS = ['dates', 'ongoing', 'business_as_usual', 'various', 'not_recorded'] as const;

/** What the form sends back, as typed: kept whole so a form with errors shows it again. */
export interface InitiativeFormValues {
  name: string; priorityId: string; objectiveId: string;
  timingKind: string; timingText: string;
  'startsOn-day': string; 'startsOn-month': string; 'startsOn-year': string;
  'endsOn-day': string; 'endsOn-month': string; 'endsOn-year': string;
  description: string; outcomes: string; status: string; statusReason: string;
  leadIds: string[]; supportIds: string[]; frameworkItemIds: string[]; priorityRefs: string[];
  crimeTypes: string; wards: string; version: string;
}

export function formValuesFromBody(body: Record<string, unknown>): InitiativeFormValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    name: s('name'), priorityId: s('priorityId'), objectiveId: s('objectiveId'), timingKind: s('timingKind'), timingText: s('timingText'),
    'startsOn-day': s('startsOn-day'), 'startsOn-month': s('startsOn-month'), 'startsOn-year': s('startsOn-year'),
    'endsOn-day': s('endsOn-day'), 'endsOn-month': s('endsOn-month'), 'endsOn-year': s('endsOn-year'),
    description: s('description'), outcomes: s('outcomes'), status: s('status'), statusReason: s('statusReason'),
    leadIds: asArray(body.leadIds), supportIds: asArray(body.supportIds), frameworkItemIds: asArray(body.frameworkItemIds),
    priorityRefs: asArray(body.priorityRefs), crimeTypes: s('crimeTypes'), wards: s('wards'), version: s('version'),
  };
}

export function formValuesFromInitiative(i: InitiativeDetail): InitiativeFormValues {
  const parts = (d: string | null) => (d ? d.split('-') : ['', '', '']);
  const [sy, sm, sd] = parts(i.startsOn);
  const [ey, em, ed] = parts(i.endsOn);
  return {
    name: i.name, priorityId: String(i.priorityId), objectiveId: i.objectiveId ? String(i.objectiveId) : '',
    timingKind: i.timingKind, timingText: i.timingText ?? '',
    'startsOn-day': sd ? String(Number(sd)) : '', 'startsOn-month': sm ? String(Number(sm)) : '', 'startsOn-year': sy ?? '',
    'endsOn-day': ed ? String(Number(ed)) : '', 'endsOn-month': em ? String(Number(em)) : '', 'endsOn-year': ey ?? '',
    description: i.description, outcomes: i.outcomes, status: i.status, statusReason: i.statusReason ?? '',
    leadIds: i.leads.map(leadValue), supportIds: i.supports.map(leadValue),
    frameworkItemIds: i.frameworkItems.map((f) => String(f.id)), priorityRefs: i.priorityRefs.map(String),
    crimeTypes: i.crimeTypes.join(', '), wards: i.wards.join(', '), version: String(i.version),
  };
}

type Problem = { field: string; message: string };

/** A GOV.UK date input's three boxes → ISO date, or a message naming what is wrong. */
export function parseDateParts(day: string, month: string, year: string, label: string): { value: string | null; problem?: string } {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return { value: null };
  if (!d || !m || !y) return { value: null, problem: `${label} must include a day, month and year` };
  const [dn, mn, yn] = [Number(d), Number(m), Number(y)];
  if (![dn, mn, yn].every(Number.isInteger) || yn < 1990 || yn > 2100) return { value: null, problem: `${label} must be a real date` };
  const date = new Date(Date.UTC(yn, mn - 1, dn));
  if (date.getUTCFullYear() !== yn || date.getUTCMonth() !== mn - 1 || date.getUTCDate() !== dn) {
    return { value: null, problem: `${label} must be a real date` };
  }
  return { value: date.toISOString().slice(0, 10) };
}

type DateBoxes = Record<'startsOn-day' | 'startsOn-month' | 'startsOn-year' | 'endsOn-day' | 'endsOn-month' | 'endsOn-year', string>;

/** The start and end date inputs of a form, each problem added to `errors` against its field. */
export function startAndEndDates(v: DateBoxes, errors: Problem[]) {
  const start = parseDateParts(v['startsOn-day'], v['startsOn-month'], v['startsOn-year'], 'Start date');
  const end = parseDateParts(v['endsOn-day'], v['endsOn-month'], v['endsOn-year'], 'End date');
  if (start.problem) errors.push({ field: 'startsOn-day', message: start.problem });
  if (end.problem) errors.push({ field: 'endsOn-day', message: end.problem });
  return { start, end };
}

const ids = (list: string[]) => list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
const splitList = (text: string) => text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

const baseSchema = z.object({
  name: z.string().trim().min(1, "Enter the initiative's name").max(300, 'Name must be 300 characters or fewer'),
  priorityId: z.string().regex(/^\d+$/, 'Select the priority this initiative sits under'),
  timingKind: z.enum(TIMING_KINDS, { message: 'Select when the initiative runs' }),
  status: z.enum(STATUSES, { message: 'Select a status' }),
  description: z.string().max(5000, 'Description must be 5,000 characters or fewer'),
  outcomes: z.string().max(5000, 'Outcomes must be 5,000 characters or fewer'),
});

/** Validate the form; every problem in form order, or the fields ready to save. */
export function parseInitiativeForm(v: InitiativeFormValues): { ok: true; fields: InitiativeFields } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const base = baseSchema.safeParse(v);
  if (!base.success) for (const i of base.error.issues) errors.push({ field: String(i.path[0]), message: i.message });
  const { start, end } = startAndEndDates(v, errors);
  if (v.timingKind === 'dates' && !start.value && !start.problem) errors.push({ field: 'startsOn-day', message: 'Enter a start date, or choose another kind of timing' });
  if (start.value && end.value && end.value < start.value) errors.push({ field: 'endsOn-day', message: 'End date must be the same as or after the start date' });
  if ((v.status === 'cancelled' || v.status === 'delayed') && !v.statusReason.trim()) {
    errors.push({ field: 'statusReason', message: `Enter why the initiative is ${v.status}` });
  }
  if (v.statusReason.length > 1000) errors.push({ field: 'statusReason', message: 'Reason must be 1,000 characters or fewer' });
  if (errors.length > 0) return { ok: false, errors: orderByForm(errors) };
  const leads = splitLeadValues(v.leadIds);
  const supports = splitLeadValues(v.supportIds);
  return {
    ok: true,
    fields: {
      priorityId: Number(v.priorityId), objectiveId: v.objectiveId ? Number(v.objectiveId) : null, name: v.name.trim(),
      timingKind: v.timingKind, startsOn: start.value, endsOn: end.value, timingText: v.timingText.trim() || null,
      description: v.description.trim(), outcomes: v.outcomes.trim(), status: v.status,
      statusReason: v.statusReason.trim() || null,
      priorityRefs: ids(v.priorityRefs), crimeTypes: splitList(v.crimeTypes), wards: splitList(v.wards),
      leadIds: leads.organisationIds, supportIds: supports.organisationIds,
      leadBodyIds: leads.bodyIds, supportBodyIds: supports.bodyIds, frameworkItemIds: ids(v.frameworkItemIds),
      previousInitiativeId: null,
    },
  };
}

const FORM_ORDER = ['name', 'priorityId', 'objectiveId', 'leadIds', 'supportIds', 'timingKind', 'startsOn-day', 'endsOn-day', 'timingText',
  'description', 'outcomes', 'status', 'statusReason'];

function orderByForm(errors: Problem[]): Problem[] {
  const rank = (f: string) => { const i = FORM_ORDER.indexOf(f); return i < 0 ? FORM_ORDER.length : i; };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}
