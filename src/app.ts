import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { requireSessionSecret, type Config } from './platform/config.ts';
import type { Db } from './platform/db/types.ts';
import { setUpWebSecurity } from './platform/http/security.ts';
import { renderPlugin } from './platform/http/render.ts';
import { setUpErrorPages } from './platform/http/error-pages.ts';
import { createViews, assetDirs } from './platform/views/setup.ts';
import { authPlugin } from './platform/auth/plugin.ts';
import { signInThrottle } from './platform/auth/throttle.ts';
import { oidcClient } from './platform/auth/oidc-client.ts';
import { identitiesService } from './platform/auth/identities.ts';
import { contextPlugin } from './platform/http/context.ts';
import { partnershipNavigation } from './features/partnerships/navigation.ts';
import { createServices, type Services } from './services.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { operationsRoutes, requestTracking } from './platform/http/operations.ts';
import { requestIdOf, requestLogSerializers } from './platform/http/request-log.ts';
import { ImportJobs } from './features/assessment/import/jobs.ts';
import { ReportJobs } from './features/reports/jobs.ts';
import { openJobQueue } from './platform/jobs/open.ts';
import { pageCachePlugin } from './platform/http/page-cache.ts';
import { loadSheddingPlugin } from './platform/http/load-shedding.ts';
import { changeStamps } from './platform/change-stamps.ts';
import { releaseFingerprint } from './platform/release.ts';
import { ukToday } from './features/meetings/service.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './features/demo/accounts.ts';
import { homeRoutes } from './features/partnerships/routes.ts';
import { partnershipAdminRoutes } from './features/partnerships/admin-routes.ts';
import { newPartnershipRoutes } from './features/partnerships/new-partnership-routes.ts';
import { planRoutes } from './features/plans/routes.ts';
import { frameworkRoutes } from './features/frameworks/routes.ts';
import { deliveryRoutes } from './features/delivery/routes.ts';
import { roundRoutes } from './features/rounds/routes.ts';
import { apiRoutes } from './features/api/routes.ts';
import { apiDocumentOptions } from './features/api/openapi.ts';
import { assessmentRoutes } from './features/assessment/analysis/routes.ts';
import { scoringRoutes } from './features/assessment/scoring/routes.ts';
import { importRoutes } from './features/assessment/import/routes.ts';
import { boundariesRoutes } from './features/assessment/geography/boundaries-routes.ts';
import { outboxRoutes } from './features/outbox/routes.ts';
import { fundingRoutes } from './features/funding/routes.ts';
import { fundingApiRoutes } from './features/funding/api-routes.ts';
import { meetingRoutes } from './features/meetings/routes.ts';
import { meetingApiRoutes } from './features/meetings/api-routes.ts';
import { measureRoutes } from './features/measures/routes.ts';
import { measureApiRoutes } from './features/measures/api.ts';
import { actionRoutes } from './features/actions/routes.ts';
import { actionApiRoutes } from './features/actions/api-routes.ts';
import { calendarRoutes } from './features/calendar/routes.ts';
import { ccfaRoutes } from './features/ccfa/routes.ts';
import { ccfaApiRoutes } from './features/ccfa/api-routes.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { searchRoutes } from './features/search/routes.ts';
import { helpRoutes } from './features/help/routes.ts';
import { helpAdminRoutes } from './features/help/admin-routes.ts';
import { helpApiRoutes } from './features/help/api-routes.ts';
import { noticeRoutes } from './features/notices/routes.ts';
import { publicAreaRoutes } from './features/public/routes.ts';
import { publicAreaApiRoutes } from './features/public/api-routes.ts';

export interface AppOptions {
  config: Config; db: Db; logger?: boolean;
  /** Told of every route as it is added (the route-walking tests read the route table this way). */
  onRoute?: (route: RouteOptions) => void;
}

