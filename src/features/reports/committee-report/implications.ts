// The standard implications sections every committee report carries. The defaults are plain and
// true of any such report; the coordinator edits them where there is more to say.
import { list, paragraph, type Block } from '../../../documents/model.ts';
import type { ReportSection } from '../types.ts';
import type { ReportInputs } from './inputs.ts';

function strategicPlan(i: ReportInputs): Block[] {
  const frameworks = i.plan?.frameworks ?? [];
  const blocks: Block[] = [paragraph('The partnership’s work supports the community safety aims of the council’s strategic plan.')];
  if (frameworks.length) {
    blocks.push(paragraph(`The initiatives of the Annual Partnership Plan ${i.plan!.year} are also mapped to:`));
    blocks.push(list(frameworks.map((f) => (f.versionLabel ? `${f.name} (${f.versionLabel})` : f.name))));
  }
  return blocks;
}

export function implicationSections(i: ReportInputs): ReportSection[] {
  const section = (key: string, title: string, blocks: Block[]): ReportSection => ({ key, title, blocks, editable: true });
  return [
    section('equality', 'Equality, Diversity and Human Rights Implications', [
      paragraph('Much of the partnership’s work protects people who are more at risk of crime and harm, many of whom share characteristics protected by the Equality Act 2010. Each partner considers equality when it plans and delivers its own initiatives.'),
    ]),
    section('strategic-plan', 'Strategic Plan References', strategicPlan(i)),
    section('consultation', 'Consultation', [
      paragraph('The priorities were set from the strategic assessment of crime and agreed with the partner organisations. Partners supplied the progress reported here.'),
    ]),
    section('publicity', 'Publicity Considerations', [
      paragraph('This report is published with the committee’s papers. There are no other publicity considerations.'),
    ]),
    section('financial', 'Financial Implications', [
      paragraph('This report asks for no spending decision. The funding partners gave for the partnership’s work is set out above; future work depends on that funding continuing.'),
    ]),
    section('community-safety', 'Community Safety Implications', [paragraph('Community safety is the subject of the whole report.')]),
    section('health-and-safety', 'Health and Safety Implications', [paragraph('This report raises no health and safety implications.')]),
    section('risk', 'Risk Management Implications', [
      paragraph('This report raises no risks of its own. Each partner manages the risks of the initiatives it leads.'),
    ]),
  ];
}
