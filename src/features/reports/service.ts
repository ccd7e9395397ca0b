// Generated documents: any report a builder makes (plan, committee report, assessment, agenda pack)
// is previewed, its editable sections rewritten by a coordinator, then frozen as numbered versions
// whose files are kept, and a version published: attached to its meeting's agenda item, or offered
// for download. See docs/decisions/007-generated-documents.md.
import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/types.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Block, Document } from '../../documents/model.ts';
import { renderHtml } from '../../documents/render-html.ts';
import { renderDocx } from '../../documents/render-docx.ts';
import { readHtml } from '../../documents/read-html.ts';
import { renderPdf as sharedRenderPdf } from '../../documents/render-pdf.ts';
import { DEFAULT_REPORT_MAX_FILE_BYTES } from '../../platform/config.ts';
import type { Partnership } from '../partnerships/queries.ts';
import type { MeetingsService } from '../meetings/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { assembleDocument } from './assemble.ts';
import { fromText, toText } from './editable-text.ts';
import { lineDiff, type DiffLine } from './line-diff.ts';
import * as q from './queries.ts';
import type { DocKey, FileFormat, VersionRow } from './queries.ts';
import type { GeneratedReport, Progress, ReportBuilder, ReportKind, ReportScope } from './types.ts';

export type { FileFormat, VersionRow } from './queries.ts';

export const KIND_NAMES: Record<ReportKind, string> = {
  'plan': 'Annual Partnership Plan',
  'committee-report': 'Annual report to the Crime and Disorder Committee',
  'assessment': 'Strategic Assessment',
  'agenda-pack': 'Agenda pack',
};

/** What each kind of document is of: the plan and the assessment a year; the agenda pack a meeting. */
export const KIND_SCOPES: Record<ReportKind, readonly ('year' | 'meeting')[]> = {
  'plan': ['year'], 'assessment': ['year'], 'committee-report': ['meeting', 'year'], 'agenda-pack': ['meeting'],
};

export const MEDIA_TYPES: Record<FileFormat, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/** 'year:2022' / 'meeting:12': how a scope is stored. */
export const scopeKey = (s: ReportScope): string => ('year' in s ? `year:${s.year}` : `meeting:${s.meetingId}`);

/** '2022-23' / 'meeting-12': how a scope is written in an address. */
export const scopeSlug = (s: ReportScope): string => ('year' in s ? yearLabel(s.year) : `meeting-${s.meetingId}`);

export function scopeOfKey(key: string): ReportScope {
  const [type, n] = key.split(':');
  return type === 'year' ? { year: Number(n) } : { meetingId: Number(n) };
}

/** The assessment is the analysts' work; every other document is the coordinators'. */
export function mayGenerate(actor: Actor, kind: ReportKind): boolean {
  return actorCan(actor, kind === 'assessment' ? 'analyse' : 'manage_partnership');
}

const noProgress: Progress = () => {};

/** Documents whose published text an agenda pack may carry. */
const TEXT_KINDS: readonly ReportKind[] = ['plan', 'committee-report', 'assessment'];

export interface SectionState {
  key: string; title: string; editable: boolean;
  /** The section as text, as generated from today's data. */
  generatedText: string;
  edit: null | {
    text: string; updatedAt: Date; updatedByName: string | null;
    /** The data changed since the edit was made: what was generated then, against now. */
    changed: boolean; diff: DiffLine[];
    /** The edit no longer fits the generated section (a table it placed is gone): why, and it is not applied. */
    problem: string | null;
  };
}

export interface Draft { report: GeneratedReport; doc: Document; sections: SectionState[]; edits: Record<string, string> }

