// The annual report of the partnership to the council's crime and disorder committee, in the
// structure committee papers use: summary, action, reason, background, the police summary, one
// section per priority, future plans, funding, the implications, the acronyms and the plan as
// Appendix A. Each section is written from the records and, except the acronyms and the appendix,
// may be edited before publishing.
import { formatDate } from '../../../platform/dates.ts';
import type { Block } from '../../../documents/model.ts';
import type { BuildContext, GeneratedReport, ReportBuilder, ReportSection } from '../types.ts';
import { readInputs, type CommitteeReportDeps, type ReportInputs } from './inputs.ts';
import { actionRequired, background, executiveSummary, reasonForScrutiny } from './intro.ts';
import { policeSummary } from './police.ts';
import { partnershipPriorities, prioritySections } from './priorities.ts';
import { futurePlans } from './future.ts';
import { fundingFromPartners } from './funding.ts';
import { implicationSections } from './implications.ts';
import { acronymsTable, candidateTerms } from './acronyms.ts';
import { appendixA } from './appendix.ts';
import { printedBlocks } from '../assemble.ts';

export type { CommitteeReportDeps } from './inputs.ts';

function sections(i: ReportInputs): ReportSection[] {
  const s = (key: string, title: string, blocks: ReportSection['blocks']): ReportSection => ({ key, title, blocks, editable: true });
  const future = i.plan ? `Future Plans (to the end of ${i.plan.year})` : 'Future Plans';
  return [
    s('executive-summary', 'Executive Summary', executiveSummary(i)),
    s('action-required', 'Action Required', actionRequired(i)),
    s('reason-for-scrutiny', 'Reason for Scrutiny', reasonForScrutiny(i)),
    s('background', 'Background Information', background(i)),
    s('police-summary', 'Overall Police Summary', policeSummary(i)),
    s('priorities', 'The Partnership Priorities', partnershipPriorities(i)),
    ...prioritySections(i),
    s('future-plans', future, futurePlans(i)),
    s('funding', 'Funding from Partners', fundingFromPartners(i)),
    ...implicationSections(i),
  ];
}

function titles(i: ReportInputs) {
  const meetsOn = i.committee?.meetsOn ? formatDate(i.committee.meetsOn) : null;
  const to = i.committee ? `to the ${i.committee.name}` : 'to the crime and disorder committee';
  return {
    // The partnership's name heads every page already: the title says what the report is.
    title: `Annual report ${to}`,
    subtitle: meetsOn ? `Meeting of ${meetsOn}. Period: ${i.period.label}` : `Period: ${i.period.label}`,
    runningHeader: i.committee && meetsOn ? `${i.committee.name} – ${meetsOn}` : `${i.partnership.name} – annual report, ${i.period.label}`,
  };
}

/**
 * Wired from the services: `committeeReportBuilder({ partnerships, plans, assessment, measures, delivery, funding, meetings })`.
 * Its scope is a meeting of the committee (the usual case) or a plan year; it reads what the public may read.
 */
export function committeeReportBuilder(deps: CommitteeReportDeps): ReportBuilder {
  return {
    kind: 'committee-report',
    async build(ctx: BuildContext): Promise<GeneratedReport> {
      ctx.progress('The meeting and its period', 0);
      const inputs = await readInputs(deps, ctx.partnership, ctx.scope, ctx.progress);
      ctx.progress('Writing the sections', 0.7);
      const body = sections(inputs);
      const appendix: ReportSection[] = inputs.plan && inputs.planDocument ? [{
        key: 'appendix-a', title: `Appendix A: Annual Partnership Plan ${inputs.plan.year}`, blocks: appendixA(inputs.planDocument),
        editable: false, numbered: false, newPage: true,
      }] : [];
      const candidates = candidateTerms(ctx.partnership, inputs.organisations, inputs.glossary);
      const derive = (rest: readonly Block[]) => acronymsTable(rest, candidates);
      const acronyms: ReportSection = { key: 'acronyms', title: 'Acronyms', blocks: [], editable: false, numbered: false, derive };
      const report: GeneratedReport = {
        kind: 'committee-report', ...titles(inputs), partnershipName: ctx.partnership.name, ...(inputs.logo ? { logo: inputs.logo } : {}),
        sections: [...body, acronyms, ...appendix], asOf: inputs.asOf,
      };
      ctx.progress('Acronyms', 0.9);
      // The table as the unedited report gives it, for readers of the sections; assembly derives it again after edits.
      acronyms.blocks = derive(printedBlocks(report));
      ctx.progress('Done', 1);
      return report;
    },
  };
}
