import { z } from 'zod';
import { asArray } from '../../platform/http/forms.ts';
import type { InitiativeFields } from './queries.ts';
import type { InitiativeDetail, LeadRef } from './types.ts';

/**
 * The lead and supporter choices carry organisations as their id ("12") and the partnership's
 * bodies and teams as "body-3", so one list offers both and the two can never be mistaken.
 */
export const leadValue = (l: Pick<LeadRef, 'type' | 'id'>): string => (l.type === 'body' ? `body-${l.id}` : String(l.id));

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

/**
 * What the form sends back, as typed, under the form's own field names (each the camel-cased words
 * of its label: "About" is `about`, "Reason for status" is `reasonForStatus`). Kept whole so a
 * form with errors shows it again; parseInitiativeForm maps it to the stored fields.
 */
export interface InitiativeFormValues {
  name: string; priority: string; objective: string;
  timing: string; timingAsWritten: string;
  'startDate-day': string; 'startDate-month': string; 'startDate-year': string;
  'endDate-day': string; 'endDate-month': string; 'endDate-year': string;
  about: string; outcomes: string; status: string; reasonForStatus: string;
  leads: string[]; supporters: string[]; frameworkItems: string[]; partnershipPriorities: string[];
  crimeTypes: string; wards: string[]; version: string;
}

export function formValuesFromBody(body: Record<string, unknown>): InitiativeFormValues {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    name: s('name'), priority: s('priority'), objective: s('objective'), timing: s('timing'), timingAsWritten: s('timingAsWritten'),
    'startDate-day': s('startDate-day'), 'startDate-month': s('startDate-month'), 'startDate-year': s('startDate-year'),
    'endDate-day': s('endDate-day'), 'endDate-month': s('endDate-month'), 'endDate-year': s('endDate-year'),
    about: s('about'), outcomes: s('outcomes'), status: s('status'), reasonForStatus: s('reasonForStatus'),
    leads: asArray(body.leads), supporters: asArray(body.supporters),
    frameworkItems: asArray(body.frameworkItems), partnershipPriorities: asArray(body.partnershipPriorities),
    crimeTypes: s('crimeTypes'), wards: asArray(body.wards), version: s('version'),
  };
}

