// What the home page tells everyone, signed in or not: what the partnership is doing about each
// priority (with each initiative's latest published status), who its members are, its coming
// meetings and where to look up crime in a ward. Members see their own panels above these.
import type { PlanDetail } from '../plans/types.ts';
import type { LatestStatus } from '../delivery/service.ts';
import { STATUS_NAMES } from '../delivery/statuses.ts';

export interface PriorityWork { label: string; anchor: string; initiatives: { name: string; status: string }[] }

/** Each priority's initiatives with the status of their latest update the visitor may see. */
export function workByPriority(plan: PlanDetail, latest: Map<number, LatestStatus>): PriorityWork[] {
  return plan.priorities.map((p) => ({
    label: p.kind === 'key' ? `${p.number}. ${p.title}` : p.title,
    anchor: p.kind === 'key' ? `priority-${p.number}` : 'outside-key-priorities',
    initiatives: [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives].map((i) => ({
      name: i.name, status: STATUS_NAMES[latest.get(i.id)?.status ?? 'no_update'],
    })),
  }));
}
