// Partner figures (council anti-social behaviour, fire and rescue …) as imported for the area, with
// the like-for-like change and what each dataset lacks; or, when none are held, a plain statement.
import { cell, paragraph, sourceNote, type Block, type Table } from '../../../documents/model.ts';
import type { AssessmentPartnerFigure, AssessmentResult } from '../../assessment/types.ts';
import { describeMonths } from '../../assessment/import/service.ts';
import { num, pct, signed } from './format.ts';

function partnerTable(r: AssessmentResult): Table {
  return {
    kind: 'table',
    caption: `Partner figures, ${r.labels.period} against ${r.labels.previous}`,
    header: ['Dataset', 'Category', 'This period', 'Period before', 'Change', '% change', 'Compared'],
    widths: [14, 20, 12, 12, 10, 10, 22],
    rows: r.partnerFigures.map((f) => [
      cell(f.dataset), { ...cell(f.category), rowHeader: true }, cell(num(f.count)), cell(num(f.previousCount)),
      cell(signed(f.change)), cell(pct(f.changePct)), cell(f.comparedLabel ?? 'nothing to compare'),
    ]),
  };
}

const gaps = (f: AssessmentPartnerFigure): string | null => {
  const parts = [
    ...(f.missingCurrent.length ? [`this period lacks ${describeMonths(f.missingCurrent)}`] : []),
    ...(f.missingPrevious.length ? [`the period before lacks ${describeMonths(f.missingPrevious)}`] : []),
  ];
  return parts.length ? `${f.dataset}, ${f.category}: ${parts.join('; ')}.` : null;
};

export function partnerBlocks(r: AssessmentResult | null): Block[] {
  if (!r) return [paragraph('No partner figures can be shown without an assessment of the year.')];
  if (!r.partnerFigures.length) {
    return [paragraph('No partner figures imported for this period: council, fire and rescue and other partners’ counts are not recorded here.')];
  }
  const notes = [...new Set(r.partnerFigures.flatMap((f) => [gaps(f), f.note].filter((x): x is string => !!x)))];
  return [
    paragraph(`${r.partnerFigures.length} categories of partner figures are held for ${r.area.name}, from ${new Set(r.partnerFigures.map((f) => f.dataset)).size} dataset(s). As with police.uk, each change compares only the months held in both periods.`),
    partnerTable(r),
    sourceNote(`Source: partner datasets imported by the partnership's analysts.${notes.length ? ` ${notes.join(' ')}` : ''}`),
  ];
}
