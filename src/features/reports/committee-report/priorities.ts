// The partnership's priorities: the list, then one section per key priority with its commitments,
// the assessment evidence recorded for it and what partners reported achieving in the period.
import { cell, heading, list, paragraph, paragraphsOf, sourceNote, type Block } from '../../../documents/model.ts';
import type { Measure } from '../../measures/service.ts';
import { valuesBetween } from './measure-periods.ts';
import type { PlanDetail, PriorityDetail } from '../../plans/types.ts';
import { keyPriorities } from '../../plans/priority-label.ts';
import type { ReportSection } from '../types.ts';
import type { PeriodUpdate, ReportInputs } from './inputs.ts';
import { achievementItem, byOrganisation, priorityFor } from './achievements.ts';
import { partnershipShort } from './intro.ts';
import { numberWord } from './text.ts';

/** "Priority One – Tackling organised crime …", as committee papers head them. */
export const priorityTitle = (p: PriorityDetail): string => `Priority ${numberWord(p.number ?? 0)} – ${p.title}`;

const sortedKeys = (plan: PlanDetail) => keyPriorities(plan.priorities).sort((a, b) => (a.number ?? 0) - (b.number ?? 0));

export function partnershipPriorities(i: ReportInputs): Block[] {
  if (!i.plan) return [paragraph('No published Annual Partnership Plan covers this period, so its priorities are not recorded here.')];
  const keys = sortedKeys(i.plan);
  if (!keys.length) return [paragraph(`The Annual Partnership Plan ${i.plan.year} records no key priorities.`)];
  return [
    paragraph(`The strategic assessment of crime identifies the issues that most need partners to work together. From it, the Annual Partnership Plan ${i.plan.year} sets ${keys.length} key ${keys.length === 1 ? 'priority' : 'priorities'}, which guide partners’ work through the year:`),
    list(keys.map(priorityTitle)),
  ];
}

function achievements(label: string, updates: readonly PeriodUpdate[]): Block[] {
  const blocks: Block[] = [heading(2, label)];
  if (!updates.length) return [...blocks, paragraph('No progress updates on this work were published in the period.')];
  for (const g of byOrganisation(updates)) blocks.push(heading(3, g.organisation), list(g.updates.map(achievementItem)));
  return blocks;
}

/** The measures that follow a priority, with their values in the period. */
function measuresOf(i: ReportInputs, measures: readonly Measure[], label: string): Block[] {
  if (!measures.length) return [];
  const rows = measures.map((m) => {
    const values = valuesBetween(m, i.period.from, i.period.to);
    return [{ ...cell(m.name), rowHeader: true }, cell(m.unit),
      values.length ? cell(...values.map((v) => `${v.label}: ${v.text}`)) : cell('None recorded for the period')];
  });
  const sources = [...new Set(measures.map((m) => m.sourceName ?? 'source not recorded'))];
  return [
    heading(2, 'Measures'),
    paragraph('The partnership follows this priority with these measures:'),
    { kind: 'table', caption: `${label}: measures, ${i.period.label}`, header: ['Measure', 'Counted in', 'Values in the period'], widths: [50, 18, 32], rows },
    sourceNote(`Source: the partnership’s measures (${sources.join('; ')}).`),
  ];
}

function prioritySection(i: ReportInputs, p: PriorityDetail, updates: PeriodUpdate[]): ReportSection {
  const blocks: Block[] = [];
  blocks.push(paragraph([{ text: `${partnershipShort(i).replace(/^the /, 'The ')} will:`, bold: true }]));
  blocks.push(p.commitments.length ? list(p.commitments) : paragraph('No commitments are recorded for this priority.'));
  blocks.push(heading(2, 'Evidence from the strategic assessment'));
  const evidence = paragraphsOf(p.evidence);
  blocks.push(...(evidence.length ? evidence.map((e) => paragraph(e)) : [paragraph('The evidence behind this priority is not recorded.')]));
  blocks.push(...measuresOf(i, i.priorityMeasures.get(p.id) ?? [], `Priority ${numberWord(p.number ?? 0)}`));
  blocks.push(...achievements(`Priority ${numberWord(p.number ?? 0)} – what we have achieved`, updates));
  blocks.push(paragraph('Appendix A lists every initiative of this priority.'));
  return { key: `priority-${p.number}`, title: priorityTitle(p), blocks, editable: true };
}

/** The sections of the key priorities and, where it has anything to say, of the work outside them. */
export function prioritySections(i: ReportInputs): ReportSection[] {
  const plan = i.plan;
  if (!plan) return [];
  const placed = new Map<number, PeriodUpdate[]>();
  const unplaced: PeriodUpdate[] = [];
  for (const u of i.updates) {
    const p = priorityFor(u, plan);
    if (p) placed.set(p.id, [...(placed.get(p.id) ?? []), u]); else unplaced.push(u);
  }
  const sections = sortedKeys(plan).map((p) => prioritySection(i, p, placed.get(p.id) ?? []));
  const outside = plan.priorities.find((p) => p.kind === 'cross_cutting');
  const other = [...(outside ? placed.get(outside.id) ?? [] : []), ...unplaced];
  if (other.length || (outside && outside.commitments.length)) {
    const blocks: Block[] = [paragraph('This work is not one of the key priorities, but partners take it forward together.')];
    if (outside?.commitments.length) blocks.push(list(outside.commitments));
    blocks.push(...achievements('What we have achieved', other));
    sections.push({ key: 'other-work', title: outside?.title ?? 'Other partnership work', blocks, editable: true });
  }
  return sections;
}
