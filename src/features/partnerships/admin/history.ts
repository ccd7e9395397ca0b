// The history of an organisation, body or user as far as this partnership is concerned.
import type { Db } from '../../../platform/db/types.ts';
import { historyFor, type HistoryEntry } from '../../../platform/audit.ts';
import { NotFoundError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import * as q from './queries.ts';
import { assertCanManage } from './permissions.ts';
import { bodyOrThrow, organisationOrThrow } from './checks.ts';

export type AdminRecordType = 'organisation' | 'body' | 'user';

export function historyAdmin(db: Db) {
  async function nameOf(p: Partnership, recordType: AdminRecordType, id: number): Promise<string> {
    if (recordType === 'organisation') return (await organisationOrThrow(db, p.id, id)).name;
    if (recordType === 'body') return (await bodyOrThrow(db, p.id, id)).name;
    const u = await q.findUserKnownHere(db, p.id, id);
    if (!u) throw new NotFoundError('User');
    return `${u.name} (${u.email})`;
  }

  return {
    /** A record's history as far as this partnership is concerned (a user's roles elsewhere stay hidden). */
    async history(p: Partnership, recordType: AdminRecordType, id: number, actor: Actor): Promise<{ name: string; history: HistoryEntry[] }> {
      assertCanManage(actor);
      const name = await nameOf(p, recordType, id);
      const mine = await q.auditIdsHere(db, p.id, recordType, id);
      const history = (await historyFor(db, recordType, id)).filter((h) => mine.has(Number(h.id)));
      return { name, history };
    },
  };
}
