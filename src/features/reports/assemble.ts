// Generated sections (with any edits a coordinator made) → one Document the renderers print.
// Numbering happens here, after edits, so an added or removed paragraph renumbers the rest.
import type { Block, Document } from '../../documents/model.ts';
import { heading, pageBreak, paragraph } from '../../documents/model.ts';
import type { GeneratedReport, ReportSection } from './types.ts';

/** Edited blocks by section key; a section without an entry keeps what the builder wrote. */
export type SectionEdits = ReadonlyMap<string, readonly Block[]>;

/**
 * Numbers a section the way committee papers do: the section heading "N", then each paragraph and
 * sub-heading inside it "N.1", "N.2" … in reading order. Lists, tables and figures are not numbered.
 */
export function numberSection(number: number, title: string, blocks: readonly Block[]): Block[] {
  let k = 0;
  const body = blocks.map((b): Block => {
    if (b.kind === 'paragraph') return { ...b, number: `${number}.${++k}` };
    if (b.kind === 'heading' && b.level > 1) return { ...b, number: `${number}.${++k}` };
    return b;
  });
  return [{ kind: 'heading', level: 1, text: title, number: String(number) }, ...body];
}

function sectionBlocks(section: ReportSection, blocks: readonly Block[], number: number | null): Block[] {
  const body = number === null
    ? [{ kind: 'heading', level: 1, text: section.title } as Block, ...blocks]
    : numberSection(number, section.title, blocks);
  return section.newPage ? [pageBreak(), ...body] : body;
}

const bodyOf = (s: ReportSection, edits: SectionEdits): readonly Block[] => (s.editable && edits.get(s.key)) || s.blocks;

/** What a derived section reads: the title and every other section as printed (titles and edited text). */
export function printedBlocks(report: GeneratedReport, edits: SectionEdits = new Map()): Block[] {
  return [heading(1, report.title), ...(report.subtitle ? [paragraph(report.subtitle)] : []),
    ...report.sections.filter((s) => !s.derive).flatMap((s) => [heading(1, s.title), ...bodyOf(s, edits)])];
}

export function assembleDocument(report: GeneratedReport, edits: SectionEdits = new Map()): Document {
  // A derived section reads the others as printed, then takes its place.
  const rest = printedBlocks(report, edits);
  let n = 0;
  const blocks = report.sections.flatMap((s) =>
    sectionBlocks(s, s.derive ? s.derive(rest) : bodyOf(s, edits), s.numbered === false ? null : ++n));
  return {
    title: report.title,
    ...(report.subtitle ? { subtitle: report.subtitle } : {}),
    partnershipName: report.partnershipName,
    ...(report.logo ? { logo: report.logo } : {}),
    ...(report.runningHeader ? { runningHeader: report.runningHeader } : {}),
    blocks,
  };
}