/** The request pipeline in order: platform set-up steps, then one plugin per feature, then errors. */
export async function buildApp({ config, db, logger = false, onRoute }: AppOptions): Promise<FastifyInstance & { services: Services; metrics: Metrics }> {
  const secret = requireSessionSecret(config);
  // One JSON line per request and per response, each with the request id (a proxy's X-Request-Id when well-formed).
  const app = Fastify({
    logger: logger ? { level: config.logLevel, serializers: requestLogSerializers } : false,
    trustProxy: config.trustProxy, requestIdHeader: false, genReqId: requestIdOf,
  });
  if (onRoute) app.addHook('onRoute', onRoute);
  const metrics = createMetrics();
  const services = createServices(db, { mail: config.mail, metrics });
  app.addHook('onClose', async () => services.mail.close());
  // Jobs run on the instance that accepted them; their state is in the jobs table on PostgreSQL (any
  // instance shows their progress; jobs of a killed instance are marked failed here, at start, once
  // stale) and in memory on the embedded database (one process). docs/decisions/011-job-queue.md
  const jobQueue = await openJobQueue(db, config.jobStaleSeconds * 1000, (e) => app.log.error({ err: e }, 'job failed'));
  const importJobs = new ImportJobs(jobQueue);
  const reportJobs = new ReportJobs(jobQueue);
  metrics.gaugeOf('csp_hub_imports_running', 'Imports running in this instance', () => importJobs.runningCount());
  const views = createViews();
  // Error pages first: Fastify gives each route the error handler in force when it is added.
  setUpErrorPages(app);
  // Request ids and timings before anything that may refuse a request, so refusals carry them too.
  await app.register(requestTracking, { metrics });
  // Route schemas are zod: params, query and body are checked (and typed) before a handler runs.
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any route: every route must declare who may use it (the app will not start otherwise);
  // a /p/:slug route gets its partnership, actor and navigation, and its access is checked first.
  // The embedded database keeps change stamps in memory, and the partnership of each slug until a change.
  const stamps = changeStamps(db);
  app.addHook('onClose', async () => stamps.close());
  await app.register(contextPlugin, {
    partnershipBySlug: stamps.remember(services.partnerships.findBySlug), navigation: partnershipNavigation, staticPrefixes: ['/assets/'],
  });

  // After the context (its partnership and access come first): public pages answered from cache when nothing changed.
  await app.register(pageCachePlugin, { stamps, release: releaseFingerprint(), today: () => ukToday() });

  // Handlers run a bounded number at a time; past the queue a clear 503 rather than a timeout (after the cache, which never waits).
  await app.register(loadSheddingPlugin, {
    ...config.loadLimits, retryAfterSeconds: 2, metrics, exempt: ['/healthz', '/readyz', '/metrics', '/assets/'],
  });

  // Collects every route's schemas as it is added; the API serves the document at /api/openapi.json.
  await app.register(swagger, apiDocumentOptions('/api'));

  await app.register(operationsRoutes, { db, metrics, metricsToken: config.metricsToken });
  await setUpWebSecurity(app, { secret, secureCookies: config.secureCookies });
  await app.register(fastifyStatic, { root: assetDirs.govuk, prefix: '/assets/govuk/' });
  await app.register(fastifyStatic, { root: assetDirs.moj, prefix: '/assets/moj/', decorateReply: false });
  await app.register(fastifyStatic, { root: assetDirs.autocomplete, prefix: '/assets/autocomplete/', decorateReply: false, allowedPath: (path) => !path.endsWith('.map') });
  await app.register(fastifyStatic, { root: assetDirs.own, prefix: '/assets/app/', decorateReply: false });
  await app.register(renderPlugin, { views });
  await app.register(authPlugin, {
    users: services.users,
    throttle: signInThrottle(db),
    secureCookies: config.secureCookies,
    ...(config.demo ? { demoAccounts: DEMO_ACCOUNTS, demoPassword: DEMO_PASSWORD } : {}),
    passwordSignIn: config.passwordSignIn,
    ...(config.oidc ? { oidc: { client: oidcClient(config.oidc), label: config.oidc.buttonLabel, identities: identitiesService(db) } } : {}),
  });

  await app.register(noticeRoutes, { contactEmail: config.contactEmail, singleSignOn: !!config.oidc });
  await app.register(homeRoutes, { services });
  await app.register(partnershipAdminRoutes, { services });
  await app.register(newPartnershipRoutes, { services });
  await app.register(planRoutes, { services });
  await app.register(frameworkRoutes, { services });
  await app.register(deliveryRoutes, { services });
  await app.register(roundRoutes, { services });
  await app.register(assessmentRoutes, { services });
  await app.register(scoringRoutes, { services });
  await app.register(importRoutes, {
    services, jobs: importJobs, limits: config.importLimits, uploadLimits: config.uploadLimits,
    // A running import may commit if it can within the stop's time, leaving five seconds to close.
    shutdownGraceMs: Math.max(1, config.shutdownSeconds - 5) * 1000,
  });
  await app.register(boundariesRoutes, { services, uploadLimits: config.uploadLimits });
  await app.register(outboxRoutes, { services });
  await app.register(fundingRoutes, { services, grantsPrefix: config.grantsIdentifierPrefix });
  await app.register(meetingRoutes, { services, reportMaxFileBytes: config.reportMaxFileBytes });
  await app.register(meetingApiRoutes, { services });
  await app.register(measureRoutes, { services, uploadLimits: config.uploadLimits });
  await app.register(measureApiRoutes, { services });
  await app.register(actionRoutes, { services });
  await app.register(actionApiRoutes, { services });
  await app.register(calendarRoutes, { services });
  await app.register(ccfaRoutes, { services });
  await app.register(ccfaApiRoutes, { services });
  await app.register(reportRoutes, { services, jobs: reportJobs });
  await app.register(searchRoutes, { services });
  await app.register(helpRoutes, { services });
  await app.register(helpAdminRoutes, { services });
  await app.register(publicAreaRoutes, { services });
  await app.register(publicAreaApiRoutes, { services });
  await app.register(apiRoutes, { services, prefix: '/api' });
  await app.register(helpApiRoutes, { services, prefix: '/api' });
  await app.register(fundingApiRoutes, { services, prefix: '/api' });
  return Object.assign(app, { services, metrics }) as unknown as FastifyInstance & { services: Services; metrics: Metrics };
}
