// Source notes printed under tables and figures: where the figures come from, in one wording.
import type { AssessmentResult } from '../../assessment/types.ts';
import { formatMonth } from '../../../platform/dates.ts';

const forceName = (force: string): string =>
  force.split('-').map((w) => (w === 'and' || w === 'of' ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');

export function policeUkNote(r: AssessmentResult): string {
  return `Source: police.uk street-level crime data for ${forceName(r.area.force)} Police, months held ${formatMonth(r.monthsHeld.from)} to ${formatMonth(r.monthsHeld.to)}.`;
}

export function populationNote(r: AssessmentResult): string {
  return r.populationBase.override
    ? `Population: a figure entered by the partnership${r.populationBase.override.note ? ` (${r.populationBase.override.note})` : ''}; other areas: ONS ${r.populationBase.name}.`
    : `Population: ONS ${r.populationBase.name}.`;
}

export { forceName };
