// The agenda pack of a meeting: the front sheet, the minutes to be confirmed and each Part A item's
// report, as one PDF whose page numbers match the agenda. It is a public document whoever makes it:
// everything is read as the public reads it, so no Part B paper and no unpublished minute can get in.
import type { Block, Document } from '../../../documents/model.ts';
import { heading, list, pageBreak } from '../../../documents/model.ts';
import { renderPdf } from '../../../documents/render-pdf.ts';
import { ANONYMOUS } from '../../../platform/auth/actor.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { formatDate } from '../../../platform/dates.ts';
import type { MeetingsService, MeetingView } from '../../meetings/service.ts';
import type { Partnership } from '../../partnerships/queries.ts';
import type { PartnershipsService } from '../../partnerships/service.ts';
import type { BuildContext, GeneratedReport, Progress, ReportBuilder, ReportSection } from '../types.ts';
import {
  agendaBlocks, meetingBlocks, membersBlocks, publicInformationDefault, roleDefault,
  type PackItem, type PageRange, type Paper,
} from './front-sheet.ts';
import { minutesBlocks } from './minutes.ts';
import { reportTextBlocks } from './report-text.ts';
import { meetingsForConfirmation } from './previous-meetings.ts';
// pdf-lib (behind join-pdf) is loaded when a pack is made, not when the app starts.
const joinPdf = () => import('./join-pdf.ts');
import { dayOf } from './when.ts';

export interface AgendaPackDeps {
  meetings: MeetingsService;
  /** The partnership's logo for the front sheet, when one was uploaded. */
  partnerships: Pick<PartnershipsService, 'logo'>;
  /**
   * The document behind an attached PDF when it is a published version of a generated report (found
   * by the PDF's checksum), so the HTML and Word packs can print its text; null for an uploaded file.
   */
  generatedDocument?: (p: Partnership, pdfSha256: string) => Promise<Document | null>;
}

/** A PDF printed in the pack: an uploaded (or published generated) report, with its page count. */
interface PrintedReport { key: string; pdf: Uint8Array; pages: number }
/** Earlier minutes printed in the pack. */
interface PrintedMinutes { key: string; meeting: MeetingView; blocks: Block[] }

const PDF = 'application/pdf';
/** The most times the front sheet is printed while its page numbers settle (its length may change with them). */
const MAX_PASSES = 4;

async function readMeeting(deps: AgendaPackDeps, p: Partnership, meetingId: number) {
  // The public's view: Part B items withheld (no title, no reports), minutes only when published.
  const meeting = await deps.meetings.meeting(p, meetingId, ANONYMOUS);
  const { meetings } = await deps.meetings.allMeetings(p);
  const refs = await deps.meetings.minuteRefs(p, ANONYMOUS);
  const withMinutes = new Set(refs.map((r) => r.meetingId));
  const previous = meetingsForConfirmation(meeting, meetings, (id) => withMinutes.has(id));
  const previousViews = await Promise.all(previous.map((m) => deps.meetings.meeting(p, m.id, ANONYMOUS)));
  return { meeting, previousViews };
}

async function readReports(deps: AgendaPackDeps, p: Partnership, meeting: MeetingView) {
  const printed: PrintedReport[] = [];
  const papersByItem = new Map<number, Paper[]>();
  const texts = new Map<string, Document>();
  for (const item of meeting.agenda) {
    // Part B papers are never read, whoever generates the pack (withheld items carry none anyway).
    if (item.part !== 'A' || item.withheld) continue;
    const papers: Paper[] = [];
    for (const r of item.reports) {
      const key = `report-${r.id}`;
      const label = `Report: ${r.fileName}`;
      if (r.mediaType !== PDF) { papers.push({ key, label, kind: 'separate' }); continue; }
      const file = await deps.meetings.report(p, meeting.id, r.id, ANONYMOUS);
      const pages = await (await joinPdf()).pageCountOf(file.content);
      // A PDF that cannot be opened (damaged, encrypted) cannot be joined: it is listed to be read on its own.
      if (pages === null || pages === 0) { papers.push({ key, label, kind: 'separate' }); continue; }
      printed.push({ key, pdf: file.content, pages });
      const generated = await deps.generatedDocument?.(p, r.sha256) ?? null;
      if (generated) texts.set(key, generated);
      papers.push({ key, label, kind: 'pdf', textInDocument: generated !== null });
    }
    papersByItem.set(item.id, papers);
  }
  return { printed, papersByItem, texts };
}

function minutesPaper(m: MeetingView): Paper {
  const label = `Minutes of the meeting of ${formatDate(m.meetsOn)}`;
  return { key: `minutes-${m.id}`, label, kind: m.minutesVisible && m.minutes.length ? 'minutes' : 'to-follow' };
}

