import type { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.ts';

export interface FormErrors {
  /** For govukErrorSummary: text plus a link to the field. */
  errors: { text: string; href: string }[];
  /** For each field's errorMessage option. */
  fieldErrors: Record<string, { text: string }>;
}

export const noErrors: FormErrors = { errors: [], fieldErrors: {} };

export function toFormErrors(list: { field: string; message: string }[]): FormErrors {
  const fieldErrors: Record<string, { text: string }> = {};
  const errors: { text: string; href: string }[] = [];
  for (const e of list) {
    if (fieldErrors[e.field]) continue; // first message per field, as GOV.UK pattern asks
    fieldErrors[e.field] = { text: e.message };
    errors.push({ text: e.message, href: `#${e.field}` });
  }
  return { errors, fieldErrors };
}

/**
 * The POST handler's usual shape: save, then `onSaved` (typically a 303 redirect). A ValidationError
 * goes to `onErrors` as form errors. A ConflictError is caught only when `conflict` says what to tell
 * the user: `onErrors` then gets that message and the error (whose `current` is the saved record).
 * Anything else, and anything thrown by `onSaved` or `onErrors`, propagates.
 */
export async function saveOrShowErrors<T>(
  save: () => Promise<T>,
  onSaved: (result: T) => unknown,
  onErrors: (errors: FormErrors, conflict?: ConflictError) => unknown,
  options: { conflict?: { field: string; message: string } } = {},
): Promise<unknown> {
  let result: T;
  try {
    result = await save();
  } catch (err) {
    if (err instanceof ValidationError) return onErrors(toFormErrors(err.errors));
    if (err instanceof ConflictError && options.conflict) return onErrors(toFormErrors([options.conflict]), err);
    throw err;
  }
  return onSaved(result);
}

/** Parse a submitted form with a zod schema; on failure, the field errors in form order. */
export function parseForm<S extends z.ZodTypeAny>(schema: S, body: unknown):
  { ok: true; value: z.infer<S> } | { ok: false; errors: { field: string; message: string }[] } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message })),
  };
}

/** Form fields arrive as a string or an array of strings; always get an array. */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).map(String).filter((v) => v !== '');
}
