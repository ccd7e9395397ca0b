// Rank districts by rate and pick hotspots. Ties share a rank (1, 2, 2, 4) so that two districts
// with the same rate are never reported as one above the other.

export interface Ranked<T> {
  item: T;
  rank: number;
}

/** Rank 1 = highest value. Items without a value (no population) are left out. */
export function rankDescending<T>(items: T[], value: (t: T) => number | null): Ranked<T>[] {
  const withValue = items.filter((t) => value(t) !== null).sort((a, b) => value(b)! - value(a)!);
  const out: Ranked<T>[] = [];
  withValue.forEach((item, i) => {
    const prev = out[i - 1];
    out.push({ item, rank: prev && value(prev.item) === value(item) ? prev.rank : i + 1 });
  });
  return out;
}

/** The top `n` by count (ties broken by name so the list is stable), zero counts left out. */
export function topN<T>(items: T[], count: (t: T) => number, name: (t: T) => string, n = 5): T[] {
  return items
    .filter((t) => count(t) > 0)
    .sort((a, b) => count(b) - count(a) || name(a).localeCompare(name(b)))
    .slice(0, n);
}
