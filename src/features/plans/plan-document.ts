// The Annual Partnership Plan as a document, in the seed plans' layout: introduction, members,
// key priorities with commitments and evidence, one table per priority, the one section for work
// outside the key priorities (unnumbered, never counted among them), and the frameworks the
// initiatives map to. It states only what the plan records: no date it does not have.
// Pure: PlanDetail in, Document out.
import type { Block, Cell, Document, Inline, Run } from '../../documents/model.js';
import { cell, heading, list, pageBreak, paragraph, paragraphsOf } from '../../documents/model.js';
import type { FrameworkItemRef, InitiativeDetail, LeadRef, OrgRef, PlanDetail, PriorityDetail } from './types.js';
import { keyPriorities, priorityHeading } from './priority-label.js';
import { formatDate } from '../../platform/dates.ts';

const PCC_KIND = 'pcc_plan';
const STRAND_KIND = 'county_strategy';
// The strand column is wide enough for the longest strand name ("Vulnerabilities") on one line;
// the renderers widen any column further whose longest word would not fit (see fitColumnWidths).
const WITH_OBJECTIVES = { header: ['Objective', 'Project or initiative', 'About', 'Outcomes', 'PCC priority', 'Strategy strand'], widths: [13, 18, 25, 23, 8, 13] };
const WITHOUT_OBJECTIVES = { header: WITH_OBJECTIVES.header.slice(1), widths: [21, 30, 28, 8, 13] };

// "2022-07-12" → "12 July 2022": the one date helper the pages use too.
export { formatDate } from '../../platform/dates.ts';

/** The member list shows full names with the acronym the rest of the plan uses. */
function orgLabel(o: OrgRef): string {
  return o.acronym && !o.name.includes(`(${o.acronym})`) ? `${o.name} (${o.acronym})` : o.name;
}

const orgShort = (o: LeadRef): string => o.acronym ?? o.name;

/**
 * When an initiative runs, said once. Timing written as the plan wrote it ("October 2019 -
 * Ongoing") is the statement itself, so it is shown alone: adding the kind beside it would repeat
 * it ("Ongoing (Ongoing)") or claim a precision the plan never gave (a day for "May 2020").
 * Without it, the kind and dates speak; timing not recorded says nothing.
 */
