import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Table } from '../../documents/model.js';
import { plainText } from '../../documents/model.js';
import { renderHtml } from '../../documents/render-html.js';
import { renderDocx } from '../../documents/render-docx.js';
import { closePdfBrowser, renderPdf } from '../../documents/render-pdf.js';
import { readZipText } from '../../documents/zip-read.js';
import { needsChromium, needsPdftotext } from '../../../test/tools.ts';
import { formatDate, planDocument, timingText } from './plan-document.js';
import type { FrameworkItemRef, InitiativeDetail, LeadRef, PlanDetail } from './types.js';

after(closePdfBrowser);

// Organisations and framework items taken from the Safer Colchester Partnership's 2022-23 plan.
const CBC: LeadRef = { type: 'organisation', id: 1, name: 'Colchester Borough Council', acronym: 'CBC' };
const POLICE: LeadRef = { type: 'organisation', id: 2, name: 'Essex Police', acronym: null };
const ECFRS: LeadRef = { type: 'organisation', id: 3, name: 'Essex County Fire and Rescue Service', acronym: 'ECFRS' };
const CARA: LeadRef = { type: 'organisation', id: 4, name: 'Centre for Action on Rape and Abuse in Essex (CARA)', acronym: 'CARA' };
const pcc = (n: number, title: string): FrameworkItemRef => ({ id: 100 + n, frameworkId: 10, frameworkName: 'Police, Fire and Crime Plan', frameworkKind: 'pcc_plan', number: String(n), title });
const strand = (n: number, title: string): FrameworkItemRef => ({ id: 200 + n, frameworkId: 20, frameworkName: 'Essex Crime Prevention Strategy', frameworkKind: 'county_strategy', number: String(n), title });
const P1 = pcc(1, 'Further investment in crime prevention');
const P2 = pcc(2, 'Reducing drug driven violence');
const P4 = pcc(4, 'Reducing violence against women and girls');
const P12 = pcc(12, 'Increasing collaboration');
const ORGANISED = strand(3, 'Organised Crime');
const COMPLEX = strand(4, 'Complex Needs');
const VIOLENCE = strand(1, 'Serious Violence');

let nextId = 1;
function initiative(priorityId: number, objectiveId: number | null, name: string, extra: Partial<InitiativeDetail> = {}): InitiativeDetail {
  return {
    id: nextId++, planId: 1, priorityId, objectiveId, name, leads: [CBC], supports: [], timingKind: 'ongoing',
    startsOn: null, endsOn: null, timingText: null, description: `About ${name}.`, outcomes: '', status: 'active',
    statusReason: null, priorityRefs: [priorityId - 10], frameworkItems: [P1, P2, ORGANISED], crimeTypes: [], wards: [],
    previousInitiativeId: null, version: 1, ...extra,
  };
}

