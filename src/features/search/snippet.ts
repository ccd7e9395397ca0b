// Highlighted snippets: PostgreSQL's ts_headline marks the matched words with two private-use
// characters (never in stored text: they are removed when a record is indexed); the text is escaped
// for HTML first and only then are the marks turned into <mark> elements, so nothing a record says
// can become markup on the results page.

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const MARKS = /[\uE000\uE001]/g;

/** Text as stored for search: without the characters that stand for highlight marks. */
export const withoutMarks = (text: string): string => text.replace(MARKS, '');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The headline as safe HTML: every character escaped, the matched words in <mark>. */
export function highlightedHtml(headline: string): string {
  const escaped = headline.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  // A start mark without its end (a cut headline) is closed at the end, so the markup stays balanced.
  let open = false;
  const html = escaped.replace(MARKS, (m) => {
    if (m === MARK_START && !open) { open = true; return '<mark>'; }
    if (m === MARK_END && open) { open = false; return '</mark>'; }
    return '';
  });
  return open ? `${html}</mark>` : html;
}

/** The headline as plain text (the API's snippet): the marks removed. */
export const plainHeadline = (headline: string): string => headline.replace(MARKS, '');
