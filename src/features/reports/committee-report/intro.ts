// The opening sections of the committee report: executive summary, the action asked of the
// committee, why it scrutinises the partnership, and the background (members, bodies, the yearly
// cycle from strategic assessment to plan). Written from the records; the wording is editable.
import { list, paragraph, heading, type Block } from '../../../documents/model.ts';
import { yearLabel } from '../../partnerships/years.ts';
import { keyPriorities } from '../../plans/priority-label.ts';
import type { ReportInputs } from './inputs.ts';
import { monthWords, yearBounds } from './period.ts';
import { changeWords, count, joinWords, nameWithAcronym } from './text.ts';

/** "the Safer Colchester Partnership (SCP)" on first mention; the short form after. */
export const partnershipFirst = (i: ReportInputs) => `the ${i.partnership.name}${i.partnership.shortName ? ` (${i.partnership.shortName})` : ''}`;
export const partnershipShort = (i: ReportInputs) => (i.partnership.shortName ? `the ${i.partnership.shortName}` : `the ${i.partnership.name}`);
export const committeeName = (i: ReportInputs) => (i.committee ? `the ${i.committee.name}` : 'the council’s crime and disorder committee');

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function executiveSummary(i: ReportInputs): Block[] {
  const blocks: Block[] = [
    paragraph(`This report gives ${committeeName(i)} the information it needs to review the work of ${partnershipFirst(i)} from ${i.period.label}. ${i.period.rule}`),
  ];
  const plan = i.plan;
  blocks.push(paragraph(plan
    ? `It explains the role of ${partnershipShort(i)}, sets out what partners reported doing against the ${keyPriorities(plan.priorities).length} key priorities of the Annual Partnership Plan ${plan.year}, and the plans for the rest of that year. The plan itself is attached as Appendix A.`
    : `It explains the role of ${partnershipShort(i)}. No published Annual Partnership Plan covers this period, so none is attached.`));
  const initiatives = new Set(i.updates.map((u) => u.initiativeId));
  const facts: string[] = [];
  facts.push(i.updates.length
    ? `partners published ${count(i.updates.length)} progress ${i.updates.length === 1 ? 'update' : 'updates'} on ${count(initiatives.size)} ${initiatives.size === 1 ? 'initiative' : 'initiatives'}`
    : 'no progress updates were published on the plan’s initiatives');
  if (i.assessment) {
    const t = i.assessment.totals.crimes;
    facts.push(`police.uk recorded ${count(t.count)} crimes in the area in the twelve months to ${monthWords(i.assessment.period.to)}, ${changeWords(t.changePct)} on the year before`);
  }
  blocks.push(paragraph(`In the period ${joinWords(facts)}.`));
  if (i.committee?.meetsOn) {
    blocks.push(paragraph(`Representatives of the partner organisations are invited to the meeting to present the work and answer members’ questions.`));
  }
  return blocks;
}

export function actionRequired(i: ReportInputs): Block[] {
  return [paragraph(`${capital(committeeName(i))} is asked to scrutinise the work of ${partnershipShort(i)} over the period of this report.`)];
}

export function reasonForScrutiny(i: ReportInputs): Block[] {
  return [paragraph(`Under the Crime and Disorder (Overview and Scrutiny) Regulations 2009 the committee must meet at least once a year to review how the responsible authorities that make up ${partnershipShort(i)} carry out their duties to reduce crime and disorder.`)];
}

const BODY_KINDS: Record<string, string> = {
  partnership: 'the partnership itself',
  strategic_board: 'strategic board',
  delivery_board: 'delivery board',
  scrutiny_committee: 'scrutiny committee',
  team: 'team',
};

export function background(i: ReportInputs): Block[] {
  const blocks: Block[] = [
    paragraph('The Crime and Disorder Act 1998 requires the police, councils, fire and rescue, health and probation services of an area — the responsible authorities — to work together to reduce crime, disorder and reoffending.'),
  ];
  const { statutory, nonStatutory } = i.members;
  const year = i.plan ? i.plan.year : yearLabel(i.period.planYear);
  if (statutory.length || nonStatutory.length) {
    blocks.push(paragraph(`${capital(partnershipFirst(i))} carries out that duty. In ${year} its statutory members were:`));
    blocks.push(statutory.length ? list(statutory.map(nameWithAcronym)) : paragraph('Not recorded.'));
    if (nonStatutory.length) blocks.push(paragraph('Other members, without a statutory duty, were:'), list(nonStatutory.map(nameWithAcronym)));
  } else {
    blocks.push(paragraph(`${capital(partnershipFirst(i))} carries out that duty. Its members for ${year} are not recorded.`));
  }
  const bodies = i.bodies.filter((b) => b.kind !== 'partnership');
  if (bodies.length) {
    blocks.push(heading(3, 'How the partnership works'));
    blocks.push(paragraph('The partnership’s work is organised through these bodies:'));
    blocks.push(list(bodies.map((b) => (BODY_KINDS[b.kind] && b.kind !== 'team' ? `${b.name} (${BODY_KINDS[b.kind]})` : b.name))));
  }
  const a = yearBounds(i.partnership.assessmentYearStartMonth);
  const p = yearBounds(i.partnership.planYearStartMonth);
  blocks.push(heading(3, 'From assessment to plan'));
  blocks.push(paragraph(`Each year the partnership must carry out a strategic assessment of crime and disorder in its area. Its assessment year runs from ${a.first} to ${a.last}: it analyses how much crime there is, where and of what kinds, and how that is changing.`));
  blocks.push(paragraph(`The assessment sets the key priorities of the Annual Partnership Plan, which runs from ${p.first} to ${p.last}. Partners report progress on the plan’s initiatives through the year, and the plan is reviewed as needs change.`));
  return blocks;
}
