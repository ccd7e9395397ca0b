// The ledger's totals by financial year and by funder as bar charts (server-side SVG); the same
// figures are in the tables beside them.
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, wrapLabel, WRAPPED_LABELS } from '../../platform/charts/vega-svg.ts';
import type { Total } from './totals.ts';

export function totalsSpec(totals: Total[], axisTitle: string): TopLevelSpec {
  const values = totals.map((t) => ({ label: wrapLabel(t.label, 24), pounds: t.pence / 100 }));
  return {
    width: 420, height: { step: 28 },
    data: { values },
    mark: { type: 'bar', color: '#1d70b8' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: values.map((v) => v.label), title: null, axis: { ...WRAPPED_LABELS } },
      x: { field: 'pounds', type: 'quantitative', title: axisTitle, axis: { format: ',.0f', labelExpr: "'£' + datum.label" } },
    },
  } as TopLevelSpec;
}

export interface FundingCharts { byYear: string | null; byFunder: string | null }

/** Both charts, or null for one with nothing to show. */
export async function fundingCharts(byYear: Total[], byFunder: Total[], partnershipName: string): Promise<FundingCharts> {
  const [year, funder] = await Promise.all([
    byYear.length ? renderVegaLite(totalsSpec(byYear, 'Pounds'), {
      id: 'chart-funding-year', title: `Funding by financial year, ${partnershipName}`,
      description: 'The total of the funding streams for each financial year. The figures are in the table beside the chart.',
    }) : null,
    byFunder.length ? renderVegaLite(totalsSpec(byFunder, 'Pounds'), {
      id: 'chart-funding-funder', title: `Funding by funder, ${partnershipName}`,
      description: 'The total of the funding streams from each funder, largest first. The figures are in the table beside the chart.',
    }) : null,
  ]);
  return { byYear: year, byFunder: funder };
}
