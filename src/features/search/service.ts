// Search across a partnership's records (docs/decisions/013-search.md). The index holds each record
// as each audience sees it; an audience is "the public" or a role in the partnership, and what an
// audience may read is whatever the owning feature's service gives an actor with that role. A
// partnership's entries for an audience are rebuilt when its latest audited change has moved since
// they were built, at the first search that needs them.
import type { Db } from '../../platform/db/types.ts';
import { ANONYMOUS, type Actor } from '../../platform/auth/actor.ts';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import { readLatestChange } from '../../platform/change-stamps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { readHtml } from '../../documents/read-html.ts';
import type { Partnership } from '../partnerships/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { documentWords } from './document-text.ts';
import { KIND_LABELS, type SearchKind } from './kinds.ts';
import { entriesFor, type Entry, type SourceServices } from './sources.ts';
import { tsQueryOf } from './query-text.ts';
import { highlightedHtml, plainHeadline, withoutMarks } from './snippet.ts';
import * as q from './queries.ts';

/** Raised whenever what an entry holds changes, so every partnership is rebuilt once after an upgrade. */
const INDEX_VERSION = 1;
/** A document's text beyond this is not searched (a long assessment's tables add nothing findable). */
const MAX_BODY_CHARS = 100_000;
export const PAGE_SIZE = 20;

export const AUDIENCES = ['public', ...ROLES] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Who an actor reads as: their role in the partnership, or the public (signed in without one, or not signed in). */
export const audienceOf = (actor: Actor): Audience => actor.role ?? 'public';

/** The actor each audience is read as: the role alone, no person (reading depends on the role, not on who). */
const readerOf = (a: Audience): Actor => (a === 'public' ? ANONYMOUS : { userId: null, role: a as Role, organisationId: null });

export interface SearchScope { partnership: Partnership; actor: Actor }
export interface SearchFilters { text: string; kind: SearchKind | null; year: number | null; page: number }
export interface SearchResult {
  kind: SearchKind; kindLabel: string; partnership: { slug: string; name: string }; year: number | null; yearLabel: string | null; url: string;
  title: string; titleHtml: string; snippet: string; snippetHtml: string;
}
export interface SearchResults {
  /** False when nothing searchable was typed (no letters or digits). */
  searched: boolean;
  total: number; page: number; pages: number;
  kinds: { kind: SearchKind; label: string; count: number }[];
  years: { year: number; count: number }[];
  results: SearchResult[];
}

export interface SearchDeps extends Omit<SourceServices, 'documentText'> {
  /** The partnership's latest audited change (the page cache's stamp), which says when entries are stale. */
  latestChange?(partnershipId: number): Promise<{ id: number }>;
}

export function searchService(db: Db, deps: SearchDeps) {
  const latestChange = deps.latestChange ?? ((id: number) => readLatestChange(db, id));

  /** Every entry of the partnership as the audience sees it. */
  async function gather(p: Partnership, audience: Audience): Promise<Entry[]> {
    const sources: SourceServices = {
      ...deps,
      // The reports service decides who may read a version.
      async documentText(partnership, versionId, actor) {
        try {
          const file = await deps.reports.file(partnership, versionId, 'html', actor);
          return documentWords(readHtml(file.content.toString('utf8')).blocks).slice(0, MAX_BODY_CHARS);
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      },
    };
    return (await entriesFor(sources, p, readerOf(audience))).map((e) => ({ ...e, title: withoutMarks(e.title), body: withoutMarks(e.body) }));
  }

  /**
   * Rebuilds the partnership's entries for the audience if a change has been recorded since they
   * were built; true when it did. Only the audiences someone searches as are ever built.
   */
  async function refresh(p: Partnership, audience: Audience): Promise<boolean> {
    const stamp = await latestChange(p.id);
    const state = await q.indexState(db, p.id, audience);
    if (state && state.changeId >= stamp.id && state.indexVersion === INDEX_VERSION) return false;
    // Read through the services first: on the embedded database a read outside an open transaction would wait for it.
    const entries = await gather(p, audience);
    return db.transaction(async (tx) => {
      const locked = await q.lockIndexState(tx, p.id, audience);
      // Another request built them from this change or a later one meanwhile.
      if (locked.changeId >= stamp.id && locked.indexVersion === INDEX_VERSION) return false;
      await q.replaceEntries(tx, p.id, audience, entries, stamp.id, INDEX_VERSION);
      return true;
    });
  }

  return {
    refresh,

    /** What these people (one actor per partnership searched) may read that matches the filters. */
    async search(scope: SearchScope[], f: SearchFilters): Promise<SearchResults> {
      const tsQuery = tsQueryOf(f.text);
      const empty: SearchResults = { searched: tsQuery !== null, total: 0, page: 1, pages: 0, kinds: [], years: [], results: [] };
      if (!tsQuery || scope.length === 0) return empty;
      for (const s of scope) await refresh(s.partnership, audienceOf(s.actor));
      const page = Math.max(1, f.page);
      const found = await q.search(db, {
        tsQuery, partnershipIds: scope.map((s) => s.partnership.id), audiences: scope.map((s) => audienceOf(s.actor)),
        kind: f.kind, year: f.year, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
      });
      const partnerships = new Map(scope.map((s) => [s.partnership.id, s.partnership]));
      const counts = new Map(found.kinds.map((k) => [k.kind, k.count]));
      return {
        searched: true, total: found.total, page, pages: Math.ceil(found.total / PAGE_SIZE),
        kinds: (Object.keys(KIND_LABELS) as SearchKind[]).filter((k) => counts.has(k)).map((k) => ({ kind: k, label: KIND_LABELS[k].many, count: counts.get(k)! })),
        years: found.years,
        results: found.hits.map((h) => {
          const p = partnerships.get(h.partnershipId)!;
          const kind = h.kind as SearchKind;
          return {
            kind, kindLabel: KIND_LABELS[kind].one, partnership: { slug: p.slug, name: p.name }, year: h.year, yearLabel: h.year === null ? null : yearLabel(h.year), url: h.url,
            title: h.title, titleHtml: highlightedHtml(h.titleHeadline), snippet: plainHeadline(h.snippet), snippetHtml: highlightedHtml(h.snippet),
          };
        }),
      };
    },
  };
}

export type SearchService = ReturnType<typeof searchService>;
