// Draft the evidence sentence a strategic assessment uses for each crime type, e.g.
// "Possession of weapons rose 31% to 210 offences (force-wide +9%)." Officers edit the draft;
// the wording here only has to be correct and plain.
import { change, round } from './change.ts';

export interface EvidenceInput {
  type: string;
  count: number;
  previousCount: number;
  /** The same change force-wide, in %, if known. */
  forceChangePct?: number | null;
  /** 'incidents' for anti-social behaviour; 'offences' otherwise. */
  unit?: 'offences' | 'incidents';
}

const num = (n: number): string => n.toLocaleString('en-GB');
const signed = (pct: number): string => (pct > 0 ? `+${pct}%` : pct < 0 ? `-${Math.abs(pct)}%` : '0%');

export function draftEvidence(i: EvidenceInput): string {
  const unit = i.unit ?? (i.type === 'Anti-social behaviour' ? 'incidents' : 'offences');
  const noun = (n: number): string => `${num(n)} ${n === 1 ? unit.slice(0, -1) : unit}`;
  const { pctChange } = change(i.count, i.previousCount);
  let body: string;
  if (pctChange === null) {
    body = i.count === 0 ? `${i.type}: no ${unit} in either period` : `${i.type} rose from none to ${noun(i.count)}`;
  } else {
    const pct = round(pctChange);
    if (pct === 0) body = `${i.type} stayed level at ${noun(i.count)}`;
    else body = `${i.type} ${pct > 0 ? 'rose' : 'fell'} ${Math.abs(pct)}% to ${noun(i.count)}`;
  }
  const force = i.forceChangePct === undefined || i.forceChangePct === null ? '' : ` (force-wide ${signed(round(i.forceChangePct))})`;
  return `${body}${force}.`;
}
