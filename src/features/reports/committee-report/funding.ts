// Funding from partners: the ledger's streams for the plan years the period touches, totalled by
// the organisation that gave them. Streams with no year recorded cannot be placed in a year, so
// they are named apart rather than counted (or silently dropped).
import { cell, list, paragraph, sourceNote, type Block, type Cell } from '../../../documents/model.ts';
import { formatPounds } from '../../../platform/money.ts';
import { yearLabel } from '../../partnerships/years.ts';
import type { Stream } from '../../funding/types.ts';
import type { ReportInputs } from './inputs.ts';
import type { ReportingPeriod } from './period.ts';
import { joinWords } from './text.ts';

export const FUNDER_NOT_RECORDED = 'Funder not recorded';

/** Streams for the period's plan years, and those with no year whose dates do not rule the period out. */
export function fundingOfPeriod(streams: readonly Stream[], period: ReportingPeriod) {
  const years = new Set(period.planYears);
  const counted = streams.filter((s) => s.financialYears.some((y) => years.has(y)));
  const undated = streams.filter((s) => s.financialYears.length === 0
    && !(s.awardedOn && s.awardedOn > period.to) && !(s.endsOn && s.endsOn < period.from));
  return { counted, undated };
}

export interface FunderTotal { funder: string; streams: number; pence: number }

/** Totals by funder, largest first; the funder not recorded last. */
export function totalsByFunder(streams: readonly Stream[]): FunderTotal[] {
  const totals = new Map<string, FunderTotal>();
  for (const s of streams) {
    const funder = s.funder ?? FUNDER_NOT_RECORDED;
    const t = totals.get(funder) ?? { funder, streams: 0, pence: 0 };
    t.streams += 1;
    t.pence += s.amountPence;
    totals.set(funder, t);
  }
  const last = (f: string) => (f === FUNDER_NOT_RECORDED ? 1 : 0);
  return [...totals.values()].sort((a, b) => last(a.funder) - last(b.funder) || b.pence - a.pence || a.funder.localeCompare(b.funder));
}

export function fundingFromPartners(i: ReportInputs): Block[] {
  const { counted, undated } = fundingOfPeriod(i.streams, i.period);
  const years = joinWords(i.period.planYears.map(yearLabel));
  const blocks: Block[] = [];
  if (!counted.length) {
    blocks.push(paragraph(`The funding ledger records no funding for ${years}.`));
  } else {
    const totals = totalsByFunder(counted);
    const total = totals.reduce((n, t) => n + t.pence, 0);
    blocks.push(paragraph(`Partners and other funders gave ${formatPounds(total)} for the partnership’s work in ${years}, in ${counted.length} ${counted.length === 1 ? 'award' : 'awards'}:`));
    const row = (name: string, streams: number, pence: number, header = true): Cell[] =>
      [{ ...cell(name), rowHeader: header }, cell(String(streams)), cell(formatPounds(pence))];
    blocks.push({
      kind: 'table', caption: `Funding by funder, ${years}`, header: ['Funder', 'Awards', 'Amount'], widths: [60, 15, 25],
      rows: [...totals.map((t) => row(t.funder, t.streams, t.pence)), row('Total', counted.length, total)],
    });
    blocks.push(sourceNote('Source: the partnership’s funding ledger. An award for more than one year is counted once, in full.'));
  }
  if (undated.length) {
    blocks.push(paragraph('The ledger also holds funding with no financial year recorded. It is not counted above:'));
    blocks.push(list(undated.map((s) => `${s.name}: ${formatPounds(s.amountPence)}${s.funder ? ` from ${s.funder}` : ''}`)));
  }
  return blocks;
}
