// Completeness: which months the imports brought and which the assessment lacks, and the rows
// each police.uk import set aside, with the reason and a few examples, so a reader can judge how
// far the figures can be trusted.
import { cell, paragraph, sourceNote, type Block, type Table } from '../../../documents/model.ts';
import { formatDateTime, formatMonth, formatPeriod } from '../../../platform/dates.ts';
import { describeMonths, type ImportReport } from '../../assessment/import/service.ts';
import type { AssessmentInputs } from './inputs.ts';
import { listing, num, plural } from './format.ts';

function importsTable(imports: ImportReport[]): Table {
  return {
    kind: 'table',
    caption: 'Imports of police.uk and partner data',
    header: ['Imported', 'By', 'Data', 'Months or periods', 'Rows read', 'Rows used', 'Rows set aside'],
    widths: [15, 15, 13, 21, 12, 12, 12],
    rows: imports.map((i) => [
      cell(formatDateTime(i.finishedAt)), cell(i.importedBy), cell(i.source === 'police-uk' ? 'police.uk' : `Partner: ${i.dataset ?? 'not named'}`),
      cell(i.monthsImported.length ? describeMonths(i.monthsImported) : 'none'),
      cell(num(i.rowsRead)), cell(num(i.rowsUsed)), cell(num(i.rowsSetAside)),
    ]),
  };
}

/** Set-aside rows summed over every import by reason, with the commonest examples. */
function setAsideTable(imports: ImportReport[]): Table | null {
  const byReason = new Map<string, { text: string; rows: number; examples: Map<string, number> }>();
  for (const i of imports) {
    for (const s of i.setAside) {
      const entry = byReason.get(s.reason) ?? { text: s.text, rows: 0, examples: new Map<string, number>() };
      entry.rows += s.rows;
      for (const e of s.examples) entry.examples.set(e.value, (entry.examples.get(e.value) ?? 0) + e.rows);
      byReason.set(s.reason, entry);
    }
  }
  if (!byReason.size) return null;
  return {
    kind: 'table',
    caption: 'Rows set aside on import, and why',
    header: ['Reason', 'Rows', 'Most frequent examples'],
    widths: [40, 15, 45],
    rows: [...byReason.values()].sort((a, b) => b.rows - a.rows).map((r) => [
      { ...cell(r.text), rowHeader: true }, cell(num(r.rows)),
      cell([...r.examples].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([v, n]) => `${v} (${num(n)})`).join(', ') || 'none kept'),
    ]),
  };
}

export function completenessBlocks(inputs: AssessmentInputs): Block[] {
  const { result, monthsHeld, imports } = inputs;
  const blocks: Block[] = [];
  if (!monthsHeld.length) {
    blocks.push(paragraph('No police.uk months imported: the partnership holds no street-level crime data for its area, so no figure in this report can be worked out yet.'));
  } else {
    blocks.push(paragraph(`police.uk months held for the area: ${describeMonths(monthsHeld)} (${plural(monthsHeld.length, 'month')}).`));
  }
  if (result) {
    const c = result.completeness;
    const missing = (months: string[]) => (months.length ? listing(months.map(formatMonth)) : 'none');
    blocks.push(
      paragraph(`Months missing from ${result.labels.period}: ${missing(c.missingCurrent)}. Months missing from ${result.labels.previous}: ${missing(c.missingPrevious)}.`),
      paragraph(c.complete
        ? 'Both periods are complete, so every change compares twelve months with twelve.'
        : c.comparedMonths
          ? `${c.note} The months compared are ${result.labels.comparedCurrent} against ${result.labels.comparedPrevious}.`
          : c.note ?? 'No month can be compared.'),
    );
  } else if (monthsHeld.length) {
    blocks.push(paragraph(`None of the months of ${formatPeriod(inputs.period.from, inputs.period.to)} is held, so the assessment of that year cannot be made.`));
  }
  if (imports.length) {
    const setAside = setAsideTable(imports);
    blocks.push(importsTable(imports), sourceNote('From the import log: every import with the files it read, kept with the data it brought.'));
    blocks.push(...(setAside
      ? [paragraph('Some rows of the published files cannot be counted for the area. They are set aside on import, never guessed at:'), setAside]
      : [paragraph('No rows were set aside on import.')]));
  } else {
    blocks.push(paragraph('No imports recorded.'));
  }
  return blocks;
}
