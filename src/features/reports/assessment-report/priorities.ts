// The priorities chosen for the plan year, each with its evidence statement as the plan holds it,
// and the scored issues adopted into it. Without a plan for the year, it says none are chosen yet.
import { heading, paragraph, paragraphsOf, type Block } from '../../../documents/model.ts';
import { keyPriorities, priorityHeading } from '../../plans/priority-label.ts';
import { yearLabel } from '../../partnerships/years.ts';
import type { AssessmentInputs } from './inputs.ts';
import { listing } from './format.ts';

export function prioritiesBlocks(inputs: AssessmentInputs): Block[] {
  const year = yearLabel(inputs.planYear);
  const { plan, scoring } = inputs;
  if (!plan) return [paragraph(`No plan for ${year} has been started, so no priorities have been chosen for it yet.`)];
  const priorities = keyPriorities(plan.priorities);
  if (!priorities.length) return [paragraph(`The ${year} plan (${plan.status}) has no key priorities yet.`)];
  const adoptedInto = new Map<number, string[]>();
  for (const r of scoring?.ranked ?? []) {
    if (r.adoptedPriorityId !== null) adoptedInto.set(r.adoptedPriorityId, [...(adoptedInto.get(r.adoptedPriorityId) ?? []), `${r.label} (ranked ${r.rank})`]);
  }
  return [
    paragraph(`The ${year} plan (${plan.status}) has ${priorities.length} key ${priorities.length === 1 ? 'priority' : 'priorities'}. Each is set out with the evidence statement the plan records for it.`),
    ...priorities.flatMap((p): Block[] => {
      const evidence = paragraphsOf(p.evidence);
      const adopted = adoptedInto.get(p.id);
      return [
        heading(3, priorityHeading(p)),
        ...(evidence.length ? evidence.map((e) => paragraph(e)) : [paragraph('Evidence statement: not recorded.')]),
        ...(adopted ? [paragraph([{ text: 'Adopted from the scoring: ', bold: true }, { text: listing(adopted) }])] : []),
      ];
    }),
  ];
}
