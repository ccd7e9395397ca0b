import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  // An empty value means unset (as shells and .env files often leave it).
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  DATA_DIR: z.string().default('./data/db'),
  SESSION_SECRET: z.string().min(16).optional(),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  /** Demo mode: the embedded database, which loads the demo partnership when empty. */
  demo: boolean;
  sessionSecret: string;
  secureCookies: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is not valid: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: e.DATA_DIR,
    demo: !e.DATABASE_URL,
    // The secret only signs the CSRF cookie; sessions themselves live in the database.
    sessionSecret: e.SESSION_SECRET ?? 'csp-hub-embedded-demo-secret-not-for-production',
    secureCookies: e.NODE_ENV === 'production',
  };
}