function fixture(): PlanDetail {
  return {
    id: 1, partnershipId: 1, partnershipName: 'Safer Colchester Partnership', partnershipShortName: 'SCP',
    year: '2022-23', startYear: 2022, status: 'approved', revision: 0,
    introduction: 'The Crime and Disorder Act 1998 requires Community Safety Partnerships to complete an annual partnership plan.',
    otherSection: 'Suicide awareness and prevention: partners support the ICS suicide prevention group.\nThe Fear of Crime survey will be repeated.',
    approved: true, approvedByBodyName: 'Community Safety Delivery Board', approvedOn: '2022-07-12', publishedAt: null,
    members: { statutory: [CBC, POLICE, ECFRS], nonStatutory: [CARA, { id: 5, name: 'Firstsite', acronym: null }] },
    frameworks: [{ id: 10, name: 'Police, Fire and Crime Plan', kind: 'pcc_plan', versionLabel: '2021-24' }, { id: 20, name: 'Essex Crime Prevention Strategy', kind: 'county_strategy', versionLabel: '2021' }],
    version: 1,
    priorities: [
      {
        id: 11, kind: 'key', number: 1, title: 'Tackling organised crime, gangs & county lines', version: 1, initiatives: [],
        commitments: ['Develop an intelligence and awareness picture', 'Assist in the disruption of drug-related activity'],
        evidence: 'Possession of weapons offences rose 31% to 212 offences.',
        objectives: [
          { id: 21, title: 'Increase knowledge and awareness among CYP of issues affecting their safety', position: 1, version: 1, initiatives: [
            initiative(11, 21, 'Crucial Crew', { timingKind: 'dates', startsOn: '2022-06-06', endsOn: '2022-06-17', outcomes: '1071 children participated from 27 schools', frameworkItems: [P1, P2, P4, ORGANISED, COMPLEX] }),
            initiative(11, 21, 'Box Smart <script>alert("x")</script>', { leads: [POLICE], supports: [CBC], outcomes: 'Project commences 23rd Sept for 9 weeks', frameworkItems: [P2, P1, ORGANISED, VIOLENCE] }),
            initiative(11, 21, 'Operation Henderson', { timingKind: 'various', timingText: 'twice a year', priorityRefs: [1, 2, 7] }),
          ] },
          { id: 22, title: 'Share intelligence and data with partners', position: 2, version: 1, initiatives: [
            initiative(11, 22, 'MAC Panel', { leads: [POLICE, CBC], description: 'Working together through the Multi Agency Coordination Panel.\nOperation Raptor – targeting county lines.' }),
            initiative(11, 22, 'Anti-Slavery Partnership', { status: 'cancelled', statusReason: 'Unsuccessful bid for funding' }),
          ] },
        ],
      },
      {
        id: 12, kind: 'key', number: 2, title: 'Supporting victims of domestic abuse & sexual offences', version: 1, initiatives: [],
        commitments: ['Increase understanding and awareness'], evidence: 'Domestic abuse offences fell 4%.',
        objectives: [
          { id: 23, title: 'Support victims of Domestic Abuse and Sexual Violence', position: 1, version: 1, initiatives: [
            initiative(12, 23, 'Integrated Support Project', { leads: [CARA], frameworkItems: [P4, P12, COMPLEX] }),
            initiative(12, 23, 'Safe and Well Visits', { leads: [ECFRS], status: 'delayed', statusReason: 'Staff shortages', frameworkItems: [P12, P4] }),
          ] },
        ],
      },
    ],
  };
}

const tables = (plan: PlanDetail): Table[] => planDocument(plan).blocks.filter((b): b is Table => b.kind === 'table');

test('formatDate and timingText speak plainly', () => {
  assert.equal(formatDate('2022-07-12'), '12 July 2022');
  assert.equal(timingText({ timingKind: 'dates', startsOn: '2022-04-01', endsOn: '2023-03-31', timingText: null }), '1 April 2022 to 31 March 2023');
  assert.equal(timingText({ timingKind: 'business_as_usual', startsOn: null, endsOn: null, timingText: null }), 'Business as usual');
  // Timing as the plan wrote it is the statement itself: said once, never beside a label that repeats it.
  assert.equal(timingText({ timingKind: 'various', startsOn: null, endsOn: null, timingText: 'twice a year' }), 'twice a year');
  assert.equal(timingText({ timingKind: 'ongoing', startsOn: null, endsOn: null, timingText: 'Ongoing' }), 'Ongoing');
  assert.equal(timingText({ timingKind: 'dates', startsOn: '2020-05-01', endsOn: '2023-05-31', timingText: 'May 2020-May 2023' }), 'May 2020-May 2023');
  assert.equal(timingText({ timingKind: 'not_recorded', startsOn: null, endsOn: null, timingText: null }), '');
});

