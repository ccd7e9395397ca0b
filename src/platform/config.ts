import { isIP } from 'node:net';
import { z } from 'zod';
import { parseSize } from './sizes.ts';

/** Limits on what one import may read, so a compressed bomb or a file of one endless line is refused in seconds. */
export interface ImportLimits {
  /** Bytes one file may hold once decompressed (a national police.uk month is about 70 MB). */
  maxFileBytes: number;
  /** Bytes all the files of one import may hold once decompressed. */
  maxTotalBytes: number;
  /** Bytes one line (one record) may hold (police.uk lines are under 1 KB). */
  maxLineBytes: number;
}

/** Limits on the upload page, as sent (before decompression). */
export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxFileBytes: 1024 ** 3, maxTotalBytes: 8 * 1024 ** 3, maxLineBytes: 64 * 1024 };
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 100 * 1024 ** 2, maxTotalBytes: 1024 ** 3 };
/** A report attached to an agenda item (kept in the database, so kept modest). */
export const DEFAULT_REPORT_MAX_FILE_BYTES = 20 * 1024 ** 2;

/** A size setting ('64KB', '1GB'); unset or empty takes the default. */
const size = (fallback: number) => z.preprocess(
  (v) => (v === '' || v === undefined ? String(fallback) : v),
  z.string().transform((s, ctx) => {
    const n = parseSize(s);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `'${s}' is not a size such as 64KB, 100MB or 1GB` });
      return z.NEVER;
    }
    return n;
  }),
);

/** How many requests' handlers run at once, and how many more may wait (for up to maxWaitMs) before 503. */
export interface LoadLimits { maxInFlight: number; maxQueued: number; maxWaitMs: number }
export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxInFlight: 16, maxQueued: 200, maxWaitMs: 10_000 };

/** The sender of every message unless MAIL_FROM says otherwise. */
export const DEFAULT_MAIL_FROM = 'CSP Hub <csp-hub@localhost>';

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

// "name@host" or "Name <name@host>": one address, nothing a header could be split on.
const isMailFrom = (value: string) => /^([^<>\r\n,;]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>,;]+@[^\s@<>,;]+)$/.test(value.trim());

/** Outgoing mail: through SMTP when a server is given, else kept in the outbox table only. */
export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

export const SESSION_SECRET_MIN_LENGTH = 32;
export const METRICS_TOKEN_MIN_LENGTH = 24;
/** Seconds without a heartbeat after which a running job is taken for dead (its instance beats every third of it). */
const DEFAULT_JOB_STALE_SECONDS = 30;

/** Seconds a stopping instance gives requests and imports in progress (a container's usual 30 s, less a margin). */
export const DEFAULT_SHUTDOWN_SECONDS = 25;
const DEMO_SESSION_SECRET = 'csp-hub-embedded-demo-secret-not-for-production';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = typeof LOG_LEVELS[number];