export interface ReportsDeps {
  builders: readonly ReportBuilder[];
  meetings: Pick<MeetingsService, 'meeting' | 'addReport'>;
  /** Prints a document to PDF when its builder has no printer of its own (tests may pass a stand-in). */
  renderPdf?: (doc: Document) => Promise<Uint8Array>;
  reportMaxFileBytes?: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function reportsService(db: Db, deps: ReportsDeps) {
  const printPdf = deps.renderPdf ?? sharedRenderPdf;

  function builderOf(kind: ReportKind): ReportBuilder {
    const b = deps.builders.find((x) => x.kind === kind);
    if (!b) throw new NotFoundError('Document');
    return b;
  }

  function assertMayGenerate(actor: Actor, kind: ReportKind) {
    if (!mayGenerate(actor, kind)) {
      throw new ForbiddenError(kind === 'assessment' ? 'Only the partnership’s analysts and coordinators can make the assessment report.'
        : 'Only the partnership’s coordinators can make and edit this document.');
    }
  }

  function assertSeesVersions(actor: Actor) {
    // Versions not yet published are drafts: to anyone else they do not exist.
    if (!actorCan(actor, 'view_drafts')) throw new NotFoundError('Document');
  }

  /** Refuses a scope the kind is not made for; a meeting must be one of this partnership's. */
  async function checkScope(p: Partnership, kind: ReportKind, scope: ReportScope, actor: Actor) {
    const type = 'year' in scope ? 'year' : 'meeting';
    if (!KIND_SCOPES[kind].includes(type)) {
      throw new ValidationError([{ field: type, message: `The ${KIND_NAMES[kind].toLowerCase()} is made for ${KIND_SCOPES[kind].includes('year') ? 'a plan year' : 'a meeting'}, not ${type === 'year' ? 'a year' : 'a meeting'}` }]);
    }
    if ('meetingId' in scope) await deps.meetings.meeting(p, scope.meetingId, actor);
  }

  const docKey = (p: Partnership, kind: ReportKind, scope: ReportScope): DocKey => ({ partnershipId: p.id, kind, scopeKey: scopeKey(scope) });

  /** Builds the report from today's data and lays the coordinator's edits over it. */
  async function draft(p: Partnership, kind: ReportKind, scope: ReportScope, actor: Actor, progress: Progress = noProgress): Promise<Draft> {
    assertMayGenerate(actor, kind);
    await checkScope(p, kind, scope, actor);
    const report = await builderOf(kind).build({ partnership: p, scope, actor, progress });
    const rows = new Map((await q.editsOf(db, docKey(p, kind, scope))).map((e) => [e.sectionKey, e]));
    const applied = new Map<string, Block[]>();
    const edits: Record<string, string> = {};
    const sections = report.sections.map((s): SectionState => {
      const generatedText = toText(s.blocks);
      const row = s.editable ? rows.get(s.key) : undefined;
      if (!row) return { key: s.key, title: s.title, editable: s.editable, generatedText, edit: null };
      let problem: string | null = null;
      try {
        applied.set(s.key, fromText(row.text, s.blocks));
        edits[s.key] = row.text;
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problem = e.message;
      }
      const changed = row.generatedText !== generatedText;
      return {
        key: s.key, title: s.title, editable: true, generatedText,
        edit: { text: row.text, updatedAt: new Date(row.updatedAt), updatedByName: row.updatedByName, changed, diff: changed ? lineDiff(row.generatedText, generatedText) : [], problem },
      };
    });
    return { report, doc: assembleDocument(report, applied), sections, edits };
  }

  async function editableSection(p: Partnership, kind: ReportKind, scope: ReportScope, sectionKey: string, actor: Actor) {
    const d = await draft(p, kind, scope, actor);
    const section = d.report.sections.find((s) => s.key === sectionKey);
    const state = d.sections.find((s) => s.key === sectionKey);
    if (!section || !state || !section.editable) throw new NotFoundError('Section');
    return { draft: d, section, state };
  }

  async function versionOf(p: Partnership, id: number, lock = false): Promise<VersionRow> {
    const v = await q.findVersion(db, p.id, id, lock);
    if (!v) throw new NotFoundError('Document');
    return v;
  }

  async function renderAs(d: Draft, format: FileFormat): Promise<Uint8Array> {
    if (format === 'html') return Buffer.from(renderHtml(d.doc), 'utf8');
    if (format === 'docx') return renderDocx(d.doc);
    return (d.report.renderPdf ?? printPdf)(d.doc);
  }

  const fileName = (p: Partnership, v: Pick<VersionRow, 'kind' | 'scopeKey' | 'number'>, format: FileFormat) =>
    `${p.slug}-${v.kind}-${scopeSlug(scopeOfKey(v.scopeKey))}-version-${v.number}.${format}`;

  return {
    kinds: (): ReportKind[] => deps.builders.map((b) => b.kind),
    mayGenerate,
    draft,

    /** One section for its edit form: today's text, the edit if any and what changed since. */
    async section(p: Partnership, kind: ReportKind, scope: ReportScope, sectionKey: string, actor: Actor) {
      const { state, draft: d } = await editableSection(p, kind, scope, sectionKey, actor);
      return { section: state, title: d.report.title };
    },

    /**
     * Saves a coordinator's text for a section, with the generated text it was written against.
     * Text the section cannot take (an invented placeholder) is refused with the line that is wrong.
     * Text identical to the generated text is no edit at all.
     */
    async saveEdit(p: Partnership, kind: ReportKind, scope: ReportScope, sectionKey: string, text: string, actor: Actor): Promise<void> {
      const { section, state } = await editableSection(p, kind, scope, sectionKey, actor);
      fromText(text, section.blocks);
      const normalised = text.replace(/\r\n?/g, '\n').trim();
      if (normalised === state.generatedText.trim()) {
        await q.deleteEdit(db, docKey(p, kind, scope), sectionKey);
        return;
      }
      await q.saveEdit(db, docKey(p, kind, scope), { sectionKey, text: normalised, generatedText: state.generatedText }, actor.userId);
    },

    /** Keeps the edit although the data changed: it is now taken as written against today's data. */
    async keepEdit(p: Partnership, kind: ReportKind, scope: ReportScope, sectionKey: string, actor: Actor): Promise<void> {
      const { state } = await editableSection(p, kind, scope, sectionKey, actor);
      if (!state.edit) throw new NotFoundError('Edit');
      if (state.edit.problem) throw new ValidationError([{ field: 'text', message: `The edit no longer fits the section: ${state.edit.problem}` }]);
      await q.rebaseEdit(db, docKey(p, kind, scope), sectionKey, state.generatedText);
    },

    /** Drops the edit: the section goes back to the generated text. */
    async resetEdit(p: Partnership, kind: ReportKind, scope: ReportScope, sectionKey: string, actor: Actor): Promise<void> {
      await editableSection(p, kind, scope, sectionKey, actor);
      await q.deleteEdit(db, docKey(p, kind, scope), sectionKey);
    },

    /**
     * Freezes the document as it is now: renders HTML, Word and PDF (the builder's own printer if it
     * has one) and stores the files with their checksums, the data's as-of time, the edits and who made it.
     */
    async createVersion(p: Partnership, kind: ReportKind, scope: ReportScope, actor: Actor, progress: Progress = noProgress) {
      const d = await draft(p, kind, scope, actor, (step, f) => progress(step, Math.min(1, Math.max(0, f)) * 0.6));
      progress('Writing the web page', 0.62);
      const html = await renderAs(d, 'html');
      progress('Writing the Word document', 0.7);
      const docx = await renderAs(d, 'docx');
      progress('Printing the PDF', 0.8);
      const pdf = await renderAs(d, 'pdf');
      progress('Saving the version', 0.95);
      const files = ([['html', html], ['docx', docx], ['pdf', pdf]] as const).map(([format, content]) => ({ format, content, sha256: sha256(content) }));
      const saved = await db.transaction((tx) => q.insertVersion(tx, docKey(p, kind, scope), {
        title: d.report.title, asOf: d.report.asOf, edits: d.edits, unpublishedInputs: d.report.unpublishedInputs === true, files,
      }, actor.userId));
      progress('Done', 1);
      return saved;
    },

    /** The document as it would be printed today, edits included, in one format; nothing is stored (the export command). */
    async render(p: Partnership, kind: ReportKind, scope: ReportScope, format: FileFormat, actor: Actor, progress: Progress = noProgress): Promise<Uint8Array> {
      const d = await draft(p, kind, scope, actor, (step, f) => progress(step, Math.min(1, Math.max(0, f)) * 0.7));
      progress(format === 'pdf' ? 'Printing the PDF' : format === 'docx' ? 'Writing the Word document' : 'Writing the web page', 0.75);
      const bytes = await renderAs(d, format);
      progress('Done', 1);
      return bytes;
    },

    async versions(p: Partnership, kind: ReportKind, scope: ReportScope, actor: Actor): Promise<VersionRow[]> {
      assertSeesVersions(actor);
      return q.versionsOf(db, docKey(p, kind, scope));
    },

    /** Every version of the partnership's documents, for members who may see drafts. */
    async allVersions(p: Partnership, actor: Actor): Promise<VersionRow[]> {
      assertSeesVersions(actor);
      return q.versionsOfPartnership(db, p.id);
    },

    /** What the public may download: published versions only. */
    async publishedVersions(p: Partnership): Promise<VersionRow[]> {
      return (await q.versionsOfPartnership(db, p.id)).filter((v) => v.publishedAt !== null);
    },

    async version(p: Partnership, id: number, actor: Actor): Promise<VersionRow> {
      const v = await versionOf(p, id);
      if (!v.publishedAt) assertSeesVersions(actor);
      return v;
    },

    /** A version's file: anyone's once the version is published, members' (who see drafts) before. */
    async file(p: Partnership, id: number, format: FileFormat, actor: Actor) {
      const v = await versionOf(p, id);
      if (!v.publishedAt) assertSeesVersions(actor);
      const f = await q.versionFile(db, id, format);
      if (!f) throw new NotFoundError('Document');
      return { fileName: fileName(p, v, format), mediaType: MEDIA_TYPES[format], content: Buffer.from(f.content), sha256: f.sha256, published: v.publishedAt !== null };
    },

    /**
     * The text of a published report whose PDF has this checksum, read from the HTML file published
     * with it (exactly what was published, not a rebuild from today's data); null for any other file.
     * An agenda pack's own text is never offered: a pack does not carry another pack.
     */
    async publishedDocumentByPdf(p: Partnership, pdfSha256: string): Promise<Document | null> {
      if (!/^[0-9a-f]{64}$/.test(pdfSha256)) return null;
      const found = await q.publishedHtmlByPdf(db, p.id, pdfSha256, TEXT_KINDS);
      return found ? readHtml(Buffer.from(found.html).toString('utf8')) : null;
    },

    /** The agenda items a meeting's version may be attached to: the meeting's public (Part A) items. */
    async publishTargets(p: Partnership, id: number, actor: Actor) {
      const v = await versionOf(p, id);
      assertMayPublish(actor);
      const scope = scopeOfKey(v.scopeKey);
      if (!('meetingId' in scope)) return { version: v, meeting: null, items: [] };
      const meeting = await deps.meetings.meeting(p, scope.meetingId, actor);
      return { version: v, meeting, items: meeting.agenda.filter((i) => i.part === 'A') };
    },

    /**
     * Publishes a version. A meeting's document is attached, as its PDF, to the chosen Part A agenda
     * item (the meeting page then lists it as that item's report); a year's is offered for download.
     */
    async publish(p: Partnership, id: number, choice: { agendaItemId?: string }, actor: Actor): Promise<void> {
      assertMayPublish(actor);
      const v = await versionOf(p, id);
      if (v.publishedAt) throw new LockedError(`Version ${v.number} is already published`);
      if (v.unpublishedInputs) throw new LockedError('This version was made from records not yet published (a draft plan). Publish those first, then make a new version.');
      const scope = scopeOfKey(v.scopeKey);
      let attached: { agendaItemId: number; meetingReportId: number } | null = null;
      if ('meetingId' in scope) {
        const meeting = await deps.meetings.meeting(p, scope.meetingId, actor);
        const itemId = /^\d{1,9}$/.test(choice.agendaItemId ?? '') ? Number(choice.agendaItemId) : NaN;
        const item = meeting.agenda.find((i) => i.id === itemId && i.part === 'A');
        if (!item) throw new ValidationError([{ field: 'agendaItemId', message: 'Select the agenda item the document is the report for' }]);
        const pdf = await q.versionFile(db, id, 'pdf');
        if (!pdf) throw new NotFoundError('Document');
        // The meetings feature stores and shows the file; its own transaction, so this one follows it.
        const meetingReportId = await deps.meetings.addReport(p, scope.meetingId, item.id,
          { fileName: fileName(p, v, 'pdf'), content: Buffer.from(pdf.content) }, deps.reportMaxFileBytes ?? DEFAULT_REPORT_MAX_FILE_BYTES, actor);
        attached = { agendaItemId: item.id, meetingReportId };
      }
      await q.markPublished(db, id, actor.userId, attached);
    },
  };
}

function assertMayPublish(actor: Actor) {
  if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError('Only the partnership’s coordinators can publish a document.');
}

export type ReportsService = ReturnType<typeof reportsService>;
