// Numbers as the report prints them: en-GB thousands, one decimal for rates and percentages, a sign
// on changes, and "not recorded" where a figure is absent (never a zero that was not measured).

export const NOT_RECORDED = 'not recorded';

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? NOT_RECORDED : n.toLocaleString('en-GB'));

const oneDp = (n: number) => n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 12.345 → "12.3"; a rate below 0.05 would read "0.0", so it is "below 0.1". */
export const rate = (n: number | null | undefined): string =>
  (n === null || n === undefined ? NOT_RECORDED : n > 0 && n < 0.05 ? 'below 0.1' : oneDp(n));

/** 4.26 → "+4.3%", −3 → "−3.0%". */
export const pct = (n: number | null | undefined): string => {
  if (n === null || n === undefined) return NOT_RECORDED;
  const r = Math.round(n * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${oneDp(Math.abs(r))}%`;
};

/** A signed whole-number change: +12, −4, 0. */
export const signed = (n: number | null | undefined): string =>
  (n === null || n === undefined ? NOT_RECORDED : `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString('en-GB')}`);

/** "a, b and c". */
export const listing = (items: readonly string[]): string =>
  (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** "1 month", "7 months". */
export const plural = (n: number, word: string): string => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
