// A generated section as plain text a coordinator can edit in a text box, and back again.
//
// The form: blocks separated by a blank line; "## " and "### " start sub-headings; "- " (or "1. ")
// starts a list item; "> " a source note; "**bold**" marks bold words. What text cannot hold (tables,
// figures, page breaks, a contents list) stays a placeholder line such as "[Table: Funding by partner]":
// it may be moved or deleted, never invented, so an edit cannot conjure figures the data do not give.
// A paragraph whose own text starts like one of these marks is written with a leading backslash.
import type { Block, Inline, Run } from '../../documents/model.ts';
import { runsOf } from '../../documents/model.ts';
import { ValidationError } from '../../platform/errors.ts';

/** The field name a text-box error is reported against. */
export const TEXT_FIELD = 'text';

/** A line that would read as a mark rather than text: escaped with a backslash when it is text. */
const MARK = /^(#|- |\* |> |\[|\\|\d+\. )/;

function inlineText(text: Inline): string {
  // Spaces around bold words stay outside the stars ("**Lead:** text"), as a person would type them.
  return runsOf(text).map((r) => {
    if (!r.bold || !r.text.trim()) return r.text;
    const [, before, words, after] = /^(\s*)(.*?)(\s*)$/s.exec(r.text)!;
    return `${before}**${words}**${after}`;
  }).join('').replace(/\s*\n\s*/g, ' ');
}

function escapeLine(line: string): string {
  return MARK.test(line) ? `\\${line}` : line;
}

/** The label of a block text cannot hold, or null for a block written as text. */
function placeholderBase(b: Block): string | null {
  switch (b.kind) {
    case 'table': return `Table: ${b.caption}`;
    case 'figure': return `Figure: ${b.caption ?? b.alt}`;
    case 'contents': return b.title ? `Contents: ${b.title}` : 'Contents';
    case 'pageBreak': return b.orientation ? `Page break: ${b.orientation}` : 'Page break';
    default: return null;
  }
}

/** Placeholder label → its block, numbered "(2)", "(3)" … where labels repeat. */
function placeholdersOf(blocks: readonly Block[]): Map<Block, string> {
  const seen = new Map<string, number>();
  const out = new Map<Block, string>();
  for (const b of blocks) {
    const base = placeholderBase(b);
    if (base === null) continue;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(b, n === 1 ? base : `${base} (${n})`);
  }
  return out;
}

/** A section's blocks as editable text. */
export function toText(blocks: readonly Block[]): string {
  const labels = placeholdersOf(blocks);
  return blocks.map((b): string => {
    const label = labels.get(b);
    if (label !== undefined) return `[${label}]`;
    switch (b.kind) {
      case 'heading': return `${b.level === 3 ? '###' : '##'} ${b.text}`;
      case 'paragraph': return escapeLine(inlineText(b.text));
      case 'list': return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlineText(item)}`).join('\n');
      case 'sourceNote': return `> ${inlineText(b.text)}`;
      default: return '';
    }
  }).join('\n\n');
}

/** "**bold** words" → runs; a string when nothing is bold. Unpaired stars stay as typed. */
export function parseInline(text: string): Inline {
  const runs: Run[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) runs.push({ text: text.slice(last, m.index) });
    runs.push({ text: m[1]!, bold: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs.some((r) => r.bold) ? runs : text;
}

interface Line { text: string; number: number }

/**
 * Text typed into the box → blocks, with placeholders resolved against the generated blocks.
 * Throws a ValidationError naming each line it cannot read; the caller keeps the text to show again.
 */
export function fromText(text: string, generated: readonly Block[]): Block[] {
  const byLabel = new Map([...placeholdersOf(generated)].map(([block, label]) => [label, block]));
  const used = new Set<string>();
  const problems: string[] = [];
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((t, i): Line => ({ text: t.trimEnd(), number: i + 1 }));

  // Paragraph lines and list items gather until a blank line or another kind of line ends them.
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', text: parseInline(para.join(' ')) });
    if (list) blocks.push({ kind: 'list', items: list.items.map(parseInline), ordered: list.ordered });
    para = [];
    list = null;
  };

  for (const { text: raw, number } of lines) {
    const line = raw.trimStart();
    if (line === '') { flush(); continue; }
    if (line.startsWith('\\')) {
      if (list) { list.items[list.items.length - 1] += ` ${line.slice(1)}`; continue; }
      para.push(line.slice(1));
      continue;
    }
    const placeholder = /^\[(.+)\]$/.exec(line);
    if (placeholder) {
      flush();
      const label = placeholder[1]!.trim();
      const block = byLabel.get(label);
      if (!block) problems.push(`Line ${number}: “[${label}]” is not a table, figure or break of this section. Keep each placeholder as it was generated, or delete its line`);
      else if (used.has(label)) problems.push(`Line ${number}: “[${label}]” is there twice. Each table, figure or break can be placed once`);
      else { used.add(label); blocks.push(block); }
      continue;
    }
    const headingMark = /^(#{2,3})\s+(.+)$/.exec(line);
    if (headingMark) {
      flush();
      blocks.push({ kind: 'heading', level: headingMark[1]!.length as 2 | 3, text: headingMark[2]!.trim() });
      continue;
    }
    if (/^#/.test(line)) {
      problems.push(`Line ${number}: a sub-heading starts with “## ” or “### ” then its text`);
      continue;
    }
    const note = /^>\s?(.*)$/.exec(line);
    if (note) {
      flush();
      if (note[1]!.trim()) blocks.push({ kind: 'sourceNote', text: parseInline(note[1]!.trim()) });
      continue;
    }
    const item = /^(?:([-*])|(\d+)\.)\s+(.*)$/.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      if (para.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[3]!.trim());
      continue;
    }
    // A line under a list item, not itself an item, continues that item.
    if (list) { list.items[list.items.length - 1] += ` ${line}`; continue; }
    para.push(line);
  }
  flush();

  if (!problems.length && !blocks.length) problems.push('The section has no text. To go back to the generated text, reset the section instead');
  if (problems.length) throw new ValidationError(problems.map((message) => ({ field: TEXT_FIELD, message })));
  return blocks;
}
