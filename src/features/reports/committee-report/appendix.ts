// Appendix A: the Annual Partnership Plan as its own document prints it (wide tables on landscape
// pages), its headings one level down so they sit under the appendix in the navigation pane.
import { paragraph, type Block, type Document } from '../../../documents/model.ts';

export function appendixA(plan: Document): Block[] {
  const demoted = plan.blocks.map((b): Block => (b.kind === 'heading' ? { ...b, level: b.level === 1 ? 2 : 3 } : b));
  return [paragraph([{ text: plan.title, bold: true }, ...(plan.subtitle ? [{ text: `. ${plan.subtitle}.` }] : [])]), ...demoted];
}
