// The search filters as they arrive in a web address, checked: a kind, a plan year ("2022-23"), a page.
import { z } from 'zod';
import { queryValue } from '../../platform/http/schemas.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import { SEARCH_KINDS } from './kinds.ts';

const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

export const kindParam = queryValue.optional().transform(optional)
  .pipe(z.enum(SEARCH_KINDS, { error: `is not a kind of record: use one of ${SEARCH_KINDS.join(', ')}` }).optional())
  .meta({ description: 'Only records of this kind', example: 'initiative' });

export const yearParam = queryValue.optional().transform(optional)
  .pipe(z.string().transform((v, ctx) => {
    const year = parseYearLabel(v);
    if (year === null) { ctx.addIssue({ code: 'custom', message: 'is not a plan year: write it as 2022-23' }); return z.NEVER; }
    return year;
  }).optional())
  .meta({ description: 'Only records of this plan year, written 2022-23', example: '2022-23' });

export const pageParam = queryValue.optional().transform(optional)
  .pipe(z.string().regex(/^[1-9]\d{0,3}$/, 'is not a page number').transform(Number).optional());

export const textParam = queryValue.optional().transform((v) => v ?? '').meta({ description: 'The words to look for; the last may be the start of a word', example: 'knife crime' });
