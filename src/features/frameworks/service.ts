import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';

export interface FrameworkItem { id: number; number: string; title: string; commitments: string[]; outcome: string | null; position: number }
export interface Framework {
  id: number; name: string; kind: string; versionLabel: string; owner: string;
  startsOn: string | null; endsOn: string | null; items: FrameworkItem[];
}
export type NewFramework = Omit<Framework, 'id' | 'items'> & { items: Omit<FrameworkItem, 'id' | 'position'>[] };

async function listFrameworks(q: Queryable, partnershipId: number, planId?: number): Promise<Framework[]> {
  const frameworks = await q.query<Omit<Framework, 'items'>>(
    `SELECT f.id, f.name, f.kind, f.version_label AS "versionLabel", f.owner, f.starts_on AS "startsOn", f.ends_on AS "endsOn"
       FROM frameworks f
      WHERE f.partnership_id = $1 ${planId ? 'AND f.id IN (SELECT framework_id FROM plan_frameworks WHERE plan_id = $2)' : ''}
      ORDER BY f.kind, f.starts_on NULLS LAST, f.id`,
    planId ? [partnershipId, planId] : [partnershipId],
  );
  if (frameworks.length === 0) return [];
  const items = await q.query<FrameworkItem & { frameworkId: number }>(
    `SELECT id, framework_id AS "frameworkId", number, title, commitments, outcome, position
       FROM framework_items WHERE framework_id = ANY($1::int[]) ORDER BY position`,
    [frameworks.map((f) => f.id)],
  );
  return frameworks.map((f) => ({ ...f, items: items.filter((i) => i.frameworkId === f.id).map(({ frameworkId: _, ...i }) => i) }));
}

export function frameworksService(db: Db) {
  return {
    list: (partnershipId: number) => listFrameworks(db, partnershipId),
    forPlan: (partnershipId: number, planId: number) => listFrameworks(db, partnershipId, planId),

    async create(partnershipId: number, f: NewFramework, userId: number | null): Promise<{ id: number; itemIds: Map<string, number> }> {
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
        await recordChange(tx, { partnershipId, userId, recordType: 'framework', recordId: row.id, action: 'create', after: f });
        return { id: row.id, itemIds };
      });
    },
  };
}

export type FrameworksService = ReturnType<typeof frameworksService>;
