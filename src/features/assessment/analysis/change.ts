// Change, percentage change and rates: small rules used by every table and sentence, so they
// round and treat zero the same way everywhere.

export interface Change {
  change: number;
  /** Percentage change; null when the previous count is 0 (a rise from nothing has no %). */
  pctChange: number | null;
}

export function change(count: number, previous: number): Change {
  return { change: count - previous, pctChange: previous === 0 ? null : ((count - previous) / previous) * 100 };
}

/** Rate per 1,000 residents; null without a population. */
export function ratePer1000(count: number, population: number | undefined | null): number | null {
  return population ? (count / population) * 1000 : null;
}

/** Round half away from zero to `dp` decimals (Math.round rounds -2.5 to -2). */
export function round(n: number, dp = 0): number {
  const f = 10 ** dp;
  return (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
}
