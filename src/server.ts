import { loadConfig } from './platform/config.ts';
import { openDb } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp } from './app.ts';
import { loadDemo } from './features/demo/load.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './features/demo/accounts.ts';

/** Open the database, bring it up to date, load the demo when embedded and empty, and listen. */
export async function startServer() {
  const config = loadConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  const app = await buildApp({ config, db, logger: true });
  if (config.demo) {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partnerships');
    if (n === 0) {
      console.log('Loading the demo partnership into the embedded database…');
      await loadDemo(app.services);
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
  console.log(`\nCSP Hub is running at ${url}`);
  if (config.demo) {
    console.log(`Embedded database in ${config.dataDir}. Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(32)} ${a.role}`);
  } else {
    console.log('PostgreSQL database. Add the first administrator with: npx csp-hub users add --admin --email … --name … --password …');
  }
  const stop = async () => { await app.close(); await db.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
