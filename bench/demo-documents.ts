// The four generated documents of the demo partnership, each as a way to produce it from the records
// to the bytes of one format: shared by the documents benchmark and the README's pictures.
import type { Document } from '../src/documents/model.ts';
import { renderHtml } from '../src/documents/render-html.ts';
import { renderDocx } from '../src/documents/render-docx.ts';
import { renderPdf } from '../src/documents/render-pdf.ts';
import { ANONYMOUS, type Actor } from '../src/platform/auth/actor.ts';
import type { Services } from '../src/services.ts';
import { assembleDocument } from '../src/features/reports/assemble.ts';
import type { BuildContext, ReportBuilder, ReportKind } from '../src/features/reports/types.ts';
import { committeeReportBuilder } from '../src/features/reports/committee-report/builder.ts';
import { assessmentReportBuilder } from '../src/features/reports/assessment-report/builder.ts';
import { agendaPackBuilder } from '../src/features/reports/agenda-pack/builder.ts';

export const FORMATS = ['html', 'docx', 'pdf'] as const;
export type Format = typeof FORMATS[number];

export interface DemoDocument {
  kind: ReportKind;
  name: string;
  produce(format: Format): Promise<string | Uint8Array>;
}

export function render(doc: Document, format: Format): Promise<string | Uint8Array> {
  return format === 'html' ? Promise.resolve(renderHtml(doc)) : format === 'docx' ? renderDocx(doc) : renderPdf(doc);
}

/** Builder → assembled document → the format; a report with its own PDF (the agenda pack) prints it itself. */
function fromBuilder(kind: ReportKind, name: string, builder: ReportBuilder, ctx: Omit<BuildContext, 'progress'>): DemoDocument {
  return {
    kind, name,
    async produce(format) {
      const report = await builder.build({ ...ctx, progress: () => {} });
      const doc = assembleDocument(report);
      if (format === 'pdf' && report.renderPdf) return report.renderPdf(doc);
      return render(doc, format);
    },
  };
}

/**
 * The plan 2022-23 as the public downloads it, then the annual report to the Crime and Disorder
 * Committee of 7 November 2022 and that meeting's agenda pack, and the Strategic Assessment for
 * 2023-24 (the one the demo's data completes). The meeting's documents are left out if the demo
 * holds no such meeting.
 */
export async function demoDocuments(s: Services): Promise<{ documents: DemoDocument[]; missing: string[] }> {
  const scp = await s.partnerships.bySlug('scp');
  const coordinator: Actor = { userId: null, role: 'coordinator', organisationId: null };
  const { meetings, bodies } = await s.meetings.allMeetings(scp);
  const committee = bodies.find((b) => b.kind === 'scrutiny_committee');
  const meeting = meetings.find((m) => m.bodyId === committee?.id && m.meetsOn === '2022-11-07');
  const documents: DemoDocument[] = [
    { kind: 'plan', name: 'plan 2022-23', produce: async (format) => render(await s.plans.document(scp, 2022, ANONYMOUS), format) },
  ];
  if (meeting) documents.push(fromBuilder('committee-report', 'committee report', committeeReportBuilder(s), { partnership: scp, scope: { meetingId: meeting.id }, actor: coordinator }));
  documents.push(fromBuilder('assessment', 'assessment report', assessmentReportBuilder({ assessment: s.assessment, scoring: s.scoring, imports: s.assessmentImport, plans: s.plans, partnerships: s.partnerships, wardShapes: s.boundaries.wards }),
    { partnership: scp, scope: { year: 2023 }, actor: coordinator }));
  if (meeting) documents.push(fromBuilder('agenda-pack', 'agenda pack', agendaPackBuilder({ meetings: s.meetings, partnerships: s.partnerships }), { partnership: scp, scope: { meetingId: meeting.id }, actor: coordinator }));
  return { documents, missing: meeting ? [] : ['committee report', 'agenda pack'] };
}
