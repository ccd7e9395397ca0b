// The roll-up: how a plan's initiatives stand, counted and averaged up to each objective, priority
// and the plan. Pure arithmetic over what the caller may see, so it is tested without a database.
import { DELIVERY_STATUSES, type DeliveryStatus } from './statuses.ts';

/** What the roll-up needs of one initiative: its latest status and progress, and its weight. */
export interface RollupInitiative { id: number; status: DeliveryStatus | null; progress: number | null; weight: number }

export type StatusCounts = Record<DeliveryStatus | 'no_update', number> & { total: number };

export interface Rollup {
  counts: StatusCounts;
  /**
   * Progress 0–100, the weighted average of the initiatives beneath whose progress is known (a
   * completed one counts as 100 when it gives none). Cancelled initiatives are left out: they will
   * never finish, and would drag the average down for ever. Null when no initiative counts.
   */
  progress: number | null;
  /** How many initiatives the progress is the average of. */
  progressOf: number;
}

export function emptyCounts(): StatusCounts {
  return { ...Object.fromEntries([...DELIVERY_STATUSES, 'no_update'].map((s) => [s, 0])), total: 0 } as StatusCounts;
}

/** An initiative's progress as the roll-up counts it, or null when it does not count. */
export function countedProgress(i: RollupInitiative): number | null {
  if (i.status === 'cancelled') return null;
  if (i.progress !== null) return i.progress;
  return i.status === 'completed' ? 100 : null;
}

/**
 * Counts and progress of a group of initiatives. With every weight 1 (the default) the progress is
 * the plain average; a weight of 0 leaves an initiative out of the progress but not the counts.
 */
export function rollUp(initiatives: readonly RollupInitiative[]): Rollup {
  const counts = emptyCounts();
  let weighted = 0;
  let weights = 0;
  let progressOf = 0;
  for (const i of initiatives) {
    counts[i.status ?? 'no_update'] += 1;
    counts.total += 1;
    const p = countedProgress(i);
    if (p === null || i.weight <= 0) continue;
    weighted += p * i.weight;
    weights += i.weight;
    progressOf += 1;
  }
  return { counts, progress: weights > 0 ? Math.round((weighted / weights) * 10) / 10 : null, progressOf };
}

/** A plan's shape: priorities holding objectives holding initiatives, and initiatives under no objective. */
export interface RollupTree<I> {
  priorities: { id: number; objectives: { id: number; initiatives: I[] }[]; initiatives: I[] }[];
}

export interface PlanRollup {
  plan: Rollup;
  priorities: Map<number, Rollup>;
  objectives: Map<number, Rollup>;
}

/**
 * Every level of a plan at once. Each level averages all the initiatives beneath it (not the
 * averages of its children), so an initiative's weight means the same at every level and a small
 * objective does not count as much as a large one.
 */
export function rollUpPlan<I extends { id: number }>(tree: RollupTree<I>, facts: (i: I) => RollupInitiative): PlanRollup {
  const priorities = new Map<number, Rollup>();
  const objectives = new Map<number, Rollup>();
  const all: RollupInitiative[] = [];
  for (const p of tree.priorities) {
    const mine: RollupInitiative[] = [];
    for (const o of p.objectives) {
      const list = o.initiatives.map(facts);
      objectives.set(o.id, rollUp(list));
      mine.push(...list);
    }
    mine.push(...p.initiatives.map(facts));
    priorities.set(p.id, rollUp(mine));
    all.push(...mine);
  }
  return { plan: rollUp(all), priorities, objectives };
}
