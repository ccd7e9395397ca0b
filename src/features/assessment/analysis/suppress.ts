// Small-number suppression for public pages: counts of 1 to 4 are shown as "fewer than 5" so
// that individuals cannot be identified. Zero is shown: it reveals nothing about anyone.
export const SMALL_NUMBER = 5;

export interface Shown {
  text: string;
  suppressed: boolean;
}

export function suppressSmall(n: number, threshold = SMALL_NUMBER): Shown {
  if (n > 0 && n < threshold) return { text: `fewer than ${threshold}`, suppressed: true };
  return { text: n.toLocaleString('en-GB'), suppressed: false };
}

/** A rate or change worked out from a suppressed count would reveal it: hide it too. */
export const showDerived = (counts: number[], threshold = SMALL_NUMBER): boolean => counts.every((n) => n === 0 || n >= threshold);
