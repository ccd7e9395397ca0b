import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { FrameworksService } from '../frameworks/service.ts';
import { yearLabel } from '../partnerships/years.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import * as q from './queries.ts';
import { EDITABLE } from './service.ts';

/** Which of the partnership's frameworks a draft (or revising) plan maps to. */
export function planFrameworksService(db: Db, deps: { frameworks: FrameworksService }) {
  return {
    async set(partnership: Partnership, startYear: number, frameworkIds: number[], actor: Actor): Promise<void> {
      if (!actorCan(actor, 'edit_plan')) throw new ForbiddenError('Only a coordinator or administrator can change the plan’s frameworks.');
      const row = await q.findPlan(db, partnership.id, startYear);
      if (!row) throw new NotFoundError('Plan');
      if (!EDITABLE.includes(row.status)) throw new LockedError(`The ${yearLabel(startYear)} plan is ${row.status}. Start a revision to change it.`);
      const all = await deps.frameworks.list(partnership.id);
      const wanted = new Set(frameworkIds);
      if ([...wanted].some((id) => !all.some((f) => f.id === id))) {
        throw new ValidationError([{ field: 'frameworkIds', message: 'Choose frameworks from the list' }]);
      }
      await db.transaction(async (tx) => {
        const current = new Set(await q.lockPlanFrameworkIds(tx, row.id));
        if (current.size === wanted.size && [...wanted].every((id) => current.has(id))) return;
        await q.replacePlanFrameworks(tx, row.id, wanted);
        const names = (ids: Set<number>) => all.filter((f) => ids.has(f.id)).map((f) => f.name);
        await recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'plan', recordId: row.id, action: 'update',
          summary: 'Frameworks changed', before: { frameworks: names(current) }, after: { frameworks: names(wanted) } });
      });
    },
  };
}

export type PlanFrameworksService = ReturnType<typeof planFrameworksService>;
