// What operators and their tools ask of a running instance:
//   /healthz  alive: the process answers HTTP (touches nothing else, so a database outage never
//             gets every instance restarted);
//   /readyz   ready: the database answers and every migration this release ships is applied;
//             a load balancer sends traffic only while it says 200;
//   /metrics  Prometheus text: only from this machine (loopback, not through a proxy) or with the
//             METRICS_TOKEN bearer token. Its labels hold no partnership data (see metrics.ts).
// Every response carries its request id (request-log.ts) and is timed by route pattern.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/types.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { Metrics } from '../metrics.ts';
import { REQUEST_ID_HEADER } from './request-log.ts';

export interface OperationsOptions {
  db: Pick<Db, 'query' | 'kind'>;
  metrics: Metrics;
  /** Bearer token that opens /metrics from anywhere (config METRICS_TOKEN); unset: loopback only. */
  metricsToken?: string;
  /** How long /readyz waits for the database before saying it is unreachable. */
  readyTimeoutMs?: number;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Rejects after `ms`, so a database that hangs reads as unreachable rather than a hung probe. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether this instance can serve: the database answers, then its schema is this release's. */
export async function readiness(db: Pick<Db, 'query'>, timeoutMs = 2000): Promise<Readiness> {
  try {
    await within(timeoutMs, db.query('SELECT 1'));
  } catch {
    return { ready: false, reason: 'the database does not answer' };
  }
  try {
    const pending = await within(timeoutMs, pendingMigrations(db));
    if (pending.length) return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
  } catch {
    return { ready: false, reason: 'the migrations applied could not be read' };
  }
  return { ready: true };
}

const FORWARDED = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** Straight from this machine: the socket is loopback and no proxy forwarded it (a proxy on this host would be loopback too). */
function fromThisMachine(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const loopback = address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
  return loopback && !FORWARDED.some((h) => request.headers[h] !== undefined);
}

function bearerMatches(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!given) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every response: its request id in a header, its time in the metrics. Registered before anything that may refuse a request. */
export const requestTracking = fp(async (app: FastifyInstance, { metrics }: Pick<OperationsOptions, 'metrics'>) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  // The route pattern, never the URL: a label per partnership or per mistyped address would grow without end.
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
});

/** The three operations routes (after the request context, which requires every route to say who may use it). */
export async function operationsRoutes(app: FastifyInstance, opts: OperationsOptions) {
  const { db, metrics, metricsToken, readyTimeoutMs = 2000 } = opts;

  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok', database: db.kind }));

  app.get('/readyz', { config: { access: 'public' } }, async (request, reply) => {
    const state = await readiness(db, readyTimeoutMs);
    if (state.ready) return { status: 'ready' };
    request.log.warn({ reason: state.reason }, 'not ready');
    return reply.status(503).header('retry-after', '5').send({ status: 'unavailable', reason: state.reason });
  });

  app.get('/metrics', { config: { access: 'public' } }, async (request, reply) => {
    if (!fromThisMachine(request) && !bearerMatches(request, metricsToken)) {
      return reply.status(403).send({ error: 'Metrics are served only on this machine, or with the METRICS_TOKEN bearer token.' });
    }
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
  });
}
