// Bodies and meetings as the API sends them. Only fields described here leave: an exempt item's or
// minute's content is null for anyone who may not read it, as on the pages.
import { z } from 'zod';
import { ActionItem } from '../actions/api-schema.ts';

const date = (what: string) => z.string().nullable().describe(`${what} (YYYY-MM-DD); null when not recorded`);
const Links = z.object({ self: z.string(), html: z.string() });

const BodyMemberRef = z.object({ name: z.string(), role: z.string().describe('chair, deputy_chair or member') });
const BodySummary = z.object({
  id: z.number().int(), name: z.string(),
  kind: z.string().describe('partnership, strategic_board, delivery_board, task_group, team, scrutiny_committee or other'),
  members: z.array(BodyMemberRef), links: z.object({ meetings: z.string().describe('The body’s meetings in the API'), html: z.string() }),
}).meta({ id: 'BodySummary' });
export const BodyList = z.object({ bodies: z.array(BodySummary) }).meta({ id: 'BodyList' });

const STATUS = z.enum(['scheduled', 'held', 'cancelled', 'adjourned']);
const meetingFields = {
  id: z.number().int(), date: z.string().describe('YYYY-MM-DD'), startsAt: z.string().nullable().describe('Local (UK) start time, HH:MM; null when not recorded'),
  status: STATUS, venue: z.string(), remoteLink: z.string(),
  minutesPublished: z.boolean().describe('Whether the minutes are published'), minutesPublishedOn: date('When the minutes were published'), minutesConfirmedOn: date('When the minutes were confirmed as a correct record'),
};
const MeetingSummary = z.object({ ...meetingFields, links: Links }).meta({ id: 'MeetingSummary' });
export const MeetingList = z.object({
  body: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }),
  meetings: z.array(MeetingSummary).describe('Oldest first'),
}).meta({ id: 'MeetingList' });

const Report = z.object({
  id: z.number().int(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), url: z.string().describe('Download address (web)'),
}).meta({ id: 'MeetingReport' });
const AgendaItem = z.object({
  id: z.number().int(), number: z.number().int(), part: z.enum(['A', 'B']).describe('A: open to the public; B: exempt information'),
  exempt: z.boolean(), exemptionParagraph: z.string().nullable().describe('Paragraph of Schedule 12A to the Local Government Act 1972 (Part B only)'),
  withheld: z.boolean().describe('True when the caller may not read this exempt item: its title, description, reports and declarations are left out'),
  title: z.string().nullable(), description: z.string().nullable(), reports: z.array(Report),
  declarations: z.array(z.object({ personName: z.string(), interest: z.string() })).describe('Declarations of interest in the item'),
}).meta({ id: 'AgendaItem' });
const Attendance = z.object({
  name: z.string(), kind: z.enum(['present', 'apologies', 'substitute', 'also_present']), substituteFor: z.string().nullable(),
}).meta({ id: 'Attendance' });
const Minute = z.object({
  id: z.number().int(), minuteNumber: z.number().int().describe('Numbered continuously across the body’s meetings'),
  agendaItemNumber: z.number().int().nullable(), exempt: z.boolean(),
  withheld: z.boolean().describe('True when the caller may not read this exempt minute: its title, text and resolutions are left out'),
  title: z.string().nullable(), text: z.string().nullable(), resolutions: z.array(z.string()),
  corrections: z.array(z.object({ recordedOn: z.string(), reason: z.string() })).describe('Corrections recorded after the minutes were confirmed'),
  actions: z.array(ActionItem).describe('Actions promised and recommendations made in this minute, with their responses'),
}).meta({ id: 'Minute' });
export const Meeting = z.object({
  ...meetingFields,
  body: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }),
  agendaItems: z.array(AgendaItem), attendance: z.array(Attendance),
  minutes: z.array(Minute).describe('Empty until the minutes are published, unless the caller is a member or officer of the body'),
  resolutions: z.array(z.object({ minuteNumber: z.number().int(), text: z.string() })).describe('Every resolution of the minutes the caller may read'),
  links: Links,
}).meta({ id: 'Meeting' });
