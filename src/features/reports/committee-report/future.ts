// Future plans: what the plan still has under way, by lead organisation, and the next plan year.
import { heading, list, paragraph, type Block } from '../../../documents/model.ts';
import { formatDate } from '../../../platform/dates.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { keyPriorities } from '../../plans/priority-label.ts';
import type { InitiativeDetail } from '../../plans/types.ts';
import type { ReportInputs } from './inputs.ts';
import { LEAD_NOT_RECORDED } from './achievements.ts';
import { priorityTitle } from './priorities.ts';

const DONE = new Set(['completed', 'cancelled']);
const STATUS_WORDS: Record<string, string> = {
  on_track: 'on track', at_risk: 'at risk', off_track: 'off track', delayed: 'delayed', planned: 'planned', active: 'under way',
};

const leadOf = (i: InitiativeDetail) => (i.leads.find((l) => l.type === 'organisation') ?? i.leads[0])?.name ?? LEAD_NOT_RECORDED;

/** The last day of the plan year that starts in `startYear`. */
const planEnd = (startYear: number, startMonth: number) =>
  new Date(Date.UTC(startYear + 1, startMonth - 1, 0)).toISOString().slice(0, 10);

export function futurePlans(i: ReportInputs): Block[] {
  const plan = i.plan;
  if (!plan) return [paragraph('No published plan is recorded, so future work is not set out here.')];
  const blocks: Block[] = [];
  const end = planEnd(plan.startYear, i.partnership.planYearStartMonth);
  const open = plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives])
    .filter((x) => !DONE.has(x.status) && !DONE.has(i.latest.get(x.id)?.status ?? ''));
  const ended = end < i.period.to;
  blocks.push(paragraph(ended
    ? `The ${plan.year} plan ended on ${formatDate(end)}. ${open.length ? `${open.length} of its initiatives were not reported complete:` : 'All its initiatives were reported complete or closed.'}`
    : `The ${plan.year} plan runs until ${formatDate(end)} and is reviewed as the year goes on. ${open.length ? `${open.length} of its initiatives are still being delivered:` : 'All its initiatives have been reported complete or closed.'}`));
  const byLead = new Map<string, string[]>();
  for (const x of open) {
    const status = STATUS_WORDS[i.latest.get(x.id)?.status ?? x.status];
    byLead.set(leadOf(x), [...(byLead.get(leadOf(x)) ?? []), status ? `${x.name} (${status})` : x.name]);
  }
  const last = (name: string) => (name === LEAD_NOT_RECORDED ? 1 : 0);
  for (const [lead, names] of [...byLead].sort((a, b) => last(a[0]) - last(b[0]) || a[0].localeCompare(b[0], 'en-GB'))) {
    blocks.push(heading(3, lead), list(names));
  }
  const next = i.nextPlan;
  if (next) {
    const keys = keyPriorities(next.priorities).sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    blocks.push(paragraph(`The Annual Partnership Plan ${next.year} has been published${keys.length ? ' with these key priorities:' : '.'}`));
    if (keys.length) blocks.push(list(keys.map(priorityTitle)));
  } else {
    blocks.push(paragraph(`The key priorities for ${yearLabel(plan.startYear + 1)} will be set from the next strategic assessment of crime.`));
  }
  return blocks;
}
