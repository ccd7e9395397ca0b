import type { Db, Queryable } from '../../platform/db/types.ts';
import { historyFor, recordChange } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorCan, assertCanSeeHistory, type Actor } from '../../platform/auth/actor.ts';
import { checkItem, type ItemChange } from './framework-form.ts';

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

async function listFrameworks(q: Queryable, partnershipId: number, planId?: number): Promise<Framework[]> {
  const frameworks = await q.query<Omit<Framework, 'items'>>(
    `SELECT f.id, f.name, f.kind, f.version_label AS "versionLabel", f.owner, f.starts_on AS "startsOn", f.ends_on AS "endsOn"
       FROM frameworks f
      WHERE f.partnership_id = $1 ${planId ? 'AND f.id IN (SELECT framework_id FROM plan_frameworks WHERE plan_id = $2)' : ''}
      ORDER BY f.kind, f.starts_on NULLS LAST, f.id`,
    planId ? [partnershipId, planId] : [partnershipId],
  );
  if (frameworks.length === 0) return [];
  const ids = frameworks.map((f) => f.id);
  const [items, sections] = await Promise.all([
    q.query<FrameworkItem & { frameworkId: number }>(
      `SELECT id, framework_id AS "frameworkId", number, title, commitments, outcome, position
         FROM framework_items WHERE framework_id = ANY($1::int[]) ORDER BY position`, [ids]),
    q.query<FrameworkSection & { frameworkId: number }>(
      `SELECT id, framework_id AS "frameworkId", title, commitments, outcome, position
         FROM framework_sections WHERE framework_id = ANY($1::int[]) ORDER BY position, id`, [ids]),
  ]);
  const of = <T extends { frameworkId: number }>(list: T[], id: number) => list.filter((x) => x.frameworkId === id).map(({ frameworkId: _, ...x }) => x);
  return frameworks.map((f) => ({ ...f, sections: of(sections, f.id), items: of(items, f.id) }));
}

function assertCanManage(actor: Actor): void {
  if (!actorCan(actor, 'manage_partnership')) throw new ForbiddenError('Only the partnership’s coordinators and administrators can change its frameworks.');
}

async function findSection(q: Queryable, partnershipId: number, sectionId: number, lock = false): Promise<EditableSection> {
  const [row] = await q.query<EditableSection>(
    `SELECT s.id, s.framework_id AS "frameworkId", f.name AS "frameworkName", s.title, s.commitments, s.outcome, s.position, s.version
       FROM framework_sections s JOIN frameworks f ON f.id = s.framework_id
      WHERE s.id = $1 AND f.partnership_id = $2${lock ? ' FOR UPDATE OF s' : ''}`,
    [sectionId, partnershipId],
  );
  if (!row) throw new NotFoundError('Framework section');
  return row;
}

async function findItem(q: Queryable, partnershipId: number, itemId: number, lock = false): Promise<EditableItem> {
  const [row] = await q.query<EditableItem>(
    `SELECT i.id, i.framework_id AS "frameworkId", f.name AS "frameworkName", i.number, i.title, i.commitments, i.outcome, i.position, i.version
       FROM framework_items i JOIN frameworks f ON f.id = i.framework_id
      WHERE i.id = $1 AND f.partnership_id = $2${lock ? ' FOR UPDATE OF i' : ''}`,
    [itemId, partnershipId],
  );
  if (!row) throw new NotFoundError('Framework item');
  return row;
}

export function frameworksService(db: Db) {
  return {
    list: (partnershipId: number) => listFrameworks(db, partnershipId),
    forPlan: (partnershipId: number, planId: number) => listFrameworks(db, partnershipId, planId),

    async create(partnershipId: number, f: NewFramework, actor: Actor): Promise<{ id: number; itemIds: Map<string, number> }> {
      assertCanManage(actor);
      const userId = actor.userId;
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO frameworks (partnership_id, name, kind, version_label, owner, starts_on, ends_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [partnershipId, f.name, f.kind, f.versionLabel, f.owner, f.startsOn, f.endsOn],
        );
        const itemIds = new Map<string, number>();
        let position = 0;
        for (const item of f.items) {
          const [it] = await tx.query<{ id: number }>(
            `INSERT INTO framework_items (framework_id, number, title, commitments, outcome, position)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [row.id, item.number, item.title, JSON.stringify(item.commitments), item.outcome, position++],
          );
          itemIds.set(item.number, it.id);
        }
        position = 0;
        for (const section of f.sections ?? []) {
          await tx.query('INSERT INTO framework_sections (framework_id, title, commitments, outcome, position) VALUES ($1, $2, $3, $4, $5)',
            [row.id, section.title, JSON.stringify(section.commitments), section.outcome, position++]);
        }
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
        await tx.query(`UPDATE framework_items SET title = $2, commitments = $3, outcome = $4, version = version + 1 WHERE id = $1`,
          [itemId, after.title, JSON.stringify(after.commitments), after.outcome]);
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
        await tx.query('UPDATE framework_sections SET title = $2, commitments = $3, outcome = $4, version = version + 1 WHERE id = $1',
          [sectionId, after.title, JSON.stringify(after.commitments), after.outcome]);
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