export function agendaPackBuilder(deps: AgendaPackDeps): ReportBuilder {
  return {
    kind: 'agenda-pack',
    async build(ctx: BuildContext): Promise<GeneratedReport> {
      if (!('meetingId' in ctx.scope)) throw new ValidationError([{ field: 'meeting', message: 'Choose the meeting the agenda pack is for' }]);
      const p = ctx.partnership;
      ctx.progress('Reading the meeting and its agenda', 0.05);
      const { meeting, previousViews } = await readMeeting(deps, p, ctx.scope.meetingId);
      const body = meeting.body;
      ctx.progress('Reading the reports', 0.2);
      const { printed, papersByItem, texts } = await readReports(deps, p, meeting);

      const minutesPapers = previousViews.map(minutesPaper);
      const printedMinutes: PrintedMinutes[] = previousViews
        .filter((m, i) => minutesPapers[i]!.kind === 'minutes')
        .map((m) => ({ key: `minutes-${m.id}`, meeting: m, blocks: minutesBlocks(m) }));
      // Earlier minutes belong under the agenda's "minutes of the previous meeting" item, when it has one.
      const minutesItem = meeting.agenda.find((i) => i.standard === 'previous-minutes' && !i.withheld);
      const items: PackItem[] = meeting.agenda.map((i) => ({
        number: i.number, part: i.part, title: i.withheld ? null : i.title, description: i.withheld ? null : i.description,
        exemptionParagraph: i.exemptionParagraph,
        papers: [...(i === minutesItem ? minutesPapers : []), ...(papersByItem.get(i.id) ?? [])],
      }));
      const unattached = minutesItem ? [] : minutesPapers;
      const agenda = (ranges: ReadonlyMap<string, PageRange> | null) => agendaBlocks(items, unattached, ranges);

      const front: ReportSection[] = [
        { key: 'meeting', title: 'The meeting', blocks: meetingBlocks(meeting), editable: false, numbered: false },
        { key: 'public-information', title: 'Information for the public', blocks: publicInformationDefault(body), editable: true, numbered: false },
        { key: 'role', title: `The role of the ${body.name}`, blocks: roleDefault(body), editable: true, numbered: false },
        { key: 'members', title: 'Members', blocks: membersBlocks(body, meeting.meetsOn), editable: false, numbered: false },
        { key: 'agenda', title: 'Agenda', blocks: agenda(null), editable: false, numbered: false },
      ];
      // What only the HTML and Word packs carry: the PDF prints the minutes and the reports themselves.
      const onlyInPdf = items.flatMap((i) => i.papers.filter((x) => x.kind === 'pdf' && !x.textInDocument).map((x) => `Item ${i.number}: ${x.label} – printed in the PDF pack`));
      const tail: ReportSection[] = [
        ...printedMinutes.map((m): ReportSection => ({ key: m.key, title: minutesPaper(m.meeting).label, blocks: m.blocks, editable: false, numbered: false, newPage: true })),
        ...items.flatMap((i) => i.papers.flatMap((x): ReportSection[] => {
          const generated = texts.get(x.key);
          return generated ? [{ key: `text-${x.key}`, title: `Item ${i.number}: ${generated.title}`, blocks: reportTextBlocks(generated), editable: false, numbered: false, newPage: true }] : [];
        })),
        ...(onlyInPdf.length ? [{ key: 'reports', title: 'Reports printed in the PDF pack', editable: false, numbered: false, blocks: [list(onlyInPdf)] }] : []),
      ];
      // A section after one that ended on a new (portrait) page starts there, not on a blank page after it.
      tail.forEach((s, i) => { const end = tail[i - 1]?.blocks.at(-1); if (end?.kind === 'pageBreak') s.newPage = false; });
      const tailLength = tail.reduce((n, s) => n + (s.newPage ? 1 : 0) + 1 + s.blocks.length, 0);
      const agendaLength = front.at(-1)!.blocks.length;

      const lastChange = await deps.meetings.lastChanged(p, [meeting.id, ...previousViews.map((m) => m.id)]);
      const uploads = meeting.agenda.flatMap((i) => i.reports.map((r) => new Date(r.uploadedAt).getTime()));
      const asOf = new Date(Math.max(lastChange?.getTime() ?? 0, ...uploads) || Date.now());
      ctx.progress('Arranging the pack', 0.4);

      const logo = await deps.partnerships.logo(p);
      const title = body.name;
      const subtitle = `Agenda pack for the meeting on ${dayOf(meeting.meetsOn)}`;
      return {
        kind: 'agenda-pack', title, subtitle, partnershipName: p.name, ...(logo ? { logo } : {}),
        runningHeader: `${body.name} – ${formatDate(meeting.meetsOn)}`,
        sections: [...front, ...tail], asOf,
        renderPdf: (doc) => packPdf(doc, {
          frontLength: doc.blocks.length - tailLength, agendaLength, agenda, printedMinutes, printed, progress: ctx.progress,
        }),
      };
    },
  };
}

