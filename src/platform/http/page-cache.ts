// Public pages answered from what they were last time, checked against the partnership's latest
// audited change. A route opts in with `config: { publicCache: true }` (it must name a partnership,
// :slug). For a visitor who is not signed in, each response carries an ETag and Last-Modified made
// from that change (and the UK date, for pages that say "upcoming"; and this release, so new code
// never answers 304 with old pages); a matching If-None-Match / If-Modified-Since gets 304, and a
// page rendered since that change is sent again. Signed-in people always get a fresh page (theirs
// may show drafts and carries their form token), and nothing of theirs is stored. The stamps come
// from change-stamps.ts: from memory on the embedded database (a hit touches no database), read per
// request on PostgreSQL, so a change made through another instance is seen at once.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ChangeStamps } from '../change-stamps.ts';
import { scopeOf } from './scope.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous GETs are validated and cached against the partnership's latest audited change. */
    publicCache?: boolean;
  }
  interface FastifyRequest {
    /** Set on an anonymous request to a cached route: the validator its response was made under. */
    pageStamp?: { etag: string; fromCache: boolean; rendered?: () => void } | null;
  }
}

export interface PageCacheOptions {
  stamps: ChangeStamps;
  /** Changes with the code and templates (same on every instance of one release). */
  release: string;
  /** The UK date, YYYY-MM-DD. */
  today: () => string;
  maxEntries?: number;
  maxBytes?: number;
}

interface Entry { etag: string; body: string; type: string; bytes: number }

/** Least recently used goes first when either bound is passed. */
export class BoundedPageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  constructor(private readonly maxEntries: number, private readonly maxBytes: number) {}

  get(key: string, etag: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.etag !== etag) { this.bytes -= e.bytes; return undefined; }
    this.entries.set(key, e);
    return e;
  }

  set(key: string, entry: Omit<Entry, 'bytes'>): void {
    const bytes = Buffer.byteLength(entry.body) + key.length;
    if (bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) { this.entries.delete(key); this.bytes -= old.bytes; }
    this.entries.set(key, { ...entry, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  get size(): { entries: number; bytes: number } { return { entries: this.entries.size, bytes: this.bytes }; }
}

/** Whether If-None-Match names this ETag (weak comparison, as for GET). */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

const CACHEABLE_TYPE = /^(text\/html|application\/json)/;

export const pageCachePlugin = fp(async (app: FastifyInstance, opts: PageCacheOptions) => {
  const cache = new BoundedPageCache(opts.maxEntries ?? 500, opts.maxBytes ?? 32 * 1024 ** 2);
  app.decorateRequest('pageStamp', null);
  app.decorate('pageCache', cache);
  const rendering = new Map<string, { etag: string; done: Promise<void> }>();

  const check: onRequestAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.user) return;
    const { partnership } = scopeOf(request);
    const change = await opts.stamps.latest(partnership.id);
    const day = opts.today();
    const etag = `W/"${partnership.id}-${change.id}-${day}-${opts.release}"`;
    // Last-Modified moves with the change, and at the UK day's start (the date is part of the page).
    const dayStart = new Date(`${day}T00:00:00Z`);
    const modified = change.at > dayStart ? change.at : dayStart;
    reply.header('etag', etag).header('last-modified', modified.toUTCString())
      .header('cache-control', 'no-cache').header('vary', 'Cookie');
    const ims = request.headers['if-modified-since'];
    const notModified = request.headers['if-none-match'] !== undefined
      ? noneMatch(request.headers['if-none-match'], etag)
      : ims !== undefined && !Number.isNaN(Date.parse(ims)) && Math.floor(modified.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
    if (notModified) {
      request.pageStamp = { etag, fromCache: true };
      return reply.code(304).send();
    }
    let hit = cache.get(request.url, etag);
    // One render per page and change: those who ask meanwhile wait for it rather than render it again.
    const leader = rendering.get(request.url);
    if (!hit && leader?.etag === etag) {
      await leader.done;
      hit = cache.get(request.url, etag);
    }
    if (hit) {
      request.pageStamp = { etag, fromCache: true };
      return reply.type(hit.type).send(hit.body);
    }
    let rendered = () => {};
    const done = new Promise<void>((resolve) => { rendered = resolve; });
    const mine = { etag, done };
    rendering.set(request.url, mine);
    request.pageStamp = { etag, fromCache: false, rendered: () => { if (rendering.get(request.url) === mine) rendering.delete(request.url); rendered(); } };
  };
  // After the response (stored or not, even when it failed or the visitor left): the waiting go on.
  const finished = async (request: FastifyRequest) => { request.pageStamp?.rendered?.(); };

  const store: onSendHookHandler = async (request, reply, payload) => {
    const stamp = request.pageStamp;
    if (!stamp || stamp.fromCache || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    // Only pages and JSON, not downloads, nor what the route itself says must not be kept.
    if (CACHEABLE_TYPE.test(type) && !reply.getHeader('content-disposition') && !/no-store/.test(String(reply.getHeader('cache-control') ?? ''))) cache.set(request.url, { etag: stamp.etag, body: payload, type });
    return payload;
  };

  app.addHook('onRoute', (route) => {
    if (!route.config?.publicCache) return;
    if (!route.url.includes(':slug')) throw new Error(`${route.url} asks for the public page cache but names no partnership (:slug)`);
    route.onRequest = [...(route.onRequest ? [route.onRequest].flat() : []), check];
    route.onSend = [...(route.onSend ? [route.onSend].flat() : []), store];
    route.onResponse = [...(route.onResponse ? [route.onResponse].flat() : []), finished];
    route.onRequestAbort = [...(route.onRequestAbort ? [route.onRequestAbort].flat() : []), finished];
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: BoundedPageCache;
  }
}
