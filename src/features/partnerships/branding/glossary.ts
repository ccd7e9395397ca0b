// The partnership's glossary as its administrators keep it: terms and what they mean (ASB – anti-social
// behaviour), one entry per term whatever its case. Generated reports list the terms they use.
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import { assertCanManage } from '../admin/permissions.ts';
import { isUniqueViolation, positiveId, tidyName, type Problem } from '../admin/checks.ts';
import { str } from '../admin/form-values.ts';
import * as q from './queries.ts';

export const TERM_MAX = 30;
export const MEANING_MAX = 200;

export interface GlossaryFormValues { term: string; meaning: string; version: string }

export function glossaryValues(body: Record<string, unknown> = {}): GlossaryFormValues {
  return { term: str(body.term), meaning: str(body.meaning), version: str(body.version) };
}

const alreadyThere = (term: string) => new ValidationError([{ field: 'term', message: `The glossary already has ${term}: edit that entry instead` }]);

export function glossaryAdmin(db: Db) {
  async function validate(p: Partnership, v: GlossaryFormValues, exceptId: number | null) {
    const problems: Problem[] = [];
    const term = tidyName(v.term);
    const meaning = tidyName(v.meaning);
    if (!term) problems.push({ field: 'term', message: 'Enter the term, for example ASB' });
    else if (term.length > TERM_MAX) problems.push({ field: 'term', message: `The term must be ${TERM_MAX} characters or fewer` });
    else {
      const clash = await q.clashingTerm(db, p.id, term, exceptId);
      if (clash) problems.push({ field: 'term', message: `The glossary already has ${clash}: edit that entry instead` });
    }
    if (!meaning) problems.push({ field: 'meaning', message: 'Enter what the term means' });
    else if (meaning.length > MEANING_MAX) problems.push({ field: 'meaning', message: `The meaning must be ${MEANING_MAX} characters or fewer` });
    if (problems.length) throw new ValidationError(problems);
    return { term, meaning };
  }

  /** A clash with an entry saved a moment ago (past the check above) becomes the form's message. */
  async function unlessTaken<T>(term: string, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyThere(term);
      throw err;
    }
  }

  async function termOrThrow(p: Partnership, id: number) {
    const t = await q.findGlossaryTerm(db, p.id, id);
    if (!t) throw new NotFoundError('Glossary entry');
    return t;
  }

  return {
    async glossaryTerms(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return q.listGlossary(db, p.id);
    },

    async glossaryTerm(p: Partnership, id: number, actor: Actor) {
      assertCanManage(actor);
      return termOrThrow(p, id);
    },

    async addGlossaryTerm(p: Partnership, v: GlossaryFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const t = await validate(p, v, null);
      return unlessTaken(t.term, () => db.transaction(async (tx) => {
        const id = await q.insertGlossaryTerm(tx, p.id, t);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'glossary_term', recordId: id, action: 'create',
          summary: `Added ${t.term} to the glossary`, after: t });
        return id;
      }));
    },

    /** Saves only if nobody else saved since the form was opened; otherwise ConflictError with the saved entry. */
    async updateGlossaryTerm(p: Partnership, id: number, v: GlossaryFormValues, actor: Actor): Promise<void> {
      assertCanManage(actor);
      await termOrThrow(p, id);
      const t = await validate(p, v, id);
      const version = positiveId(v.version) ?? 0;
      await unlessTaken(t.term, () => db.transaction(async (tx) => {
        const before = await q.findGlossaryTerm(tx, p.id, id, true);
        if (!before) throw new NotFoundError('Glossary entry');
        if (!await q.updateGlossaryTermAt(tx, p.id, id, version, t)) throw new ConflictError(before);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'glossary_term', recordId: id, action: 'update',
          summary: `Changed ${t.term} in the glossary`, before: { term: before.term, meaning: before.meaning, version: before.version },
          after: { ...t, version: before.version + 1 } });
      }));
    },

    async removeGlossaryTerm(p: Partnership, id: number, actor: Actor): Promise<void> {
      assertCanManage(actor);
      await db.transaction(async (tx) => {
        const before = await q.findGlossaryTerm(tx, p.id, id, true);
        if (!before) throw new NotFoundError('Glossary entry');
        await q.deleteGlossaryTerm(tx, p.id, id);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'glossary_term', recordId: id, action: 'delete',
          summary: `Removed ${before.term} from the glossary`, before: { term: before.term, meaning: before.meaning } });
      });
    },
  };
}
