// C10: the "where to get help and how to report" directory. The coordinator keeps it; residents read
// the published entries without signing in. A draft entry is seen only on the administration pages.
import type { Db } from '../../platform/db/types.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { auditedRecords, versionOf } from '../../platform/audited-records.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { CATEGORIES } from './categories.ts';
import { checkHelpValues, type HelpFormValues } from './form.ts';
import * as q from './queries.ts';

type P = { id: number };
export const HELP_REFUSAL = 'Only the partnership’s coordinators can change the help directory.';

export function helpService(db: Db) {
  const records = auditedRecords(db, {
    recordType: 'help_service', what: 'Service', find: q.findEntry, insert: q.insertEntry, updateAt: q.updateEntryAt, delete: q.deleteEntry,
    snapshot: (r) => ({ kind: r.kind, name: r.name, helpsWith: r.helpsWith, whoFor: r.whoFor, phone: r.phone, website: r.website,
      openingHours: r.openingHours, address: r.address, categories: r.categories, published: r.published }),
    nameOf: (r) => r.name,
    duplicate: { field: 'name', message: (name) => `The directory already has an entry called ${name}: edit that one instead` },
  });
  const assertCanManage = (actor: Actor) => { if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError(HELP_REFUSAL); };

  return {
    /** Every entry, drafts too, for the coordinator's list. */
    async all(p: P, actor: Actor) {
      assertCanManage(actor);
      return q.listEntries(db, p.id, false);
    },
    async entry(p: P, id: number, actor: Actor) {
      assertCanManage(actor);
      return records.one(p.id, id);
    },
    async add(p: P, v: HelpFormValues, actor: Actor) {
      assertCanManage(actor);
      return records.add(p.id, checkHelpValues(v), actor.userId);
    },
    async update(p: P, id: number, v: HelpFormValues, actor: Actor) {
      assertCanManage(actor);
      await records.one(p.id, id);
      return records.update(p.id, id, versionOf(v.version), checkHelpValues(v), actor.userId);
    },
    async remove(p: P, id: number, actor: Actor) {
      assertCanManage(actor);
      return records.remove(p.id, id, actor.userId);
    },

    /** The published entries, in name order: what residents and the API see. */
    published: (p: P) => q.listEntries(db, p.id, true),

    /** The published entries by category (each entry under every category it has), categories in their fixed order. */
    async byCategory(p: P) {
      const entries = await q.listEntries(db, p.id, true);
      return CATEGORIES.map((c) => ({ ...c, entries: entries.filter((e) => e.categories.includes(c.key)) }));
    },

    /** One published entry; a draft or another partnership's entry is not found. */
    async publishedEntry(p: P, id: number) {
      const e = await q.findEntry(db, p.id, id);
      if (!e || !e.published) throw new NotFoundError('Service');
      return e;
    },
  };
}

export type HelpService = ReturnType<typeof helpService>;
