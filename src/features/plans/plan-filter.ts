import type { InitiativeDetail, PlanDetail } from './types.ts';
import { csvDocument } from '../../platform/csv.ts';
import { formatDate } from '../../platform/dates.ts';
import { humanise } from '../../platform/words.ts';

/** `update` is the status of the initiative's latest progress update ('no_update' for none). */
export interface PlanFilter { lead?: number; status?: string; item?: number; priority?: number; update?: string }

/** The status of an initiative's latest update the visitor may see, from the delivery feature; null when none. */
export type LatestUpdateStatus = (initiativeId: number) => string | null;

export function parsePlanFilter(query: Record<string, string | undefined>): PlanFilter {
  const n = (v?: string) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  return { lead: n(query.lead), status: query.status || undefined, item: n(query.item), priority: n(query.priority), update: query.update || undefined };
}

export function matches(i: InitiativeDetail, f: PlanFilter, latest: LatestUpdateStatus = () => null): boolean {
  if (f.lead && !i.leads.some((o) => o.type === 'organisation' && o.id === f.lead)) return false;
  if (f.status && i.status !== f.status) return false;
  if (f.item && !i.frameworkItems.some((x) => x.id === f.item)) return false;
  if (f.update && (latest(i.id) ?? 'no_update') !== f.update) return false;
  return true;
}

/** The plan with only the initiatives that pass the filter (priorities and objectives kept for context). */
export function filterPlan(plan: PlanDetail, f: PlanFilter, latest?: LatestUpdateStatus): PlanDetail {
  return {
    ...plan,
    priorities: plan.priorities
      .filter((p) => !f.priority || (p.kind === 'key' && p.number === f.priority))
      .map((p) => ({
        ...p,
        objectives: p.objectives.map((o) => ({ ...o, initiatives: o.initiatives.filter((i) => matches(i, f, latest)) })),
        initiatives: p.initiatives.filter((i) => matches(i, f, latest)),
      })),
  };
}

export function isFiltered(f: PlanFilter): boolean {
  return Boolean(f.lead || f.status || f.item || f.priority || f.update);
}

/** The initiatives as CSV, in words: statuses and timings as the plan page shows them. */
export function initiativesCsv(plan: PlanDetail): string {
  const header = ['Plan year', 'Priority', 'Objective', 'Initiative', 'Lead', 'Supporting', 'Timing', 'Start', 'End', 'Status', 'Status reason',
    'Partnership priorities', 'Framework items', 'Description', 'Outcomes'];
  const rows: unknown[][] = [];
  for (const p of plan.priorities) {
    const list = [...p.objectives.flatMap((o) => o.initiatives.map((i) => ({ o: o.title, i }))), ...p.initiatives.map((i) => ({ o: '', i }))];
    for (const { o, i } of list) {
      rows.push([plan.year, p.kind === 'key' ? `${p.number}. ${p.title}` : p.title, o, i.name, i.leads.map((x) => x.acronym ?? x.name).join('; '),
        i.supports.map((x) => x.acronym ?? x.name).join('; '), i.timingText ?? (i.timingKind === 'not_recorded' ? '' : humanise(i.timingKind)),
        formatDate(i.startsOn), formatDate(i.endsOn), humanise(i.status), i.statusReason, i.priorityRefs.join(' & '),
        i.frameworkItems.map((x) => `${x.frameworkName} ${x.number}`).join('; '), i.description, i.outcomes]);
    }
  }
  return csvDocument(header, rows);
}
