// The updates API's response, as a zod schema: it serialises every reply (nothing outside it leaves)
// and describes the endpoint in the OpenAPI document.
import { z } from 'zod';
import { DELIVERY_STATUSES, FIGURE_UNITS } from './statuses.ts';
import type { UpdateView } from './service.ts';

const Figure = z.object({
  label: z.string().describe('What the figure counts'),
  value: z.number(),
  unit: z.enum(FIGURE_UNITS).describe('number, people, sessions, referrals, rating_5 (a rating out of 5), pounds or percent'),
}).meta({ id: 'Figure' });

const Update = z.object({
  id: z.number().int(),
  reportedOn: z.string().describe('The date of the update (YYYY-MM-DD)'),
  status: z.enum(DELIVERY_STATUSES),
  reason: z.string().nullable().describe('Why the initiative is off track, delayed or cancelled'),
  narrative: z.string().describe('What has happened'),
  progress: z.number().int().min(0).max(100).nullable().describe('How far through the initiative is, in per cent, when given'),
  figures: z.array(Figure),
  forPublication: z.boolean().describe('False only for callers who may see the partnership’s unpublished work'),
  organisation: z.string().nullable().describe('The organisation that reported'),
  correctedAt: z.string().nullable().describe('When the update was last corrected (ISO 8601), if ever'),
}).meta({ id: 'Update' });

export const UpdateList = z.object({ updates: z.array(Update).describe('Newest first') }).meta({ id: 'UpdateList' });

export function updateList(updates: UpdateView[]): z.infer<typeof UpdateList> {
  return {
    updates: updates.map((u) => ({
      id: u.id, reportedOn: u.reportedOn, status: u.status, reason: u.reason, narrative: u.narrative, progress: u.progress,
      figures: u.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit })), forPublication: u.forPublication,
      organisation: u.organisationName, correctedAt: u.correctedAt,
    })),
  };
}
