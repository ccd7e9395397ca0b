// Totals of the ledger by financial year and by funder. A stream for several years is not split
// between them (the ledger does not know how it was spent year by year): it is counted once, under
// "Several years", so the totals always add up to the ledger's whole.
import { yearLabel } from '../partnerships/years.ts';
import type { StreamRow } from './types.ts';

export interface Total { label: string; pence: number; streams: number }

export const SEVERAL_YEARS = 'Several years';
export const YEAR_NOT_RECORDED = 'Year not recorded';
export const FUNDER_NOT_RECORDED = 'Funder not recorded';

function add(totals: Map<string, Total>, label: string, pence: number) {
  const t = totals.get(label) ?? { label, pence: 0, streams: 0 };
  t.pence += pence;
  t.streams += 1;
  totals.set(label, t);
}

/** By financial year, oldest first; several years and no year last. */
export function totalsByYear(streams: Pick<StreamRow, 'financialYears' | 'amountPence'>[]): Total[] {
  const byYear = new Map<string, Total>();
  for (const s of streams) {
    const label = s.financialYears.length === 1 ? yearLabel(s.financialYears[0]!) : s.financialYears.length ? SEVERAL_YEARS : YEAR_NOT_RECORDED;
    add(byYear, label, s.amountPence);
  }
  const rank = (l: string) => (l === SEVERAL_YEARS ? 1 : l === YEAR_NOT_RECORDED ? 2 : 0);
  return [...byYear.values()].sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
}

/** By funder, largest first; streams with no funder recorded last. */
export function totalsByFunder(streams: Pick<StreamRow, 'funder' | 'amountPence'>[]): Total[] {
  const byFunder = new Map<string, Total>();
  for (const s of streams) add(byFunder, s.funder ?? FUNDER_NOT_RECORDED, s.amountPence);
  const last = (l: string) => (l === FUNDER_NOT_RECORDED ? 1 : 0);
  return [...byFunder.values()].sort((a, b) => last(a.label) - last(b.label) || b.pence - a.pence || a.label.localeCompare(b.label));
}

export const sumPence = (totals: Total[]): number => totals.reduce((n, t) => n + t.pence, 0);
