// A measure's chart: its values in period order as a line with each figure printed, a dashed trend
// line (least squares, from three values on) and the target as a labelled rule. The same figures are
// in the table beside the chart.
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from '../../platform/charts/vega-svg.ts';
import { figureText as figure, type Measure } from './service.ts';

const round = (n: number) => Math.round(n * 100) / 100;

/** The straight line that best fits the values, taken in order at equal steps. */
export function trendLine(values: number[]): number[] | null {
  const n = values.length;
  if (n < 3) return null;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  values.forEach((y, x) => { sxy += (x - meanX) * (y - meanY); sxx += (x - meanX) ** 2; });
  const slope = sxy / sxx;
  return values.map((_, x) => round(meanY + slope * (x - meanX)));
}

export function measureSpec(m: Pick<Measure, 'unit' | 'target' | 'values'>): TopLevelSpec {
  const periods = m.values.map((v) => v.label);
  const trend = trendLine(m.values.map((v) => v.value));
  const points = m.values.map((v, i) => ({ period: v.label, value: v.value, text: figure(v.value), trend: trend?.[i] ?? null }));
  const x = { field: 'period', type: 'ordinal', sort: periods, title: null, axis: { labelAngle: periods.length > 6 ? -45 : 0 } } as const;
  const layers: unknown[] = [
    ...(trend ? [{ mark: { type: 'line', strokeDash: [6, 4], color: '#505a5f', strokeWidth: 1.5 }, encoding: { x, y: { field: 'trend', type: 'quantitative' } } }] : []),
    { mark: { type: 'line', point: { filled: true, size: 60 }, color: '#1d70b8', strokeWidth: 3 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: m.unit } } },
    { mark: { type: 'text', dy: -12, fontSize: 13, color: '#0b0c0c' }, encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'text' } } },
  ];
  if (m.target !== null) {
    layers.push(
      { data: { values: [{ target: m.target }] }, mark: { type: 'rule', color: '#00703c', strokeWidth: 2, strokeDash: [2, 2] }, encoding: { y: { field: 'target', type: 'quantitative' } } },
      { data: { values: [{ target: m.target, text: `Target ${figure(m.target)}` }] }, mark: { type: 'text', align: 'left', x: 4, dy: -8, fontSize: 13, color: '#00703c' }, encoding: { y: { field: 'target', type: 'quantitative' }, text: { field: 'text' } } },
    );
  }
  return {
    width: 560, height: 240,
    data: { values: points },
    layer: layers,
    // The target line stays in view even when every value is far from it.
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

/** The chart as an accessible SVG, or null for a measure with no values yet. */
export async function measureChart(m: Measure): Promise<string | null> {
  if (m.values.length === 0) return null;
  const first = m.values[0]!.label;
  const last = m.values[m.values.length - 1]!.label;
  return renderVegaLite(measureSpec(m), {
    id: `chart-measure-${m.id}`,
    title: `${m.name}, ${m.unit}`,
    description: `${m.values.length === 1 ? `One value, for ${first}` : `Values from ${first} to ${last}`}${m.values.length >= 3 ? ', with a dashed trend line' : ''}${m.target !== null ? ` and the target of ${figure(m.target)}` : ''}. The figures are in the table beside the chart.`,
  });
}