interface PackParts {
  /** Blocks of the assembled document that make the front sheet (edits included); the agenda ends it. */
  frontLength: number; agendaLength: number;
  agenda: (ranges: ReadonlyMap<string, PageRange>) => Block[];
  printedMinutes: PrintedMinutes[]; printed: PrintedReport[]; progress: Progress;
}

interface Printed {
  /** The front sheet and the minutes, in one file or (when their pages could not be told apart) one file each. */
  files: Uint8Array[];
  frontPages: number; minutesPages: number[];
}

/**
 * Prints the front sheet with the agenda numbered by `ranges`, and the minutes after it, in one go:
 * Chromium's outline (one entry per heading, with its page) says where each set of minutes begins.
 * Should the outline not name them all, each part is printed on its own and counted.
 */
async function printFrontAndMinutes(doc: Document, front: Block[], minutes: PrintedMinutes[]): Promise<Printed> {
  const labels = minutes.map((m) => minutesPaper(m.meeting).label);
  const blocks = [...front, ...minutes.flatMap((m, i) => [pageBreak(), heading(1, labels[i]!), ...m.blocks])];
  const pdf = await renderPdf({ ...doc, blocks }, { footer: false });
  const total = (await (await joinPdf()).pageCountOf(pdf))!;
  const entries = await (await joinPdf()).headingPages(pdf);
  const starts: number[] = [];
  for (const label of labels) {
    const found = entries.find((e) => e.title === label && e.page > (starts.at(-1) ?? 1));
    if (!found) break;
    starts.push(found.page);
  }
  if (starts.length === labels.length) {
    return { files: [pdf], frontPages: (starts[0] ?? total + 1) - 1, minutesPages: starts.map((s, i) => (starts[i + 1] ?? total + 1) - s) };
  }
  const files = await Promise.all([
    renderPdf({ ...doc, blocks: front }, { footer: false }),
    ...minutes.map((m, i) => renderPdf({ title: doc.title, subtitle: labels[i], partnershipName: doc.partnershipName, blocks: m.blocks }, { footer: false })),
  ]);
  const counts = await Promise.all(files.map(async (f) => (await (await joinPdf()).pageCountOf(f))!));
  return { files, frontPages: counts[0]!, minutesPages: counts.slice(1) };
}

/**
 * Prints the front sheet and the minutes, counts every part's pages, writes the page numbers into the
 * agenda and prints again until the front sheet's length stops changing, then joins and numbers.
 */
async function packPdf(doc: Document, parts: PackParts): Promise<Uint8Array> {
  const frontBlocks = doc.blocks.slice(0, parts.frontLength);
  const before = frontBlocks.slice(0, frontBlocks.length - parts.agendaLength);
  const print = (ranges: ReadonlyMap<string, PageRange>) => printFrontAndMinutes(doc, [...before, ...parts.agenda(ranges)], parts.printedMinutes);
  const rangesAfter = (p: Printed) => {
    const ranges = new Map<string, PageRange>();
    let next = p.frontPages + 1;
    const following = [
      ...parts.printedMinutes.map((m, i) => ({ key: m.key, pages: p.minutesPages[i]! })),
      ...parts.printed.map((r) => ({ key: r.key, pages: r.pages })),
    ];
    for (const f of following) { ranges.set(f.key, { from: next, to: next + f.pages - 1 }); next += f.pages; }
    return ranges;
  };

  parts.progress('Printing the front sheet and the minutes', 0.5);
  // First with page numbers as wide as any pack has, to learn the lengths; then with the real numbers,
  // printed again only if they moved the front sheet's length.
  const widest = new Map([...parts.printedMinutes, ...parts.printed].map((x) => [x.key, { from: 888, to: 888 }]));
  let counted = await print(widest);
  let final: Printed | null = null;
  parts.progress('Numbering the agenda', 0.7);
  for (let pass = 0; pass < MAX_PASSES && !final; pass++) {
    const numbered = await print(rangesAfter(counted));
    if (numbered.frontPages === counted.frontPages && numbered.minutesPages.join() === counted.minutesPages.join()) final = numbered;
    counted = numbered;
  }
  if (!final) throw new Error('The agenda pack’s front sheet did not settle to a page count');
  parts.progress('Joining the reports', 0.9);
  const joined = await (await joinPdf()).joinAndNumber([...final.files, ...parts.printed.map((r) => r.pdf)], {
    title: `${doc.title}${doc.subtitle ? ` – ${doc.subtitle}` : ''}`, author: doc.partnershipName,
  });
  parts.progress('Done', 1);
  return joined;
}
