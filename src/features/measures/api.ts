// The measures in the read-only JSON API: every measure with its values in period order. Measures are
// published figures, so the same answer goes to everyone.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams } from '../../platform/http/schemas.ts';
import { ErrorBody } from '../api/schemas.ts';
import { FREQUENCIES } from './periods.ts';

const MeasureValue = z.object({
  period: z.string().describe('2022-06 (month), 2021-Q1 (quarter of the financial year: Q1 is April to June), 2021-22 (financial year) or 2022-08-22 (the date a survey wave began)'),
  value: z.number(),
  note: z.string().describe('Empty when there is none'),
}).meta({ id: 'MeasureValue' });

const Measure = z.object({
  id: z.number().int(),
  name: z.string(),
  unit: z.string().describe('What one value counts, e.g. referrals or % agree'),
  source: z.string().nullable().describe('The organisation that reports the figures; null where not recorded'),
  frequency: z.enum(FREQUENCIES).describe('How often a value is reported; quarters and years are of the financial year'),
  direction: z.enum(['up', 'down', 'neither']).describe('Which way is good'),
  baseline: z.number().nullable(),
  target: z.number().nullable(),
  values: z.array(MeasureValue).describe('In period order, earliest first'),
}).meta({ id: 'Measure' });

export const MeasureList = z.object({ measures: z.array(Measure) }).meta({ id: 'MeasureList' });

export async function measureApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/partnerships/:slug/measures', {
    config: { access: 'public' },
    schema: {
      operationId: 'listMeasures', summary: 'The partnership’s measures (KPIs) with their values', tags: ['measures'],
      params: partnershipParams, response: { 200: MeasureList, 404: ErrorBody },
    },
  }, async (request) => {
    const measures = await services.measures.list(scopeOf(request).partnership);
    return {
      measures: measures.map((m) => ({
        id: m.id, name: m.name, unit: m.unit, source: m.sourceName, frequency: m.frequency, direction: m.direction,
        baseline: m.baseline, target: m.target, values: m.values.map((v) => ({ period: v.period, value: v.value, note: v.note })),
      })),
    };
  });
}
