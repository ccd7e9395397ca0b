import { allInitiatives } from './compare.ts';
import type { PlanDetail } from './types.ts';
import { keyPriorities, priorityInText, priorityLabel } from './priority-label.ts';

// What looks unfinished in a plan about to be published (or approved). None of it stops publishing:
// the coordinator sees the list, with a link to put each right, and decides.

export interface UnfinishedItem {
  kind: 'priority-without-initiative' | 'no-introduction' | 'no-approval';
  text: string;
  /** The page that puts it right, relative to the plan's address; null when the plan can no longer change. */
  fix: { text: string; path: string } | null;
}

/** `editable` is whether the plan's content can still change (a draft, or a revision in progress). */
export function unfinishedItems(plan: PlanDetail, editable: boolean): UnfinishedItem[] {
  const items: UnfinishedItem[] = [];
  // Only key priorities: the section for work outside them may well be empty.
  for (const p of keyPriorities(plan.priorities).sort((a, b) => (a.number ?? 0) - (b.number ?? 0))) {
    if (allInitiatives({ ...plan, priorities: [p] }).length) continue;
    items.push({ kind: 'priority-without-initiative', text: `${priorityLabel(p)}, ${p.title.trim()}, has no initiative`,
      fix: editable ? { text: `Add an initiative to ${priorityInText(p)}`, path: `/initiatives/new?priority=${p.id}` } : null });
  }
  if (!plan.introduction.trim()) {
    items.push({ kind: 'no-introduction', text: 'The plan has no introduction', fix: editable ? { text: 'Write the introduction', path: '/edit' } : null });
  }
  if (plan.status === 'draft' || plan.status === 'revising') {
    items.push({ kind: 'no-approval', text: plan.status === 'revising' ? `No approval of revision ${plan.revision} has been recorded` : 'No approval has been recorded',
      fix: { text: 'Record approval', path: '/approve' } });
  }
  return items;
}
