import type { z } from 'zod';

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