export function timingText(i: Pick<InitiativeDetail, 'timingKind' | 'startsOn' | 'endsOn' | 'timingText'>): string {
  const written = i.timingText?.trim();
  if (written) return written;
  switch (i.timingKind) {
    case 'dates':
      return i.startsOn && i.endsOn ? `${formatDate(i.startsOn)} to ${formatDate(i.endsOn)}`
        : i.startsOn ? `From ${formatDate(i.startsOn)}`
          : i.endsOn ? `By ${formatDate(i.endsOn)}` : '';
    case 'ongoing': return 'Ongoing';
    case 'business_as_usual': return 'Business as usual';
    case 'various': return 'Various dates';
    case 'not_recorded': return '';
  }
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en-GB', { numeric: true });

function itemsOfKind(i: InitiativeDetail, kind: string): FrameworkItemRef[] {
  return i.frameworkItems.filter((f) => f.frameworkKind === kind);
}

function labelled(label: string, text: string): Run[] {
  return [{ text: `${label}: `, bold: true }, { text }];
}

function initiativeCell(i: InitiativeDetail, priorityNumber: number | null, priorityNumbers: Map<number, number>): Cell {
  const lines: Inline[] = [[{ text: i.name, bold: true }]];
  if (i.leads.length) lines.push(labelled('Lead', i.leads.map(orgShort).join(', ')));
  if (i.supports.length) lines.push(labelled('Supported by', i.supports.map(orgShort).join(', ')));
  const when = timingText(i);
  if (when) lines.push(labelled('When', when));
  // Initiatives often serve more than one priority ("1 & 2"); say so where it is listed.
  const others = i.priorityRefs.map((id) => priorityNumbers.get(id)).filter((n): n is number => n !== undefined && n !== priorityNumber);
  if (others.length) lines.push(`${priorityNumber === null ? 'Serves' : 'Also serves'} priority ${[...new Set(others)].sort((a, b) => a - b).join(' & ')}`);
  if (i.status === 'cancelled' || i.status === 'delayed') {
    const label = i.status === 'cancelled' ? 'Cancelled' : 'Delayed';
    lines.push(i.statusReason ? labelled(label, i.statusReason) : [{ text: label, bold: true }]);
  }
  return { paragraphs: lines, rowHeader: true };
}

function textCell(text: string): Cell {
  return { paragraphs: paragraphsOf(text) };
}

function initiativeCells(i: InitiativeDetail, priorityNumber: number | null, priorityNumbers: Map<number, number>): Cell[] {
  const pcc = [...new Set(itemsOfKind(i, PCC_KIND).map((f) => f.number))].sort(byNumber).join(', ');
  const strands = [...new Set(itemsOfKind(i, STRAND_KIND).map((f) => f.title))].join(' / ');
  return [initiativeCell(i, priorityNumber, priorityNumbers), textCell(i.description), textCell(i.outcomes), cell(pcc), cell(strands)];
}

function priorityRows(p: PriorityDetail, withObjectives: boolean, priorityNumbers: Map<number, number>): Cell[][] {
  const rowsFor = (items: InitiativeDetail[]) => items.map((i) => initiativeCells(i, p.number, priorityNumbers));
  if (!withObjectives) return rowsFor([...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]);
  const groups = [...p.objectives].sort((a, b) => a.position - b.position).map((o) => ({ title: o.title, initiatives: o.initiatives }));
  if (p.initiatives.length) groups.push({ title: 'Other initiatives', initiatives: p.initiatives });
  return groups.flatMap((g) => {
    if (!g.initiatives.length) return [[cell(g.title), cell('No initiatives yet'), cell(''), cell(''), cell(''), cell('')]];
    const rows = rowsFor(g.initiatives);
    // The objective is written once and spans its initiatives' rows, as in the seed plans.
    const objective: Cell = g.initiatives.length > 1 ? { ...cell(g.title), rowSpan: g.initiatives.length } : cell(g.title);
    rows[0]!.unshift(objective);
    return rows;
  });
}

const priorityTitle = (p: PriorityDetail): string => priorityHeading(p);

function introduction(plan: PlanDetail): Block[] {
  const text = paragraphsOf(plan.introduction);
  return text.length ? [heading(1, 'Introduction'), ...text.map((t) => paragraph(t))] : [];
}

function members(plan: PlanDetail): Block[] {
  const blocks: Block[] = [heading(1, 'Members of the partnership')];
  blocks.push(paragraph(`The ${plan.partnershipName} consists of representatives from the following statutory authorities:`));
  blocks.push(list(plan.members.statutory.map(orgLabel)));
  if (plan.members.nonStatutory.length) {
    blocks.push(paragraph(`The ${plan.partnershipName} also consists of non-statutory representatives from:`));
    blocks.push(list(plan.members.nonStatutory.map(orgLabel)));
  }
  return blocks;
}

function keyPrioritiesBlock(plan: PlanDetail, priorities: PriorityDetail[]): Block[] {
  const blocks: Block[] = [heading(1, `Key priorities for ${plan.year}`)];
  blocks.push(paragraph(`The partnership identified ${priorities.length} key ${priorities.length === 1 ? 'priority' : 'priorities'} for ${plan.year}.`));
  for (const p of priorities) {
    blocks.push(heading(2, priorityTitle(p)));
    if (p.commitments.length) blocks.push(paragraph([{ text: 'The partnership will:', bold: true }]), list(p.commitments));
    const evidence = paragraphsOf(p.evidence);
    if (evidence.length) blocks.push(heading(3, 'Evidence'), ...evidence.map((e) => paragraph(e)));
  }
  return blocks;
}

/** The initiatives table of a priority, or of the section outside the key priorities. */
function initiativesTable(plan: PlanDetail, p: PriorityDetail, withObjectives: boolean, priorityNumbers: Map<number, number>): Block {
  const layout = withObjectives ? WITH_OBJECTIVES : WITHOUT_OBJECTIVES;
  const rows = priorityRows(p, withObjectives, priorityNumbers);
  if (!rows.length) return paragraph(`No projects or initiatives have been recorded for this ${p.kind === 'key' ? 'priority' : 'section'} yet.`);
  // The section outside the key priorities is named once, in its heading; its table's caption says what it holds.
  const caption = p.kind === 'key' ? `${priorityTitle(p)}: projects and initiatives, ${plan.year}` : `Projects and initiatives outside the key priorities, ${plan.year}`;
  return { kind: 'table', caption, header: layout.header, rows, widths: layout.widths };
}

const numbersOf = (priorities: PriorityDetail[]) =>
  new Map(keyPriorities(priorities).flatMap((p) => (p.number === null ? [] : [[p.number, p.number] as [number, number]])));

function deliveryTables(plan: PlanDetail, priorities: PriorityDetail[], withObjectives: boolean): Block[] {
  const priorityNumbers = numbersOf(priorities);
  const blocks: Block[] = [pageBreak('landscape'), heading(1, 'Projects and initiatives by priority')];
  priorities.forEach((p, index) => {
    if (index > 0) blocks.push(pageBreak());
    blocks.push(heading(2, priorityTitle(p)), initiativesTable(plan, p, withObjectives, priorityNumbers));
  });
  return blocks;
}

/**
 * The one section for work outside the key priorities, shown once: its title, the plan's own words
 * about it, and its initiatives. Plans that only describe such work in words get the words alone.
 */
function otherSection(plan: PlanDetail, section: PriorityDetail | undefined, withObjectives: boolean): Block[] {
  const text = paragraphsOf(plan.otherSection);
  if (!section) {
    if (!text.length) return [];
    return [
      heading(1, 'Other vulnerabilities and opportunities for partnership working'),
      paragraph('These are not covered by the key priorities above.'),
      ...text.map((t) => paragraph(t)),
    ];
  }
  const blocks: Block[] = [pageBreak(), heading(1, section.title)];
  if (!/not covered by (the )?key priorities/i.test(section.title)) blocks.push(paragraph('This work is not one of the key priorities.'));
  blocks.push(...text.map((t) => paragraph(t)));
  if (section.commitments.length) blocks.push(paragraph([{ text: 'The partnership will:', bold: true }]), list(section.commitments));
  blocks.push(initiativesTable(plan, section, withObjectives, numbersOf(plan.priorities)));
  return blocks;
}

const KIND_ORDER = [PCC_KIND, STRAND_KIND];

function frameworksAppendix(plan: PlanDetail, initiatives: InitiativeDetail[]): Block[] {
  const items = new Map<number, FrameworkItemRef>();
  for (const i of initiatives) for (const f of i.frameworkItems) items.set(f.id, f);
  if (!items.size) return [];
  const byFramework = new Map<number, FrameworkItemRef[]>();
  for (const f of items.values()) byFramework.set(f.frameworkId, [...(byFramework.get(f.frameworkId) ?? []), f]);
  const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  const frameworks = [...byFramework.values()].sort((a, b) => rank(a[0]!.frameworkKind) - rank(b[0]!.frameworkKind) || a[0]!.frameworkName.localeCompare(b[0]!.frameworkName));
  const blocks: Block[] = [
    heading(1, 'Appendix: frameworks'),
    paragraph('The framework items the projects and initiatives in this plan contribute to. The "PCC priority" column gives the numbers of the Police and Crime Plan priorities; the "Strategy strand" column names the county strategy strands.'),
  ];
  for (const group of frameworks) {
    const first = group[0]!;
    const version = plan.frameworks.find((f) => f.id === first.frameworkId)?.versionLabel;
    blocks.push(heading(2, version ? `${first.frameworkName} (${version})` : first.frameworkName));
    blocks.push(list(group.sort((a, b) => byNumber(a.number, b.number)).map((f): Inline => [{ text: f.number, bold: true }, { text: ` ${f.title}` }])));
  }
  return blocks;
}

/** Who approved the plan and when, saying plainly which of the two is not recorded. */
export function approvalText(plan: Pick<PlanDetail, 'approvedByBodyName' | 'approvedOn'>): string {
  const by = plan.approvedByBodyName ? ` by the ${plan.approvedByBodyName}` : '';
  if (plan.approvedOn) return `approved${by} on ${formatDate(plan.approvedOn)}`;
  return `approved${by} (${by ? 'date' : 'body and date'} not recorded)`;
}

function statusLine(plan: PlanDetail): string {
  // A plan published without an approval on record says so rather than claim one.
  const approval = plan.approved ? approvalText(plan) : 'no approval recorded';
  const revision = plan.revision > 0 ? `, revision ${plan.revision}` : '';
  switch (plan.status) {
    case 'draft': return `Draft${revision}`;
    case 'approved': return `${approval[0]!.toUpperCase()}${approval.slice(1)}${revision}`;
    // The publication date is the one recorded when the plan was published; a plan published
    // before it was kept here may have none, and then none is given.
    case 'published': return `Published${plan.publishedAt ? ` on ${formatDate(plan.publishedAt)}` : ''}; ${approval}${revision}`;
    case 'revising': return `Revision ${plan.revision + 1} in preparation`;
  }
}

export function planDocument(plan: PlanDetail): Document {
  const sorted = [...plan.priorities].sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
  const priorities = keyPriorities(sorted);
  const outside = sorted.find((p) => p.kind === 'cross_cutting');
  const initiatives = sorted.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]);
  const withObjectives = sorted.some((p) => p.objectives.length > 0);
  const wide = priorities.length ? deliveryTables(plan, priorities, withObjectives) : [];
  // The section outside the key priorities sits with the wide tables when it has initiatives to list.
  const other = otherSection(plan, outside, withObjectives);
  const tail = [...(outside ? [] : other), ...frameworksAppendix(plan, initiatives)];
  const landscape = [...wide, ...(outside ? (wide.length ? other : [pageBreak('landscape'), ...other.slice(1)]) : [])];
  return {
    title: `Annual Partnership Plan ${plan.year}`,
    subtitle: statusLine(plan),
    partnershipName: plan.partnershipName,
    blocks: [
      ...introduction(plan),
      ...members(plan),
      ...keyPrioritiesBlock(plan, priorities),
      ...landscape,
      // Back to portrait after the wide tables, for the prose that follows.
      ...(tail.length ? [pageBreak('portrait'), ...tail] : []),
    ],
  };
}
