// What the tracker's forms offer, read from other features through their services: the priorities and
// initiatives an item may concern, and the responsible authorities a report may be sent to.
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import { allInitiatives } from '../plans/compare.ts';
import type { ConcernOption } from './forms.ts';

/** The newest plan this person may see: its priorities and initiatives. */
export async function concernOptions(plans: PlansService, p: Partnership, actor: Actor): Promise<ConcernOption[]> {
  const list = await plans.list(p, actor);
  const newest = list.map((x) => x.startYear).sort((a, b) => b - a)[0];
  if (newest === undefined) return [];
  const plan = await plans.get(p, newest, actor);
  const group = `Plan ${plan.year}`;
  return [
    ...plan.priorities.map((x) => ({ value: `priority:${x.id}`, text: `Priority: ${x.title} (${plan.year})`, group })),
    ...allInitiatives(plan).map((i) => ({ value: `initiative:${i.id}`, text: `Initiative: ${i.name} (${plan.year})`, group })),
  ];
}

/**
 * The responsible authorities (the partnership's statutory members) of this plan year and the five
 * before it, by name: those a crime and disorder committee's report goes to (Police and Justice Act 2006 s.19(8)).
 */
export async function responsibleAuthorities(partnerships: PartnershipsService, p: Partnership, today: string): Promise<string[]> {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const current = m >= 4 ? y : y - 1;
  const names = new Set<string>();
  for (let year = current; year > current - 6; year--) {
    for (const o of (await partnerships.members(p.id, year)).statutory) names.add(o.name);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
