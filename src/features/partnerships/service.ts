import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { NotFoundError } from '../../platform/errors.ts';
import * as q from './queries.ts';
import type { Partnership } from './queries.ts';
import * as branding from './branding/queries.ts';
import { displaySize } from './branding/logo-display.ts';
import type { Logo } from '../../documents/model.ts';

export type { Partnership, Organisation, Body } from './queries.ts';

export function partnershipsService(db: Db) {
  return {
    list: () => q.listPartnerships(db),

    async bySlug(slug: string): Promise<Partnership> {
      const p = await q.findPartnershipBySlug(db, slug);
      if (!p) throw new NotFoundError('Partnership');
      return p;
    },

    findBySlug: (slug: string) => q.findPartnershipBySlug(db, slug),

    async create(input: Omit<Partnership, 'id'>, userId: number | null): Promise<number> {
      return db.transaction(async (tx) => {
        const id = await q.insertPartnership(tx, input);
        await recordChange(tx, { partnershipId: id, userId, recordType: 'partnership', recordId: id, action: 'create', after: input });
        return id;
      });
    },

    organisations: (partnershipId: number) => q.listOrganisations(db, partnershipId),

    async addOrganisation(partnershipId: number, o: { name: string; acronym: string | null; kind: string }, userId: number | null) {
      return db.transaction(async (tx) => {
        const id = await q.insertOrganisation(tx, partnershipId, o);
        await recordChange(tx, { partnershipId, userId, recordType: 'organisation', recordId: id, action: 'create', after: o });
        return id;
      });
    },

    async setMembership(partnershipId: number, organisationId: number, planYear: number, statutory: boolean, userId: number | null) {
      await db.transaction(async (tx) => {
        await q.upsertMembership(tx, partnershipId, organisationId, planYear, statutory);
        await recordChange(tx, { partnershipId, userId, recordType: 'organisation', recordId: organisationId, action: 'update',
          summary: `Member in ${planYear}-${String((planYear + 1) % 100).padStart(2, '0')} (${statutory ? 'statutory' : 'non-statutory'})` });
      });
    },

    /**
     * A new plan year starts with the members of `fromYear` (by default the latest earlier year), in
     * the caller's transaction: the plans feature asks, this feature writes its own table.
     */
    carryMembers: (tx: Queryable, partnershipId: number, toYear: number, fromYear: number | null = null) =>
      q.copyMemberships(tx, partnershipId, toYear, fromYear),

    async members(partnershipId: number, planYear: number) {
      const rows = await q.membersOfYear(db, partnershipId, planYear);
      const ref = (r: (typeof rows)[number]) => ({ id: r.id, name: r.name, acronym: r.acronym });
      return { statutory: rows.filter((r) => r.statutory).map(ref), nonStatutory: rows.filter((r) => !r.statutory).map(ref) };
    },

    bodies: (partnershipId: number) => q.listBodies(db, partnershipId),

    /** The partnership's logo for its documents, when an administrator has uploaded one. */
    async logo(p: Pick<Partnership, 'id'>): Promise<Logo | undefined> {
      const row = await branding.logoWithContent(db, p.id);
      return row ? { data: new Uint8Array(row.content), type: row.type, alt: row.alt, width: row.width, height: row.height } : undefined;
    },

    /** What the public pages need to show the logo (its address changes with its content), without the bytes. */
    async logoInfo(p: Pick<Partnership, 'id' | 'slug'>) {
      const row = await branding.logoInfo(db, p.id);
      return row ? { alt: row.alt, width: row.width, height: row.height, shown: displaySize(row), src: `/p/${p.slug}/logo?v=${row.sha256.slice(0, 12)}` } : null;
    },

    /** The logo's bytes and media type, for its public address. */
    async logoFile(p: Pick<Partnership, 'id'>) {
      const row = await branding.logoWithContent(db, p.id);
      if (!row) throw new NotFoundError('Logo');
      return { content: Buffer.from(row.content), mediaType: row.type === 'png' ? 'image/png' : 'image/jpeg', sha256: row.sha256 };
    },

    /** The partnership's glossary, in term order: what generated reports draw their acronyms table from. */
    async glossary(p: Pick<Partnership, 'id'>): Promise<{ term: string; meaning: string }[]> {
      return (await branding.listGlossary(db, p.id)).map((t) => ({ term: t.term, meaning: t.meaning }));
    },

    /** A body and the slug of its partnership, or null: for addresses that name a body but no partnership. */
    bodyById: (bodyId: number) => q.findBodyById(db, bodyId),

    async addBody(partnershipId: number, b: { name: string; kind: string }, members: Parameters<typeof q.insertBodyMember>[2][], userId: number | null) {
      return db.transaction(async (tx) => {
        const id = await q.insertBody(tx, partnershipId, b);
        for (const m of members) await q.insertBodyMember(tx, id, m);
        await recordChange(tx, { partnershipId, userId, recordType: 'body', recordId: id, action: 'create', after: { ...b, members } });
        return id;
      });
    },
  };
}

export type PartnershipsService = ReturnType<typeof partnershipsService>;
