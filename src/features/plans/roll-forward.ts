import type { InitiativeDetail, PlanDetail, PriorityKind } from './types.ts';
import { priorityInText } from './priority-label.ts';

// Rolling a plan forward, worked out before anything is written: what becomes of each of this year's
// priorities in next year's draft (carried as its own, merged into one the draft already has, or
// retired), where each objective and ticked initiative lands, and the priority numbers they cite.
// The preview page shows this outline; the roll forward writes exactly it. Key priorities are
// numbered; the one section for work outside them is not, and a plan has at most one.

/** What happens to one of this year's priorities in next year's draft. */
export type PriorityFate = { kind: 'carry' } | { kind: 'merge'; into: number } | { kind: 'retire' };

/** A priority next year's draft already has (say, adopted from the assessment), with its objectives. */
export interface DraftPriority { id: number; kind: PriorityKind; number: number | null; title: string; objectives: { id: number; title: string; position: number }[] }

export interface PriorityRef { id: number; kind: PriorityKind; number: number | null; title: string }

export interface OutlinePriority {
  /** `draft:<id>` for a priority the draft has, `from:<id>` for a copy of this year's priority. */
  key: string;
  existingId: number | null;
  kind: PriorityKind; number: number | null; title: string;
  carriedFrom: PriorityRef | null;
  mergedIn: PriorityRef[];
  objectives: OutlineObjective[];
  initiatives: OutlineInitiative[];
}

export interface OutlineObjective {
  /** `draft:<id>` for an objective the draft has, `from:<id>` for a copy of this year's objective. */
  key: string;
  existingId: number | null;
  title: string;
  /** 0-based order under its priority. */
  position: number;
}

export interface OutlineInitiative {
  source: InitiativeDetail;
  objectiveKey: string | null;
  /** The partnership priorities it serves, renumbered for the draft. */
  priorityRefs: number[];
}

