// Organisations of a partnership: listed, added and edited (an edit saves only if nobody else saved
// since the form was opened).
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import * as q from './queries.ts';
import { ORGANISATION_KINDS, type OrganisationFormValues } from './form-values.ts';
import { assertCanManage } from './permissions.ts';
import { checkName, isUniqueViolation, organisationOrThrow, positiveId, tidyName, type Problem } from './checks.ts';

const orgSnapshot = (o: { name: string; acronym: string | null; kind: string }) => ({ name: o.name, acronym: o.acronym, kind: o.kind });

function duplicateName(name: string) {
  return new ValidationError([{ field: 'name', message: `An organisation called ${name} already exists in this partnership` }]);
}

/** Turns a database uniqueness clash (someone saved the same name a moment ago) into the form's message. */
async function unlessDuplicate<T>(name: string, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(name);
    throw err;
  }
}

export function organisationAdmin(db: Db) {
  async function validateOrganisation(p: Partnership, v: OrganisationFormValues, exceptId: number | null) {
    const problems: Problem[] = [];
    const name = tidyName(v.name);
    const acronym = v.acronym.trim();
    if (checkName(name, 'name', 'Enter the organisation’s name', problems)) {
      const dup = await q.clashingOrganisationName(db, p.id, name, exceptId);
      if (dup) problems.push({ field: 'name', message: `An organisation called ${dup} already exists in this partnership` });
    }
    if (acronym.length > 20) problems.push({ field: 'acronym', message: 'Acronym must be 20 characters or fewer' });
    if (!(ORGANISATION_KINDS as readonly string[]).includes(v.kind)) problems.push({ field: 'kind', message: 'Select the kind of organisation' });
    if (problems.length) throw new ValidationError(problems);
    return { name, acronym: acronym || null, kind: v.kind };
  }

  return {
    async organisations(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return q.listOrganisationsWithYears(db, p.id);
    },

    async organisation(p: Partnership, id: number, actor: Actor) {
      assertCanManage(actor);
      return organisationOrThrow(db, p.id, id);
    },

    async addOrganisation(p: Partnership, v: OrganisationFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const o = await validateOrganisation(p, v, null);
      return unlessDuplicate(o.name, () => db.transaction(async (tx) => {
        const id = await q.insertOrganisation(tx, p.id, o);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: id, action: 'create',
          summary: `Added ${o.name}`, after: o });
        return id;
      }));
    },

    /** Saves only if nobody else saved since the form was opened; otherwise ConflictError with the saved organisation. */
    async updateOrganisation(p: Partnership, id: number, v: OrganisationFormValues, actor: Actor): Promise<void> {
      assertCanManage(actor);
      await organisationOrThrow(db, p.id, id);
      const o = await validateOrganisation(p, v, id);
      const version = positiveId(v.version) ?? 0;
      await unlessDuplicate(o.name, () => db.transaction(async (tx) => {
        const before = await q.findOrganisation(tx, p.id, id, true);
        if (!before) throw new NotFoundError('Organisation');
        if (!await q.updateOrganisationAt(tx, p.id, id, version, o)) throw new ConflictError(before);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'organisation', recordId: id, action: 'update',
          summary: 'Details changed', before: { ...orgSnapshot(before), version: before.version }, after: { ...orgSnapshot(o), version: before.version + 1 } });
      }));
    },
  };
}
