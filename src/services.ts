import type { Db } from './platform/db/types.ts';
import { usersService } from './platform/auth/users-service.ts';
import { partnershipsService } from './features/partnerships/service.ts';
import { partnershipAdminService } from './features/partnerships/admin-service.ts';
import { newPartnershipService } from './features/partnerships/new-partnership.ts';
import { loadGeography, wardNamesOf } from './features/assessment/geography/lookup.ts';
import { frameworksService } from './features/frameworks/service.ts';
import { plansService } from './features/plans/service.ts';
import { planLifecycleService } from './features/plans/lifecycle-service.ts';
import { prioritiesService } from './features/plans/priority-service.ts';
import { planFrameworksService } from './features/plans/plan-frameworks-service.ts';
import { planImportService } from './features/plans/plan-import/service.ts';
import { importService } from './features/assessment/import/service.ts';
import { boundariesService } from './features/assessment/geography/boundaries-service.ts';
import { analysisService } from './features/assessment/analysis/service.ts';
import { scoringService } from './features/assessment/scoring/service.ts';
import { DEFAULT_MAIL_FROM, type MailSettings } from './platform/config.ts';
import { createMailer } from './platform/mail/mailer.ts';
import type { Metrics } from './platform/metrics.ts';
import { emailVerification } from './platform/mail/verification.ts';
import { fundingService } from './features/funding/service.ts';
import { measuresService, measureLinksReader } from './features/measures/service.ts';
import { deliveryService } from './features/delivery/service.ts';
import { meetingsService, ukToday } from './features/meetings/service.ts';
import { actionsService } from './features/actions/service.ts';
import { concernOptions, responsibleAuthorities } from './features/actions/links.ts';
import { calendarService } from './features/calendar/service.ts';
import { roundsService } from './features/rounds/service.ts';
import { ccfaService } from './features/ccfa/service.ts';
import { reportsService } from './features/reports/service.ts';
import { helpService } from './features/help/service.ts';
import { planReportBuilder } from './features/reports/plan-report.ts';
import { committeeReportBuilder } from './features/reports/committee-report/builder.ts';
import { assessmentReportBuilder } from './features/reports/assessment-report/builder.ts';
import { agendaPackBuilder } from './features/reports/agenda-pack/builder.ts';
import { searchService } from './features/search/service.ts';

/**
 * The one place services are built: each gets the data clients and the services it needs. Without
 * mail settings, messages are kept in the outbox rather than sent. `today` is the statutory
 * calendar's clock (UK date, YYYY-MM-DD); tests may set it. With `metrics`, the services count
 * what the app's metrics report (police.uk rows imported).
 */
export function createServices(db: Db, settings: { mail?: MailSettings; today?: () => string; metrics?: Metrics } = {}) {
  const mail = createMailer(db, settings.mail ?? { from: DEFAULT_MAIL_FROM });
  const verification = emailVerification(db);
  const users = usersService(db);
  const partnerships = partnershipsService(db);
  const newPartnership = newPartnershipService({ partnerships, users, geography: () => loadGeography() });
  const frameworks = frameworksService(db);
  const plans = plansService(db, { partnerships, frameworks, wardNames: async (p) => wardNamesOf(await loadGeography(), p.areas.map((a) => a.code)),
    // Called only after every service is built, so `funding` (which lists initiatives through `plans`) exists by then.
    initiativeFunding: (p, initiativeId) => funding.forInitiative(p, initiativeId),
    measuresLinked: measureLinksReader(db),
  });
  const lifecycle = planLifecycleService(db, { plans, partnerships });
  const partnershipAdmin = partnershipAdminService(db, { users, planYears: plans.startYears });
  const priorities = prioritiesService(db);
  const planFrameworks = planFrameworksService(db, { frameworks });
  const planImport = planImportService(db, { partnerships, frameworks });
  const { metrics } = settings;
  const assessmentImport = importService(db, {
    policeRowsCommitted: metrics && ((used, setAside) => {
      metrics.policeRowsImported.inc({ result: 'used' }, used);
      metrics.policeRowsImported.inc({ result: 'set_aside' }, setAside);
    }),
  }, { partnerships });
  const assessment = analysisService(db);
  const boundaries = boundariesService(db, { geography: () => loadGeography() });
  const scoring = scoringService(db, { assess: assessment.assess, plans, lifecycle, priorities });
  const measures = measuresService(db, { plans, partnerships });
  const funding = fundingService(db, { plans });
  const meetings = meetingsService(db, { partnerships });
  const delivery = deliveryService(db, { plans, partnerships });
  const rounds = roundsService(db, { plans, delivery, meetings, users, mail });
  const actions = actionsService(db, {
    meetings, concerns: (p, actor) => concernOptions(plans, p, actor), authorities: (p) => responsibleAuthorities(partnerships, p, ukToday()),
  });
  const calendar = calendarService(db, { partnerships, plans, meetings, assessment, assessmentImport, today: settings.today ?? (() => ukToday()) });
  const ccfa = ccfaService(db, { meetings, mail, verification, wardNames: async (p) => wardNamesOf(await loadGeography(), p.areas.map((a) => a.code)) });
  // Generated documents: one builder per kind of document; adding a kind is one line here.
  const reports = reportsService(db, {
    meetings,
    builders: [
      planReportBuilder({ plans }),
      committeeReportBuilder({ partnerships, plans, assessment, measures, delivery, funding, meetings }),
      assessmentReportBuilder({ assessment, scoring, imports: assessmentImport, plans, partnerships, wardShapes: boundaries.wards }),
      // The reports service is this very object: the pack looks a published report's text up once it is built.
      agendaPackBuilder({ meetings, partnerships, generatedDocument: (p, sha) => reports.publishedDocumentByPdf(p, sha) }),
    ],
  });
  // Search reads every other feature through its service, as each audience may see it.
  const search = searchService(db, { plans, delivery, measures, funding, meetings, actions, reports });
  const help = helpService(db);
  return { db, help, mail, verification, users, partnerships, partnershipAdmin, newPartnership, frameworks, plans, lifecycle, priorities, planFrameworks, planImport, assessmentImport, assessment, boundaries, scoring, funding, meetings, measures, delivery, actions, calendar, rounds, ccfa, reports, search };
}

export type Services = ReturnType<typeof createServices>;
