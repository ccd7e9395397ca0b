// The pack's front sheet: when and where, what the public may expect, the body's role, its members
// with the chair and deputy, and the agenda — Part A with the page each paper starts on, Part B by
// number and exemption paragraph only (decision 005: the public never sees an exempt item's title).
import type { Block, Cell, Inline } from '../../../documents/model.ts';
import { cell, paragraph, plainText } from '../../../documents/model.ts';
import type { Body, BodyMember } from '../../partnerships/queries.ts';
import type { MeetingRow } from '../../meetings/service.ts';
import { dayOf, timeOf } from './when.ts';

/** A paper printed in (or listed by) the pack, under its agenda item. */
export interface Paper {
  key: string;
  label: string;
  /** minutes and pdf are printed in the PDF pack; a Word file is published separately; unpublished minutes follow later. */
  kind: 'minutes' | 'pdf' | 'separate' | 'to-follow';
  /** The HTML and Word packs print its text (a generated report's), not only the PDF pack. */
  textInDocument?: boolean;
}

export interface PackItem {
  number: number; part: 'A' | 'B'; title: string | null; description: string | null;
  exemptionParagraph: string | null; papers: Paper[];
}

export interface PageRange { from: number; to: number }
/** First and last page of each printed paper in the joined PDF; null for the HTML and Word packs. */
export type PageRanges = ReadonlyMap<string, PageRange> | null;

export function meetingBlocks(meeting: MeetingRow): Block[] {
  const line = (label: string, value: string) => paragraph([{ text: `${label}: `, bold: true }, { text: value }]);
  const blocks = [
    line('Date', dayOf(meeting.meetsOn)),
    line('Time', meeting.startsAt ? timeOf(meeting.startsAt) : 'not recorded'),
    line('Venue', meeting.venue || 'not recorded'),
  ];
  if (meeting.remoteLink) blocks.push(line('Joining online', meeting.remoteLink));
  if (meeting.status === 'cancelled') blocks.push(paragraph([{ text: 'This meeting has been cancelled.', bold: true }]));
  return blocks;
}

/** Default text about the public's access, for the coordinator to edit to the council's own arrangements. */
export function publicInformationDefault(body: Body): Block[] {
  if (body.kind === 'scrutiny_committee') {
    return [
      paragraph('Anyone may come to this meeting. The agenda is published before the meeting, usually five working days ahead, and the minutes once they are published.'),
      paragraph('The committee takes its business in public. It may ask the public and the press to leave while it considers exempt information, such as details about a person or commercially sensitive matters: those items are listed in Part B of the agenda and their papers are not published.'),
      paragraph('Members of the public may speak, or present a petition, at the Have Your Say! item. Recording, filming and photographing the meeting is welcome, as long as it does not disturb it.'),
      paragraph('If you need this pack in another format or language, ask the council’s democratic services team.'),
    ];
  }
  return [
    paragraph('The agenda of this meeting is public, and so are its minutes once they are published. Items that contain exempt information are listed in Part B of the agenda; their papers are not published.'),
  ];
}

/** Default text on what the body is for; a committee's role is set by law, a board's is not recorded. */
export function roleDefault(body: Body): Block[] {
  if (body.kind === 'scrutiny_committee') {
    return [
      paragraph('The committee reviews and scrutinises the decisions and actions of the responsible authorities — the council, the police, the fire and rescue service, probation and health partners — in tackling crime and disorder and the misuse of drugs, alcohol and other substances in the area. It may make reports and recommendations to the council or its cabinet (Police and Justice Act 2006, section 19).'),
      paragraph('It meets at least once every twelve months, and each year it examines the work of the Community Safety Partnership.'),
      paragraph('Any councillor may ask for a local crime and disorder matter to be put on its agenda (a Councillor Call for Action). Having considered the matter, the committee decides whether to report on it, and tells the councillor what it decided and why.'),
      paragraph('The committee may co-opt members of the public or people from the responsible authorities; they do not vote unless the committee decides that they may.'),
    ];
  }
  return [paragraph('Not recorded.')];
}

/** Members serving on the day of the meeting (a term that ended before it, or starts after it, is left out). */
export function membersOn(body: Body, date: string): BodyMember[] {
  return body.members.filter((m) => (!m.termStart || m.termStart <= date) && (!m.termEnd || m.termEnd >= date));
}

