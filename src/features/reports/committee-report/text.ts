// Small wording helpers the committee report's sections share, so figures read the same everywhere.
const WORDS = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve'];

/** 2 → "Two", as committee papers name their priorities ("Priority Two"); past twelve, the digits. */
export const numberWord = (n: number): string => WORDS[n] ?? String(n);

/** 2059 → "2,059". */
export const count = (n: number): string => n.toLocaleString('en-GB');

/** 23.66 → "23.7%": one decimal place, as the figures are usually quoted. */
export const percent = (n: number): string => `${(Math.round(n * 10) / 10).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

/** A change in words: "up 23.7%", "down 4.0%", "no change"; null (nothing to compare) → "not comparable". */
export function changeWords(pct: number | null): string {
  if (pct === null) return 'not comparable';
  const rounded = Math.round(pct * 10) / 10;
  if (rounded === 0) return 'no change';
  return `${rounded > 0 ? 'up' : 'down'} ${percent(Math.abs(rounded))}`;
}

/** A change for a table cell: "+23.7%", "−4.0%", "0.0%", or "–" where nothing can be compared. */
export function signedPercent(pct: number | null): string {
  if (pct === null) return '–';
  const rounded = Math.round(pct * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${percent(Math.abs(rounded))}`;
}

/** A rate per 1,000 to one decimal place, or "not recorded" without a population. */
export const rate = (r: number | null): string => (r === null ? 'not recorded' : (Math.round(r * 10) / 10).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** "Colchester Borough Council (CBC)": the full name once, with the short form the report uses. */
export function nameWithAcronym(o: { name: string; acronym: string | null }): string {
  return o.acronym && !o.name.includes(`(${o.acronym})`) ? `${o.name} (${o.acronym})` : o.name;
}

/** "a, b and c". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
