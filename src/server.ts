import { existsSync, readdirSync } from 'node:fs';
import { loadConfig, requireSessionSecret } from './platform/config.ts';
import { openDb } from './platform/db/client.ts';
import { announceAddress } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp } from './app.ts';
import { stopOnSignals } from './platform/http/shutdown.ts';
import { loadDemo } from './features/demo/load.ts';
import { demoAccountLines, DEMO_PASSWORD } from './features/demo/accounts.ts';

/** Run one start-up step, saying what it does before and how long it took after. */
async function step<T>(doing: string, fn: () => Promise<T>, done: (result: T) => string): Promise<T> {
  console.log(`${doing}…`);
  const started = Date.now();
  const result = await fn();
  console.log(`  ${done(result)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** Open the database, bring it up to date, load the demo when embedded and empty, and listen. */
export async function startServer() {
  const config = loadConfig();
  // Refuse before touching the database, so a missing secret is the only thing the log says.
  requireSessionSecret(config);
  const firstStart = config.demo && (!existsSync(config.dataDir) || readdirSync(config.dataDir).length === 0);
  const db = await step(
    config.demo
      ? `${firstStart ? 'Creating' : 'Opening'} the embedded database in ${config.dataDir}${firstStart ? ' (on the first start only; it can take half a minute)' : ''}`
      : 'Connecting to PostgreSQL',
    () => openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'the CSP Hub server' }),
    () => 'ready',
  );
  await step(
    'Bringing the database schema up to date',
    () => migrate(db),
    (applied) => (applied.length ? `applied ${applied.length} migration${applied.length === 1 ? '' : 's'}` : 'already up to date'),
  );
  const app = await buildApp({ config, db, logger: true });
  if (config.demo) {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partnerships');
    if (n === 0) {
      await step(
        'Loading the demo partnership, the Safer Colchester Partnership: its plans, frameworks and crime figures '
          + '(once; about ten seconds)',
        () => loadDemo(app.services),
        () => 'loaded',
      );
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const bound = app.addresses().find((a) => typeof a !== 'string');
  const port = typeof bound === 'object' ? bound.port : config.port; // the real one when PORT=0
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;
  // A command run beside the server is told where it answers (it may not open the folder itself).
  if (!config.databaseUrl) announceAddress(config.dataDir, url);
  console.log(`\nCSP Hub is running at ${url}`);
  if (config.demo) {
    console.log(`Embedded database in ${config.dataDir}. Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const line of demoAccountLines()) console.log(line);
  } else {
    console.log('PostgreSQL database. Add the first administrator with: npx csp-hub users add --admin --email … --name … --password …');
  }
  console.log(`Logging at level ${config.logLevel}${config.logLevel === 'warn' ? ' (set LOG_LEVEL=info to see each request)' : ''}.`);
  stopOnSignals(app, { closeDb: () => db.close(), timeoutMs: config.shutdownSeconds * 1000 });
}
