// The Councillor Call for Action as the API sends it. Only fields described here leave: what the
// councillor wrote, their name and address, and the reasons are null without an officer's role.
import { z } from 'zod';
import { OUTCOMES } from './queries.ts';
import { STATES } from './state-machine.ts';

const date = (what: string) => z.string().nullable().describe(`${what} (YYYY-MM-DD); null when not recorded`);
const State = z.enum(STATES.filter((s) => s !== 'unverified') as [string, ...string[]]);

const CcfaStep = z.object({
  state: State.describe('The state the step reached'), date: date('When it happened'),
  reason: z.string().nullable().describe('The reason or decision recorded with the step; null unless the caller may read it'),
}).meta({ id: 'CcfaStep' });

const CcfaMatter = z.object({
  id: z.number().int(), ward: z.string(),
  status: State.describe('submitted, qualifies, not_qualifying, on_agenda, considered, notified or closed'),
  qualified: z.boolean().nullable().describe('The scrutiny officer’s decision; null until it is made'),
  submittedOn: date('When it was submitted'),
  meeting: z.object({ id: z.number().int(), date: z.string().describe('YYYY-MM-DD'), body: z.string() }).nullable().describe('The committee meeting it was placed on'),
  outcome: z.enum(OUTCOMES).nullable().describe('What the committee decided: report_cabinet_council, recommendations_partners or no_action'),
  steps: z.array(CcfaStep).describe('Each step taken, in order'),
  private: z.object({
    councillorName: z.string(), councillorEmail: z.string(), matter: z.string(), location: z.string(), tried: z.string().describe('What the councillor has already tried'),
  }).nullable().describe('What the councillor wrote: only for the partnership’s coordinators and the councillor'),
  links: z.object({ html: z.string() }),
}).meta({ id: 'CcfaMatter' });

export const CcfaList = z.object({ ccfa: z.array(CcfaMatter).describe('Newest first') }).meta({ id: 'CcfaList' });
