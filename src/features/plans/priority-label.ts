import type { PriorityKind } from './types.ts';

// How a priority is named in pages, documents and history: key priorities by number, the one
// section for work outside them by its own title and never with a number.

type Named = { kind: PriorityKind; number: number | null; title: string };

export const OUTSIDE_KEY_PRIORITIES = 'Work outside the key priorities';

/** "Priority 2", or "Work outside the key priorities". */
export function priorityLabel(p: Omit<Named, 'title'>): string {
  return p.kind === 'key' && p.number !== null ? `Priority ${p.number}` : OUTSIDE_KEY_PRIORITIES;
}

/** "Priority 2: Driving down …", or the section's own title. */
export function priorityHeading(p: Named): string {
  return p.kind === 'key' && p.number !== null ? `Priority ${p.number}: ${p.title}` : p.title;
}

/** "priority 2", or "the section outside the key priorities", inside a sentence. */
export function priorityInText(p: Omit<Named, 'title'>): string {
  return p.kind === 'key' && p.number !== null ? `priority ${p.number}` : 'the section outside the key priorities';
}

export const keyPriorities = <T extends { kind: PriorityKind }>(list: readonly T[]): T[] => list.filter((p) => p.kind === 'key');

/** The id of the priority's section on the plan page. */
export function priorityAnchor(p: Omit<Named, 'title'>): string {
  return p.kind === 'key' && p.number !== null ? `priority-${p.number}` : 'outside-key-priorities';
}
