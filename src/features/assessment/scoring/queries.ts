import type { Queryable } from '../../../platform/db/types.ts';
import { FACTORS, type Factor, type ScoreFields, type Weights, type Confidence } from './rules.ts';

const COLUMN: Record<Factor, string> = {
  harm: 'harm', volume: 'volume', trend: 'trend', vulnerability: 'vulnerability',
  communityConcern: 'community_concern', partnershipPosition: 'partnership_position',
};

export interface ScoringSetRow { id: number; partnershipId: number; periodFrom: string; periodTo: string; weights: unknown; version: number }

export interface IssueScoreRow {
  id: number; setId: number; partnershipId: number; issueKey: string; label: string;
  fields: ScoreFields; adoptedPriorityId: number | null; version: number;
}

const SET_COLUMNS = `s.id, s.partnership_id AS "partnershipId", s.period_from AS "periodFrom", s.period_to AS "periodTo", s.weights, s.version`;

const ISSUE_COLUMNS = [
  'i.id', 'i.set_id AS "setId"', 's.partnership_id AS "partnershipId"', 'i.issue_key AS "issueKey"', 'i.label',
  'i.adopted_priority_id AS "adoptedPriorityId"', 'i.version',
  ...FACTORS.flatMap((f) => [`i.${COLUMN[f]} AS "${f}"`, `i.${COLUMN[f]}_confidence AS "${f}Confidence"`, `i.${COLUMN[f]}_rationale AS "${f}Rationale"`]),
  'i.volume_derived AS "volumeDerived"', 'i.trend_derived AS "trendDerived"',
].join(', ');

type RawIssue = Omit<IssueScoreRow, 'fields'> & Record<string, unknown>;

function toIssue(r: RawIssue): IssueScoreRow {
  const fields = Object.fromEntries(FACTORS.map((f) => [f, {
    score: (r[f] as number | null) ?? null,
    confidence: (r[`${f}Confidence`] as Confidence | null) ?? null,
    rationale: (r[`${f}Rationale`] as string | null) ?? null,
    derived: f === 'volume' ? Boolean(r.volumeDerived) : f === 'trend' ? Boolean(r.trendDerived) : false,
  }])) as ScoreFields;
  return { id: r.id, setId: r.setId, partnershipId: r.partnershipId, issueKey: r.issueKey, label: r.label, fields, adoptedPriorityId: r.adoptedPriorityId, version: r.version };
}

async function findSet(q: Queryable, partnershipId: number, from: string, to: string): Promise<ScoringSetRow | null> {
  const [row] = await q.query<ScoringSetRow>(`SELECT ${SET_COLUMNS} FROM scoring_sets s WHERE s.partnership_id = $1 AND s.period_from = $2 AND s.period_to = $3`,
    [partnershipId, from, to]);
  return row ?? null;
}

export async function findSetById(q: Queryable, id: number): Promise<ScoringSetRow | null> {
  const [row] = await q.query<ScoringSetRow>(`SELECT ${SET_COLUMNS} FROM scoring_sets s WHERE s.id = $1`, [id]);
  return row ?? null;
}

/** The set for a period, created with the given weights if there is none yet (safe when two people open it at once). */
export async function ensureSet(q: Queryable, partnershipId: number, from: string, to: string, weights: Weights): Promise<{ set: ScoringSetRow; created: boolean }> {
  const inserted = await q.query<{ id: number }>(
    `INSERT INTO scoring_sets (partnership_id, period_from, period_to, weights) VALUES ($1, $2, $3, $4)
     ON CONFLICT (partnership_id, period_from, period_to) DO NOTHING RETURNING id`, [partnershipId, from, to, JSON.stringify(weights)]);
  return { set: (await findSet(q, partnershipId, from, to))!, created: inserted.length > 0 };
}

export async function listSets(q: Queryable, partnershipId: number) {
  return q.query<{ id: number; periodFrom: string; periodTo: string; scored: number }>(
    `SELECT s.id, s.period_from AS "periodFrom", s.period_to AS "periodTo",
            (SELECT count(*)::int FROM issue_scores i WHERE i.set_id = s.id AND i.harm IS NOT NULL) AS scored
       FROM scoring_sets s WHERE s.partnership_id = $1 ORDER BY s.period_to DESC, s.period_from DESC`, [partnershipId]);
}

export async function updateWeights(q: Queryable, setId: number, version: number, weights: Weights): Promise<boolean> {
  const rows = await q.query('UPDATE scoring_sets SET weights = $3, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id',
    [setId, version, JSON.stringify(weights)]);
  return rows.length > 0;
}

export async function issuesOfSet(q: Queryable, setId: number): Promise<IssueScoreRow[]> {
  const rows = await q.query<RawIssue>(
    `SELECT ${ISSUE_COLUMNS} FROM issue_scores i JOIN scoring_sets s ON s.id = i.set_id WHERE i.set_id = $1 ORDER BY i.id`, [setId]);
  return rows.map(toIssue);
}

export async function findIssue(q: Queryable, id: number): Promise<IssueScoreRow | null> {
  const [row] = await q.query<RawIssue>(`SELECT ${ISSUE_COLUMNS} FROM issue_scores i JOIN scoring_sets s ON s.id = i.set_id WHERE i.id = $1`, [id]);
  return row ? toIssue(row) : null;
}

/** Add an issue the data now shows; returns its id, or null if someone else added it first. */
export async function insertIssue(q: Queryable, setId: number, key: string, label: string, volume: number, trend: number | null): Promise<number | null> {
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO issue_scores (set_id, issue_key, label, volume, trend) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (set_id, issue_key) DO NOTHING RETURNING id`, [setId, key, label, volume, trend]);
  return row?.id ?? null;
}

/** Bring a derived score up to date with the data (null: the data cannot give one); only where it is still derived and has changed. */
export async function refreshDerived(q: Queryable, id: number, factor: 'volume' | 'trend', score: number | null): Promise<boolean> {
  const rows = await q.query(
    `UPDATE issue_scores SET ${factor} = $2, version = version + 1
      WHERE id = $1 AND ${factor}_derived AND ${factor} IS DISTINCT FROM $2 RETURNING id`, [id, score]);
  return rows.length > 0;
}

/** Save every factor if the version still matches; false when someone else saved first. */
export async function updateScores(q: Queryable, id: number, version: number, fields: ScoreFields): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id, version];
  for (const f of FACTORS) {
    const c = COLUMN[f];
    params.push(fields[f].score, fields[f].confidence, fields[f].rationale);
    sets.push(`${c} = $${params.length - 2}`, `${c}_confidence = $${params.length - 1}`, `${c}_rationale = $${params.length}`);
  }
  params.push(fields.volume.derived, fields.trend.derived);
  sets.push(`volume_derived = $${params.length - 1}`, `trend_derived = $${params.length}`);
  const rows = await q.query(`UPDATE issue_scores SET ${sets.join(', ')}, version = version + 1 WHERE id = $1 AND version = $2 RETURNING id`, params);
  return rows.length > 0;
}

export async function setAdoptedPriority(q: Queryable, id: number, priorityId: number): Promise<void> {
  await q.query('UPDATE issue_scores SET adopted_priority_id = $2, version = version + 1 WHERE id = $1', [id, priorityId]);
}
