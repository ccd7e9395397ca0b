import { z } from 'zod';
import { startAndEndDates } from '../plans/initiative-form.ts';
import type { NewFramework } from './service.ts';

// The forms that add a framework (with its numbered items) and change one item.

export const FRAMEWORK_KINDS = ['pcc_plan', 'county_strategy', 'council_plan', 'other'] as const;
type Problem = { field: string; message: string };

const DATE_FIELDS = ['startsOn-day', 'startsOn-month', 'startsOn-year', 'endsOn-day', 'endsOn-month', 'endsOn-year'] as const;
const TEXT_FIELDS = ['name', 'kind', 'versionLabel', 'owner', ...DATE_FIELDS, 'items'] as const;
export type FrameworkFormValues = Record<(typeof TEXT_FIELDS)[number], string>;

const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');

export function frameworkValues(body: Record<string, unknown> = {}): FrameworkFormValues {
  return Object.fromEntries(TEXT_FIELDS.map((k) => [k, str(body, k)])) as FrameworkFormValues;
}

const schema = z.object({
  name: z.string().trim().min(1, 'Enter the framework’s name').max(300, 'Name must be 300 characters or fewer'),
  kind: z.enum(FRAMEWORK_KINDS, { message: 'Select what kind of framework this is' }),
  versionLabel: z.string().trim().min(1, 'Enter the version, like 2021 to 2024').max(100, 'Version must be 100 characters or fewer'),
  owner: z.string().trim().max(200, 'Owner must be 200 characters or fewer'),
});

const ITEM_LINE = /^(\d+[a-z]?(?:\.\d+[a-z]?)*)[.)]?\s+(\S.*)$/i;

/** "1. Title" a line; blank lines are skipped, every other problem names its line. */
export function parseItemLines(text: string): { items: { number: string; title: string }[]; problems: string[] } {
  const items: { number: string; title: string }[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = ITEM_LINE.exec(line);
    if (!m) { problems.push(`Line ${i + 1} (“${line}”) must start with the item’s number, like “1. Title”`); return; }
    const [, number, title] = m as unknown as [string, string, string];
    const first = seen.get(number.toLowerCase());
    if (first !== undefined) { problems.push(`Line ${i + 1} (“${line}”) repeats number ${number} from line ${first}`); return; }
    if (title.length > 500) { problems.push(`Line ${i + 1} must be 500 characters or fewer`); return; }
    seen.set(number.toLowerCase(), i + 1);
    items.push({ number, title: title.trim() });
  });
  return { items, problems };
}

const ORDER = ['name', 'kind', 'versionLabel', 'owner', 'startsOn-day', 'endsOn-day', 'items'];

export function checkFramework(v: FrameworkFormValues): { ok: true; framework: NewFramework } | { ok: false; errors: Problem[] } {
  const errors: Problem[] = [];
  const parsed = schema.safeParse(v);
  if (!parsed.success) for (const i of parsed.error.issues) errors.push({ field: String(i.path[0]), message: i.message });
  const { start, end } = startAndEndDates(v, errors);
  if (start.value && end.value && end.value <= start.value) errors.push({ field: 'endsOn-day', message: 'End date must be after the start date' });
  const { items, problems } = parseItemLines(v.items);
  if (problems.length) errors.push({ field: 'items', message: problems.join('. ') });
  else if (!items.length) errors.push({ field: 'items', message: 'Enter at least one item, like “1. Title”' });
  if (errors.length || !parsed.success) return { ok: false, errors: errors.sort((a, b) => ORDER.indexOf(a.field) - ORDER.indexOf(b.field)) };
  const d = parsed.data;
  return { ok: true, framework: { name: d.name, kind: d.kind, versionLabel: d.versionLabel, owner: d.owner, startsOn: start.value,
    endsOn: end.value, items: items.map((i) => ({ ...i, commitments: [], outcome: null })) } };
}

export interface ItemFormValues { title: string; commitments: string; outcome: string; version: string }
export interface ItemChange { title: string; commitments: string[]; outcome: string | null; version?: number }

export function itemValues(body: Record<string, unknown> = {}): ItemFormValues {
  return { title: str(body, 'title'), commitments: str(body, 'commitments'), outcome: str(body, 'outcome'), version: str(body, 'version') };
}

/** The form's text as the change to save: one commitment a line. */
export function itemChange(v: ItemFormValues): ItemChange {
  const version = /^\d+$/.test(v.version) ? Number(v.version) : undefined;
  return { title: v.title, commitments: v.commitments.split(/\r?\n/).map((c) => c.trim()).filter(Boolean), outcome: v.outcome, version };
}

const itemSchema = z.object({
  title: z.string().trim().min(1, 'Enter the item’s title').max(500, 'Title must be 500 characters or fewer'),
  commitments: z.array(z.string().max(1000, 'Each commitment must be 1,000 characters or fewer')).max(50, 'Enter 50 commitments or fewer'),
  outcome: z.string().trim().max(2000, 'Outcome must be 2,000 characters or fewer').nullable(),
});

export function checkItem(c: ItemChange): { ok: true; item: Omit<ItemChange, 'version'> } | { ok: false; errors: Problem[] } {
  const parsed = itemSchema.safeParse(c);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message })) };
  return { ok: true, item: { title: parsed.data.title, commitments: parsed.data.commitments, outcome: parsed.data.outcome || null } };
}
