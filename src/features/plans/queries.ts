import type { Queryable } from '../../platform/db/types.ts';
import type { InitiativeDetail, LeadRef, FrameworkItemRef, PlanDetail, PlanStatus, PriorityKind } from './types.ts';

export interface PlanRow {
  id: number; partnershipId: number; startYear: number; status: PlanStatus; introduction: string; otherSection: string;
  /** An approval was recorded (its body and date may still be unknown). */
  approved: boolean;
  approvedByBodyId: number | null; approvedByBodyName: string | null; approvedOn: string | null; publishedAt: string | null;
  revision: number; version: number;
}

const PLAN_COLUMNS = `p.id, p.partnership_id AS "partnershipId", p.start_year AS "startYear", p.status, p.introduction,
  p.other_section AS "otherSection", p.approved, p.approved_by_body_id AS "approvedByBodyId", b.name AS "approvedByBodyName",
  p.approved_on AS "approvedOn", to_char(p.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "publishedAt", p.revision, p.version`;

/** The start years of the partnership's plans, drafts included. */
export async function planYears(q: Queryable, partnershipId: number): Promise<number[]> {
  return (await q.query<{ y: number }>('SELECT start_year AS y FROM plans WHERE partnership_id = $1', [partnershipId])).map((r) => r.y);
}

export async function listPlans(q: Queryable, partnershipId: number, publishedOnly: boolean): Promise<(PlanRow & { initiativeCount: number })[]> {
  return q.query(
    `SELECT ${PLAN_COLUMNS}, (SELECT count(*)::int FROM initiatives i WHERE i.plan_id = p.id) AS "initiativeCount"
       FROM plans p LEFT JOIN bodies b ON b.id = p.approved_by_body_id
      WHERE p.partnership_id = $1 ${publishedOnly ? "AND (p.status = 'published' OR p.revision > 0)" : ''} ORDER BY p.start_year DESC`,
    [partnershipId],
  );
}

export async function findPlan(q: Queryable, partnershipId: number, startYear: number): Promise<PlanRow | null> {
  const [row] = await q.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM plans p LEFT JOIN bodies b ON b.id = p.approved_by_body_id WHERE p.partnership_id = $1 AND p.start_year = $2`,
    [partnershipId, startYear],
  );
  return row ?? null;
}

export async function findPlanById(q: Queryable, planId: number): Promise<PlanRow | null> {
  const [row] = await q.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM plans p LEFT JOIN bodies b ON b.id = p.approved_by_body_id WHERE p.id = $1`, [planId]);
  return row ?? null;
}

/** Key priorities by number, then the unnumbered section for work outside them. */
export async function prioritiesOf(q: Queryable, planId: number) {
  return q.query<{ id: number; kind: PriorityKind; number: number | null; title: string; commitments: string[]; evidence: string; version: number }>(
    'SELECT id, kind, number, title, commitments, evidence, version FROM priorities WHERE plan_id = $1 ORDER BY number NULLS LAST, id', [planId],
  );
}

export async function objectivesOf(q: Queryable, planId: number) {
  return q.query<{ id: number; priorityId: number; title: string; position: number; version: number }>(
    `SELECT o.id, o.priority_id AS "priorityId", o.title, o.position, o.version
       FROM objectives o JOIN priorities p ON p.id = o.priority_id WHERE p.plan_id = $1 ORDER BY o.position, o.id`,
    [planId],
  );
}

const INITIATIVE_COLUMNS = `i.id, i.plan_id AS "planId", i.priority_id AS "priorityId", i.objective_id AS "objectiveId", i.name,
  i.timing_kind AS "timingKind", i.starts_on AS "startsOn", i.ends_on AS "endsOn", i.timing_text AS "timingText",
  i.description, i.outcomes, i.status, i.status_reason AS "statusReason", i.priority_refs AS "priorityRefs",
  i.crime_types AS "crimeTypes", i.wards, i.previous_initiative_id AS "previousInitiativeId", i.version`;

function leadRef(x: LeadRef & { role: string; rank?: number }): LeadRef {
  return x.type === 'organisation' ? { type: 'organisation', id: x.id, name: x.name, acronym: x.acronym } : { type: 'body', id: x.id, name: x.name, acronym: null };
}

