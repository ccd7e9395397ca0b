// GET /api/v1/partnerships/{slug}/funding: the funding ledger, one entry per stream as the ledger holds
// it. Amounts are numbers of pounds (exact to the penny). Internal notes are never part of the API.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { partnershipParams } from '../../platform/http/schemas.ts';
import { toPounds } from '../../platform/money.ts';
import { yearLabel } from '../partnerships/years.ts';
import { ErrorBody } from '../api/schemas.ts';
import { optionalSession } from '../api/openapi.ts';
import type { Stream } from './types.ts';

const pounds = (description: string) => z.number().describe(`${description}, in pounds (exact to the penny)`);
const date = (description: string) => z.string().nullable().describe(`${description} (YYYY-MM-DD); null when not recorded`);
const text = (description: string) => z.string().nullable().describe(`${description}; null when not recorded`);

const FundingAllocation = z.object({
  initiative: z.object({ id: z.number().int(), name: z.string(), year: z.string().describe('Plan year of the initiative, e.g. 2022-23'), html: z.string().describe('Its web page') })
    .nullable().describe('Null when the initiative is in a plan the caller may not see'),
  amount: pounds('Amount allocated').nullable().describe('Amount allocated in pounds; null when not recorded'),
  startsOn: date('Start of the allocation'), endsOn: date('End of the allocation'),
}).meta({ id: 'FundingAllocation' });

const FundingStream = z.object({
  id: z.number().int(),
  name: z.string().describe('How the partnership refers to the funding'),
  funder: text('The organisation the money comes from'),
  programme: text('The funder’s programme or fund'),
  amount: pounds('The amount of the stream'),
  financialYears: z.array(z.string()).describe('Financial years the money is for, e.g. ["2022-23"]; empty when not recorded'),
  recurrence: z.enum(['recurring', 'one_off']).nullable().describe('Recurring or one-off; null when not recorded'),
  recipient: text('The organisation that received the money'),
  purpose: text('What the money is for'),
  conditions: text('Conditions the funder set'),
  awardedOn: date('Award date'), endsOn: date('End date'),
  allocations: z.array(FundingAllocation),
  allocated: pounds('The sum of the allocations whose amount is recorded'),
  unallocated: pounds('What is left to allocate').nullable().describe('What is left to allocate, in pounds; null when an allocation’s amount is not recorded'),
  html: z.string().describe('The stream’s web page'),
}).meta({ id: 'FundingStream' });

export const FundingList = z.object({ funding: z.array(FundingStream) }).meta({ id: 'FundingList' });

function serialise(slug: string, s: Stream): z.infer<typeof FundingStream> {
  return {
    id: s.id, name: s.name, funder: s.funder, programme: s.programme, amount: toPounds(s.amountPence),
    financialYears: s.financialYears.map(yearLabel), recurrence: s.recurrence, recipient: s.recipient, purpose: s.purpose,
    conditions: s.conditions, awardedOn: s.awardedOn, endsOn: s.endsOn,
    allocations: s.allocations.map((a) => ({
      initiative: a.initiative ? { ...a.initiative, html: `/p/${slug}/initiatives/${a.initiative.id}` } : null,
      amount: a.amountPence === null ? null : toPounds(a.amountPence), startsOn: a.startsOn, endsOn: a.endsOn,
    })),
    allocated: toPounds(s.allocatedPence), unallocated: s.unallocatedPence === null ? null : toPounds(s.unallocatedPence),
    html: `/p/${slug}/funding/streams/${s.id}`,
  };
}

export async function fundingApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/v1/partnerships/:slug/funding', {
    config: { access: 'public' },
    schema: {
      operationId: 'listFunding', summary: 'The funding ledger: every funding stream with its allocations to initiatives', tags: ['funding'],
      description: 'One entry per funding stream. Amounts are numbers of pounds. An allocation to an initiative of a plan the caller may not see '
        + 'keeps its amount but not the initiative.', security: optionalSession,
      params: partnershipParams, response: { 200: FundingList, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = scopeOf(request);
    const streams = await services.funding.list(partnership, actor);
    // A signed-in member may see initiatives of unpublished plans named here.
    reply.header('vary', 'cookie');
    if (actor.role) reply.header('cache-control', 'no-store');
    return { funding: streams.map((s) => serialise(partnership.slug, s)) };
  });
}
