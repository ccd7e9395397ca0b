// A generated document's words, for search: headings, paragraphs, lists, tables' cells and figures'
// captions and data, in reading order (a chart's picture has no words of its own).
import { plainText, type Block } from '../../documents/model.ts';

export function documentWords(blocks: readonly Block[]): string {
  return blocks.map((b): string => {
    switch (b.kind) {
      case 'heading': return b.text;
      case 'paragraph': case 'sourceNote': return plainText(b.text);
      case 'list': return b.items.map(plainText).join('\n');
      case 'table': return [b.caption, b.header.join(' '), ...b.rows.map((r) => r.map((c) => c.paragraphs.map(plainText).join(' ')).join(' '))].join('\n');
      case 'figure': return [b.caption ?? '', b.alt, ...b.data.rows.map((r) => r.join(' '))].join('\n');
      default: return '';
    }
  }).filter((t) => t.trim() !== '').join('\n');
}
