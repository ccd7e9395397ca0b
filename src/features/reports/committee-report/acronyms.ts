// The acronyms table: exactly the acronyms the printed document uses. Candidates come from the
// partnership's organisations, its own glossary and a short list of terms common in community
// safety work; the document's text (edits included) decides which are listed.
import { plainText, type Block, type Table } from '../../../documents/model.ts';
import type { Organisation, Partnership } from '../../partnerships/service.ts';
import type { GlossaryTerm } from './inputs.ts';

/** Terms community safety papers use often, for partnerships that have not written their own glossary. */
export const COMMON_TERMS: readonly GlossaryTerm[] = [
  { term: 'ASB', meaning: 'Anti-social behaviour' },
  { term: 'CCTV', meaning: 'Closed-circuit television' },
  { term: 'CSP', meaning: 'Community Safety Partnership' },
  { term: 'CYP', meaning: 'Children and young people' },
  { term: 'DA', meaning: 'Domestic abuse' },
  { term: 'DHR', meaning: 'Domestic Homicide Review' },
  { term: 'IDVA', meaning: 'Independent Domestic Violence Adviser' },
  { term: 'LSOA', meaning: 'Lower layer Super Output Area' },
  { term: 'MARAC', meaning: 'Multi-Agency Risk Assessment Conference' },
  { term: 'MSHT', meaning: 'Modern slavery and human trafficking' },
  { term: 'NHS', meaning: 'National Health Service' },
  { term: 'NTE', meaning: 'Night-time economy' },
  { term: 'OCG', meaning: 'Organised crime group' },
  { term: 'ONS', meaning: 'Office for National Statistics' },
  { term: 'PCC', meaning: 'Police and Crime Commissioner' },
  { term: 'PFCC', meaning: 'Police, Fire and Crime Commissioner' },
  { term: 'PSPO', meaning: 'Public Spaces Protection Order' },
  { term: 'RTC', meaning: 'Road traffic collision' },
  { term: 'VAWG', meaning: 'Violence against women and girls' },
  { term: 'YOS', meaning: 'Youth Offending Service' },
];

/**
 * Every term the table may list, with its meaning. The partnership's own glossary wins, then its
 * organisations (their own names), then the partnership's short name, then the common terms.
 */
export function candidateTerms(p: Pick<Partnership, 'name' | 'shortName'>, organisations: readonly Organisation[],
  glossary: readonly GlossaryTerm[]): Map<string, string> {
  const terms = new Map<string, string>();
  const add = (term: string | null, meaning: string) => {
    const t = term?.trim();
    if (t && !terms.has(t)) terms.set(t, meaning.trim());
  };
  for (const g of glossary) add(g.term, g.meaning);
  for (const o of organisations) add(o.acronym, o.name);
  add(p.shortName, p.name);
  for (const c of COMMON_TERMS) add(c.term, c.meaning);
  return terms;
}

/** Every piece of text a block prints. */
export function blockText(b: Block): string[] {
  switch (b.kind) {
    case 'heading': return [b.text];
    case 'paragraph': return [plainText(b.text)];
    case 'list': return b.items.map(plainText);
    case 'table': return [b.caption, ...b.header, ...b.rows.flatMap((r) => r.flatMap((c) => c.paragraphs.map(plainText)))];
    case 'figure': return [b.alt, b.caption ?? '', ...b.data.header, ...b.data.rows.flat()];
    case 'sourceNote': return [plainText(b.text)];
    case 'contents': return [b.title];
    case 'pageBreak': return [];
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `term` is used in `text` as a word of its own (a plural "CSPs" counts; "CSPx" does not). */
export function usesTerm(text: string, term: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}s?(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * The terms the text uses, with their meanings. A meaning may itself use a term ("NHS" in the name
 * of an NHS board), and that term is then in the document too: repeat until nothing new is found.
 */
export function termsUsed(text: string, candidates: ReadonlyMap<string, string>): GlossaryTerm[] {
  const used = new Map<string, string>();
  let scan = text;
  for (;;) {
    const found = [...candidates].filter(([t]) => !used.has(t) && usesTerm(scan, t));
    if (!found.length) break;
    for (const [t, m] of found) used.set(t, m);
    scan = found.map(([, m]) => m).join('\n');
  }
  return [...used].map(([term, meaning]) => ({ term, meaning })).sort((a, b) => a.term.localeCompare(b.term, 'en-GB'));
}

export function acronymsTable(rest: readonly Block[], candidates: ReadonlyMap<string, string>): Block[] {
  const used = termsUsed(rest.flatMap(blockText).join('\n'), candidates);
  if (!used.length) return [{ kind: 'paragraph', text: 'This report uses no acronyms.' }];
  const table: Table = {
    kind: 'table', caption: 'Acronyms used in this report', header: ['Acronym', 'Meaning'], widths: [20, 80],
    rows: used.map((u) => [{ paragraphs: [u.term], rowHeader: true }, { paragraphs: [u.meaning] }]),
  };
  return [table];
}