/** Initiatives with their leads, supporters and framework items, for one plan or one initiative. */
export async function initiativesWhere(q: Queryable, where: 'plan' | 'id', value: number): Promise<InitiativeDetail[]> {
  const column = where === 'plan' ? 'i.plan_id' : 'i.id';
  const rows = await q.query<Omit<InitiativeDetail, 'leads' | 'supports' | 'frameworkItems'>>(
    `SELECT ${INITIATIVE_COLUMNS} FROM initiatives i WHERE ${column} = $1 ORDER BY i.position, i.id`, [value],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  // Organisations first, then the partnership's bodies and teams, each by name.
  const orgs = await q.query<LeadRef & { initiativeId: number; role: string }>(
    `SELECT * FROM (
       SELECT io.initiative_id AS "initiativeId", io.role, 'organisation' AS type, o.id, o.name, o.acronym, 0 AS rank
         FROM initiative_organisations io JOIN organisations o ON o.id = io.organisation_id WHERE io.initiative_id = ANY($1::int[])
       UNION ALL
       SELECT ib.initiative_id, ib.role, 'body', b.id, b.name, NULL, 1
         FROM initiative_bodies ib JOIN bodies b ON b.id = ib.body_id WHERE ib.initiative_id = ANY($1::int[])
     ) x ORDER BY rank, name`, [ids],
  );
  const items = await q.query<FrameworkItemRef & { initiativeId: number }>(
    `SELECT ifi.initiative_id AS "initiativeId", fi.id, fi.framework_id AS "frameworkId", f.name AS "frameworkName",
            f.kind AS "frameworkKind", fi.number, fi.title
       FROM initiative_framework_items ifi JOIN framework_items fi ON fi.id = ifi.framework_item_id
       JOIN frameworks f ON f.id = fi.framework_id
      WHERE ifi.initiative_id = ANY($1::int[]) ORDER BY f.id, fi.position`, [ids],
  );
  const byInitiative = <T extends { initiativeId: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const x of list) map.set(x.initiativeId, [...(map.get(x.initiativeId) ?? []), x]);
    return map;
  };
  const orgMap = byInitiative(orgs);
  const itemMap = byInitiative(items);
  const strip = <T extends { initiativeId: number }>({ initiativeId: _, ...rest }: T) => rest;
  return rows.map((r) => {
    const o = orgMap.get(r.id) ?? [];
    return {
      ...r,
      leads: o.filter((x) => x.role === 'lead').map(leadRef),
      supports: o.filter((x) => x.role === 'support').map(leadRef),
      frameworkItems: (itemMap.get(r.id) ?? []).map(strip),
    };
  });
}

export interface InitiativeFields {
  priorityId: number; objectiveId: number | null; name: string;
  timingKind: string; startsOn: string | null; endsOn: string | null; timingText: string | null;
  description: string; outcomes: string; status: string; statusReason: string | null;
  priorityRefs: number[]; crimeTypes: string[]; wards: string[];
  /** Organisations that lead or support it. */
  leadIds: number[]; supportIds: number[];
  /** The partnership's bodies and teams that lead or support it. */
  leadBodyIds: number[]; supportBodyIds: number[];
  frameworkItemIds: number[];
  previousInitiativeId: number | null;
}

