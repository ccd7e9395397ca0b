// Stored codes in words, the same on pages, in documents and in CSV files.
import { isRole, ROLE_NAMES } from './auth/roles.ts';

/** "business_as_usual" → "Business as usual"; "priorityRefs" → "Priority refs". */
export function humanise(value: string | null | undefined): string {
  const words = String(value ?? '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/^./, (c) => c.toUpperCase());
}

/** A role code in words: "partner_editor" → "Partner editor"; any other code humanised. */
export function roleName(value: string | null | undefined): string {
  if (!value) return '';
  return isRole(value) ? ROLE_NAMES[value] : humanise(value);
}
