// The building blocks of route schemas (zod, through fastify-type-provider-zod). A route's params,
// query and body are checked before its handler runs; what fails becomes a domain error here, so a
// malformed address is a 404 or a 400 page (JSON on the API), never a 500.
import type { FastifyError } from 'fastify';
import { z } from 'zod';
import { DomainError, NotFoundError, ValidationError } from '../errors.ts';
import { SLUG_PATTERN } from './scope.ts';

/** The largest id PostgreSQL's `integer` holds: anything bigger names nothing. */
export const MAX_ID = 2_147_483_647;

/** A record's id in the path: a positive integer that fits the database, else "`what` not found". */
export const id = (what = 'Page') => z.string()
  .regex(/^[1-9]\d{0,9}$/, `${what} not found`)
  .transform(Number)
  .refine((n) => n <= MAX_ID, `${what} not found`)
  .meta({ description: `The ${what.toLowerCase()}'s id`, example: '1' });

/** The partnership in the path. */
export const slug = z.string().regex(SLUG_PATTERN, 'Partnership not found').meta({ description: 'The partnership, e.g. scp', example: 'scp' });

/** Params of a route under /p/:slug. */
export const partnershipParams = z.object({ slug });

/** One value of a query parameter. A parameter given twice (?to=a&to=b) is a malformed address. */
export const queryValue = z.string({
  error: (issue) => (Array.isArray(issue.input) ? 'is given more than once' : 'is not valid'),
}).max(200, 'is too long');

/** A query of named, optional, single values; other parameters are ignored. */
export const query = <K extends string>(...keys: K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, queryValue.optional()])) as Record<K, z.ZodOptional<typeof queryValue>>);

/**
 * A submitted form: fields of text (a repeated field, e.g. ticked boxes, is a list). The form's own
 * parsing reports problems field by field on the page; this only refuses what no form sends. A
 * POST with no body at all is an empty form (its missing token is then reported as an expired form).
 */
export const formBody = z.preprocess((body) => body ?? {}, z.record(z.string(), z.union([z.string(), z.array(z.string())])));

export type FormBody = z.infer<typeof formBody>;

/** A text field of a form body ('' when absent or repeated). */
export const field = (body: FormBody, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v : '';
};

/** The domain error for a request its route's schema refused (a Fastify validation error). */
export function schemaRefusal(error: FastifyError): DomainError | null {
  if (!error.validation) return null;
  const issues = error.validation.map((v) => ({ key: v.instancePath.replace(/^\//, '').replace(/\//g, '.'), message: v.message ?? 'is not valid' }));
  // A path that names nothing: the first message says what was not found.
  if (error.validationContext === 'params') {
    const what = issues.find((i) => / not found$/.test(i.message))?.message.replace(/ not found$/, '');
    return new NotFoundError(what ?? 'Page');
  }
  const where = error.validationContext === 'querystring' ? 'in the web address' : 'in the form';
  return new ValidationError(issues.map((i) => ({ field: i.key || 'form', message: i.key ? `“${i.key}” ${where} ${i.message}` : `What was sent ${where} is not valid` })));
}
