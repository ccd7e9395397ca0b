// A published generated report, as the HTML and Word packs carry it under its agenda item: its own
// numbered sections and paragraphs (so "paragraph 4.2" means the same in every copy), its headings one
// level below the item's, and without its contents list, which would list the whole pack's headings.
import type { Block, Document, Heading } from '../../../documents/model.ts';
import { pageBreak, paragraph } from '../../../documents/model.ts';

const lower = (level: Heading['level']): Heading['level'] => (level === 1 ? 2 : 3);

export function reportTextBlocks(doc: Document): Block[] {
  const body = doc.blocks
    .filter((b) => b.kind !== 'contents')
    .map((b): Block => (b.kind === 'heading' ? { ...b, level: lower(b.level) } : b));
  // The pack starts the item on a new page already.
  while (body[0]?.kind === 'pageBreak' && !body[0].orientation) body.shift();
  // A report that ends on landscape pages (a plan's wide tables) hands the pack back in portrait.
  const last = [...body].reverse().find((b) => b.kind === 'pageBreak' && b.orientation);
  const back = last?.kind === 'pageBreak' && last.orientation === 'landscape' ? [pageBreak('portrait')] : [];
  return [...(doc.subtitle ? [paragraph(doc.subtitle)] : []), ...body, ...back];
}