const ROLE_LABELS: Record<string, string> = { chair: 'Chair', deputy_chair: 'Deputy chair', member: 'Member' };

export function membersBlocks(body: Body, date: string): Block[] {
  const members = membersOn(body, date);
  const named = (role: string) => members.filter((m) => m.role === role).map((m) => m.personName).join(', ') || 'not recorded';
  const line = (label: string, value: string) => paragraph([{ text: `${label}: `, bold: true }, { text: value }]);
  const blocks: Block[] = [line('Chair', named('chair')), line('Deputy chair', named('deputy_chair'))];
  if (members.length === 0) return [...blocks, line('Members', 'not recorded')];
  blocks.push({
    kind: 'table', caption: `Members of the ${body.name}`, header: ['Name', 'Role', 'Organisation'], widths: [45, 20, 35],
    rows: members.map((m) => [{ ...cell(m.personName), rowHeader: true }, cell(ROLE_LABELS[m.role] ?? m.role), cell(m.organisationName ?? 'Not recorded')]),
  });
  return blocks;
}

function pagesText(range: PageRange): string {
  return range.from === range.to ? `page ${range.from}` : `pages ${range.from}–${range.to}`;
}

function paperLine(p: Paper, ranges: PageRanges): Inline {
  if (p.kind === 'separate') return `${p.label} – published separately`;
  if (p.kind === 'to-follow') return `${p.label} – to follow once published`;
  if (!ranges) return `${p.label} – ${p.kind === 'minutes' || p.textInDocument ? 'printed below' : 'printed in the PDF pack'}`;
  const range = ranges.get(p.key);
  return range ? `${p.label} – ${pagesText(range)}` : `${p.label} – published separately`;
}

/** The first page of an item's printed papers, for the agenda's page column. */
function firstPage(item: PackItem, ranges: PageRanges): string {
  if (!ranges) return '';
  const pages = item.papers.map((p) => ranges.get(p.key)?.from).filter((n): n is number => n !== undefined);
  return pages.length ? String(Math.min(...pages)) : '';
}

function partARow(item: PackItem, ranges: PageRanges): Cell[] {
  const business: Inline[] = [[{ text: item.title ?? '', bold: true }]];
  if (item.description) business.push(item.description);
  for (const p of item.papers) business.push(paperLine(p, ranges));
  return [{ ...cell(String(item.number)), rowHeader: true }, { paragraphs: business }, cell(firstPage(item, ranges))];
}

function partBRow(item: PackItem): Cell[] {
  const paragraphNote = item.exemptionParagraph
    ? `Exempt information under paragraph ${item.exemptionParagraph} of Schedule 12A to the Local Government Act 1972. Its papers are not published.`
    : 'Exempt information under Schedule 12A to the Local Government Act 1972. Its papers are not published.';
  return [{ ...cell(String(item.number)), rowHeader: true }, { paragraphs: [[{ text: 'Exempt item', bold: true }], paragraphNote] }, cell('')];
}

export const PART_A_CAPTION = 'Part A: open to the public and the press';
export const PART_B_CAPTION = 'Part B: not open to the public or the press';

/**
 * The agenda. The same number of blocks whatever the page ranges, so the PDF can swap the numbered
 * agenda in for the one the HTML and Word packs print.
 */
export function agendaBlocks(items: readonly PackItem[], unattachedMinutes: readonly Paper[], ranges: PageRanges): Block[] {
  const partA = items.filter((i) => i.part === 'A');
  const partB = items.filter((i) => i.part === 'B');
  const blocks: Block[] = [];
  if (unattachedMinutes.length) {
    blocks.push(paragraph(`Minutes for confirmation: ${unattachedMinutes.map((p) => plainText(paperLine(p, ranges))).join('; ')}.`));
  }
  blocks.push(partA.length
    ? { kind: 'table', caption: PART_A_CAPTION, header: ['Item', 'Business', 'Page'], widths: [9, 79, 12], rows: partA.map((i) => partARow(i, ranges)) }
    : paragraph('There is no Part A business.'));
  blocks.push(partB.length
    ? { kind: 'table', caption: PART_B_CAPTION, header: ['Item', 'Business', 'Page'], widths: [9, 79, 12], rows: partB.map(partBRow) }
    : paragraph('There is no Part B business.'));
  return blocks;
}