// An empty value means unset (as shells and .env files often leave it).
const optional = <T extends z.ZodTypeAny>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: optional(z.string().url()),
  DATA_DIR: z.string().default('./data/db'),
  SESSION_SECRET: optional(z.string().min(SESSION_SECRET_MIN_LENGTH,
    `must be at least ${SESSION_SECRET_MIN_LENGTH} characters (for example: openssl rand -hex 32)`)),
  NODE_ENV: z.string().default('development'),
  TRUST_PROXY: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)),
  IMPORT_MAX_FILE_SIZE: size(DEFAULT_IMPORT_LIMITS.maxFileBytes),
  IMPORT_MAX_TOTAL_SIZE: size(DEFAULT_IMPORT_LIMITS.maxTotalBytes),
  IMPORT_MAX_LINE_LENGTH: size(DEFAULT_IMPORT_LIMITS.maxLineBytes),
  UPLOAD_MAX_FILE_SIZE: size(DEFAULT_UPLOAD_LIMITS.maxFileBytes),
  UPLOAD_MAX_TOTAL_SIZE: size(DEFAULT_UPLOAD_LIMITS.maxTotalBytes),
  SMTP_URL: optional(z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL, such as smtp://user:password@mail.example.org:587')),
  MAIL_FROM: optional(z.string().refine(isMailFrom, 'must be an e-mail address, optionally with a name: CSP Hub <csp-hub@example.org>')),
  // The start of every identifier in the 360Giving export: a registered 360Giving prefix such as 360G-example.
  GRANTS_IDENTIFIER_PREFIX: optional(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,40}[A-Za-z0-9]$/,
    'must be letters, digits and hyphens, such as 360G-example (the prefix 360Giving registers for the publisher)')),
  REPORT_MAX_FILE_SIZE: size(DEFAULT_REPORT_MAX_FILE_BYTES),
  METRICS_TOKEN: optional(z.string().min(METRICS_TOKEN_MIN_LENGTH,
    `must be at least ${METRICS_TOKEN_MIN_LENGTH} characters (for example: openssl rand -hex 24)`)),
  MAX_IN_FLIGHT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(10_000).default(DEFAULT_LOAD_LIMITS.maxInFlight)),
  MAX_QUEUED: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(100_000).default(DEFAULT_LOAD_LIMITS.maxQueued)),
  SHUTDOWN_TIMEOUT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(3600).default(DEFAULT_SHUTDOWN_SECONDS)),
  JOB_STALE_SECONDS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(3600).default(DEFAULT_JOB_STALE_SECONDS)),
  OIDC_ISSUER: optional(z.string().refine(isIssuerUrl, 'must be the https:// address of the OpenID Connect provider, such as https://login.microsoftonline.com/<tenant>/v2.0')),
  OIDC_CLIENT_ID: optional(z.string().trim().min(1)),
  OIDC_CLIENT_SECRET: optional(z.string().min(1)),
  OIDC_NAME: optional(z.string().trim().min(1).max(80, 'must be at most 80 characters')),
  PASSWORD_SIGN_IN: optional(z.enum(['on', 'off'], 'must be on or off')),
  CONTACT_EMAIL: optional(z.string().trim().email('must be an e-mail address, such as csp@example.org')),
});

// An OpenID Connect issuer is reached over https; plain http is allowed only on this machine (for trying it out).
function isIssuerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}
export const isLoopbackHost = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]';

/** Single sign-on with an OpenID Connect provider (all three settings together, or none). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label on the sign-in page. */
  buttonLabel: string;
}

export const DEFAULT_OIDC_NAME = 'Sign in with your organisation’s account';

/** The 360Giving identifier prefix when GRANTS_IDENTIFIER_PREFIX is not set. */
export const DEFAULT_GRANTS_IDENTIFIER_PREFIX = '360G-csphub';

/** What Fastify's `trustProxy` is given: off, on, or the proxies' addresses (comma-separated). */
export type TrustProxy = boolean | string;

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Demo mode: the embedded database, which loads the demo partnership when empty. */
  demo: boolean;
  /** Unset outside the demo when SESSION_SECRET is missing: the web service then refuses to start. */
  sessionSecret: string | undefined;
  secureCookies: boolean;
  importLimits: ImportLimits;
  uploadLimits: UploadLimits;
  mail: MailSettings;
  /** Bytes one report attached to an agenda item may hold. */
  reportMaxFileBytes: number;
  /** Whether X-Forwarded-For (and -Proto, -Host) are believed: off unless TRUST_PROXY says so. */
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  /** Opens /metrics from other machines as a bearer token; without it only this machine may read them. */
  metricsToken?: string;
  /** Seconds a stop (SIGTERM) waits for requests and imports in progress before it gives up on them. */
  shutdownSeconds: number;
  /** Bounds on the work in progress (MAX_IN_FLIGHT, MAX_QUEUED): beyond them a request gets 503 and Retry-After. */
  loadLimits: LoadLimits;
  /** PostgreSQL: a running job not heard from for this long is taken for dead (its instance was killed) and marked failed. */
  jobStaleSeconds: number;
  /** Starts the identifiers of grants and of organisations without a registered one in the 360Giving export. */
  grantsIdentifierPrefix: string;
  /** Single sign-on; unset, only passwords are used. */
  oidc?: OidcSettings;
  /** Whether people may sign in with an e-mail address and password (off only with single sign-on). */
  passwordSignIn: boolean;
  /** Where the accessibility statement and privacy notice send questions; unset, they say to ask the partnership. */
  contactEmail?: string;
}

export class ConfigError extends Error {}

