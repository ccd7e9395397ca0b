// A bound on the work in progress. Route handlers (the part that reads the database and renders)
// run at most `maxInFlight` at a time; up to `maxQueued` more wait their turn for at most
// `maxWaitMs`; past that a request is refused at once with 503 and Retry-After, so an overloaded
// instance says so in milliseconds instead of letting connections time out. Only reads are refused:
// a form sent waits for its place, so nothing typed is lost. Pages answered from the
// page cache reply before this point and are never held. The in-flight and queued counts are in
// /metrics. Operations routes and static files are not held either.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BusyError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

export interface LoadSheddingOptions {
  maxInFlight: number;
  maxQueued: number;
  maxWaitMs: number;
  /** Seconds the refused are told to wait. */
  retryAfterSeconds: number;
  metrics: Metrics;
  /** URL prefixes never held (alive checks, metrics, static files). */
  exempt: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while this request holds one of the in-flight places. */
    holdsPlace: boolean;
  }
}

export const loadSheddingPlugin = fp(async (app: FastifyInstance, opts: LoadSheddingOptions) => {
  let inFlight = 0;
  const queue: { admit: () => void }[] = [];
  opts.metrics.gaugeOf('csp_hub_requests_in_flight', 'Requests whose handler is running (bounded by the in-flight limit)', () => inFlight);
  opts.metrics.gaugeOf('csp_hub_requests_queued', 'Requests waiting for an in-flight place', () => queue.length);
  const shed = opts.metrics.counterOf('csp_hub_requests_shed_total', 'Requests refused with 503 because the instance was busy');
  app.decorateRequest('holdsPlace', false);

  const release = (request: FastifyRequest) => {
    if (!request.holdsPlace) return;
    request.holdsPlace = false;
    const next = queue.shift();
    if (next) next.admit(); else inFlight -= 1;
  };
  const refuse = (reply: { header(k: string, v: string): unknown }) => {
    shed.inc();
    reply.header('retry-after', String(opts.retryAfterSeconds));
    throw new BusyError('This server has more requests than it can answer just now.');
  };

  app.addHook('preHandler', async (request, reply) => {
    if (opts.exempt.some((p) => request.url.startsWith(p))) return;
    if (inFlight < opts.maxInFlight) { inFlight += 1; request.holdsPlace = true; return; }
    // A form sent is never refused (what was typed would be lost): it waits its turn however long.
    const mayRefuse = request.method === 'GET' || request.method === 'HEAD';
    if (mayRefuse && queue.length >= opts.maxQueued) return refuse(reply);
    // A place passes straight from a finished request to the next in the queue (inFlight unchanged).
    const admitted = await new Promise<boolean>((resolve) => {
      const entry = { admit: () => { clearTimeout(timer); resolve(true); } };
      const timer = mayRefuse ? setTimeout(() => { queue.splice(queue.indexOf(entry), 1); resolve(false); }, opts.maxWaitMs) : undefined;
      queue.push(entry);
    });
    if (!admitted) return refuse(reply);
    request.holdsPlace = true;
  });
  app.addHook('onResponse', async (request) => release(request));
  app.addHook('onRequestAbort', async (request) => release(request));
});
