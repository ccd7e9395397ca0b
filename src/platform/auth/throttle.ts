import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Db } from '../db/types.ts';

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

export function signInThrottle(db: Db) {
  return {
    /**
     * Either the longest wait in force for this e-mail or this address (and nothing is counted), or
     * null: the attempt may go ahead and is counted, in advance, as a failure of both. Counting
     * before the password is checked, under a row lock, means parallel attempts cannot all slip in
     * before the first failure is recorded; `succeeded` takes the count back.
     */
    async admit(email: string, ip: string): Promise<SignInBlock | null> {
      const account = accountKey(email);
      const address = addressKey(ip);
      return db.transaction(async (tx) => {
        // Rows exist before they are locked; always address then account, so two attempts cannot deadlock.
        for (const key of [address, account]) {
          await tx.query(
            `INSERT INTO sign_in_failures (key, failures, first_failed_at, last_failed_at) VALUES ($1, 0, now(), now())
             ON CONFLICT (key) DO NOTHING`, [key]);
        }
        const rows = await tx.query<{ key: string; failures: number; wait: number | null; windowLeft: number; accountStale: boolean }>(
          `SELECT key, failures,
                  CASE WHEN blocked_until > now() THEN ceil(extract(epoch FROM blocked_until - now()))::int END AS wait,
                  ceil(extract(epoch FROM first_failed_at + $2::int * interval '1 second' - now()))::int AS "windowLeft",
                  last_failed_at < now() - $3::int * interval '1 second' AS "accountStale"
             FROM sign_in_failures WHERE key IN ($1, $4) ORDER BY key = $4 FOR UPDATE`,
          [address, ADDRESS_WINDOW_SECONDS, ACCOUNT_MEMORY_SECONDS, account],
        );
        const addressRow = rows.find((r) => r.key === address)!;
        const accountRow = rows.find((r) => r.key === account)!;
        const blocks: SignInBlock[] = [
          ...(accountRow.wait ? [{ reason: 'account' as const, waitSeconds: accountRow.wait }] : []),
          ...(addressRow.wait ? [{ reason: 'address' as const, waitSeconds: addressRow.wait }] : []),
        ];
        if (blocks.length) return blocks.reduce((a, b) => (b.waitSeconds > a.waitSeconds ? b : a));

        // The account: failures forgotten a day after the last; from the fifth on, a growing wait.
        const accountFailures = accountRow.accountStale ? 1 : accountRow.failures + 1;
        await tx.query(
          `UPDATE sign_in_failures SET failures = $2::int, last_failed_at = now(),
                  blocked_until = CASE WHEN $3::int > 0 THEN now() + $3::int * interval '1 second' END
            WHERE key = $1`,
          [account, accountFailures, accountWaitSeconds(accountFailures)],
        );
        // The address: a fixed window; once full, it waits until the window ends.
        const newWindow = addressRow.windowLeft <= 0;
        const addressFailures = newWindow ? 1 : addressRow.failures + 1;
        await tx.query(
          `UPDATE sign_in_failures SET failures = $2::int, last_failed_at = now(),
                  first_failed_at = CASE WHEN $3::boolean THEN now() ELSE first_failed_at END,
                  blocked_until = CASE WHEN $2::int >= $4::int
                    THEN (CASE WHEN $3::boolean THEN now() ELSE first_failed_at END) + $5::int * interval '1 second' END
            WHERE key = $1`,
          [address, addressFailures, newWindow, ADDRESS_MAX_FAILURES, ADDRESS_WINDOW_SECONDS],
        );
        // Forget what no longer limits anyone, so the table stays small.
        await tx.query(
          `DELETE FROM sign_in_failures
            WHERE last_failed_at < now() - $1::int * interval '1 second' AND (blocked_until IS NULL OR blocked_until < now())`,
          [ACCOUNT_MEMORY_SECONDS],
        );
        return null;
      });
    },

    /**
     * The password was right: the account's failures are cleared, and the address's advance count is
     * taken back (its other failures stay: one good account must not wipe out an address's record).
     */
    async succeeded(email: string, ip: string): Promise<void> {
      await db.query('DELETE FROM sign_in_failures WHERE key = $1', [accountKey(email)]);
      await db.query(
        `UPDATE sign_in_failures SET failures = greatest(failures - 1, 0),
                blocked_until = CASE WHEN failures - 1 >= $2::int THEN blocked_until END
          WHERE key = $1`,
        [addressKey(ip), ADDRESS_MAX_FAILURES],
      );
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
