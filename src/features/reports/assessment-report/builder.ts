// The Strategic Assessment report for a plan year: the assessment of the year that informs it, read
// through the assessment's services, in sections with stable keys. Narrative sections (summary,
// method, sources) are drafted from the data and may be edited; the data sections are not.
import { pageBreak, paragraph } from '../../../documents/model.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { formatPeriod } from '../../../platform/dates.ts';
import type { BuildContext, GeneratedReport, ReportBuilder, ReportSection } from '../types.ts';
import { gatherInputs, type AssessmentReportDeps } from './inputs.ts';
import { summaryBlocks } from './summary.ts';
import { methodBlocks } from './method.ts';
import { sourcesBlocks } from './sources.ts';
import { completenessBlocks } from './completeness.ts';
import { tablesBlocks } from './tables.ts';
import { drawings, figureBlocks } from './figures.ts';
import { partnerBlocks } from './partner-figures.ts';
import { scoringBlocks } from './scoring.ts';
import { prioritiesBlocks } from './priorities.ts';

export type { AssessmentReportDeps };

/**
 * Wired from the services: `assessmentReportBuilder({ assessment, scoring, imports: assessmentImport, plans, partnerships, wardShapes })`.
 * The scoring matrix is shown to readers who may see working papers (view_drafts); others get a line saying so.
 */
export function assessmentReportBuilder(deps: AssessmentReportDeps): ReportBuilder {
  return {
    kind: 'assessment',
    async build(ctx: BuildContext): Promise<GeneratedReport> {
      if (!('year' in ctx.scope)) throw new TypeError('The assessment report is for a plan year, not a meeting');
      const { partnership } = ctx;
      const inputs = await gatherInputs(deps, partnership, ctx.scope.year, ctx.actor, ctx.progress);
      const r = inputs.result;
      ctx.progress('Drawing the charts and the ward map', 0.5);
      const drawn = r ? await drawings(r, deps.wardShapes) : null;
      ctx.progress('Writing the sections', 0.85);
      const noData = paragraph(inputs.noData ?? 'No police.uk months imported.');
      const scoring = inputs.scoringHidden
        ? [paragraph('The scoring is part of the partnership’s working papers and is not shown to this reader.')]
        : inputs.scoring ? scoringBlocks(inputs.scoring) : [paragraph('Nothing has been scored: there is no assessment of the year to score.')];
      const wide = inputs.scoring !== null;
      const sections: ReportSection[] = [
        { key: 'summary', title: 'Summary', editable: true, blocks: summaryBlocks(inputs) },
        { key: 'method', title: 'Method', editable: true, blocks: methodBlocks(inputs) },
        { key: 'data-sources', title: 'Data sources and caveats', editable: true, blocks: sourcesBlocks(inputs, partnership.policeForce) },
        { key: 'completeness', title: 'Completeness of the data', editable: false, blocks: completenessBlocks(inputs) },
        { key: 'tables', title: 'Crime by type, district and month', editable: false, newPage: true, blocks: r ? tablesBlocks(r) : [noData] },
        { key: 'charts', title: 'Charts and the ward map', editable: false, newPage: true, blocks: r && drawn ? figureBlocks(r, drawn) : [noData] },
        // The matrix is nine columns wide: its section gets landscape pages, started at the end of the
        // section before it so that its heading goes with it, and the portrait pages resume after it.
        { key: 'partner-figures', title: 'Partner figures', editable: false, blocks: [...partnerBlocks(r), ...(wide ? [pageBreak('landscape')] : [])] },
        { key: 'scoring', title: 'Scoring matrix', editable: false, newPage: !wide, blocks: [...scoring, ...(wide ? [pageBreak('portrait')] : [])] },
        { key: 'priorities', title: `Priorities chosen for ${yearLabel(inputs.planYear)}`, editable: false, blocks: prioritiesBlocks(inputs) },
      ];
      ctx.progress('Done', 1);
      return {
        kind: 'assessment',
        title: 'Strategic Assessment of Crime',
        subtitle: `${formatPeriod(inputs.period.from, inputs.period.to)}, informing the ${yearLabel(inputs.planYear)} plan`,
        partnershipName: partnership.name,
        ...(inputs.logo ? { logo: inputs.logo } : {}),
        runningHeader: `Strategic Assessment of Crime – ${formatPeriod(inputs.period.from, inputs.period.to)}`,
        sections,
        asOf: inputs.asOf,
      };
    },
  };
}
