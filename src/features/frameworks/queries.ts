// SQL for frameworks, their numbered items and their sections.
import type { Queryable } from '../../platform/db/types.ts';
import type { EditableItem, EditableSection, Framework, FrameworkItem, FrameworkSection, NewFramework } from './service.ts';

/** The partnership's frameworks with their sections and items; with `ids`, only those. */
export async function listFrameworks(q: Queryable, partnershipId: number, ids?: number[]): Promise<Framework[]> {
  const frameworks = await q.query<Omit<Framework, 'items' | 'sections'>>(
    `SELECT f.id, f.name, f.kind, f.version_label AS "versionLabel", f.owner, f.starts_on AS "startsOn", f.ends_on AS "endsOn"
       FROM frameworks f
      WHERE f.partnership_id = $1 ${ids ? 'AND f.id = ANY($2::int[])' : ''}
      ORDER BY f.kind, f.starts_on NULLS LAST, f.id`,
    ids ? [partnershipId, ids] : [partnershipId],
  );
  if (frameworks.length === 0) return [];
  const frameworkIds = frameworks.map((f) => f.id);
  const [items, sections] = await Promise.all([
    q.query<FrameworkItem & { frameworkId: number }>(
      `SELECT id, framework_id AS "frameworkId", number, title, commitments, outcome, position
         FROM framework_items WHERE framework_id = ANY($1::int[]) ORDER BY position`, [frameworkIds]),
    q.query<FrameworkSection & { frameworkId: number }>(
      `SELECT id, framework_id AS "frameworkId", title, commitments, outcome, position
         FROM framework_sections WHERE framework_id = ANY($1::int[]) ORDER BY position, id`, [frameworkIds]),
  ]);
  const of = <T extends { frameworkId: number }>(list: T[], id: number) => list.filter((x) => x.frameworkId === id).map(({ frameworkId: _, ...x }) => x);
  return frameworks.map((f) => ({ ...f, sections: of(sections, f.id), items: of(items, f.id) }));
}

export async function findSection(q: Queryable, partnershipId: number, sectionId: number, lock = false): Promise<EditableSection | null> {
  const [row] = await q.query<EditableSection>(
    `SELECT s.id, s.framework_id AS "frameworkId", f.name AS "frameworkName", s.title, s.commitments, s.outcome, s.position, s.version
       FROM framework_sections s JOIN frameworks f ON f.id = s.framework_id
      WHERE s.id = $1 AND f.partnership_id = $2${lock ? ' FOR UPDATE OF s' : ''}`,
    [sectionId, partnershipId],
  );
  return row ?? null;
}

export async function findItem(q: Queryable, partnershipId: number, itemId: number, lock = false): Promise<EditableItem | null> {
  const [row] = await q.query<EditableItem>(
    `SELECT i.id, i.framework_id AS "frameworkId", f.name AS "frameworkName", i.number, i.title, i.commitments, i.outcome, i.position, i.version
       FROM framework_items i JOIN frameworks f ON f.id = i.framework_id
      WHERE i.id = $1 AND f.partnership_id = $2${lock ? ' FOR UPDATE OF i' : ''}`,
    [itemId, partnershipId],
  );
  return row ?? null;
}

export async function insertFramework(q: Queryable, partnershipId: number, f: Pick<NewFramework, 'name' | 'kind' | 'versionLabel' | 'owner' | 'startsOn' | 'endsOn'>): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO frameworks (partnership_id, name, kind, version_label, owner, starts_on, ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [partnershipId, f.name, f.kind, f.versionLabel, f.owner, f.startsOn, f.endsOn],
  );
  return row.id;
}

export async function insertItem(q: Queryable, frameworkId: number, item: NewFramework['items'][number], position: number): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO framework_items (framework_id, number, title, commitments, outcome, position)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [frameworkId, item.number, item.title, JSON.stringify(item.commitments), item.outcome, position],
  );
  return row.id;
}

export async function insertSection(q: Queryable, frameworkId: number, section: { title: string; commitments: string[]; outcome: string | null }, position: number): Promise<void> {
  await q.query('INSERT INTO framework_sections (framework_id, title, commitments, outcome, position) VALUES ($1, $2, $3, $4, $5)',
    [frameworkId, section.title, JSON.stringify(section.commitments), section.outcome, position]);
}

type Wording = { title: string; commitments: string[]; outcome: string | null };

export async function updateItem(q: Queryable, itemId: number, item: Wording): Promise<void> {
  await q.query('UPDATE framework_items SET title = $2, commitments = $3, outcome = $4, version = version + 1 WHERE id = $1',
    [itemId, item.title, JSON.stringify(item.commitments), item.outcome]);
}

export async function updateSection(q: Queryable, sectionId: number, section: Wording): Promise<void> {
  await q.query('UPDATE framework_sections SET title = $2, commitments = $3, outcome = $4, version = version + 1 WHERE id = $1',
    [sectionId, section.title, JSON.stringify(section.commitments), section.outcome]);
}
