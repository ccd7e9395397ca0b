import type { Queryable } from '../../platform/db/types.ts';

export interface Partnership {
  id: number; slug: string; name: string; shortName: string; policeForce: string;
  planYearStartMonth: number; assessmentYearStartMonth: number;
  areas: { code: string; name: string }[];
}
export interface Organisation { id: number; name: string; acronym: string | null; kind: string; version: number }
export interface BodyMember { id: number; personName: string; organisationId: number | null; organisationName: string | null; role: string; termStart: string | null; termEnd: string | null }
export interface Body { id: number; name: string; kind: string; version: number; members: BodyMember[] }

const PARTNERSHIP_COLUMNS = `p.id, p.slug, p.name, p.short_name AS "shortName", p.police_force AS "policeForce",
  p.plan_year_start_month AS "planYearStartMonth", p.assessment_year_start_month AS "assessmentYearStartMonth",
  COALESCE((SELECT json_agg(json_build_object('code', a.lad_code, 'name', a.lad_name) ORDER BY a.lad_code)
              FROM partnership_areas a WHERE a.partnership_id = p.id), '[]'::json) AS areas`;

export async function listPartnerships(q: Queryable): Promise<Partnership[]> {
  return q.query<Partnership>(`SELECT ${PARTNERSHIP_COLUMNS} FROM partnerships p ORDER BY p.name`);
}

export async function findPartnershipBySlug(q: Queryable, slug: string): Promise<Partnership | null> {
  const [row] = await q.query<Partnership>(`SELECT ${PARTNERSHIP_COLUMNS} FROM partnerships p WHERE p.slug = $1`, [slug]);
  return row ?? null;
}

export async function insertPartnership(q: Queryable, p: Omit<Partnership, 'id'>): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO partnerships (slug, name, short_name, police_force, plan_year_start_month, assessment_year_start_month)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [p.slug, p.name, p.shortName, p.policeForce, p.planYearStartMonth, p.assessmentYearStartMonth],
  );
  for (const a of p.areas) {
    await q.query('INSERT INTO partnership_areas (partnership_id, lad_code, lad_name) VALUES ($1, $2, $3)', [row.id, a.code, a.name]);
  }
  return row.id;
}

export async function listOrganisations(q: Queryable, partnershipId: number): Promise<Organisation[]> {
  return q.query<Organisation>(
    'SELECT id, name, acronym, kind, version FROM organisations WHERE partnership_id = $1 ORDER BY name', [partnershipId],
  );
}

export async function insertOrganisation(q: Queryable, partnershipId: number, o: { name: string; acronym: string | null; kind: string }): Promise<number> {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO organisations (partnership_id, name, acronym, kind) VALUES ($1, $2, $3, $4) RETURNING id',
    [partnershipId, o.name, o.acronym, o.kind],
  );
  return row.id;
}

/**
 * Give a plan year with no members yet the members of `fromYear` (by default the latest earlier year
 * that has any). A year that already has members keeps them.
 */
export async function copyMemberships(q: Queryable, partnershipId: number, toYear: number, fromYear: number | null): Promise<void> {
  await q.query(`INSERT INTO memberships (partnership_id, organisation_id, plan_year, statutory)
                 SELECT partnership_id, organisation_id, $2, statutory FROM memberships
                  WHERE partnership_id = $1
                    AND plan_year = COALESCE($3::int, (SELECT max(plan_year) FROM memberships WHERE partnership_id = $1 AND plan_year < $2))
                    AND NOT EXISTS (SELECT 1 FROM memberships WHERE partnership_id = $1 AND plan_year = $2)`,
  [partnershipId, toYear, fromYear]);
}

export async function upsertMembership(q: Queryable, partnershipId: number, organisationId: number, planYear: number, statutory: boolean) {
  await q.query(
    `INSERT INTO memberships (partnership_id, organisation_id, plan_year, statutory) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, plan_year) DO UPDATE SET statutory = EXCLUDED.statutory`,
    [partnershipId, organisationId, planYear, statutory],
  );
}

export async function deleteMembership(q: Queryable, partnershipId: number, organisationId: number, planYear: number) {
  await q.query('DELETE FROM memberships WHERE partnership_id = $1 AND organisation_id = $2 AND plan_year = $3', [partnershipId, organisationId, planYear]);
}

export async function membersOfYear(q: Queryable, partnershipId: number, planYear: number) {
  return q.query<{ id: number; name: string; acronym: string | null; kind: string; statutory: boolean }>(
    `SELECT o.id, o.name, o.acronym, o.kind, m.statutory FROM memberships m JOIN organisations o ON o.id = m.organisation_id
      WHERE m.partnership_id = $1 AND m.plan_year = $2 ORDER BY m.statutory DESC, o.name`,
    [partnershipId, planYear],
  );
}

export async function listBodies(q: Queryable, partnershipId: number): Promise<Body[]> {
  const bodies = await q.query<Omit<Body, 'members'>>(
    'SELECT id, name, kind, version FROM bodies WHERE partnership_id = $1 ORDER BY id', [partnershipId],
  );
  const members = await q.query<BodyMember & { bodyId: number }>(
    `SELECT bm.id, bm.body_id AS "bodyId", bm.person_name AS "personName", bm.organisation_id AS "organisationId",
            o.name AS "organisationName", bm.role, bm.term_start AS "termStart", bm.term_end AS "termEnd"
       FROM body_members bm JOIN bodies b ON b.id = bm.body_id LEFT JOIN organisations o ON o.id = bm.organisation_id
      WHERE b.partnership_id = $1
      ORDER BY CASE bm.role WHEN 'chair' THEN 0 WHEN 'deputy_chair' THEN 1 ELSE 2 END, bm.person_name`,
    [partnershipId],
  );
  return bodies.map((b) => ({ ...b, members: members.filter((m) => m.bodyId === b.id) }));
}

/** One body with its members and the partnership it belongs to (for pages whose address names only the body). */
export async function findBodyById(q: Queryable, bodyId: number): Promise<(Body & { partnershipSlug: string }) | null> {
  const [row] = await q.query<{ partnershipId: number; partnershipSlug: string }>(
    'SELECT b.partnership_id AS "partnershipId", p.slug AS "partnershipSlug" FROM bodies b JOIN partnerships p ON p.id = b.partnership_id WHERE b.id = $1', [bodyId],
  );
  if (!row) return null;
  const body = (await listBodies(q, row.partnershipId)).find((b) => b.id === bodyId);
  return body ? { ...body, partnershipSlug: row.partnershipSlug } : null;
}

export async function insertBody(q: Queryable, partnershipId: number, b: { name: string; kind: string }): Promise<number> {
  const [row] = await q.query<{ id: number }>('INSERT INTO bodies (partnership_id, name, kind) VALUES ($1, $2, $3) RETURNING id', [partnershipId, b.name, b.kind]);
  return row.id;
}

export async function insertBodyMember(q: Queryable, bodyId: number, m: { personName: string; organisationId: number | null; role: string; termStart: string | null; termEnd: string | null }) {
  const [row] = await q.query<{ id: number }>(
    'INSERT INTO body_members (body_id, person_name, organisation_id, role, term_start, term_end) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [bodyId, m.personName, m.organisationId, m.role, m.termStart, m.termEnd],
  );
  return row.id;
}

// A partnership route's scope carries the whole record (see platform/http/scope.ts).
declare module '../../platform/http/scope.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- widens the platform's interface
  interface ScopePartnership extends Partnership {}
}
