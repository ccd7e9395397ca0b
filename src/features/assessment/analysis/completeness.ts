// Say which months a period lacks, and compare like with like: when either period has gaps,
// the change is worked out over the months present in both (the same calendar months a year
// apart), never over a full year against a part year.
import { monthName, type Period } from './months.ts';

export interface Completeness {
  missingCurrent: string[];
  missingPrevious: string[];
  complete: boolean;
  /** Months of the current period used for the comparison (all, or those whose match is present). */
  current: string[];
  /** Their matching months in the previous period, in the same order. */
  previous: string[];
  /** A sentence for the report when months are missing, else null. */
  note: string | null;
}

const list = (months: string[]): string => {
  const names = months.map(monthName);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
};

export function completeness(current: Period, previous: Period, available: Iterable<string>): Completeness {
  const have = new Set(available);
  const missingCurrent = current.months.filter((m) => !have.has(m));
  const missingPrevious = previous.months.filter((m) => !have.has(m));
  // Pair months by position: for 12-month periods that is the same calendar month a year apart.
  const cur: string[] = [];
  const prev: string[] = [];
  current.months.forEach((m, i) => {
    const match = previous.months[i];
    if (match !== undefined && have.has(m) && have.has(match)) {
      cur.push(m);
      prev.push(match);
    }
  });
  const complete = missingCurrent.length === 0 && missingPrevious.length === 0;
  let note: string | null = null;
  if (!complete) {
    const sentence =
      missingCurrent.length && missingPrevious.length
        ? `Figures are missing for ${list(missingCurrent)} and, in the period before, for ${list(missingPrevious)}`
        : missingCurrent.length
          ? `Figures are missing for ${list(missingCurrent)}`
          : `Figures for the period before are missing for ${list(missingPrevious)}`;
    note = cur.length
      ? `${sentence}, so changes compare the ${cur.length} month${cur.length === 1 ? '' : 's'} present in both periods.`
      : `${sentence}, so no change can be shown.`;
  }
  return { missingCurrent, missingPrevious, complete, current: cur, previous: prev, note };
}
