// The directory entry's form: its values as posted (text, so a refused form shows again as it was
// filled in) and the checks that turn them into the fields stored.
import { asArray } from '../../platform/http/forms.ts';
import { ValidationError } from '../../platform/errors.ts';
import { CATEGORY_KEYS, HELP_KINDS, type HelpKind } from './categories.ts';
import type { HelpEntry, HelpFields } from './queries.ts';

export interface HelpFormValues {
  kind: string; name: string; helpsWith: string; whoFor: string; phone: string; website: string;
  openingHours: string; address: string; categories: string[]; published: string; version: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function helpValues(body: Record<string, unknown> = {}): HelpFormValues {
  return {
    kind: str(body.kind), name: str(body.name), helpsWith: str(body.helpsWith), whoFor: str(body.whoFor), phone: str(body.phone),
    website: str(body.website), openingHours: str(body.openingHours), address: str(body.address), categories: asArray(body.categories),
    // A new entry is published unless the box for a draft is ticked.
    published: body.draft === 'yes' ? 'no' : 'yes', version: str(body.version),
  };
}

export function helpValuesOf(e: HelpEntry): HelpFormValues {
  return { ...e, published: e.published ? 'yes' : 'no', version: String(e.version) };
}

const tidy = (v: string) => v.trim().replace(/[ \t]+/g, ' ');
const LIMITS = { name: 200, helpsWith: 2000, whoFor: 1000, phone: 40, website: 300, openingHours: 300, address: 500 } as const;
const LABELS: Record<keyof typeof LIMITS, string> = {
  name: 'The name', helpsWith: 'What it helps with', whoFor: 'Who it is for', phone: 'The phone number', website: 'The website',
  openingHours: 'The opening hours', address: 'The address',
};

/** The fields to store, or a ValidationError naming each problem against its field. */
export function checkHelpValues(v: HelpFormValues): HelpFields {
  const problems: { field: string; message: string }[] = [];
  const f = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, tidy(v[k as keyof typeof LIMITS])])) as Record<keyof typeof LIMITS, string>;
  if (!(HELP_KINDS as readonly string[]).includes(v.kind)) problems.push({ field: 'kind', message: 'Select what kind of place or service this is' });
  if (!f.name) problems.push({ field: 'name', message: 'Enter the name of the service or place' });
  for (const k of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    if (f[k].length > LIMITS[k]) problems.push({ field: k, message: `${LABELS[k]} must be ${LIMITS[k]} characters or fewer` });
  }
  if (f.phone && !/^\+?[0-9][0-9 ()-]{2,}$/.test(f.phone)) problems.push({ field: 'phone', message: 'Enter the phone number in digits, for example 0800 555 111' });
  if (f.website && !/^https?:\/\/[^\s/$.?#][^\s]*\.[^\s]+$/i.test(f.website)) problems.push({ field: 'website', message: 'Enter the website’s full address, starting with https://' });
  const categories = [...new Set(v.categories)];
  if (categories.some((c) => !CATEGORY_KEYS.includes(c))) problems.push({ field: 'categories', message: 'Select categories from the list' });
  else if (!categories.length) problems.push({ field: 'categories', message: 'Select at least one kind of help, so residents can find it' });
  if (problems.length) throw new ValidationError(problems.filter((p, i) => problems.findIndex((x) => x.field === p.field) === i));
  return { ...f, kind: v.kind as HelpKind, categories: CATEGORY_KEYS.filter((c) => categories.includes(c)), published: v.published !== 'no' };
}