export async function insertInitiative(q: Queryable, planId: number, f: InitiativeFields, position: number): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO initiatives (plan_id, priority_id, objective_id, name, timing_kind, starts_on, ends_on, timing_text,
       description, outcomes, status, status_reason, priority_refs, crime_types, wards, previous_initiative_id, position)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id`,
    [planId, f.priorityId, f.objectiveId, f.name, f.timingKind, f.startsOn, f.endsOn, f.timingText, f.description, f.outcomes,
      f.status, f.statusReason, JSON.stringify(f.priorityRefs), JSON.stringify(f.crimeTypes), JSON.stringify(f.wards),
      f.previousInitiativeId, position],
  );
  await replaceLinks(q, row.id, f);
  return row.id;
}

/** Update only if the version still matches; returns false when someone else saved first. */
export async function updateInitiative(q: Queryable, id: number, version: number, f: InitiativeFields): Promise<boolean> {
  const rows = await q.query(
    `UPDATE initiatives SET priority_id=$3, objective_id=$4, name=$5, timing_kind=$6, starts_on=$7, ends_on=$8, timing_text=$9,
       description=$10, outcomes=$11, status=$12, status_reason=$13, priority_refs=$14, crime_types=$15, wards=$16,
       previous_initiative_id=$17, version = version + 1
     WHERE id = $1 AND version = $2 RETURNING id`,
    [id, version, f.priorityId, f.objectiveId, f.name, f.timingKind, f.startsOn, f.endsOn, f.timingText, f.description,
      f.outcomes, f.status, f.statusReason, JSON.stringify(f.priorityRefs), JSON.stringify(f.crimeTypes), JSON.stringify(f.wards),
      f.previousInitiativeId],
  );
  if (rows.length === 0) return false;
  await q.query('DELETE FROM initiative_organisations WHERE initiative_id = $1', [id]);
  await q.query('DELETE FROM initiative_bodies WHERE initiative_id = $1', [id]);
  await q.query('DELETE FROM initiative_framework_items WHERE initiative_id = $1', [id]);
  await replaceLinks(q, id, f);
  return true;
}

async function replaceLinks(q: Queryable, id: number, f: InitiativeFields) {
  const supports = f.supportIds.filter((s) => !f.leadIds.includes(s));
  for (const orgId of f.leadIds) await q.query('INSERT INTO initiative_organisations VALUES ($1, $2, $3)', [id, orgId, 'lead']);
  for (const orgId of supports) await q.query('INSERT INTO initiative_organisations VALUES ($1, $2, $3)', [id, orgId, 'support']);
  const supportBodies = f.supportBodyIds.filter((s) => !f.leadBodyIds.includes(s));
  for (const bodyId of f.leadBodyIds) await q.query('INSERT INTO initiative_bodies VALUES ($1, $2, $3)', [id, bodyId, 'lead']);
  for (const bodyId of supportBodies) await q.query('INSERT INTO initiative_bodies VALUES ($1, $2, $3)', [id, bodyId, 'support']);
  for (const itemId of f.frameworkItemIds) await q.query('INSERT INTO initiative_framework_items VALUES ($1, $2)', [id, itemId]);
}

/** The same initiative in other years: follow previous links backwards and forwards. */
export async function relatedYears(q: Queryable, initiativeId: number) {
  return q.query<{ id: number; startYear: number; name: string; status: string; planId: number; planStatus: PlanStatus; planRevision: number }>(
    `WITH RECURSIVE back AS (
        SELECT id, previous_initiative_id FROM initiatives WHERE id = $1
        UNION SELECT i.id, i.previous_initiative_id FROM initiatives i JOIN back ON i.id = back.previous_initiative_id
     ), fwd AS (
        SELECT id FROM initiatives WHERE id = $1
        UNION SELECT i.id FROM initiatives i JOIN fwd ON i.previous_initiative_id = fwd.id
     )
     SELECT i.id, p.start_year AS "startYear", i.name, i.status, p.id AS "planId", p.status AS "planStatus", p.revision AS "planRevision"
       FROM initiatives i JOIN plans p ON p.id = i.plan_id
      WHERE i.id IN (SELECT id FROM back UNION SELECT id FROM fwd) AND i.id <> $1 ORDER BY p.start_year`,
    [initiativeId],
  );
}

/** The plan as it was last published, kept when its revision began. */
export async function latestSnapshot(q: Queryable, planId: number): Promise<PlanDetail | null> {
  const [row] = await q.query<{ snapshot: PlanDetail }>(
    'SELECT snapshot FROM plan_revisions WHERE plan_id = $1 ORDER BY revision DESC LIMIT 1', [planId]);
  return row?.snapshot ?? null;
}

export async function priorityInPlan(q: Queryable, priorityId: number, planId: number): Promise<boolean> {
  return (await q.query('SELECT 1 FROM priorities WHERE id = $1 AND plan_id = $2', [priorityId, planId])).length > 0;
}

export async function objectiveInPriority(q: Queryable, objectiveId: number, priorityId: number): Promise<boolean> {
  return (await q.query('SELECT 1 FROM objectives WHERE id = $1 AND priority_id = $2', [objectiveId, priorityId])).length > 0;
}

/** The frameworks a plan maps to. */
export async function planFrameworkIds(q: Queryable, planId: number): Promise<number[]> {
  return (await q.query<{ id: number }>('SELECT framework_id AS id FROM plan_frameworks WHERE plan_id = $1', [planId])).map((r) => r.id);
}

/** The frameworks a plan maps to, locked for a change of the mapping. */
export async function lockPlanFrameworkIds(q: Queryable, planId: number): Promise<number[]> {
  return (await q.query<{ id: number }>('SELECT framework_id AS id FROM plan_frameworks WHERE plan_id = $1 FOR UPDATE', [planId])).map((r) => r.id);
}

export async function replacePlanFrameworks(q: Queryable, planId: number, frameworkIds: Iterable<number>): Promise<void> {
  await q.query('DELETE FROM plan_frameworks WHERE plan_id = $1', [planId]);
  for (const id of frameworkIds) await q.query('INSERT INTO plan_frameworks VALUES ($1, $2)', [planId, id]);
}
