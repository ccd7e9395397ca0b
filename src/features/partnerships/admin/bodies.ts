// Bodies of a partnership (boards, task groups, committees) and the people who sit on them.
import type { Db, Queryable } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { NotFoundError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { parseDateParts } from '../../plans/initiative-form.ts';
import type { Partnership } from '../queries.ts';
import * as q from './queries.ts';
import { BODY_KINDS, MEMBER_ROLES, type BodyFormValues, type BodyMemberFormValues } from './form-values.ts';
import { assertCanManage } from './permissions.ts';
import { bodyOrThrow, checkName, organisationChoice, tidyName, type Problem } from './checks.ts';

export function bodyAdmin(db: Db) {
  async function validateMember(p: Partnership, v: BodyMemberFormValues) {
    const problems: Problem[] = [];
    const personName = tidyName(v.personName);
    checkName(personName, 'personName', 'Enter the person’s name', problems);
    const organisation = await organisationChoice(db, p.id, v.organisationId, 'organisationId', problems);
    if (!(MEMBER_ROLES as readonly string[]).includes(v.role)) problems.push({ field: 'role', message: 'Select the person’s role' });
    const start = parseDateParts(v['termStart-day'], v['termStart-month'], v['termStart-year'], 'Term start');
    if (start.problem) problems.push({ field: 'termStart-day', message: start.problem });
    const end = parseDateParts(v['termEnd-day'], v['termEnd-month'], v['termEnd-year'], 'Term end');
    if (end.problem) problems.push({ field: 'termEnd-day', message: end.problem });
    else if (start.value && end.value && end.value < start.value) problems.push({ field: 'termEnd-day', message: 'Term end must be the same as or after term start' });
    if (problems.length) throw new ValidationError(problems);
    return { personName, organisation, role: v.role, termStart: start.value, termEnd: end.value };
  }

  async function memberOrThrow(tx: Queryable, bodyId: number, memberId: number) {
    const member = (await q.bodyMembers(tx, bodyId)).find((m) => m.id === memberId);
    if (!member) throw new NotFoundError('Member');
    return member;
  }

  return {
    async bodies(p: Partnership, actor: Actor) {
      assertCanManage(actor);
      return q.listBodiesWithCounts(db, p.id);
    },

    async body(p: Partnership, id: number, actor: Actor) {
      assertCanManage(actor);
      const b = await bodyOrThrow(db, p.id, id);
      return { ...b, members: await q.bodyMembers(db, id) };
    },

    async addBody(p: Partnership, v: BodyFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const problems: Problem[] = [];
      const name = tidyName(v.name);
      if (checkName(name, 'name', 'Enter the body’s name', problems)) {
        const dup = await q.clashingBodyName(db, p.id, name);
        if (dup) problems.push({ field: 'name', message: `A body called ${dup} already exists in this partnership` });
      }
      if (!(BODY_KINDS as readonly string[]).includes(v.kind)) problems.push({ field: 'kind', message: 'Select the kind of body' });
      if (problems.length) throw new ValidationError(problems);
      return db.transaction(async (tx) => {
        const id = await q.insertBody(tx, p.id, { name, kind: v.kind });
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: id, action: 'create',
          summary: `Added ${name}`, after: { name, kind: v.kind } });
        return id;
      });
    },

    async addBodyMember(p: Partnership, bodyId: number, v: BodyMemberFormValues, actor: Actor): Promise<number> {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p.id, bodyId);
      const { organisation, ...m } = await validateMember(p, v);
      const member = { personName: m.personName, organisation: organisation?.name ?? null, role: m.role, termStart: m.termStart, termEnd: m.termEnd };
      return db.transaction(async (tx) => {
        const id = await q.insertBodyMember(tx, bodyId, { ...m, organisationId: organisation?.id ?? null });
        await q.bumpBodyVersion(tx, bodyId);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: bodyId, action: 'update',
          summary: `${m.personName} joined ${body.name} as ${m.role.replace(/_/g, ' ')}`, after: member });
        return id;
      });
    },

    async bodyMember(p: Partnership, bodyId: number, memberId: number, actor: Actor) {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p.id, bodyId);
      return { body, member: await memberOrThrow(db, bodyId, memberId) };
    },

    async removeBodyMember(p: Partnership, bodyId: number, memberId: number, actor: Actor): Promise<void> {
      assertCanManage(actor);
      const body = await bodyOrThrow(db, p.id, bodyId);
      await db.transaction(async (tx) => {
        const member = await memberOrThrow(tx, bodyId, memberId);
        await q.deleteBodyMember(tx, bodyId, memberId);
        await q.bumpBodyVersion(tx, bodyId);
        await recordChange(tx, { partnershipId: p.id, userId: actor.userId, recordType: 'body', recordId: bodyId, action: 'update',
          summary: `${member.personName} removed from ${body.name}`,
          before: { personName: member.personName, organisation: member.organisationName, role: member.role, termStart: member.termStart, termEnd: member.termEnd } });
      });
    },
  };
}
