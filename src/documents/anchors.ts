// Link targets for headings, so a contents list can point at them: HTML ids (kept as links in the
// PDF) and Word bookmarks share the same names. Word wants bookmark names that start with a letter,
// hold only letters, digits and underscores, and are at most 40 characters long.
import type { Block, Heading } from './model.js';

/** One anchor name per heading of the document, unique within it. */
export function headingAnchors(blocks: readonly Block[]): Map<Heading, string> {
  const anchors = new Map<Heading, string>();
  const used = new Set<string>();
  let index = 0;
  for (const b of blocks) {
    if (b.kind !== 'heading' || anchors.has(b)) continue;
    index++;
    const numbered = b.number?.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    let name = numbered ? `sec_${numbered}`.slice(0, 34) : `head_${index}`;
    // Two headings may carry the same number (an appendix restarting at 1): the later one gets a suffix.
    if (used.has(name)) name = `${name}_h${index}`;
    used.add(name);
    anchors.set(b, name);
  }
  return anchors;
}
