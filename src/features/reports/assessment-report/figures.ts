// The charts and the ward map as document figures: the SVG the assessment pages draw, its alt text,
// the numbers behind it as a data table, and a source note under each.
import { cell, sourceNote, paragraph, type Block, type DataTable, type Figure, type Table } from '../../../documents/model.ts';
import type { AssessmentResult } from '../../assessment/types.ts';
import { formatMonth } from '../../../platform/dates.ts';
import { assessmentCharts, type AssessmentCharts } from '../../assessment/analysis/charts/assessment-charts.ts';
import { wardRateMap, type WardMap, type WardSource } from '../../assessment/analysis/charts/ward-map.ts';
import { num, pct, rate } from './format.ts';
import { forceName, policeUkNote, populationNote } from './notes.ts';

/** The drawing's size from its viewBox: the charts draw at 100% width, which Word cannot size. */
function sizeOf(svg: string): { width: number; height: number } {
  const box = /viewBox="[\d.-]+ [\d.-]+ ([\d.]+) ([\d.]+)"/.exec(svg);
  return box ? { width: Math.round(Number(box[1])), height: Math.round(Number(box[2])) } : { width: 640, height: 400 };
}

function figure(svg: string, caption: string, alt: string, data: DataTable): Figure {
  return { kind: 'figure', svg, caption, alt, data, ...sizeOf(svg) };
}

/** The map drawn at a fixed width rather than the page's, so that it and its key fit on one page. */
const MAP_WIDTH = 430;
function narrowed(svg: string): string {
  return svg.replace(/^(<svg[^>]*?) width="100%"/, `$1 width="${MAP_WIDTH}"`);
}

/**
 * The monthly figures side by side, each month of the period beside the same month a year before:
 * twelve rows rather than twenty-four, so the chart and its table fit on one printed page.
 */
export function monthlyPairs(r: AssessmentResult): DataTable {
  const year = r.monthly.length / 2;
  const before = r.monthly.slice(0, year);
  const count = (n: number | null | undefined) => (n === null || n === undefined ? 'no data' : num(n));
  return {
    header: ['Month', 'Crimes', 'Anti-social behaviour', 'A year before', 'Crimes', 'Anti-social behaviour'],
    rows: r.monthly.slice(year).map((m, i) => [formatMonth(m.month), count(m.crimes), count(m.asb), formatMonth(before[i]?.month), count(before[i]?.crimes), count(before[i]?.asb)]),
  };
}

export function monthlyFigure(r: AssessmentResult, svg: string): Figure {
  const held = r.monthly.filter((m) => m.crimes !== null);
  const peak = held.reduce<typeof held[number] | null>((a, b) => (a === null || (b.crimes ?? 0) > (a.crimes ?? 0) ? b : a), null);
  const missing = r.monthly.length - held.length;
  const alt = `Line chart of crimes and anti-social behaviour per month in ${r.area.name} from ${formatMonth(r.monthly[0]!.month)} to ${formatMonth(r.monthly[r.monthly.length - 1]!.month)}.`
    + (peak ? ` Crimes peaked at ${num(peak.crimes)} in ${formatMonth(peak.month)}.` : '')
    + (missing ? ` ${missing} month${missing === 1 ? ' has' : 's have'} no data and ${missing === 1 ? 'is' : 'are'} left out.` : '');
  return figure(svg, `Crimes and anti-social behaviour per month, ${r.area.name}`, alt, monthlyPairs(r));
}

export function changeFigure(r: AssessmentResult, svg: string): Figure {
  const rows = r.crimeTypes.filter((t) => t.changePct !== null);
  const rising = rows.filter((t) => t.changePct! > 0).length;
  const alt = `Bar chart of the percentage change by crime type in ${r.area.name}, with the change across ${forceName(r.area.force)} beside each. `
    + `${rising} of ${rows.length} crime types rose on the period before.`;
  return figure(svg, `Percentage change by crime type, ${r.area.name} and force-wide`, alt, {
    header: ['Crime type', `${r.area.name} % change`, 'Force-wide % change'],
    rows: rows.map((t) => [t.type, pct(t.changePct), pct(t.forceChangePct)]),
  });
}

export function wardMapFigure(r: AssessmentResult, map: WardMap): Figure {
  const rated = map.key.filter((w) => w.ratePer1000 !== null).sort((a, b) => b.ratePer1000! - a.ratePer1000!);
  const highest = rated[0];
  const alt = `Map of the ${map.key.length} wards of ${r.area.name}, numbered alphabetically and shaded by crimes per 1,000 residents${r.rateBasis.fullYear ? ` in ${r.labels.period}` : r.rateBasis.suffix}, lightest lowest.`
    + (highest ? ` The highest rate is in ${highest.name} (${rate(highest.ratePer1000)}).` : '');
  const wards = new Map(r.wards.map((w) => [w.code, w]));
  const natural = sizeOf(map.svg);
  const drawn = figure(narrowed(map.svg), `Crimes per 1,000 residents by ward${r.rateBasis.suffix}, ${r.area.name}`, alt, {
    header: ['No.', 'Ward', 'Crimes', 'Population', `Crimes per 1,000 residents${r.rateBasis.suffix}`],
    rows: map.key.map((k) => {
      const w = wards.get(k.code);
      return [String(k.number), k.name, num(w?.crimes ?? null), num(w?.population ?? null), rate(k.ratePer1000)];
    }),
  });
  return { ...drawn, width: MAP_WIDTH, height: Math.round((natural.height * MAP_WIDTH) / natural.width) };
}

function wardTable(r: AssessmentResult): Table {
  return {
    kind: 'table', caption: `Crime by ward, ${r.labels.period}`,
    header: ['Ward', 'Crimes', 'Anti-social behaviour', 'Population', `Crimes per 1,000 residents${r.rateBasis.suffix}`], widths: [36, 16, 16, 16, 16],
    rows: [...r.wards].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
      .map((w) => [{ ...cell(w.name), rowHeader: true }, cell(num(w.crimes)), cell(num(w.asb)), cell(num(w.population)), cell(rate(w.ratePer1000))]),
  };
}

export interface Drawings { charts: AssessmentCharts; map: WardMap | null }

export async function drawings(r: AssessmentResult, wardShapes: WardSource): Promise<Drawings> {
  const [charts, map] = await Promise.all([assessmentCharts(r), wardRateMap(r.area.codes, r.area.name, r.wards, wardShapes)]);
  return { charts, map };
}

export function figureBlocks(r: AssessmentResult, d: Drawings): Block[] {
  const blocks: Block[] = [monthlyFigure(r, d.charts.monthly), sourceNote(policeUkNote(r))];
  if (d.charts.change) {
    blocks.push(changeFigure(r, d.charts.change), sourceNote(`${r.completeness.note ?? ''} ${policeUkNote(r)}`.trim()));
  } else {
    blocks.push(paragraph('No month of the period has a match a year before, so no chart of change can be drawn.'));
  }
  if (d.map) {
    blocks.push(wardMapFigure(r, d.map), sourceNote(`${r.caveat} ${populationNote(r)} ${policeUkNote(r)}`));
  } else {
    blocks.push(paragraph(`No ward boundaries are held for ${r.area.name}, so there is no ward map; the ward figures follow as a table.`), wardTable(r),
      sourceNote(`${r.caveat} ${populationNote(r)} ${policeUkNote(r)}`));
  }
  return blocks;
}
