// Stopping an instance without losing work. On SIGTERM (a deployment replacing it) or SIGINT
// (Ctrl-C): new requests are answered 503 so the proxy sends them elsewhere, requests in progress
// finish, features' preClose hooks let running work end (an import commits or rolls back whole),
// their onClose hooks release what they hold (the shared PDF browser, the mail transport), then the
// database closes. If all that takes longer than the limit, or a second signal comes, the process
// exits at once: nothing half-written survives that either, since every write is one transaction.
import type { FastifyInstance } from 'fastify';

export interface StopOptions {
  /** Closes the database, after the app. */
  closeDb: () => Promise<void>;
  /** Milliseconds before the stop gives up and exits with failure. */
  timeoutMs: number;
  /** Ends the process (tests pass their own). */
  exit?: (code: number) => void;
}

/** Stop on SIGTERM or SIGINT as described above; returns the stop itself (for callers that stop otherwise). */
export function stopOnSignals(app: FastifyInstance, opts: StopOptions): () => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = async (signal = 'stop'): Promise<void> => {
    if (stopping) {
      app.log.warn({ signal }, 'second signal while stopping: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    app.log.info({ signal, timeoutMs: opts.timeoutMs }, 'stopping: finishing requests and imports in progress');
    const giveUp = setTimeout(() => {
      app.log.error({ timeoutMs: opts.timeoutMs }, 'stop took too long: exiting with work unfinished (uncommitted work rolls back)');
      exit(1);
    }, opts.timeoutMs);
    giveUp.unref();
    // A proxy keeps connections open between requests; each is closed as soon as its last response
    // is sent, or the server would wait for the proxy to hang up.
    const hangUpIdle = setInterval(() => app.server.closeIdleConnections(), 100);
    hangUpIdle.unref();
    try {
      await app.close();
      clearInterval(hangUpIdle);
      await opts.closeDb();
      clearTimeout(giveUp);
      app.log.info('stopped');
      exit(0);
    } catch (e) {
      clearTimeout(giveUp);
      clearInterval(hangUpIdle);
      app.log.error({ err: e }, 'stop failed');
      exit(1);
    }
  };
  process.on('SIGTERM', () => { void stop('SIGTERM'); });
  process.on('SIGINT', () => { void stop('SIGINT'); });
  return stop;
}
