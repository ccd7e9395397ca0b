// Data sources and caveats: police.uk, ONS populations and partner figures, with what each leaves
// out and how far the locations can be trusted. Editable: a coordinator adds local caveats.
import { list, paragraph, type Block } from '../../../documents/model.ts';
import { formatDate } from '../../../platform/dates.ts';
import type { AssessmentInputs } from './inputs.ts';
import { ANONYMISATION_CAVEAT } from '../../assessment/analysis/service.ts';
import { forceName } from './notes.ts';

export function sourcesBlocks(inputs: AssessmentInputs, force: string): Block[] {
  const r = inputs.result;
  const datasets = r ? [...new Set(r.partnerFigures.map((f) => f.dataset))] : [];
  const missing = r && !r.completeness.complete ? r.completeness.note : null;
  return [
    paragraph([{ text: 'police.uk street-level crime. ', bold: true },
      { text: `The monthly files published for ${forceName(force)} Police: each crime and anti-social behaviour incident recorded by the force, with its month, type and an approximate location.` }]),
    list([
      'It holds only what the police recorded: crime not reported, or reported but not recorded as a crime, is absent.',
      'Fraud and cyber crime reported to Action Fraud are not in the street-level files.',
      'Records police.uk could not place have no small-area code; they are set aside on import and counted in the completeness section.',
      'Forces may revise earlier months; the figures are those of the files as imported.',
      missing ? `Months missing: ${missing}` : inputs.monthsHeld.length ? 'Months missing: none in the two years compared.' : 'Months missing: no police.uk months imported.',
    ]),
    paragraph([{ text: 'Location anonymisation. ', bold: true }, { text: r?.caveat ?? ANONYMISATION_CAVEAT }]),
    paragraph([{ text: 'ONS population. ', bold: true }, { text: r
      ? `${r.populationBase.label}, describing ${formatDate(r.populationBase.referenceDate)}, published ${formatDate(r.populationBase.published)}. ${r.populationBase.reason.charAt(0).toUpperCase()}${r.populationBase.reason.slice(1)}.`
      : 'ONS population estimates for districts and small areas; none used, as there is no crime data to rate.' }]),
    paragraph([{ text: 'Partner figures. ', bold: true }, { text: datasets.length
      ? `Counts imported from partners’ datasets (${datasets.join(', ')}) by area and month or quarter; each dataset counts what its owner records, so they are not comparable with police.uk or with each other.`
      : 'No partner figures imported for this period: not recorded.' }]),
  ];
}