export interface RollForwardOutline {
  /** The draft's priorities after rolling forward: key priorities in number order, then the section outside them. */
  priorities: OutlinePriority[];
  /** Priorities retired, with the ticked initiatives that are therefore not carried. */
  retired: (PriorityRef & { initiatives: InitiativeDetail[] })[];
  /** This year's key priority number → its number in the draft (null: retired, or now outside the key priorities). */
  numbers: Map<number, number | null>;
  carriedCount: number;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const refOf = (p: PriorityRef): PriorityRef => ({ id: p.id, kind: p.kind, number: p.number, title: p.title });
/** Key priorities by number, then the section outside them. */
export const inPlanOrder = (a: Omit<PriorityRef, 'id' | 'title'>, b: Omit<PriorityRef, 'id' | 'title'>) =>
  (a.kind === b.kind ? (a.number ?? 0) - (b.number ?? 0) : a.kind === 'key' ? -1 : 1);

/** The draft's priority a priority would duplicate: one of the same title, or for the section outside the key priorities, the draft's own. */
function twinOf(p: PriorityRef, draft: DraftPriority[] | null) {
  return draft?.find((d) => same(d.title, p.title) || (p.kind === 'cross_cutting' && d.kind === 'cross_cutting'));
}

/** The choice offered first: merge into the draft's twin (see twinOf), otherwise carry. */
export function defaultFates(source: PlanDetail, draft: DraftPriority[] | null): Map<number, PriorityFate> {
  return new Map(source.priorities.map((p) => {
    const twin = twinOf(p, draft);
    return [p.id, twin ? { kind: 'merge', into: twin.id } : { kind: 'carry' }] as const;
  }));
}

/** A submitted choice, as read from the form: `<priority id>:carry`, `<id>:retire` or `<id>:into-<draft priority id>`. */
export function parseFateValues(values: string[]): { fates: Map<number, PriorityFate>; problems: { field: string; message: string }[] } {
  const fates = new Map<number, PriorityFate>();
  const problems: { field: string; message: string }[] = [];
  for (const v of values) {
    const m = /^(\d{1,9}):(carry|retire|into-(\d{1,9}))$/.exec(v);
    if (!m) { problems.push({ field: 'fate', message: 'Choose what happens to each priority from the lists' }); continue; }
    const id = Number(m[1]);
    fates.set(id, m[2] === 'carry' ? { kind: 'carry' } : m[2] === 'retire' ? { kind: 'retire' } : { kind: 'merge', into: Number(m[3]) });
  }
  return { fates, problems };
}

export const fateValue = (priorityId: number, fate: PriorityFate) =>
  `${priorityId}:${fate.kind === 'merge' ? `into-${fate.into}` : fate.kind}`;

/**
 * Every priority of this year gets a fate: the one asked for when it is possible, otherwise the
 * default; what could not be honoured comes back as a problem to show against its list.
 */
export function resolveFates(source: PlanDetail, draft: DraftPriority[] | null, requested: Map<number, PriorityFate>, nextYear: string) {
  const fates = defaultFates(source, draft);
  const problems: { field: string; message: string }[] = [];
  for (const id of requested.keys()) {
    if (!fates.has(id)) problems.push({ field: 'fate', message: `Priority id ${id} is not a priority of the ${source.year} plan` });
  }
  for (const p of source.priorities) {
    const asked = requested.get(p.id);
    if (!asked) continue;
    const field = `fate-${p.id}`;
    const which = priorityInText(p);
    const Which = which[0]!.toUpperCase() + which.slice(1);
    const twin = asked.kind === 'carry' ? twinOf(p, draft) : undefined;
    if (asked.kind === 'merge' && !draft?.some((d) => d.id === asked.into)) {
      problems.push({ field, message: `${Which} can only be merged into a priority of the ${nextYear} draft: choose one from the list` });
    } else if (twin) {
      // Two priorities of one title, or two sections outside the key priorities, would confuse everyone.
      problems.push({ field, message: twin.kind === 'cross_cutting' && p.kind === 'cross_cutting'
        ? `The ${nextYear} draft already has its section outside the key priorities, “${twin.title.trim()}”: merge ${which} into it, or retire it`
        : `The ${nextYear} draft already has a priority called “${p.title.trim()}”: merge ${which} into it, or retire it` });
    } else {
      fates.set(p.id, asked);
    }
  }
  return { fates, problems };
}

/** Where everything lands. `fates` must come from resolveFates; `carry` holds the ticked initiative ids. */
export function outlineRollForward(source: PlanDetail, draft: DraftPriority[] | null, fates: Map<number, PriorityFate>, carry: Set<number>): RollForwardOutline {
  const order = [...source.priorities].sort(inPlanOrder);
  const out = new Map<string, OutlinePriority>();
  for (const d of [...(draft ?? [])].sort(inPlanOrder)) {
    out.set(`draft:${d.id}`, {
      key: `draft:${d.id}`, existingId: d.id, kind: d.kind, number: d.number, title: d.title, carriedFrom: null, mergedIn: [], initiatives: [],
      objectives: [...d.objectives].sort((a, b) => a.position - b.position).map((o) => ({ key: `draft:${o.id}`, existingId: o.id, title: o.title, position: o.position })),
    });
  }

  // Numbers first, so every initiative's references can be renumbered: copies follow the draft's own.
  const numbers = new Map<number, number | null>();
  let next = Math.max(0, ...(draft ?? []).map((d) => d.number ?? 0)) + 1;
  const targetOf = new Map<number, OutlinePriority>();
  for (const p of order) {
    const fate = fates.get(p.id) ?? { kind: 'carry' };
    if (fate.kind === 'retire') { if (p.number !== null) numbers.set(p.number, null); continue; }
    let target: OutlinePriority;
    if (fate.kind === 'merge') {
      target = out.get(`draft:${fate.into}`)!;
      target.mergedIn.push(refOf(p));
    } else {
      target = { key: `from:${p.id}`, existingId: null, kind: p.kind, number: p.kind === 'key' ? next++ : null, title: p.title,
        carriedFrom: refOf(p), mergedIn: [], objectives: [], initiatives: [] };
      out.set(target.key, target);
    }
    if (p.number !== null) numbers.set(p.number, target.kind === 'key' ? target.number : null);
    targetOf.set(p.id, target);
  }

  const renumber = (refs: number[]) => [...new Set(refs.map((n) => numbers.get(n)).filter((n): n is number => typeof n === 'number'))].sort((a, b) => a - b);
  const retired: RollForwardOutline['retired'] = [];
  let carriedCount = 0;
  for (const p of order) {
    const ticked = (list: InitiativeDetail[]) => list.filter((i) => carry.has(i.id));
    const target = targetOf.get(p.id);
    if (!target) {
      retired.push({ ...refOf(p), initiatives: [...p.objectives.flatMap((o) => ticked(o.initiatives)), ...ticked(p.initiatives)] });
      continue;
    }
    for (const o of [...p.objectives].sort((a, b) => a.position - b.position)) {
      // A merged objective joins the target's objective of the same title, or is added after its last.
      let objective = target.objectives.find((x) => same(x.title, o.title));
      if (!objective) {
        objective = { key: `from:${o.id}`, existingId: null, title: o.title, position: Math.max(-1, ...target.objectives.map((x) => x.position)) + 1 };
        target.objectives.push(objective);
      }
      for (const i of ticked(o.initiatives)) target.initiatives.push({ source: i, objectiveKey: objective.key, priorityRefs: renumber(i.priorityRefs) });
    }
    for (const i of ticked(p.initiatives)) target.initiatives.push({ source: i, objectiveKey: null, priorityRefs: renumber(i.priorityRefs) });
  }
  for (const t of out.values()) carriedCount += t.initiatives.length;
  return { priorities: [...out.values()].sort(inPlanOrder), retired, numbers, carriedCount };
}