// Addresses (or CIDR ranges, or proxy-addr's names) of proxies, comma-separated.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  if (rest.length) return false;
  if (PROXY_NAMES.has(address) && bits === undefined) return true;
  const family = isIP(address);
  if (!family) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/**
 * TRUST_PROXY: unset, false or 0 = believe no forwarding headers; true or 1 = believe any proxy (only
 * when nothing can reach the app except through the proxy); else the proxies' addresses or ranges.
 * (Fastify ignores forwarding headers for a hop count, so a count is refused rather than silently off.)
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length || !list.every(isProxyAddress)) {
    throw new ConfigError('Configuration is not valid: TRUST_PROXY must be true (or 1), false (or 0), or a comma-separated list '
      + `of the proxies' addresses or ranges, such as 10.0.0.0/8,loopback (got ${value})`);
  }
  return list.join(',');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  const oidc = oidcSettings(e);
  const passwordSignIn = e.PASSWORD_SIGN_IN !== 'off';
  if (!passwordSignIn && !oidc) {
    throw new ConfigError('Configuration is not valid: PASSWORD_SIGN_IN=off needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET), or nobody could sign in');
  }
  const production = e.NODE_ENV === 'production';
  const demo = !e.DATABASE_URL;
  // The demo secret is public (it is in this file), so it may sign cookies only in the demo itself.
  const demoSecretAllowed = demo && !production;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    demo,
    // The secret only signs the CSRF cookie; sessions themselves live in the database.
    sessionSecret: e.SESSION_SECRET ?? (demoSecretAllowed ? DEMO_SESSION_SECRET : undefined),
    secureCookies: production,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // Request logs (info) would bury the demo's start-up message; a deployment wants them.
    logLevel: e.LOG_LEVEL ?? (demoSecretAllowed ? 'warn' : 'info'),
    importLimits: { maxFileBytes: e.IMPORT_MAX_FILE_SIZE, maxTotalBytes: e.IMPORT_MAX_TOTAL_SIZE, maxLineBytes: e.IMPORT_MAX_LINE_LENGTH },
    uploadLimits: { maxFileBytes: e.UPLOAD_MAX_FILE_SIZE, maxTotalBytes: e.UPLOAD_MAX_TOTAL_SIZE },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM?.trim() ?? DEFAULT_MAIL_FROM },
    grantsIdentifierPrefix: e.GRANTS_IDENTIFIER_PREFIX ?? DEFAULT_GRANTS_IDENTIFIER_PREFIX,
    reportMaxFileBytes: e.REPORT_MAX_FILE_SIZE,
    metricsToken: e.METRICS_TOKEN,
    shutdownSeconds: e.SHUTDOWN_TIMEOUT,
    loadLimits: { ...DEFAULT_LOAD_LIMITS, maxInFlight: e.MAX_IN_FLIGHT, maxQueued: e.MAX_QUEUED },
    jobStaleSeconds: e.JOB_STALE_SECONDS,
    oidc,
    passwordSignIn,
    contactEmail: e.CONTACT_EMAIL,
  };
}

function oidcSettings(e: z.infer<typeof schema>): OidcSettings | undefined {
  const given = { OIDC_ISSUER: e.OIDC_ISSUER, OIDC_CLIENT_ID: e.OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: e.OIDC_CLIENT_SECRET };
  const missing = Object.entries(given).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length === 3) return undefined;
  if (missing.length) throw new ConfigError(`Configuration is not valid: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together (${missing.join(', ')} not set)`);
  return { issuer: e.OIDC_ISSUER!, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET!, buttonLabel: e.OIDC_NAME ?? DEFAULT_OIDC_NAME };
}

/** The cookie-signing secret, or a clear refusal to start without one outside the demo. */
export function requireSessionSecret(config: Pick<Config, 'sessionSecret'>): string {
  if (config.sessionSecret) return config.sessionSecret;
  throw new ConfigError(
    'SESSION_SECRET is not set. Outside the demo (with DATABASE_URL set, or NODE_ENV=production) CSP Hub '
    + `will not start without it. Set SESSION_SECRET to a random value of at least ${SESSION_SECRET_MIN_LENGTH} characters, `
    + 'the same on every instance, for example: export SESSION_SECRET=$(openssl rand -hex 32)',
  );
}
