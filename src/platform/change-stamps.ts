// Each partnership's latest audited change, which the public page cache checks its pages against.
// The embedded database belongs to one process (its folder is locked), and every change is recorded
// through the audit module, so there the stamps are kept in memory and advanced as changes commit: a
// cached page is then answered without a query. On PostgreSQL other instances write too, so the
// stamp is read on every request (one indexed lookup: audit_log_partnership).
import type { Db, Queryable } from './db/types.ts';
import { onCommittedChange } from './audit.ts';

export interface ChangeStamp { id: number; at: Date }

export interface ChangeStamps {
  /** How the stamp is known: from memory (embedded) or read per request (PostgreSQL). */
  readonly mode: 'memory' | 'query';
  latest(partnershipId: number): Promise<ChangeStamp>;
  /**
   * `load` remembered per key until any partnership's next change (memory mode); in query mode
   * `load` itself, as another instance may have made the change.
   */
  remember<T>(load: (key: string) => Promise<T | null>): (key: string) => Promise<T | null>;
  close(): void;
}

const NONE: ChangeStamp = { id: 0, at: new Date(0) };

/** The partnership's latest audited change: its id and when (0 and the epoch before any). */
export async function readLatestChange(q: Queryable, partnershipId: number): Promise<ChangeStamp> {
  const [row] = await q.query<{ id: number; at: Date | string }>(
    'SELECT id, at FROM audit_log WHERE partnership_id = $1 ORDER BY id DESC LIMIT 1', [partnershipId]);
  return row ? { id: Number(row.id), at: new Date(row.at) } : NONE;
}

export function changeStamps(db: Db): ChangeStamps {
  if (db.kind !== 'pglite') {
    return { mode: 'query', latest: (id) => readLatestChange(db, id), remember: (load) => load, close() {} };
  }
  const stamps = new Map<number, ChangeStamp>();
  const remembered = new Set<Map<string, unknown>>();
  let changes = 0;
  // Commits are serial on the embedded database, so a later change always has a higher id.
  const advance = (partnershipId: number, s: ChangeStamp) => {
    const known = stamps.get(partnershipId);
    if (!known || s.id > known.id) stamps.set(partnershipId, s);
  };
  const stop = onCommittedChange(db, (c) => {
    advance(c.partnershipId, c);
    changes += 1;
    for (const m of remembered) m.clear();
  });
  return {
    mode: 'memory',
    async latest(partnershipId) {
      const known = stamps.get(partnershipId);
      if (known) return known;
      // First sight of this partnership in this process: read once (a change meanwhile wins).
      advance(partnershipId, await readLatestChange(db, partnershipId));
      return stamps.get(partnershipId)!;
    },
    remember<T>(load: (key: string) => Promise<T | null>) {
      const values = new Map<string, T>();
      remembered.add(values as Map<string, unknown>);
      return async (key: string) => {
        const hit = values.get(key);
        if (hit !== undefined) return hit;
        const seen = changes;
        const value = await load(key);
        // Nothing unknown is remembered (a partnership made later must be found), nor what was read across a change.
        if (value !== null && seen === changes) values.set(key, value);
        return value;
      };
    },
    close: stop,
  };
}
