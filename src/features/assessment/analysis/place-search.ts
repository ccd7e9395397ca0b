// What a resident types ("on or near magdalen st", "Magdalen") turned into the LIKE patterns the
// places index is searched with: matched without police.uk's "On or near " prefix, in lower case.

const PREFIX = 'on or near ';

/** The typed text as a place key: lower case, single spaces, no "On or near " (nor a start of it). */
export function placeKey(text: string): string {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trimStart();
  if (PREFIX.startsWith(t)) return '';
  return (t.startsWith(PREFIX) ? t.slice(PREFIX.length) : t).trim();
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, '\\$&');

/** LIKE patterns for a place starting with the key, and for a word of it starting with the key; null when nothing was typed. */
export function placePatterns(text: string): { starts: string; wordStarts: string } | null {
  const key = placeKey(text);
  if (key === '') return null;
  const k = escapeLike(key);
  return { starts: `${k}%`, wordStarts: `% ${k}%` };
}
