// "What we have achieved": the period's published updates, placed under the priority of the
// report's plan they serve and grouped by the partner organisation that reported them.
import type { Inline, Run } from '../../../documents/model.ts';
import type { PlanDetail, PriorityDetail } from '../../plans/types.ts';
import type { PeriodUpdate } from './inputs.ts';

export const LEAD_NOT_RECORDED = 'Organisation not recorded';

/**
 * The priority of `plan` an update serves. An update on an earlier year's initiative counts under
 * the initiative that carried it forward into this plan, else under the priority with the same
 * number (priorities keep their numbers from year to year), else under the work outside them.
 */
export function priorityFor(u: PeriodUpdate, plan: PlanDetail): PriorityDetail | null {
  if (u.planYear === plan.startYear) return plan.priorities.find((p) => p.id === u.priority.id) ?? null;
  const all = plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives].map((i) => ({ i, p })));
  const carried = all.find(({ i }) => i.previousInitiativeId === u.initiative.id);
  if (carried) return carried.p;
  const same = u.priority.kind === 'key' ? plan.priorities.find((p) => p.kind === 'key' && p.number === u.priority.number) : undefined;
  return same ?? plan.priorities.find((p) => p.kind === 'cross_cutting') ?? null;
}

/**
 * Who an update speaks for: the organisation that posted it; where that is not recorded (updates
 * entered for others), the initiative's lead organisation, else its lead body or team.
 */
export function reporterOf(u: PeriodUpdate): string {
  if (u.organisationName) return u.organisationName;
  const lead = u.initiative.leads.find((l) => l.type === 'organisation') ?? u.initiative.leads[0];
  return lead?.name ?? LEAD_NOT_RECORDED;
}

export interface AchievementGroup { organisation: string; updates: PeriodUpdate[] }

/** Updates grouped by organisation, organisations in alphabetical order, the unrecorded last. */
export function byOrganisation(updates: readonly PeriodUpdate[]): AchievementGroup[] {
  const groups = new Map<string, PeriodUpdate[]>();
  for (const u of updates) groups.set(reporterOf(u), [...(groups.get(reporterOf(u)) ?? []), u]);
  const last = (name: string) => (name === LEAD_NOT_RECORDED ? 1 : 0);
  return [...groups].map(([organisation, list]) => ({ organisation, updates: list }))
    .sort((a, b) => last(a.organisation) - last(b.organisation) || a.organisation.localeCompare(b.organisation, 'en-GB'));
}

const STATUS_WORDS: Record<string, string> = { at_risk: 'At risk', off_track: 'Off track', delayed: 'Delayed', cancelled: 'Cancelled' };

/** One achievement as a list item: the initiative in bold, what was reported, its figures and any problem. */
export function achievementItem(u: PeriodUpdate): Inline {
  const runs: Run[] = [{ text: `${u.initiative.name}: `, bold: true }, { text: u.narrative.replace(/\s*\n+\s*/g, ' ').trim() }];
  if (u.figures.length) runs.push({ text: ` ${u.figures.map((f) => `${f.label}: ${f.text}`).join('; ')}.` });
  const problem = STATUS_WORDS[u.status];
  if (problem) runs.push({ text: ` ${problem}${u.reason ? ` – ${u.reason.trim().replace(/\.$/, '')}` : ''}.` });
  return runs;
}