export function formValuesFromInitiative(i: InitiativeDetail): InitiativeFormValues {
  const parts = (d: string | null) => (d ? d.split('-') : ['', '', '']);
  const [sy, sm, sd] = parts(i.startsOn);
  const [ey, em, ed] = parts(i.endsOn);
  return {
    name: i.name, priority: String(i.priorityId), objective: i.objectiveId ? String(i.objectiveId) : '',
    timing: i.timingKind, timingAsWritten: i.timingText ?? '',
    'startDate-day': sd ? String(Number(sd)) : '', 'startDate-month': sm ? String(Number(sm)) : '', 'startDate-year': sy ?? '',
    'endDate-day': ed ? String(Number(ed)) : '', 'endDate-month': em ? String(Number(em)) : '', 'endDate-year': ey ?? '',
    about: i.description, outcomes: i.outcomes, status: i.status, reasonForStatus: i.statusReason ?? '',
    leads: i.leads.map(leadValue), supporters: i.supports.map(leadValue),
    frameworkItems: i.frameworkItems.map((f) => String(f.id)), partnershipPriorities: i.priorityRefs.map(String),
    crimeTypes: i.crimeTypes.join(', '), wards: i.wards, version: String(i.version),
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

/** Chosen ids, each once, in the order chosen (empty slots of the form are left out). */
const ids = (list: string[]) => [...new Set(list.map(Number).filter((n) => Number.isInteger(n) && n > 0))];
const splitList = (text: string) => text.split(/[,;\n]/).map((s) => s.trim()).filter(Boolean);

const baseSchema = z.object({
  name: z.string().trim().min(1, "Enter the initiative's name").max(300, 'Name must be 300 characters or fewer'),
  priority: z.string().regex(/^\d+$/, 'Select the priority this initiative sits under'),
  timing: z.enum(TIMING_KINDS, { message: 'Select when the initiative runs' }),
  status: z.enum(STATUSES, { message: 'Select a status' }),
  about: z.string().max(5000, 'About must be 5,000 characters or fewer'),
  outcomes: z.string().max(5000, 'Outcomes must be 5,000 characters or fewer'),
});

/** Ward names compared as people write them: "Mersea & Pyefleet" is "Mersea and Pyefleet". */
export const sameWard = (a: string, b: string): boolean => wardKey(a) === wardKey(b);
const wardKey = (w: string) => w.toLowerCase().replace(/&/g, ' and ').replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();

export interface ParseOptions {
  /** The wards that may be chosen (the partnership's, and any the initiative already names). */
  wards?: string[];
}

/** Validate the form; every problem in form order, or the fields ready to save. */
export function parseInitiativeForm(v: InitiativeFormValues, options: ParseOptions = {}): { ok: true; fields: InitiativeFields } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const base = baseSchema.safeParse(v);
  if (!base.success) for (const i of base.error.issues) errors.push({ field: String(i.path[0]), message: i.message });
  const start = parseDateParts(v['startDate-day'], v['startDate-month'], v['startDate-year'], 'Start date');
  const end = parseDateParts(v['endDate-day'], v['endDate-month'], v['endDate-year'], 'End date');
  if (start.problem) errors.push({ field: 'startDate-day', message: start.problem });
  if (end.problem) errors.push({ field: 'endDate-day', message: end.problem });
  if (v.timing === 'dates' && !start.value && !start.problem) errors.push({ field: 'startDate-day', message: 'Enter a start date, or choose another kind of timing' });
  if (start.value && end.value && end.value < start.value) errors.push({ field: 'endDate-day', message: 'End date must be the same as or after the start date' });
  if ((v.status === 'cancelled' || v.status === 'delayed') && !v.reasonForStatus.trim()) {
    errors.push({ field: 'reasonForStatus', message: `Enter why the initiative is ${v.status}` });
  }
  if (v.reasonForStatus.length > 1000) errors.push({ field: 'reasonForStatus', message: 'Reason must be 1,000 characters or fewer' });
  // Wards come from the partnership's list, spelt as the list spells them.
  const wards: string[] = [];
  for (const w of v.wards.map((x) => x.trim()).filter(Boolean)) {
    const known = options.wards ? options.wards.find((x) => sameWard(x, w)) : w;
    if (!known) errors.push({ field: 'wards', message: `Choose wards from the list: ${w} is not a ward of this partnership` });
    else if (!wards.includes(known)) wards.push(known);
  }
  if (errors.length > 0) return { ok: false, errors: orderByForm(errors) };
  const leads = splitLeadValues(v.leads);
  const supports = splitLeadValues(v.supporters);
  return {
    ok: true,
    fields: {
      priorityId: Number(v.priority), objectiveId: v.objective ? Number(v.objective) : null, name: v.name.trim(),
      timingKind: v.timing, startsOn: start.value, endsOn: end.value, timingText: v.timingAsWritten.trim() || null,
      description: v.about.trim(), outcomes: v.outcomes.trim(), status: v.status,
      statusReason: v.reasonForStatus.trim() || null,
      priorityRefs: ids(v.partnershipPriorities), crimeTypes: splitList(v.crimeTypes), wards,
      leadIds: leads.organisationIds, supportIds: supports.organisationIds,
      leadBodyIds: leads.bodyIds, supportBodyIds: supports.bodyIds, frameworkItemIds: ids(v.frameworkItems),
      previousInitiativeId: null,
    },
  };
}

const FORM_ORDER = ['name', 'priority', 'objective', 'leads', 'supporters', 'timing', 'startDate-day', 'endDate-day',
  'timingAsWritten', 'about', 'outcomes', 'status', 'reasonForStatus', 'partnershipPriorities', 'frameworkItems', 'crimeTypes', 'wards'];

function orderByForm(errors: Problem[]): Problem[] {
  const rank = (f: string) => { const i = FORM_ORDER.indexOf(f); return i < 0 ? FORM_ORDER.length : i; };
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field));
}

// ---- Choices the form offers (the view builds its fields from these) ----

interface OrgLike { id: number; name: string; acronym: string | null }

/**
 * Who may lead or support: the partnership's organisations (acronym shown) and its own bodies and
 * teams, in one list by name, ignoring case ("easyJet" among the Es).
 */
export function leadChoices(orgs: OrgLike[], bodies: { id: number; name: string }[] = []): { value: string; text: string }[] {
  return [
    ...orgs.map((o) => ({ value: leadValue({ type: 'organisation', id: o.id }), text: o.acronym && !o.name.includes(`(${o.acronym})`) ? `${o.name} (${o.acronym})` : o.name })),
    ...bodies.map((b) => ({ value: leadValue({ type: 'body', id: b.id }), text: b.name })),
  ].sort((a, b) => a.text.localeCompare(b.text, 'en-GB', { sensitivity: 'base' }));
}

/**
 * One select per organisation chosen, then empty ones to add more: at least `min` in all and always
 * one empty, so the form works without JavaScript.
 */
export function organisationSlots(chosen: string[], min = 3): string[] {
  const kept = chosen.filter(Boolean);
  return [...kept, ...Array<string>(Math.max(1, min - kept.length)).fill('')];
}

/**
 * The partnership's wards as checkboxes, ticked where the initiative names them (however spelt); a
 * ward it names that is not in the list is kept, ticked, so that saving loses nothing.
 */
export function wardChoices(wards: string[], chosen: string[]): { value: string; text: string; checked: boolean }[] {
  const items = wards.map((w) => ({ value: w, text: w, checked: chosen.some((c) => sameWard(c, w)) }));
  const others = chosen.filter((c) => c.trim() && !wards.some((w) => sameWard(c, w)));
  return [...items, ...others.map((c) => ({ value: c, text: `${c} (as recorded; not in the ward list)`, checked: true }))];
}