test('the plan document follows the seed layout', () => {
  const doc = planDocument(fixture());
  assert.equal(doc.title, 'Annual Partnership Plan 2022-23');
  assert.equal(doc.partnershipName, 'Safer Colchester Partnership');
  assert.equal(doc.subtitle, 'Approved by the Community Safety Delivery Board on 12 July 2022');
  const headings = doc.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
  assert.deepEqual(headings.filter((h) => !h.startsWith('Priority') && h !== 'Evidence'), [
    'Introduction', 'Members of the partnership', 'Key priorities for 2022-23', 'Projects and initiatives by priority',
    'Other vulnerabilities and opportunities for partnership working', 'Appendix: frameworks',
    'Police, Fire and Crime Plan (2021-24)', 'Essex Crime Prevention Strategy (2021)',
  ]);
  const lists = doc.blocks.flatMap((b) => (b.kind === 'list' ? [b.items.map(plainText)] : []));
  assert.deepEqual(lists[0], ['Colchester Borough Council (CBC)', 'Essex Police', 'Essex County Fire and Rescue Service (ECFRS)']);
  assert.deepEqual(lists[1], ['Centre for Action on Rape and Abuse in Essex (CARA)', 'Firstsite']);
  assert.deepEqual(lists.at(-2), ['1 Further investment in crime prevention', '2 Reducing drug driven violence', '4 Reducing violence against women and girls', '12 Increasing collaboration']);
  assert.deepEqual(lists.at(-1), ['1 Serious Violence', '3 Organised Crime', '4 Complex Needs']);
});

test('one table per priority; objectives span their initiatives', () => {
  const [t1, t2] = tables(fixture());
  assert.ok(t1 && t2);
  assert.deepEqual(t1.header, ['Objective', 'Project or initiative', 'About', 'Outcomes', 'PCC priority', 'Strategy strand']);
  assert.equal(t1.rows.length, 5);
  assert.equal(t1.rows[0]![0]!.rowSpan, 3);
  assert.equal(t1.rows[1]!.length, 5, 'rows under a spanning objective leave the column out');
  assert.equal(t1.rows[3]![0]!.rowSpan, 2);
  const crew = t1.rows[0]!.slice(1).map((c) => c.paragraphs.map(plainText));
  assert.deepEqual(crew, [['Crucial Crew', 'Lead: CBC', 'When: 6 June 2022 to 17 June 2022'], ['About Crucial Crew.'], ['1071 children participated from 27 schools'], ['1, 2, 4'], ['Organised Crime / Complex Needs']]);
  assert.deepEqual(t1.rows[1]![0]!.paragraphs.map(plainText).slice(1), ['Lead: Essex Police', 'Supported by: CBC', 'When: Ongoing']);
  // References are priority numbers: the other priority it serves is named, a number the plan lacks is not.
  assert.ok(t1.rows[2]![0]!.paragraphs.map(plainText).includes('Also serves priority 2'));
  assert.deepEqual(t1.rows[3]![2]!.paragraphs, ['Working together through the Multi Agency Coordination Panel.', 'Operation Raptor – targeting county lines.']);
  assert.ok(t1.rows[4]![0]!.paragraphs.map(plainText).includes('Cancelled: Unsuccessful bid for funding'));
  assert.ok(t2.rows[1]![0]!.paragraphs.map(plainText).includes('Delayed: Staff shortages'));
  assert.equal(plainText(t2.rows[1]![3]!.paragraphs[0]!), '4, 12');
});

test('years without objectives drop the Objective column', () => {
  const plan = fixture();
  for (const p of plan.priorities) {
    p.initiatives = p.objectives.flatMap((o) => o.initiatives.map((i) => ({ ...i, objectiveId: null })));
    p.objectives = [];
  }
  const [t1] = tables(plan);
  assert.equal(t1!.header[0], 'Project or initiative');
  assert.equal(t1!.rows.length, 5);
  assert.ok(t1!.rows.every((r) => r.length === 5 && !r.some((c) => c.rowSpan)));
});

