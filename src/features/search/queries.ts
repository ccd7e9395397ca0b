// The search feature's SQL: its index (search_entries, search_index_state) and the one search statement.
import type { Queryable } from '../../platform/db/types.ts';
import type { Entry } from './sources.ts';
import { MARK_END, MARK_START } from './snippet.ts';

export interface IndexState { changeId: number; indexVersion: number }

export async function indexState(q: Queryable, partnershipId: number, audience: string): Promise<IndexState | null> {
  const [row] = await q.query<IndexState>(
    'SELECT change_id AS "changeId", index_version AS "indexVersion" FROM search_index_state WHERE partnership_id = $1 AND audience = $2', [partnershipId, audience]);
  return row ? { changeId: Number(row.changeId), indexVersion: row.indexVersion } : null;
}

/** The state row of the partnership's entries for the audience, locked until the transaction ends (made first if there is none: it then says "never built"). */
export async function lockIndexState(tx: Queryable, partnershipId: number, audience: string): Promise<IndexState> {
  await tx.query(`INSERT INTO search_index_state (partnership_id, audience, change_id, index_version) VALUES ($1, $2, -1, 0)
    ON CONFLICT (partnership_id, audience) DO NOTHING`, [partnershipId, audience]);
  const [row] = await tx.query<IndexState>(`SELECT change_id AS "changeId", index_version AS "indexVersion" FROM search_index_state
    WHERE partnership_id = $1 AND audience = $2 FOR UPDATE`, [partnershipId, audience]);
  return { changeId: Number(row!.changeId), indexVersion: row!.indexVersion };
}

/** Replaces the partnership's entries for the audience and records the change they were built from. */
export async function replaceEntries(tx: Queryable, partnershipId: number, audience: string, entries: Entry[], changeId: number, indexVersion: number): Promise<void> {
  await tx.query('DELETE FROM search_entries WHERE partnership_id = $1 AND audience = $2', [partnershipId, audience]);
  if (entries.length) {
    await tx.query(`INSERT INTO search_entries (partnership_id, audience, kind, ref_id, year, title, body, url)
      SELECT $1, $2, kind, ref_id, year, title, body, url
        FROM unnest($3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[]) AS e(kind, ref_id, year, title, body, url)`,
    [partnershipId, audience, entries.map((e) => e.kind), entries.map((e) => e.refId), entries.map((e) => e.year),
      entries.map((e) => e.title), entries.map((e) => e.body), entries.map((e) => e.url)]);
  }
  await tx.query('UPDATE search_index_state SET change_id = $3, index_version = $4, built_at = now() WHERE partnership_id = $1 AND audience = $2',
    [partnershipId, audience, changeId, indexVersion]);
}

export interface Hit {
  partnershipId: number; kind: string; refId: number; year: number | null; url: string;
  title: string; titleHeadline: string; snippet: string; rank: number;
}
export interface Found { total: number; kinds: { kind: string; count: number }[]; years: { year: number; count: number }[]; hits: Hit[] }

const TITLE_HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const BODY_HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One statement over the GIN index: the matching entries of each partnership for the audience the
 * searcher is there (`partnershipIds[i]` with `audiences[i]`), ranked
 * (title words weigh A, body words B), with counts by kind (within the year filter) and by year
 * (within the kind filter), and one page of hits with highlighted headlines.
 */
export async function search(q: Queryable, f: {
  tsQuery: string; partnershipIds: number[]; audiences: string[]; kind: string | null; year: number | null; limit: number; offset: number;
}): Promise<Found> {
  const [row] = await q.query<Found>(`
    WITH query AS (SELECT to_tsquery('english', $1) AS q),
    readers AS (SELECT * FROM unnest($2::int[], $9::text[]) AS r(partnership_id, audience)),
    matches AS (
      SELECT e.id, e.partnership_id, e.kind, e.ref_id, e.year, e.url, e.title, e.body, ts_rank(e.document, query.q, 1) AS rank
        FROM search_entries e JOIN readers r ON r.partnership_id = e.partnership_id AND r.audience = e.audience, query
       WHERE e.document @@ query.q
    ),
    in_year AS (SELECT * FROM matches WHERE $4::int IS NULL OR year = $4),
    chosen AS (SELECT * FROM in_year WHERE $3::text IS NULL OR kind = $3),
    page AS (SELECT * FROM chosen ORDER BY rank DESC, title, id LIMIT $5 OFFSET $6)
    SELECT (SELECT count(*) FROM chosen)::int AS total,
      (SELECT COALESCE(json_agg(json_build_object('kind', kind, 'count', n)), '[]') FROM (SELECT kind, count(*)::int AS n FROM in_year GROUP BY kind) k) AS kinds,
      (SELECT COALESCE(json_agg(json_build_object('year', year, 'count', n) ORDER BY year DESC), '[]')
         FROM (SELECT year, count(*)::int AS n FROM matches WHERE year IS NOT NULL AND ($3::text IS NULL OR kind = $3) GROUP BY year) y) AS years,
      (SELECT COALESCE(json_agg(json_build_object('partnershipId', p.partnership_id, 'kind', p.kind, 'refId', p.ref_id, 'year', p.year,
          'url', p.url, 'title', p.title, 'rank', p.rank,
          'titleHeadline', ts_headline('english', p.title, query.q, $7),
          'snippet', ts_headline('english', p.body, query.q, $8)) ORDER BY p.rank DESC, p.title, p.id), '[]')
         FROM page p, query) AS hits`,
  [f.tsQuery, f.partnershipIds, f.kind, f.year, f.limit, f.offset, TITLE_HEADLINE, BODY_HEADLINE, f.audiences]);
  return row!;
}
