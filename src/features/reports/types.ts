// The shapes every generated report shares, so the builders (committee report, assessment report,
// agenda pack, plan) and the machinery around them (drafts, edits, versions, export) meet in one place.
import type { Block, Document, Logo } from '../../documents/model.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/queries.ts';

export const REPORT_KINDS = ['plan', 'committee-report', 'assessment', 'agenda-pack'] as const;
export type ReportKind = typeof REPORT_KINDS[number];

/**
 * What a report is of: a plan year (its start year, 2022 for 2022-23) or a meeting. The committee
 * report and the agenda pack belong to a meeting; the plan and the assessment to a year.
 */
export type ReportScope = { year: number } | { meetingId: number };

/**
 * One numbered section of a report ("4. Background Information"). The builder writes the blocks from
 * the data; a coordinator may replace an editable section's text before publishing. Sections are
 * numbered when the report is assembled: headings 1, 2 …, their paragraphs and level-3 headings 2.1, 2.2 ….
 */
export interface ReportSection {
  /** Stable across regenerations ("executive-summary", "priority-2"), so an edit finds its section again. */
  key: string;
  title: string;
  blocks: Block[];
  editable: boolean;
  /** Appendices and the front sheet are not numbered. */
  numbered?: boolean;
  /** Start this section on a new page (an appendix, a landscape plan). */
  newPage?: boolean;
  /**
   * Writes the section from the rest of the assembled document, after edits (the acronyms the
   * document uses), so it stays true to what is printed. `blocks` holds what it gave on the
   * unedited report, for anyone reading the sections without assembling them.
   */
  derive?: (rest: readonly Block[]) => Block[];
}

/** Everything a builder produced, before edits are applied and renderers run. */
export interface GeneratedReport {
  kind: ReportKind;
  title: string;
  subtitle?: string;
  partnershipName: string;
  logo?: Logo;
  runningHeader?: string;
  sections: ReportSection[];
  /** The newest change among the inputs read (updates, imports, ledger …): "the data as of". */
  asOf: Date;
  /**
   * A report whose PDF is more than its document (the agenda pack merges uploaded PDF reports)
   * makes its own PDF from the assembled document; others are printed by the shared renderer.
   */
  renderPdf?: (doc: Document) => Promise<Uint8Array>;
  /**
   * Made from records the public may not see yet (a draft plan): its versions may be kept and shared
   * among members, but not published until those records are.
   */
  unpublishedInputs?: boolean;
}

/** Called as a long build moves on, so the page (polling) and the CLI (a bar) can show it. */
export type Progress = (step: string, fraction: number) => void;

export interface BuildContext {
  partnership: Partnership;
  scope: ReportScope;
  actor: Actor;
  progress: Progress;
}

export interface ReportBuilder {
  kind: ReportKind;
  build(ctx: BuildContext): Promise<GeneratedReport>;
}