test('HTML shows the tables with escaped initiative names', () => {
  const html = renderHtml(planDocument(fixture()));
  for (const h of ['Objective', 'Project or initiative', 'About', 'Outcomes', 'PCC priority', 'Strategy strand']) assert.ok(html.includes(`<th scope="col">${h}</th>`), h);
  assert.ok(html.includes('<td rowspan="3">Increase knowledge and awareness among CYP of issues affecting their safety</td>'));
  assert.ok(html.includes('<strong>Crucial Crew</strong>'));
  assert.ok(html.includes('Box Smart &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('Tackling organised crime, gangs &amp; county lines'));
  assert.ok(html.includes('1071 children participated from 27 schools'));
});

test('Word document holds the initiatives and merges the objective cells', async () => {
  const xml = readZipText(await renderDocx(planDocument(fixture())), 'word/document.xml') ?? '';
  for (const name of ['Crucial Crew', 'Operation Henderson', 'MAC Panel', 'Integrated Support Project']) assert.ok(xml.includes(name), name);
  assert.ok(xml.includes('Box Smart &lt;script&gt;'));
  assert.equal((xml.match(/<w:vMerge w:val="restart"\/>/g) ?? []).length, 3, 'three objectives span several rows');
  assert.equal((xml.match(/<w:vMerge w:val="continue"\/>/g) ?? []).length, 4);
  assert.match(xml, /w:orient="landscape"/);
});

test('PDF prints the plan', { skip: needsChromium }, async (t) => {
  const pdf = await renderPdf(planDocument(fixture()));
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  if (needsPdftotext) return t.skip(`the PDF's text is not checked: ${needsPdftotext}`);
  const text = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  assert.ok(text.stdout.includes('Crucial Crew'));
  assert.ok(text.stdout.includes('Integrated Support Project'));
});

test('the same document printed again comes from memory; a changed one is printed anew', { skip: needsChromium }, async () => {
  const first = await renderPdf(planDocument(fixture()));
  const again = await renderPdf(planDocument(fixture()));
  assert.equal(again, first, 'the very same bytes, not a second printing');
  const changed = fixture();
  changed.introduction = `${changed.introduction} Revised.`;
  const other = await renderPdf(planDocument(changed));
  assert.notEqual(other, first);
  assert.equal(other.subarray(0, 4).toString(), '%PDF');
});

test('the section outside the key priorities is shown once, unnumbered and uncounted; unknown dates are not invented', () => {
  const plan = fixture();
  plan.status = 'published';
  plan.approvedOn = null;
  plan.publishedAt = null;
  plan.priorities.push({
    id: 19, kind: 'cross_cutting', number: null, title: 'Vulnerabilities/Opportunities for Partnership working', version: 1, commitments: [], evidence: '', initiatives: [],
    objectives: [{ id: 29, title: 'Suicide Awareness and Prevention', position: 1, version: 1, initiatives: [
      initiative(19, 29, 'ICS Wave 2 Suicide Prevention Project Group', { priorityRefs: [], timingKind: 'ongoing', timingText: 'Ongoing' }),
    ] }],
  });
  const doc = planDocument(plan);
  const text = doc.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : b.kind === 'paragraph' ? [plainText(b.text)] : b.kind === 'table' ? [b.caption] : []));
  assert.equal(doc.subtitle, 'Published; approved by the Community Safety Delivery Board (date not recorded)');
  assert.ok(text.includes('The partnership identified 2 key priorities for 2022-23.'));
  assert.equal(text.filter((x) => x.includes('Vulnerabilities/Opportunities')).length, 1);
  assert.ok(!text.some((x) => /Priority (3|null)|Other vulnerabilities and opportunities/.test(x)));
  assert.ok(text.includes('Suicide awareness and prevention: partners support the ICS suicide prevention group.'), 'the plan\'s words sit in the section');
  const table = tables(plan).at(-1)!;
  assert.equal(table.caption, 'Projects and initiatives outside the key priorities, 2022-23');
  assert.deepEqual(table.rows[0]![1]!.paragraphs.map(plainText), ['ICS Wave 2 Suicide Prevention Project Group', 'Lead: CBC', 'When: Ongoing']);
});

test('a plan published without an approval on record does not claim one', () => {
  const published = { ...fixture(), status: 'published' as const, publishedAt: '2023-04-03T09:00:00Z' };
  assert.equal(planDocument({ ...published, approved: false, approvedByBodyName: null, approvedOn: null }).subtitle, 'Published on 3 April 2023; no approval recorded');
  assert.equal(planDocument(published).subtitle, 'Published on 3 April 2023; approved by the Community Safety Delivery Board on 12 July 2022');
});
