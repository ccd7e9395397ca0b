// Adding, changing and removing one kind of partnership record, each change in one transaction with
// its audit entry (before and after). A change saves only if the record is still at the version the
// form was opened with; otherwise ConflictError carries the saved record. A database uniqueness clash
// (someone saved the same name a moment ago) becomes the form's message.
import { recordChange } from './audit.ts';
import type { Db, Queryable } from './db/types.ts';
import { ConflictError, NotFoundError, ValidationError } from './errors.ts';

export interface RecordTable<R extends { version: number }, F> {
  /** The audit trail's record type: "help_service". */
  recordType: string;
  /** "Service", for "Service not found". */
  what: string;
  find(q: Queryable, partnershipId: number, id: number, forUpdate?: boolean): Promise<R | null>;
  insert(q: Queryable, partnershipId: number, fields: F): Promise<number>;
  /** Saves when the record is at `version` (and bumps it); false when it is not. */
  updateAt(q: Queryable, partnershipId: number, id: number, version: number, fields: F): Promise<boolean>;
  delete(q: Queryable, partnershipId: number, id: number): Promise<void>;
  /** What the audit trail keeps of a record or of its new fields. */
  snapshot(r: R | F): Record<string, unknown>;
  nameOf(r: R | F): string;
  /** The form's message when the name is taken. */
  duplicate?: { field: string; message: (name: string) => string };
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';

export function auditedRecords<R extends { version: number }, F>(db: Db, t: RecordTable<R, F>) {
  async function unlessTaken<T>(fields: F, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (err) {
      if (t.duplicate && isUniqueViolation(err)) throw new ValidationError([{ field: t.duplicate.field, message: t.duplicate.message(t.nameOf(fields)) }]);
      throw err;
    }
  }

  return {
    async one(partnershipId: number, id: number): Promise<R> {
      const r = await t.find(db, partnershipId, id);
      if (!r) throw new NotFoundError(t.what);
      return r;
    },

    async add(partnershipId: number, fields: F, userId: number | null, inSameTransaction?: (tx: Queryable, id: number) => Promise<void>): Promise<number> {
      return unlessTaken(fields, () => db.transaction(async (tx) => {
        const id = await t.insert(tx, partnershipId, fields);
        await inSameTransaction?.(tx, id);
        await recordChange(tx, { partnershipId, userId, recordType: t.recordType, recordId: id, action: 'create', summary: `Added ${t.nameOf(fields)}`, after: t.snapshot(fields) });
        return id;
      }));
    },

    async update(partnershipId: number, id: number, version: number, fields: F, userId: number | null, inSameTransaction?: (tx: Queryable) => Promise<void>): Promise<void> {
      await unlessTaken(fields, () => db.transaction(async (tx) => {
        const before = await t.find(tx, partnershipId, id, true);
        if (!before) throw new NotFoundError(t.what);
        if (!await t.updateAt(tx, partnershipId, id, version, fields)) throw new ConflictError(before);
        await inSameTransaction?.(tx);
        await recordChange(tx, { partnershipId, userId, recordType: t.recordType, recordId: id, action: 'update', summary: `Changed ${t.nameOf(fields)}`,
          before: { ...t.snapshot(before), version: before.version }, after: { ...t.snapshot(fields), version: before.version + 1 } });
      }));
    },

    async remove(partnershipId: number, id: number, userId: number | null): Promise<void> {
      await db.transaction(async (tx) => {
        const before = await t.find(tx, partnershipId, id, true);
        if (!before) throw new NotFoundError(t.what);
        await t.delete(tx, partnershipId, id);
        await recordChange(tx, { partnershipId, userId, recordType: t.recordType, recordId: id, action: 'delete', summary: `Removed ${t.nameOf(before)}`, before: t.snapshot(before) });
      });
    },
  };
}

/** A form's version field as a number (0, which matches no record, when it is not one). */
export const versionOf = (v: string) => (/^\d{1,9}$/.test(v.trim()) ? Number(v) : 0);
