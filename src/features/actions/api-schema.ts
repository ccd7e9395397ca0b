// Tracker items as the API sends them. Only fields described here leave: an item of an exempt minute,
// or of minutes not yet published, is left out for anyone who may not read that minute.
import { z } from 'zod';

const date = (what: string) => z.string().nullable().describe(`${what} (YYYY-MM-DD); null when not recorded`);

export const ActionItem = z.object({
  id: z.number().int(),
  kind: z.enum(['action', 'recommendation']).describe('action: something promised; recommendation: made by the committee'),
  description: z.string(),
  owner: z.object({ name: z.string(), organisation: z.string() }).nullable().describe('Who promised an action; null for a recommendation'),
  recommendedTo: z.enum(['cabinet', 'council', 'partner']).nullable().describe('To whom a recommendation is made; null for an action'),
  partnerName: z.string().nullable().describe('The partner organisation a recommendation is made to'),
  dueOn: date('When it is due'),
  status: z.enum(['open', 'closed']),
  overdue: z.boolean().describe('Open after its due date (an item without a due date is never overdue)'),
  concerns: z.object({ kind: z.enum(['priority', 'initiative', 'issue']), ref: z.string(), label: z.string() }).nullable()
    .describe('The priority, initiative or assessment issue it concerns'),
  response: z.object({ by: z.string(), on: z.string().describe('YYYY-MM-DD'), text: z.string() }).nullable().describe('Who answered, when and what was done; null while open'),
  minute: z.object({
    id: z.number().int(), minuteNumber: z.number().int(), meetingId: z.number().int(), meetingDate: z.string().describe('YYYY-MM-DD'),
    body: z.object({ id: z.number().int(), name: z.string() }),
  }),
  links: z.object({ html: z.string(), meeting: z.string().describe('The meeting in the API') }),
}).meta({ id: 'ActionItem' });

export const ActionList = z.object({ actions: z.array(ActionItem).describe('Oldest meeting first') }).meta({ id: 'ActionList' });
