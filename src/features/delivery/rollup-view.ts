// The roll-up as pages show it: one row per priority (and the plan), with the bar's segments laid out.
import type { PlanDetail } from '../plans/types.ts';
import type { PlanRollup, Rollup } from './rollup.ts';
import { STATUS_NAMES, type DeliveryStatus } from './statuses.ts';

/** The bar's order: done and going well first, then trouble, then silence. */
export const BAR_ORDER: (DeliveryStatus | 'no_update')[] = ['completed', 'on_track', 'at_risk', 'off_track', 'delayed', 'cancelled', 'no_update'];

export interface BarSegment { key: DeliveryStatus | 'no_update'; name: string; count: number; x: number; width: number }
export interface RollupRow {
  label: string; anchor: string; rollup: Rollup; segments: BarSegment[];
  /** In words, for the bar's text alternative: "3 on track, 1 at risk, 5 with no update yet". */
  summary: string;
}

function segments(r: Rollup): BarSegment[] {
  let x = 0;
  return BAR_ORDER.filter((k) => r.counts[k] > 0).map((k) => {
    const width = (r.counts[k] / r.counts.total) * 100;
    const s = { key: k, name: STATUS_NAMES[k], count: r.counts[k], x: Math.round(x * 100) / 100, width: Math.round(width * 100) / 100 };
    x += width;
    return s;
  });
}

function summary(r: Rollup): string {
  if (r.counts.total === 0) return 'No initiatives';
  return BAR_ORDER.filter((k) => r.counts[k] > 0)
    .map((k) => `${r.counts[k]} ${k === 'no_update' ? 'with no update yet' : STATUS_NAMES[k].toLowerCase()}`).join(', ');
}

export function rollupRows(plan: PlanDetail, rollup: PlanRollup): { priorities: RollupRow[]; plan: RollupRow } {
  const row = (label: string, anchor: string, r: Rollup): RollupRow => ({ label, anchor, rollup: r, segments: segments(r), summary: summary(r) });
  return {
    priorities: plan.priorities.map((p) => row(p.kind === 'key' ? `${p.number}. ${p.title}` : p.title,
      p.kind === 'key' ? `priority-${p.number}` : 'outside-key-priorities', rollup.priorities.get(p.id)!)),
    plan: row('The whole plan', '', rollup.plan),
  };
}

/** The columns of the numbers table, in the bar's order. */
export const TABLE_COLUMNS = BAR_ORDER.map((k) => ({ key: k, name: STATUS_NAMES[k] }));
