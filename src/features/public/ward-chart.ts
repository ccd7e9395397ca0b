// The ward's crimes per month as a line chart, with the rows of the table printed beside it. A
// month whose count is hidden (fewer than 5, or withheld) is left out of the line, as a month
// without data is: the chart never draws a number the table does not show.
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from '../../platform/charts/vega-svg.ts';
import { formatMonth } from '../../platform/dates.ts';
import { countText, valueOf, type WardProfile } from '../assessment/analysis/service.ts';
import { shortMonth } from '../assessment/analysis/charts/assessment-charts.ts';


export interface MonthRow { month: string; label: string; text: string }

/** The table's rows: every month of both periods, newest last; "no data" where none is held. */
export function monthRows(p: WardProfile): MonthRow[] {
  return p.monthly.map((m) => ({ month: m.month, label: formatMonth(m.month), text: m.crimes ? countText(m.crimes) : 'no data' }));
}

export async function wardMonthlyChart(p: WardProfile): Promise<string | null> {
  const values = p.monthly.flatMap((m) => {
    const n = m.crimes ? valueOf(m.crimes) : null;
    return n === null ? [] : [{ month: shortMonth(m.month), crimes: n, period: p.period.monthsHeld.includes(m.month) ? 'Latest 12 months' : 'The 12 months before' }];
  });
  if (values.length === 0) return null;
  const spec = {
    width: 640, height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: p.monthly.map((m) => shortMonth(m.month)), title: null, axis: { labelAngle: -45 } },
      y: { field: 'crimes', type: 'quantitative', title: 'Crimes per month' },
      color: { field: 'period', type: 'nominal', title: null, scale: { domain: ['The 12 months before', 'Latest 12 months'], range: ['#b1b4b6', '#1d70b8'] }, legend: { orient: 'top' } },
    },
  } as TopLevelSpec;
  return renderVegaLite(spec, {
    id: 'chart-ward-monthly',
    title: `Crimes per month in ${p.ward.name}`,
    description: `Crimes recorded each month from ${formatMonth(p.previous.from)} to ${formatMonth(p.period.to)}, anti-social behaviour apart. Months with no data or a hidden count are left out. The figures are in the table below the chart.`,
  });
}
