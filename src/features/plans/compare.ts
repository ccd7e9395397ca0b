import type { InitiativeDetail, PlanDetail } from './types.ts';

// Pure comparisons between two plan years, used by the compare page and roll forward.

export function allInitiatives(plan: PlanDetail): InitiativeDetail[] {
  return plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]);
}

export interface PlanComparison {
  membersJoined: string[]; membersLeft: string[];
  initiativesNew: InitiativeDetail[]; initiativesCarried: { from: InitiativeDetail; to: InitiativeDetail }[];
  initiativesDropped: InitiativeDetail[];
}

const normal = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Carried = linked by previous-initiative id, or failing that the same name. */
export function comparePlans(earlier: PlanDetail, later: PlanDetail): PlanComparison {
  const names = (p: PlanDetail) => [...p.members.statutory, ...p.members.nonStatutory].map((o) => o.name);
  const before = new Set(names(earlier));
  const after = new Set(names(later));
  const old = allInitiatives(earlier);
  const byId = new Map(old.map((i) => [i.id, i]));
  const byName = new Map(old.map((i) => [normal(i.name), i]));
  const carried: PlanComparison['initiativesCarried'] = [];
  const fresh: InitiativeDetail[] = [];
  const used = new Set<number>();
  for (const i of allInitiatives(later)) {
    const from = (i.previousInitiativeId && byId.get(i.previousInitiativeId)) || byName.get(normal(i.name));
    if (from && !used.has(from.id)) { carried.push({ from, to: i }); used.add(from.id); } else fresh.push(i);
  }
  return {
    membersJoined: [...after].filter((n) => !before.has(n)).sort(),
    membersLeft: [...before].filter((n) => !after.has(n)).sort(),
    initiativesNew: fresh,
    initiativesCarried: carried,
    initiativesDropped: old.filter((i) => !used.has(i.id)),
  };
}

/** Roll forward carries what is still running and leaves behind what has finished. */
export function shouldCarry(i: InitiativeDetail): boolean {
  return i.status !== 'completed' && i.status !== 'cancelled';
}

export interface CoverageRow { itemId: number; frameworkName: string; number: string; title: string; initiatives: { id: number; name: string }[] }

/** Framework items × initiatives: which items the plan serves, and which it leaves uncovered. */
export function coverageMatrix(plan: PlanDetail, frameworks: { id: number; name: string; items: { id: number; number: string; title: string }[] }[]): CoverageRow[] {
  const initiatives = allInitiatives(plan);
  return frameworks.flatMap((f) => f.items.map((item) => ({
    itemId: item.id, frameworkName: f.name, number: item.number, title: item.title,
    initiatives: initiatives.filter((i) => i.frameworkItems.some((fi) => fi.id === item.id)).map((i) => ({ id: i.id, name: i.name })),
  })));
}

export type StatusCounts = Record<InitiativeDetail['status'], number> & { total: number };

/** Counts of initiatives by status, rolled up from the initiatives of a priority or the whole plan. */
export function statusCounts(list: InitiativeDetail[]): StatusCounts {
  const counts: StatusCounts = { planned: 0, active: 0, completed: 0, delayed: 0, cancelled: 0, total: list.length };
  for (const i of list) counts[i.status] += 1;
  return counts;
}
