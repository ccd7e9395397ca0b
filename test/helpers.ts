import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { openDb } from '../src/platform/db/client.ts';
import type { Db } from '../src/platform/db/types.ts';
import { createServices, type Services } from '../src/services.ts';
import { buildApp, type AppOptions } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { pgDatabaseCopy, templateCopy } from './template.ts';
import { SESSION_COOKIE } from '../src/platform/auth/plugin.ts';
import type { Actor } from '../src/platform/auth/actor.ts';

export { DEMO_PASSWORD } from '../src/features/demo/accounts.ts';

/**
 * A database with the demo partnership, private to one test file: a copy of the PGlite template's
 * folder, or, when DATABASE_URL is set, a copy of the template database on the real PostgreSQL server.
 */
export async function testDb(): Promise<{ db: Db; services: Services; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const copy = await pgDatabaseCopy(url, { demo: true });
    const db = await openDb({ databaseUrl: copy.url });
    return { db, services: createServices(db), async close() { try { await db.close(); } finally { await copy.drop(); } } };
  }
  const dataDir = await templateCopy();
  const db = await openDb({ dataDir, owner: 'a test' });
  return { db, services: createServices(db), async close() { try { await db.close(); } finally { rmSync(dataDir, { recursive: true, force: true }); } } };
}

/**
 * The demo app on a private database. `env` adds settings (as the environment would) to the test
 * defaults; `onRoute` is told of every route as it is added.
 */
export async function testApp(options: Pick<AppOptions, 'onRoute'> & { env?: NodeJS.ProcessEnv } = {}) {
  const { env = {}, ...appOptions } = options;
  const t = await testDb();
  // A secret of its own, so the app starts whatever the test's database or NODE_ENV.
  const config = { ...loadConfig({ SESSION_SECRET: 'test-session-secret-0123456789abcdef', ...env }), demo: true };
  const app = await buildApp({ config, db: t.db, ...appOptions });
  return { app, services: app.services, db: t.db, async close() { await app.close(); await t.close(); } };
}

/**
 * Roll the demo's published 2022-23 plan forward into a 2023-24 draft, carrying the initiatives the
 * preview proposes (as the command line would, with no user); returns the draft's id.
 */
export async function draftNextYear(services: Services): Promise<number> {
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  const scp = await services.partnerships.bySlug('scp');
  const preview = await services.lifecycle.rollForwardPreview(scp, 2022, system);
  return services.lifecycle.rollForward(scp, 2022, preview.carry.map((i) => i.id), system);
}

/** A file in a multipart form: its field name (default `files`), name, bytes and type. */
export interface FormFile { field?: string; filename: string; content: Buffer; contentType?: string }

/** A multipart/form-data body as a browser sends it: fields first (the CSRF token among them), then files. */
export function multipartBody(fields: Record<string, string>, files: FormFile[]): { payload: Buffer; contentType: string } {
  const boundary = `----csp-hub-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A user agent for app.inject: keeps cookies and sends the CSRF token of the form it last saw. */
export class Agent {
  private cookies = new Map<string, string>();
  lastHtml = '';
  /** `remoteAddress` and `headers` go with every request (as from one client behind one proxy). */
  constructor(private app: FastifyInstance, private client: { remoteAddress?: string; headers?: Record<string, string> } = {}) {}

  /** A cookie as this agent holds it (as sent back to the server), or undefined. */
  cookie(name: string): string | undefined { return this.cookies.get(name); }

  private cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  private keep(setCookie: string | string[] | undefined) {
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.client.remoteAddress,
      headers: { ...this.client.headers, cookie: this.cookieHeader(), ...headers } });
    this.keep(res.headers['set-cookie']);
    if ((res.headers['content-type'] ?? '').toString().startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  csrfToken(): string {
    const m = /name="_csrf" value="([^"]*)"/.exec(this.lastHtml);
    if (!m) throw new Error('No CSRF token on the last page');
    return m[1];
  }

  /** Submit a form: fetch `formPage` for its token, then POST the fields (arrays repeat the key). */
  async post(url: string, fields: Record<string, string | string[]>, formPage = url) {
    await this.get(formPage);
    const body = new URLSearchParams();
    body.append('_csrf', this.csrfToken());
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await this.app.inject({ method: 'POST', url, payload: body.toString(), remoteAddress: this.client.remoteAddress,
      headers: { ...this.client.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.keep(res.headers['set-cookie']);
    if ((res.headers['content-type'] ?? '').toString().startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  /**
   * Submit a file upload form: fetch `formPage` for its token (unless `withToken` is false), then POST
   * the fields and files as multipart/form-data.
   */
  async postMultipart(url: string, fields: Record<string, string>, files: FormFile[], formPage = url, { withToken = true } = {}) {
    await this.get(formPage);
    const { payload, contentType } = multipartBody(withToken ? { _csrf: this.csrfToken(), ...fields } : fields, files);
    const res = await this.app.inject({ method: 'POST', url, payload, remoteAddress: this.client.remoteAddress,
      headers: { ...this.client.headers, cookie: this.cookieHeader(), 'content-type': contentType } });
    this.keep(res.headers['set-cookie']);
    if ((res.headers['content-type'] ?? '').toString().startsWith('text/html')) this.lastHtml = res.body;
    return res;
  }

  async signIn(email: string, password: string) {
    const res = await this.post('/sign-in', { email, password }, '/sign-in');
    if (res.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${res.statusCode}`);
    return this;
  }

  /** A session started without the sign-in form (no page to fetch, no password to hash): for tests that need many people. */
  async startSession(services: Services, email: string) {
    const id = await services.users.findIdByEmail(email);
    if (id === null) throw new Error(`No account for ${email}`);
    this.cookies.set(SESSION_COOKIE, await services.users.startSession(id));
    return this;
  }
}
