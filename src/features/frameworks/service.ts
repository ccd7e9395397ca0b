import type { Db, Queryable } from '../../platform/db/types.ts';
import { historyFor, recordChange } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import { checkItem, type ItemChange } from './framework-form.ts';
import * as fq from './queries.ts';

export interface FrameworkItem { id: number; number: string; title: string; commitments: string[]; outcome: string | null; position: number }
/**
 * A framework written in sections gives each its own commitments ("We will …") and one outcome
 * ("So that …"); its numbered items are kept beside them, as the framework itself sets them out.
 */
export interface FrameworkSection { id: number; title: string; commitments: string[]; outcome: string | null; position: number }
export interface Framework {
  id: number; name: string; kind: string; versionLabel: string; owner: string;
  startsOn: string | null; endsOn: string | null; sections: FrameworkSection[]; items: FrameworkItem[];
}
export interface EditableItem extends FrameworkItem { frameworkId: number; frameworkName: string; version: number }
export interface EditableSection extends FrameworkSection { frameworkId: number; frameworkName: string; version: number }
export type NewFramework = Omit<Framework, 'id' | 'items' | 'sections'> & {
  items: Omit<FrameworkItem, 'id' | 'position'>[]; sections?: Omit<FrameworkSection, 'id' | 'position'>[];
};

function assertCanManage(actor: Actor): void {
  if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError('Only the partnership’s coordinators and administrators can change its frameworks.');
}

async function findSection(q: Queryable, partnershipId: number, sectionId: number, lock = false): Promise<EditableSection> {
  const row = await fq.findSection(q, partnershipId, sectionId, lock);
  if (!row) throw new NotFoundError('Framework section');
  return row;
}

async function findItem(q: Queryable, partnershipId: number, itemId: number, lock = false): Promise<EditableItem> {
  const row = await fq.findItem(q, partnershipId, itemId, lock);
  if (!row) throw new NotFoundError('Framework item');
  return row;
}

export function frameworksService(db: Db) {
  return {
    list: (partnershipId: number) => fq.listFrameworks(db, partnershipId),
    /** These of the partnership's frameworks (a plan's, say), in the usual order. */
    withIds: async (partnershipId: number, ids: number[]) => ids.length ? fq.listFrameworks(db, partnershipId, ids) : [],

    async create(partnershipId: number, f: NewFramework, actor: Actor): Promise<{ id: number; itemIds: Map<string, number> }> {
      assertCanManage(actor);
      const userId = actor.userId;
      return db.transaction(async (tx) => {
        const row = { id: await fq.insertFramework(tx, partnershipId, f) };
        const itemIds = new Map<string, number>();
        let position = 0;
        for (const item of f.items) itemIds.set(item.number, await fq.insertItem(tx, row.id, item, position++));
        position = 0;
        for (const section of f.sections ?? []) await fq.insertSection(tx, row.id, section, position++);
        await recordChange(tx, { partnershipId, userId, recordType: 'framework', recordId: row.id, action: 'create', after: f });
        return { id: row.id, itemIds };
      });
    },

    getItem: (partnershipId: number, itemId: number) => findItem(db, partnershipId, itemId),

    /** Saves only if nobody else saved since the form was opened (when `version` is given); otherwise ConflictError with the saved item. */
    async updateItem(partnershipId: number, itemId: number, change: ItemChange, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const checked = checkItem(change);
      if (!checked.ok) throw new ValidationError(checked.errors);
      const after = checked.item;
      await db.transaction(async (tx) => {
        const before = await findItem(tx, partnershipId, itemId, true);
        if (change.version !== undefined && change.version !== before.version) throw new ConflictError(before);
        await fq.updateItem(tx, itemId, after);
        await recordChange(tx, { partnershipId, userId: actor.userId, recordType: 'framework_item', recordId: itemId, action: 'update',
          summary: `${before.frameworkName}, item ${before.number}`,
          before: { title: before.title, commitments: before.commitments, outcome: before.outcome, version: before.version },
          after: { ...after, version: before.version + 1 } });
      });
    },

    history(itemId: number, actor: Actor) {
      assertCanSeeHistory(actor);
      return historyFor(db, 'framework_item', itemId);
    },

    getSection: (partnershipId: number, sectionId: number) => findSection(db, partnershipId, sectionId),

    /** As updateItem, for a section: its title, commitments and outcome. */
    async updateSection(partnershipId: number, sectionId: number, change: ItemChange, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const checked = checkItem(change);
      if (!checked.ok) throw new ValidationError(checked.errors);
      const after = checked.item;
      await db.transaction(async (tx) => {
        const before = await findSection(tx, partnershipId, sectionId, true);
        if (change.version !== undefined && change.version !== before.version) throw new ConflictError(before);
        await fq.updateSection(tx, sectionId, after);
        await recordChange(tx, { partnershipId, userId: actor.userId, recordType: 'framework_section', recordId: sectionId, action: 'update',
          summary: `${before.frameworkName}, section “${before.title}”`,
          before: { title: before.title, commitments: before.commitments, outcome: before.outcome, version: before.version },
          after: { ...after, version: before.version + 1 } });
      });
    },

    /** Who changed a section and how: for members who may see drafts, like every history. */
    sectionHistory(sectionId: number, actor: Actor) {
      assertCanSeeHistory(actor);
      return historyFor(db, 'framework_section', sectionId);
    },
  };
}

export type FrameworksService = ReturnType<typeof frameworksService>;
