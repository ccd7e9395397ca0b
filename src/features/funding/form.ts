// The stream and allocation forms: the text people typed, kept as typed so a refused form loses
// nothing, and its parsing into fields with a message per field.
import { parseDateParts } from '../plans/initiative-form.ts';
import { parseYearLabel, yearLabel } from '../partnerships/years.ts';
import { field, type FormBody } from '../../platform/http/schemas.ts';
import { parsePounds, poundsText } from '../../platform/money.ts';
import { RECURRENCES, type AllocationFields, type Recurrence, type StreamFields, type StreamRow } from './types.ts';

type Problem = { field: string; message: string };
type Parsed<T> = { ok: true; fields: T } | { ok: false; errors: Problem[] };

const DATE_BOXES = ['awardedOn', 'endsOn'] as const;
const STREAM_TEXT = ['name', 'funder', 'funderIdentifier', 'programme', 'amount', 'financialYears', 'recurrence', 'recipient',
  'recipientIdentifier', 'purpose', 'conditions', 'internalNotes', 'version'] as const;
export type StreamFormValues = Record<(typeof STREAM_TEXT)[number] | `${(typeof DATE_BOXES)[number]}-${'day' | 'month' | 'year'}`, string>;

const ALLOCATION_TEXT = ['initiative', 'amount', 'startsOn-day', 'startsOn-month', 'startsOn-year', 'endsOn-day', 'endsOn-month', 'endsOn-year'] as const;
export type AllocationFormValues = Record<(typeof ALLOCATION_TEXT)[number], string>;

const dateBoxes = (prefix: string, iso: string | null) => {
  const [y, m, d] = iso ? iso.split('-') : ['', '', ''];
  return { [`${prefix}-day`]: d ? String(Number(d)) : '', [`${prefix}-month`]: m ? String(Number(m)) : '', [`${prefix}-year`]: y ?? '' };
};

export function streamValues(body: FormBody = {}): StreamFormValues {
  const keys = [...STREAM_TEXT, ...DATE_BOXES.flatMap((p) => [`${p}-day`, `${p}-month`, `${p}-year`])];
  return Object.fromEntries(keys.map((k) => [k, field(body, k)])) as StreamFormValues;
}

export function streamValuesOf(s: StreamRow): StreamFormValues {
  return {
    name: s.name, funder: s.funder ?? '', funderIdentifier: s.funderIdentifier ?? '', programme: s.programme ?? '',
    amount: poundsText(s.amountPence), financialYears: s.financialYears.map(yearLabel).join(', '), recurrence: s.recurrence ?? '',
    recipient: s.recipient ?? '', recipientIdentifier: s.recipientIdentifier ?? '', purpose: s.purpose ?? '', conditions: s.conditions ?? '',
    internalNotes: s.internalNotes ?? '', version: String(s.version),
    ...dateBoxes('awardedOn', s.awardedOn), ...dateBoxes('endsOn', s.endsOn),
  } as StreamFormValues;
}

export function allocationValues(body: FormBody = {}): AllocationFormValues {
  return Object.fromEntries(ALLOCATION_TEXT.map((k) => [k, field(body, k)])) as AllocationFormValues;
}

/** A registered organisation identifier: a list code then the organisation's number, e.g. GB-CHC-1234567 (org-id.guide). */
const ORG_ID = /^[A-Z]{2,4}-[A-Z0-9]{2,10}-[A-Za-z0-9][A-Za-z0-9._/-]*$/;

const optional = (v: string, max = 4000) => {
  const t = v.trim();
  return t === '' ? null : t.slice(0, max);
};

export function parseStream(v: StreamFormValues): Parsed<StreamFields> {
  const errors: Problem[] = [];
  const name = v.name.trim();
  if (!name) errors.push({ field: 'name', message: 'Enter a name for the funding, for example Safer Streets round 4, town centre' });
  else if (name.length > 200) errors.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
  const amount = parsePounds(v.amount);
  if ('problem' in amount) errors.push({ field: 'amount', message: v.amount.trim() ? `Amount ${amount.problem}` : 'Enter the amount in pounds' });
  const years: number[] = [];
  for (const label of v.financialYears.split(/[,;\s]+/).filter(Boolean)) {
    const year = parseYearLabel(label);
    if (year === null) { errors.push({ field: 'financialYears', message: `“${label}” is not a financial year: write years like 2022-23, separated by commas` }); break; }
    if (!years.includes(year)) years.push(year);
  }
  let recurrence: Recurrence | null = null;
  if (v.recurrence) {
    if ((RECURRENCES as readonly string[]).includes(v.recurrence)) recurrence = v.recurrence as Recurrence;
    else errors.push({ field: 'recurrence', message: 'Select whether the funding is recurring, one-off or not recorded' });
  }
  for (const key of ['funderIdentifier', 'recipientIdentifier'] as const) {
    const id = v[key].trim();
    if (id && !ORG_ID.test(id)) {
      errors.push({ field: key, message: `${key === 'funderIdentifier' ? 'Funder' : 'Recipient'} identifier must be a registered organisation identifier such as GB-CHC-1234567, or left empty` });
    }
  }
  const awarded = parseDateParts(v['awardedOn-day'], v['awardedOn-month'], v['awardedOn-year'], 'Award date');
  const ends = parseDateParts(v['endsOn-day'], v['endsOn-month'], v['endsOn-year'], 'End date');
  if (awarded.problem) errors.push({ field: 'awardedOn-day', message: awarded.problem });
  if (ends.problem) errors.push({ field: 'endsOn-day', message: ends.problem });
  if (awarded.value && ends.value && ends.value < awarded.value) errors.push({ field: 'endsOn-day', message: 'End date must be on or after the award date' });
  if (errors.length || 'problem' in amount) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      name, funder: optional(v.funder, 200), funderIdentifier: optional(v.funderIdentifier, 100), programme: optional(v.programme, 200),
      amountPence: amount.pence, financialYears: years.sort((a, b) => a - b), recurrence,
      recipient: optional(v.recipient, 200), recipientIdentifier: optional(v.recipientIdentifier, 100),
      purpose: optional(v.purpose), conditions: optional(v.conditions), internalNotes: optional(v.internalNotes),
      awardedOn: awarded.value, endsOn: ends.value,
    },
  };
}

export function parseAllocation(v: AllocationFormValues): Parsed<AllocationFields> {
  const errors: Problem[] = [];
  const initiativeId = /^[1-9]\d{0,9}$/.test(v.initiative.trim()) ? Number(v.initiative.trim()) : null;
  if (initiativeId === null || initiativeId > 2_147_483_647) errors.push({ field: 'initiative', message: 'Select the initiative the money goes to' });
  let amountPence: number | null = null;
  if (v.amount.trim()) {
    const amount = parsePounds(v.amount);
    if ('problem' in amount) errors.push({ field: 'amount', message: `Amount ${amount.problem}` });
    else amountPence = amount.pence;
  }
  const starts = parseDateParts(v['startsOn-day'], v['startsOn-month'], v['startsOn-year'], 'Start date');
  const ends = parseDateParts(v['endsOn-day'], v['endsOn-month'], v['endsOn-year'], 'End date');
  if (starts.problem) errors.push({ field: 'startsOn-day', message: starts.problem });
  if (ends.problem) errors.push({ field: 'endsOn-day', message: ends.problem });
  if (starts.value && ends.value && ends.value < starts.value) errors.push({ field: 'endsOn-day', message: 'End date must be on or after the start date' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, fields: { initiativeId: initiativeId!, amountPence, startsOn: starts.value, endsOn: ends.value } };
}
