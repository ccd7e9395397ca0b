// The Annual Partnership Plan as a generated report: the plan's own document cut into sections at
// its top-level headings. The plan is edited on its own pages, so none of these sections is editable
// here; the report machinery only versions, publishes and exports it.
import type { Block, Document } from '../../documents/model.ts';
import { ANONYMOUS } from '../../platform/auth/actor.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { PlansService } from '../plans/service.ts';
import type { ReportBuilder, ReportSection } from './types.ts';

/** "Members of the partnership" → "members-of-the-partnership", kept unique within the report. */
function keyOf(title: string, taken: Set<string>): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'section';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/**
 * Sections from a document's level-1 headings. A page break just before a heading belongs to the
 * section before it (assembly prints each section's heading first), so the page still turns there.
 */
export function sectionsOfDocument(doc: Document): ReportSection[] {
  const sections: ReportSection[] = [];
  const taken = new Set<string>();
  let pending: Block[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'heading' && block.level === 1) {
      const last = sections.at(-1);
      if (last) last.blocks.push(...pending);
      else if (pending.length) sections.push({ key: keyOf(doc.title, taken), title: doc.title, blocks: pending, editable: false, numbered: false });
      pending = [];
      sections.push({ key: keyOf(block.text, taken), title: block.text, blocks: [], editable: false, numbered: false });
    } else if (block.kind === 'pageBreak') {
      pending.push(block);
    } else {
      const last = sections.at(-1);
      if (last) { last.blocks.push(...pending, block); pending = []; } else pending.push(block);
    }
  }
  const last = sections.at(-1);
  if (last) last.blocks.push(...pending);
  else if (pending.length) sections.push({ key: keyOf(doc.title, taken), title: doc.title, blocks: pending, editable: false, numbered: false });
  return sections;
}

export function planReportBuilder(deps: { plans: Pick<PlansService, 'get' | 'document'> }): ReportBuilder {
  return {
    kind: 'plan',
    async build({ partnership, scope, actor, progress }) {
      if (!('year' in scope)) throw new ValidationError([{ field: 'year', message: 'The plan is made for a plan year, not a meeting' }]);
      progress('Reading the plan', 0.1);
      const plan = await deps.plans.get(partnership, scope.year, actor);
      // Once a plan is published, its document is what was published (a revision in progress stays
      // on the plan's pages); before that, members work from the draft, which may not be published.
      const everPublished = plan.status === 'published' || plan.status === 'revising';
      const doc = await deps.plans.document(partnership, scope.year, everPublished ? ANONYMOUS : actor);
      progress('Laying out the plan', 0.6);
      const asOf = plan.publishedAt ?? plan.approvedOn;
      return {
        kind: 'plan', title: doc.title, ...(doc.subtitle ? { subtitle: doc.subtitle } : {}),
        partnershipName: doc.partnershipName, ...(doc.logo ? { logo: doc.logo } : {}),
        sections: sectionsOfDocument(doc),
        asOf: asOf ? new Date(asOf) : new Date(),
        ...(everPublished ? {} : { unpublishedInputs: true }),
      };
    },
  };
}
