// The police summary: recorded crime by type against the year before and the force as a whole, the
// area's rate per 1,000 residents and its rank among the force's districts, and the public
// perception survey. All from the assessment and the measures; nothing is said the data do not give.
import { cell, heading, list, paragraph, sourceNote, type Block, type Cell, type Table } from '../../../documents/model.ts';
import type { Measure, MeasureValue } from '../../measures/service.ts';
import { latestValue } from './measure-periods.ts';
import type { ReportInputs } from './inputs.ts';
import { monthWords } from './period.ts';
import { changeWords, count, rate, signedPercent } from './text.ts';

const ASB_LABEL = 'Anti-social behaviour (incidents, not counted as crime)';

function crimeTable(i: ReportInputs): Table {
  const r = i.assessment!;
  const row = (label: string, t: { count: number; changePct: number | null; forceChangePct: number | null; ratePer1000: number | null }, header = true): Cell[] => [
    { ...cell(label), rowHeader: header }, cell(count(t.count)), cell(signedPercent(t.changePct)), cell(signedPercent(t.forceChangePct)), cell(rate(t.ratePer1000)),
  ];
  return {
    kind: 'table',
    caption: `Recorded crime in ${r.area.name} by type, ${r.labels.period}`,
    header: ['Crime type', 'Crimes', 'Change on the year before', 'Change across the force', 'Crimes per 1,000 residents'],
    widths: [36, 14, 17, 17, 16],
    rows: [
      ...r.crimeTypes.map((t) => row(t.type, t)),
      row('All crime', r.totals.crimes),
      row(ASB_LABEL, r.totals.asb),
    ],
  };
}

function districtTable(i: ReportInputs): Table {
  const r = i.assessment!;
  return {
    kind: 'table',
    caption: `Crime rates of the force’s districts, ${r.labels.period}`,
    header: ['District', 'Crimes', 'Population', 'Crimes per 1,000 residents', 'Rank'],
    widths: [34, 16, 18, 18, 14],
    rows: r.districts.map((d) => [
      { ...cell(d.name), rowHeader: true }, cell(count(d.crimes)), cell(d.population === null ? 'not recorded' : count(d.population)),
      cell(rate(d.ratePer1000)), cell(d.rank === null ? '–' : String(d.rank)),
    ]),
  };
}

export const isPerceptionMeasure = (m: Measure) => /perception|survey/i.test(m.name);

const valueWithUnit = (v: MeasureValue, unit: string) => (unit.startsWith('%') ? `${v.text}${unit}` : `${v.text} ${unit}`);

function perception(i: ReportInputs): Block[] {
  const measures = i.measures.filter(isPerceptionMeasure);
  const blocks: Block[] = [heading(3, 'Public perception')];
  const rows = measures.map((m) => ({ m, v: latestValue(m, i.period.to) })).filter((x) => x.v !== null);
  if (!rows.length) return [...blocks, paragraph('No public perception survey results are recorded for this period.')];
  blocks.push(paragraph('The latest public perception survey results recorded for the area:'));
  blocks.push({
    kind: 'table', caption: 'Public perception survey', header: ['Question', 'Result', 'Survey period'], widths: [56, 24, 20],
    rows: rows.map(({ m, v }) => [{ ...cell(m.name.replace(/^.*?:\s*/, '')), rowHeader: true }, cell(valueWithUnit(v!, m.unit)), cell(v!.label)]),
  });
  const sources = [...new Set(rows.map(({ m }) => m.sourceName ?? 'source not recorded'))];
  blocks.push(sourceNote(`Source: the partnership’s measures (${sources.join('; ')}).`));
  return blocks;
}

export function policeSummary(i: ReportInputs): Block[] {
  const r = i.assessment;
  if (!r) return [paragraph(`Crime figures are not recorded for this report: ${i.assessmentProblem ?? 'no crime data is held.'}`), ...perception(i)];
  const blocks: Block[] = [];
  const t = r.totals.crimes;
  const intro = i.crimeMonth && i.crimeMonth < i.period.crimeMonth
    ? ` The data held end in ${monthWords(i.crimeMonth)}, so the figures stop there.` : '';
  blocks.push(paragraph(`The figures below are crimes recorded in ${r.area.name} over the twelve months from ${r.labels.period}, compared with the twelve months before (${r.labels.previous}).${intro}`));
  if (!r.completeness.complete && r.completeness.note) blocks.push(paragraph(r.completeness.note));
  blocks.push(paragraph(`In total ${count(t.count)} crimes were recorded, ${changeWords(t.changePct)} on the year before; across the force the change was ${changeWords(t.forceChangePct)}. Anti-social behaviour incidents, which are not counted as crime, numbered ${count(r.totals.asb.count)} (${changeWords(r.totals.asb.changePct)}).`));
  const rises = r.crimeTypes.filter((c) => c.changePct !== null && c.changePct > 0).sort((a, b) => b.count - a.count).slice(0, 5);
  if (rises.length) {
    blocks.push(paragraph('The largest crime types that rose:'));
    blocks.push(list(rises.map((c) => `${c.type}: ${count(c.count)} crimes, ${changeWords(c.changePct)} (force ${changeWords(c.forceChangePct)})`)));
  }
  blocks.push(crimeTable(i));
  blocks.push(sourceNote(`Source: police.uk street-level crime for ${r.area.name} and the force. Changes compare ${r.labels.comparedCurrent ?? 'the months held'} with ${r.labels.comparedPrevious ?? 'the same months a year before'}. ${r.caveat}`));
  blocks.push(heading(3, 'Crime rate and rank'));
  if (r.ratePer1000 !== null && r.rank?.rank) {
    blocks.push(paragraph(`${r.area.name} had ${rate(r.ratePer1000)} crimes per 1,000 residents (population ${count(r.population ?? 0)}), ranking ${r.rank.rank} of the ${r.rank.of} districts of the force, where 1 has the highest rate.`));
  } else {
    blocks.push(paragraph(`The area’s crime rate is not recorded: ${r.ratePer1000 === null ? 'no population figure is held' : 'it cannot be ranked among the force’s districts'}.`));
  }
  blocks.push(districtTable(i));
  blocks.push(sourceNote(`Source: police.uk. ${r.populationBase.statement}`));
  blocks.push(...perception(i));
  return blocks;
}
