// Request ids and what a request log line says. A reverse proxy's X-Request-Id is kept when it is
// well-formed, so one id follows a request through the proxy's log and ours; anything else gets a
// fresh id. The id only ties log lines together (it grants nothing), and its form is checked so a
// client cannot write into the log through it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:@+=/-]{0,127}$/;

/** The proxy's id when it is well-formed, else a new UUID (Fastify's genReqId). */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && WELL_FORMED.test(given) ? given : randomUUID();
}

/** The path without its query, and with secret path parameters (`:token`) blanked: links in e-mails carry them. */
function loggedPath(request: FastifyRequest): string {
  let path = request.url.split('?')[0] ?? '';
  const params = request.params;
  if (params && typeof params === 'object') {
    for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
      if (/token$/i.test(name) && typeof value === 'string' && value) path = path.split(encodeURIComponent(value)).join('…').split(value).join('…');
    }
  }
  return path;
}

/** Fastify logger serializers: one JSON line per request and response, with the route pattern for grouping. */
export const requestLogSerializers = {
  req: (request: FastifyRequest) => ({
    method: request.method, path: loggedPath(request), route: request.routeOptions?.url ?? null, remoteAddress: request.ip,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};
