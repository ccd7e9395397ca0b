// The assessment's two charts as Vega-Lite specs, with the rows of their data tables: the
// monthly series (crimes and anti-social behaviour, the period before and this period) and the
// % change by crime type beside the force-wide change.
import type { TopLevelSpec } from 'vega-lite';
import type { AssessmentResult } from '../../types.ts';
import { renderVegaLite, wrapLabel, WRAPPED_LABELS } from '../../../../platform/charts/vega-svg.ts';

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const shortMonth = (m: string): string => `${SHORT[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

const forceName = (force: string): string => force.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

export function monthlySpec(r: AssessmentResult): TopLevelSpec {
  const values = r.monthly.flatMap((p) => [
    ...(p.crimes === null ? [] : [{ month: shortMonth(p.month), series: 'Crimes', count: p.crimes }]),
    ...(p.asb === null ? [] : [{ month: shortMonth(p.month), series: 'Anti-social behaviour', count: p.asb }]),
  ]);
  return {
    width: 640, height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: r.monthly.map((p) => shortMonth(p.month)), title: null, axis: { labelAngle: -45 } },
      y: { field: 'count', type: 'quantitative', title: 'Number per month' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Crimes', 'Anti-social behaviour'], range: ['#1d70b8', '#d4351c'] }, legend: { orient: 'top' } },
    },
  } as TopLevelSpec;
}

export function changeSpec(r: AssessmentResult): TopLevelSpec {
  const force = `${forceName(r.area.force)} (force-wide)`;
  const rows = r.crimeTypes.filter((t) => t.changePct !== null);
  // Crime types wrap onto two lines so that none is cut short.
  const values = rows.flatMap((t) => [
    { type: wrapLabel(t.type), series: r.area.name, pct: Math.round(t.changePct! * 10) / 10 },
    ...(t.forceChangePct === null ? [] : [{ type: wrapLabel(t.type), series: force, pct: Math.round(t.forceChangePct * 10) / 10 }]),
  ]);
  return {
    width: 520, height: { step: 14 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'type', type: 'nominal', sort: rows.map((t) => wrapLabel(t.type)), title: null, axis: { ...WRAPPED_LABELS } },
      yOffset: { field: 'series', type: 'nominal', sort: [r.area.name, force] },
      x: { field: 'pct', type: 'quantitative', title: '% change on the period before' },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: [r.area.name, force], range: ['#1d70b8', '#b1b4b6'] }, legend: { orient: 'top' } },
    },
  } as TopLevelSpec;
}

export interface AssessmentCharts { monthly: string; change: string | null }

/** Both charts as accessible SVG. The change chart is left out when nothing can be compared. */
export async function assessmentCharts(r: AssessmentResult): Promise<AssessmentCharts> {
  const [monthly, change] = await Promise.all([
    renderVegaLite(monthlySpec(r), {
      id: 'chart-monthly',
      title: `Crimes and anti-social behaviour per month, ${r.area.name}`,
      description: `Monthly counts from ${shortMonth(r.monthly[0]!.month)} to ${shortMonth(r.monthly[r.monthly.length - 1]!.month)}; months without data are left out. The figures are in the table below the chart.`,
    }),
    r.crimeTypes.some((t) => t.changePct !== null)
      ? renderVegaLite(changeSpec(r), {
        id: 'chart-change',
        title: `Percentage change by crime type, ${r.area.name} and force-wide`,
        description: 'Each crime type’s change on the period before, with the same change across the force beside it. The figures are in the table below the chart.',
      })
      : Promise.resolve(null),
  ]);
  return { monthly, change };
}
