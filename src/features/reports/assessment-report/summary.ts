// The summary: the year assessed and the plan it informs, the headline figures, the highest ranked
// issues and the priorities chosen. Editable: the builder drafts it from the data.
import { paragraph, type Block } from '../../../documents/model.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { keyPriorities } from '../../plans/priority-label.ts';
import { formatPeriod } from '../../../platform/dates.ts';
import type { AssessmentResult } from '../../assessment/types.ts';
import type { AssessmentInputs } from './inputs.ts';
import { listing, num, pct, plural, rate } from './format.ts';

/** "rose 4.2%" / "fell 3.0%" / "did not change", with the force beside it where known. */
function changeWords(changePct: number | null, forcePct: number | null): string {
  if (changePct === null) return 'cannot be compared with the year before';
  const r = Math.round(changePct * 10) / 10;
  const words = r > 0 ? `rose ${pct(r).slice(1)}` : r < 0 ? `fell ${pct(r).slice(1)}` : 'did not change';
  return forcePct === null ? words : `${words} (force-wide ${pct(forcePct)})`;
}

/** Crime types that moved most, among those with enough offences for a percentage to mean something. */
function biggestRises(r: AssessmentResult): string[] {
  return r.crimeTypes
    .filter((t) => t.changePct !== null && t.changePct > 0 && t.comparedPreviousCount >= 20)
    .sort((a, b) => b.changePct! - a.changePct!)
    .slice(0, 3)
    .map((t) => `${t.type} (${pct(t.changePct)}, to ${num(t.comparedCount)})`);
}

export function summaryBlocks(inputs: AssessmentInputs): Block[] {
  const year = yearLabel(inputs.planYear);
  const r = inputs.result;
  const blocks: Block[] = [];
  blocks.push(paragraph(`This Strategic Assessment covers ${formatPeriod(inputs.period.from, inputs.period.to)} and informs the priorities of the ${year} plan.`));
  if (!r) {
    blocks.push(paragraph(inputs.monthsHeld.length
      ? `${inputs.noData ?? 'There is no crime data for the year.'} No figures can be given for it.`
      : 'No police.uk months imported: there are no crime figures to assess yet. Import the police.uk street-level files for the year and the year before, then generate this report again.'));
  } else {
    const t = r.totals;
    const c = r.completeness;
    const compared = c.complete ? '' : c.comparedMonths
      ? ` Changes compare ${r.labels.comparedCurrent} with ${r.labels.comparedPrevious}, the months held in both years.`
      : ' No month of the year before is held to compare with.';
    // A part year is said to be one: its counts and rate cover only the months held.
    const months = r.monthly.length / 2;
    const held = c.missingCurrent.length ? ` (the ${plural(months - c.missingCurrent.length, 'month')} held)` : '';
    blocks.push(paragraph(`${num(t.crimes.count)} crimes were recorded in ${r.area.name} in ${r.labels.period}${held}; recorded crime ${changeWords(t.crimes.changePct, t.crimes.forceChangePct)}. `
      + `Anti-social behaviour incidents numbered ${num(t.asb.count)} and ${changeWords(t.asb.changePct, t.asb.forceChangePct)}.${compared}`));
    const short = !r.rateBasis.fullYear;
    const over = short ? `, ranked over ${r.rank?.over ?? r.rateBasis.label}` : '';
    const rank = r.rank && r.rank.rank !== null ? `, ranking ${r.rank.rank} of ${r.rank.of} districts of the force (1 is the highest)${over}`
      : r.rank ? ', not ranked among the districts of the force (they are ranked over months it does not all hold)' : '';
    // A rate over part of a year is said to be one, never set beside a yearly rate unlabelled.
    const notYearly = short ? ' (not a yearly rate)' : '';
    blocks.push(paragraph(`That is ${rate(r.ratePer1000)} crimes per 1,000 residents${r.rateBasis.suffix}${notYearly}${rank}.`));
    const rises = biggestRises(r);
    if (rises.length) blocks.push(paragraph(`The largest rises: ${listing(rises)}.`));
  }
  if (inputs.scoring?.ranked.length) {
    blocks.push(paragraph(`Ranked by the scoring matrix, the leading issues are ${listing(inputs.scoring.ranked.slice(0, 3).map((x) => x.label))}.`));
  }
  const chosen = inputs.plan ? keyPriorities(inputs.plan.priorities) : [];
  blocks.push(paragraph(chosen.length
    ? `The ${year} plan's priorities: ${listing(chosen.map((p) => `${p.number}. ${p.title}`))}.`
    : `No priorities have been chosen for ${year} yet.`));
  return blocks;
}
