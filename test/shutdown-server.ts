// A server for the shutdown test: the demo app on a copy of the test database, stopped by signals
// exactly as `csp-hub serve` is (stopOnSignals), with one extra route that takes its time, so a
// signal can arrive while a request is in progress. Says where it listens (and what it did) on stderr;
// its request log goes to stdout.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDb } from '../src/platform/db/client.ts';
import { loadConfig } from '../src/platform/config.ts';
import { buildApp } from '../src/app.ts';
import { stopOnSignals } from '../src/platform/http/shutdown.ts';
import { buildTemplate } from './template.ts';

const db = await openDb({ loadDataDir: new Blob([readFileSync(await buildTemplate())]) });
const config = { ...loadConfig({ SESSION_SECRET: 'test-session-secret-0123456789abcdef', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT: '10' }), demo: true };
const app = await buildApp({ config, db, logger: true });
app.get('/slow', { config: { access: 'public' } }, async () => {
  console.error('slow started');
  await sleep(Number(process.env.SLOW_MS ?? 1500));
  return 'finished';
});
await app.listen({ port: 0, host: '127.0.0.1' });
stopOnSignals(app, { closeDb: async () => { await db.close(); console.error('database closed'); }, timeoutMs: config.shutdownSeconds * 1000 });
const address = app.server.address();
console.error(`listening ${typeof address === 'object' && address ? address.port : ''}`);
