import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Queryable } from '../db/types.ts';

// Limits on failed sign-ins, held in the database (table sign_in_failures) so they hold across
// instances. Only failures count: a successful sign-in is never refused for being one too many.

/** Per account (e-mail typed): this many failures are free, then each waits twice as long as the last. */
export const ACCOUNT_FREE_FAILURES = 5;
const ACCOUNT_FIRST_WAIT_SECONDS = 60;
const ACCOUNT_MAX_WAIT_SECONDS = 15 * 60;
/** An account's failures are forgotten this long after its last one. */
const ACCOUNT_MEMORY_SECONDS = 24 * 3600;

/** Per client address: at most this many failures in a window, whichever accounts they name. */
export const ADDRESS_MAX_FAILURES = 10;
const ADDRESS_WINDOW_SECONDS = 5 * 60;

export interface SignInBlock {
  /** What is limited: the e-mail typed (whether or not it has an account), or the client's address. */
  reason: 'account' | 'address';
  waitSeconds: number;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const accountKey = (email: string) => hash(`account:${email.trim().toLowerCase()}`);
const addressKey = (ip: string) => hash(`address:${networkOf(ip)}`);

/**
 * The address a limit applies to: an IPv4 address as it is, an IPv6 address by its /64 network
 * (one subscriber usually holds a whole /64, so counting single addresses would be no limit).
 */
export function networkOf(ip: string): string {
  const bare = ip.split('%')[0];
  if (isIP(bare) !== 6) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1];
  const [head, tail] = bare.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const width = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - width(h) - width(t)).fill('0'), ...t];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** The wait after the n-th failure of an account (0 while failures are still free). */
export function accountWaitSeconds(failures: number): number {
  if (failures < ACCOUNT_FREE_FAILURES) return 0;
  return Math.min(ACCOUNT_FIRST_WAIT_SECONDS * 2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_WAIT_SECONDS);
}

export function signInThrottle(db: Queryable) {
  return {
    /** The longest wait in force for this e-mail or this address, or null when an attempt may go ahead. */
    async blocked(email: string, ip: string): Promise<SignInBlock | null> {
      const account = accountKey(email);
      const rows = await db.query<{ key: string; wait: number }>(
        `SELECT key, ceil(extract(epoch FROM blocked_until - now()))::int AS wait
           FROM sign_in_failures WHERE key IN ($1, $2) AND blocked_until > now()`,
        [account, addressKey(ip)],
      );
      if (!rows.length) return null;
      const longest = rows.reduce((a, b) => (b.wait > a.wait ? b : a));
      return { reason: longest.key === account ? 'account' : 'address', waitSeconds: Math.max(1, longest.wait) };
    },

    /** Count a failed attempt against the e-mail and the address, starting a wait when one is due. */
    async failed(email: string, ip: string): Promise<void> {
      const account = accountKey(email);
      const [{ failures }] = await db.query<{ failures: number }>(
        `INSERT INTO sign_in_failures AS f (key, failures, first_failed_at, last_failed_at) VALUES ($1, 1, now(), now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN f.last_failed_at < now() - $2::int * interval '1 second' THEN 1 ELSE f.failures + 1 END,
           first_failed_at = CASE WHEN f.last_failed_at < now() - $2::int * interval '1 second' THEN now() ELSE f.first_failed_at END,
           last_failed_at = now()
         RETURNING failures`,
        [account, ACCOUNT_MEMORY_SECONDS],
      );
      const wait = accountWaitSeconds(failures);
      if (wait) {
        await db.query(`UPDATE sign_in_failures SET blocked_until = now() + $2::int * interval '1 second' WHERE key = $1`, [account, wait]);
      }
      // A fixed window per address: once full, the address waits until the window ends.
      await db.query(
        `INSERT INTO sign_in_failures AS f (key, failures, first_failed_at, last_failed_at) VALUES ($1, 1, now(), now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN f.first_failed_at < now() - $2::int * interval '1 second' THEN 1 ELSE f.failures + 1 END,
           first_failed_at = CASE WHEN f.first_failed_at < now() - $2::int * interval '1 second' THEN now() ELSE f.first_failed_at END,
           last_failed_at = now()`,
        [addressKey(ip), ADDRESS_WINDOW_SECONDS],
      );
      await db.query(
        `UPDATE sign_in_failures SET blocked_until = first_failed_at + $3::int * interval '1 second'
          WHERE key = $1 AND failures >= $2`,
        [addressKey(ip), ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_SECONDS],
      );
      // Forget what no longer limits anyone, so the table stays small.
      await db.query(
        `DELETE FROM sign_in_failures
          WHERE last_failed_at < now() - $1::int * interval '1 second' AND (blocked_until IS NULL OR blocked_until < now())`,
        [ACCOUNT_MEMORY_SECONDS],
      );
    },

    /** A successful sign-in clears the account's failures (not the address's: one good account must not reset it). */
    async succeeded(email: string): Promise<void> {
      await db.query('DELETE FROM sign_in_failures WHERE key = $1', [accountKey(email)]);
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;

/** "45 seconds", "1 minute", "8 minutes": how long to wait, rounded up. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
