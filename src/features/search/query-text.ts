// What a person types in the search box, turned into a PostgreSQL text-search query. Only words
// (letters and digits) pass, so nothing typed can be read as tsquery syntax; every word must match,
// and the last one also as the start of a longer word (someone still typing "knif" finds "knife").
// The english stemmer leaves irregular plurals apart ("knives" → knive, "knife" → knife), so a word
// with a known irregular form is looked for in either form.

/** Irregular singular and plural forms the stemmer does not bring together. */
const IRREGULAR: readonly (readonly [string, string])[] = [
  ['knife', 'knives'], ['life', 'lives'], ['wife', 'wives'], ['thief', 'thieves'], ['wolf', 'wolves'], ['half', 'halves'],
  ['leaf', 'leaves'], ['shelf', 'shelves'], ['self', 'selves'], ['child', 'children'], ['man', 'men'], ['woman', 'women'],
  ['person', 'people'], ['mouse', 'mice'], ['foot', 'feet'], ['tooth', 'teeth'], ['criterion', 'criteria'], ['analysis', 'analyses'],
];
const OTHER_FORM = new Map(IRREGULAR.flatMap(([one, many]) => [[one, many], [many, one]] as const));

/** Most words a query may have, and the longest word kept (a longer one is not a word anyone types). */
export const MAX_WORDS = 12;
const MAX_WORD_LENGTH = 40;

/** The words of the text, lower-cased, in order (apostrophes dropped: "children's" → childrens). */
export function wordsOf(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length <= MAX_WORD_LENGTH).slice(0, MAX_WORDS);
}

/** The tsquery text for `to_tsquery('english', …)`, or null when nothing searchable was typed. */
export function tsQueryOf(text: string): string | null {
  const words = wordsOf(text);
  if (words.length === 0) return null;
  return words.map((w, i) => {
    const forms = [w, ...(OTHER_FORM.has(w) ? [OTHER_FORM.get(w)!] : [])];
    const last = i === words.length - 1;
    const terms = forms.map((f) => (last ? `${f}:*` : f));
    return terms.length > 1 ? `(${terms.join(' | ')})` : terms[0]!;
  }).join(' & ');
}
