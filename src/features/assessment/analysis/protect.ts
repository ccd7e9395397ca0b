// Small counts on public pages when their total is shown too. A count of 1 to 4 is shown as
// "fewer than 5" (suppress.ts); but where the counts of a set are published with their total (the
// crime types of a ward add up to its crime total, its months to the year), one hidden count would
// be the total minus the others. So whenever a set hides a count, more counts are withheld — the
// smallest first, those of 6 or more before a 5 (a withheld 5 beside a hidden 1 adds up to 6, which
// only 1 + 5 makes) — until no hidden count can be worked out from the total and what a reader
// knows of the hidden ones (each small one is 1 to 4, each withheld one at least 5). If none is left
// to withhold, the total is withheld.
import { SMALL_NUMBER } from './suppress.ts';

/** A count as the public may see it. */
export type PublicCount =
  | { kind: 'count'; value: number }
  | { kind: 'fewer-than'; threshold: number }
  /** Hidden though not small, so that a small count cannot be worked out from the total. */
  | { kind: 'withheld' };

export const shownCount = (value: number): PublicCount => ({ kind: 'count', value });

export interface ProtectedSet {
  cells: PublicCount[];
  total: PublicCount;
}

const isSmall = (n: number, threshold: number) => n > 0 && n < threshold;

/**
 * Whether some small count can be worked out exactly from the sum of all the hidden counts, knowing
 * each small one is 1 to threshold−1 and each withheld one is at least threshold (with no upper limit).
 */
export function pinned(small: number[], withheld: number[], threshold = SMALL_NUMBER): boolean {
  const sum = [...small, ...withheld].reduce((s, n) => s + n, 0);
  const top = threshold - 1;
  return small.some(() => {
    const othersLeast = small.length - 1 + threshold * withheld.length;
    const othersMost = withheld.length ? Infinity : top * (small.length - 1);
    const low = Math.max(1, sum - othersMost);
    const high = Math.min(top, sum - othersLeast);
    return low === high;
  });
}

/** Protect the counts of a set whose total is published with them (zero is shown: it reveals nobody). */
export function protectSet(counts: number[], threshold = SMALL_NUMBER): ProtectedSet {
  const total = counts.reduce((s, n) => s + n, 0);
  const cells: PublicCount[] = counts.map((n) => (isSmall(n, threshold) ? { kind: 'fewer-than', threshold } : shownCount(n)));
  const small = counts.filter((n) => isSmall(n, threshold));
  if (small.length === 0) return { cells, total: shownCount(total) };
  if (isSmall(total, threshold)) return { cells, total: { kind: 'fewer-than', threshold } };
  // Candidates to withhold: smallest first, a count of exactly the threshold last.
  const candidates = counts.map((n, i) => ({ n, i })).filter((c) => c.n >= threshold)
    .sort((a, b) => Number(a.n === threshold) - Number(b.n === threshold) || a.n - b.n || a.i - b.i);
  const withheld: number[] = [];
  for (const c of candidates) {
    if (withheld.length && !pinned(small, withheld, threshold)) break;
    cells[c.i] = { kind: 'withheld' };
    withheld.push(c.n);
  }
  return { cells, total: pinned(small, withheld, threshold) ? { kind: 'withheld' } : shownCount(total) };
}

/** A single count with no total beside it. */
export const protectOne = (n: number, threshold = SMALL_NUMBER): PublicCount =>
  (isSmall(n, threshold) ? { kind: 'fewer-than', threshold } : shownCount(n));

/** The value of a count the public may see, else null. */
export const valueOf = (c: PublicCount): number | null => (c.kind === 'count' ? c.value : null);

/** In words, as a page shows it. */
export function countText(c: PublicCount): string {
  if (c.kind === 'count') return c.value.toLocaleString('en-GB');
  if (c.kind === 'fewer-than') return `fewer than ${c.threshold}`;
  return 'withheld';
}
