import type { Db, Queryable } from './db/types.ts';

export interface Change {
  partnershipId: number | null;
  userId: number | null;
  recordType: string;
  recordId: number;
  action: 'create' | 'update' | 'delete' | 'approve' | 'publish' | 'revise' | 'roll_forward' | 'sign_in';
  summary?: string;
  before?: unknown;
  after?: unknown;
}

export interface HistoryEntry {
  id: number; at: string; action: string; summary: string; userName: string | null;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null;
  changedFields: string[];
}

/** A partnership's change as recorded: the audit row's id and time. */
export interface RecordedChange { partnershipId: number; id: number; at: Date }
type ChangeListener = (change: RecordedChange) => void;

// Who is told of each partnership's change once it commits, per database (the page cache's stamps).
const listeners = new WeakMap<Db, Set<ChangeListener>>();

/** Be told of every partnership's change recorded through this database, after it commits. Returns the way to stop. */
export function onCommittedChange(db: Db, listener: ChangeListener): () => void {
  let set = listeners.get(db);
  if (!set) { set = new Set(); listeners.set(db, set); }
  set.add(listener);
  return () => { set.delete(listener); };
}

/** Record one change inside the caller's transaction, so the record and its history commit together. */
export async function recordChange(tx: Queryable, c: Change): Promise<void> {
  const [row] = await tx.query<{ id: number; at: Date | string }>(
    `INSERT INTO audit_log (partnership_id, user_id, record_type, record_id, action, summary, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, at`,
    [c.partnershipId, c.userId, c.recordType, c.recordId, c.action, c.summary ?? '',
      c.before === undefined ? null : JSON.stringify(c.before), c.after === undefined ? null : JSON.stringify(c.after)],
  );
  // Told only after commit: a reader must never see the new stamp before the new rows.
  const told = tx.db && listeners.get(tx.db);
  if (told?.size && c.partnershipId !== null && row && tx.afterCommit) {
    const change = { partnershipId: c.partnershipId, id: Number(row.id), at: new Date(row.at) };
    tx.afterCommit(() => { for (const l of told) l(change); });
  }
}

/** The id of the partnership's latest change: it moves whenever any of its records changes. */
export async function latestChangeId(q: Queryable, partnershipId: number): Promise<number> {
  const [row] = await q.query<{ stamp: number | null }>('SELECT max(id) AS stamp FROM audit_log WHERE partnership_id = $1', [partnershipId]);
  return row?.stamp ?? 0;
}

export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => k !== 'version' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export async function historyFor(db: Db, recordType: string, recordId: number): Promise<HistoryEntry[]> {
  const rows = await db.query<Omit<HistoryEntry, 'changedFields'>>(
    `SELECT a.id, to_char(a.at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS') AS at, a.action, a.summary,
            u.name AS "userName", a.before, a.after
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.record_type = $1 AND a.record_id = $2 ORDER BY a.at DESC, a.id DESC`,
    [recordType, recordId],
  );
  return rows.map((r) => ({ ...r, changedFields: changedFields(r.before, r.after) }));
}
