// Checks the demo partnership file (demo/scp.json) against the shape in demo/types.ts and the
// rules the loader relies on. scp.facts.test.ts checks it field by field against the seed plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoInitiative, DemoPartnership, DemoPlan } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = JSON.parse(fs.readFileSync(path.join(here, 'scp.json'), 'utf8')) as DemoPartnership;

const ORG_KINDS = ['council', 'police', 'fire', 'probation', 'health', 'county_council', 'housing',
  'charity', 'education', 'military', 'business', 'other'];
const BODY_KINDS = ['partnership', 'strategic_board', 'delivery_board', 'task_group', 'team', 'scrutiny_committee', 'other'];
const BODY_ROLES = ['chair', 'deputy_chair', 'member'];
const FRAMEWORK_KINDS = ['pcc_plan', 'county_strategy', 'council_plan', 'other'];
const STATUSES = ['planned', 'active', 'completed', 'delayed', 'cancelled'];
const TIMING_KINDS = ['dates', 'ongoing', 'business_as_usual', 'various', 'not_recorded'];
const PLAN_STATUSES = ['draft', 'approved', 'published'];
const CRIME_TYPES = ['Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs',
  'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting', 'Theft from the person',
  'Vehicle crime', 'Violence and sexual offences', 'Other crime'];
const YEARS = ['2019-20', '2020-21', '2021-22', '2022-23'];

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Every initiative of a plan, in document order (objectives first, then loose ones, per priority). */
function initiativesOf(plan: DemoPlan): DemoInitiative[] {
  return plan.priorities.flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]);
}

function plan(year: string): DemoPlan {
  const p = data.plans.find((x) => x.year === year);
  assert.ok(p, `plan ${year} missing`);
  return p;
}

const orgKeys = new Set(data.organisations.map((o) => o.key));
const bodyKeys = new Set(data.bodies.map((b) => b.key));
/** Initiatives are led and supported by organisations or by the partnership's own bodies and teams. */
const leaderKeys = new Set([...orgKeys, ...bodyKeys]);
const frameworkByKey = new Map(data.frameworks.map((f) => [f.key, f]));

test('partnership details', () => {
  assert.deepEqual(data.partnership, {
    slug: 'scp', name: 'Safer Colchester Partnership', shortName: 'SCP', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000071', name: 'Colchester' }],
  });
});

test('four published plans, 2019-20 to 2022-23', () => {
  assert.deepEqual(data.plans.map((p) => p.year), YEARS);
  for (const p of data.plans) {
    assert.ok(PLAN_STATUSES.includes(p.status));
    assert.equal(p.status, 'published');
    // The approving body where the documents name one; the dates are not recorded in them.
    assert.ok(p.approvedBy === null || bodyKeys.has(p.approvedBy), `${p.year} approvedBy`);
    assert.ok(p.approvedOn === null || isIsoDate(p.approvedOn), `${p.year} approvedOn`);
    assert.ok(p.introduction.length > 50, `${p.year} introduction`);
    assert.equal(typeof p.otherSection, 'string');
  }
  assert.equal(plan('2022-23').approvedBy, 'one-colchester-board');
});

test('initiative counts per plan', () => {
  const expected: Record<string, number> = { '2019-20': 0, '2020-21': 81, '2021-22': 63, '2022-23': 51 };
  for (const y of YEARS) assert.equal(initiativesOf(plan(y)).length, expected[y], y);
});

test('2019-20 has three priorities and no initiatives', () => {
  const p = plan('2019-20');
  assert.deepEqual(p.priorities.map((x) => x.number), [1, 2, 3]);
  assert.equal(initiativesOf(p).length, 0);
  assert.match(p.priorities[0].title, /county lines/);
});

test('priorities: three key priorities each year, objectives only in 2022-23, one unnumbered section outside them', () => {
  for (const p of data.plans) {
    const key = p.priorities.filter((x) => (x.kind ?? 'key') === 'key');
    assert.deepEqual(key.map((x) => x.number), [1, 2, 3], p.year);
    assert.ok(p.priorities.filter((x) => x.kind === 'cross_cutting').every((x) => x.number === null), `${p.year}: the section outside the key priorities has no number`);
    for (const pr of p.priorities) {
      assert.ok(pr.title.length > 0);
      if (pr.kind !== 'cross_cutting') {
        assert.ok(pr.commitments.length >= 2, `${p.year} P${pr.number} commitments`);
        assert.ok(pr.evidence.length > 0, `${p.year} P${pr.number} evidence`);
      }
      if (p.year === '2022-23') assert.equal(pr.initiatives.length, 0, '2022-23 initiatives sit under objectives');
      else assert.equal(pr.objectives.length, 0, `${p.year} has no objectives`);
    }
  }
  const p22 = plan('2022-23');
  assert.match(p22.priorities[2].title, /Violence Against Women and Girls/);
  assert.ok(p22.priorities.every((pr) => pr.objectives.length > 0));
  const other = p22.priorities.filter((pr) => pr.kind === 'cross_cutting');
  assert.equal(other.length, 1);
  assert.match(other[0]!.title, /^Vulnerabilities\/Opportunities/);
  assert.ok(p22.otherSection.length > 0);
});

test('organisations: unique keys, valid kinds', () => {
  assert.equal(orgKeys.size, data.organisations.length);
  for (const o of data.organisations) {
    assert.ok(ORG_KINDS.includes(o.kind), `${o.key} kind ${o.kind}`);
    assert.ok(o.name.length > 0);
  }
  assert.equal(data.organisations.find((o) => o.key === 'CBC')?.kind, 'council');
});

test('memberships: every year, known organisations, changes over time', () => {
  assert.deepEqual(Object.keys(data.memberships).sort(), YEARS);
  for (const [year, ms] of Object.entries(data.memberships)) {
    const keys = ms.map((m) => m.org);
    assert.equal(new Set(keys).size, keys.length, `${year} no duplicate members`);
    for (const m of ms) assert.ok(orgKeys.has(m.org), `${year} member ${m.org}`);
  }
  const has = (y: string, k: string, statutory?: boolean) =>
    data.memberships[y].some((m) => m.org === k && (statutory === undefined || m.statutory === statutory));
  assert.equal(data.memberships['2019-20'].length, 12);
  assert.equal(data.memberships['2020-21'].length, 19);
  assert.equal(data.memberships['2021-22'].length, 20);
  assert.equal(data.memberships['2022-23'].length, 25);
  assert.ok(has('2020-21', 'CRC', true) && has('2020-21', 'NPS', true));
  assert.ok(!has('2021-22', 'CRC') && has('2021-22', 'TPS', true));
  assert.ok(has('2021-22', 'CCG', true) && !has('2022-23', 'CCG') && has('2022-23', 'ICB', true));
  assert.ok(!has('2020-21', 'DWP') && has('2021-22', 'DWP', false));
  assert.ok(has('2022-23', 'CARA', false) && has('2022-23', 'BTP', false));
});

test('bodies: kinds, roles, known organisations, committee chair and deputy', () => {
  assert.equal(bodyKeys.size, data.bodies.length);
  for (const k of bodyKeys) assert.ok(!orgKeys.has(k), `${k} is both a body and an organisation`);
  for (const b of data.bodies) {
    assert.ok(BODY_KINDS.includes(b.kind), `${b.key} kind`);
    for (const m of b.members) {
      assert.ok(BODY_ROLES.includes(m.role), `${b.key} role ${m.role}`);
      assert.ok(m.org === null || orgKeys.has(m.org), `${b.key} member org ${m.org}`);
      for (const d of [m.termStart, m.termEnd]) assert.ok(d === null || isIsoDate(d));
    }
  }
  assert.equal(data.bodies.find((b) => b.key === 'scp')?.kind, 'partnership');
  assert.equal(data.bodies.find((b) => b.key === 'one-colchester-board')?.kind, 'strategic_board');
  assert.equal(data.bodies.find((b) => b.key === 'csdb')?.kind, 'delivery_board');
  assert.equal(data.bodies.find((b) => b.key === 'neighbourhood-team')?.kind, 'team');
  const cdc = data.bodies.find((b) => b.kind === 'scrutiny_committee');
  assert.ok(cdc);
  const current = cdc.members.filter((m) => m.termEnd === null);
  assert.equal(current.length, 7);
  assert.equal(current.find((m) => m.role === 'chair')?.name, 'Councillor Dennis Willetts');
  assert.equal(current.find((m) => m.role === 'deputy_chair')?.name, 'Councillor Sue Lissimore');
  assert.equal(cdc.members.filter((m) => /Willetts/.test(m.name)).length, 1, 'Councillor Willetts once');
});

test('frameworks: PCC 2016-20 has 7 items; the 2021-24 plan has 7 sections and 12 priorities; 5 strategy strands as written', () => {
  for (const f of data.frameworks) {
    assert.ok(FRAMEWORK_KINDS.includes(f.kind), `${f.key} kind`);
    for (const d of [f.startsOn, f.endsOn]) assert.ok(d === null || isIsoDate(d), `${f.key} dates`);
    if (f.startsOn && f.endsOn) assert.ok(f.startsOn <= f.endsOn, `${f.key} dates in order`);
    const nums = f.items.map((i) => i.number);
    assert.equal(new Set(nums).size, nums.length, `${f.key} item numbers unique`);
  }
  const pcc = frameworkByKey.get('pcc-2016');
  assert.ok(pcc);
  assert.equal(pcc.items.length, 7);
  assert.equal(pcc.items[1].title, 'Crack down on anti-social behaviour');
  const pfcc = frameworkByKey.get('pfcc-2021');
  assert.ok(pfcc);
  assert.equal(pfcc.items.length, 12);
  assert.equal(pfcc.items[6].title, 'Preventing dog theft');
  for (const it of pfcc.items) assert.deepEqual([it.commitments, it.outcome], [[], null], `pfcc ${it.number}: the plan gives its priorities no commitments or outcome`);
  assert.equal(pfcc.sections?.length, 7);
  for (const s of pfcc.sections ?? []) {
    assert.ok(s.commitments.length >= 1, `${s.title} commitments`);
    assert.ok(s.outcome?.startsWith('So that'), `${s.title} outcome`);
  }
  const ecps = frameworkByKey.get('ecps');
  assert.ok(ecps);
  assert.equal(ecps.kind, 'county_strategy');
  assert.deepEqual(ecps.items.map((i) => i.title), ['Serious Violence', 'Vulnerabilities', 'Organised Crime', 'Complex Needs', 'Violent Crime']);
});

test('plans list only known frameworks', () => {
  for (const p of data.plans) for (const k of p.frameworks) assert.ok(frameworkByKey.has(k), `${p.year} framework ${k}`);
  assert.deepEqual(plan('2020-21').frameworks, ['pcc-2016']);
  assert.deepEqual(plan('2021-22').frameworks, ['pcc-2016'], 'the 2021-22 plan maps to the extended 2016-20 plan only');
  assert.ok(plan('2022-23').frameworks.includes('pfcc-2021') && plan('2022-23').frameworks.includes('ecps'));
});

test('initiatives: enums, dates, organisations, keys', () => {
  const crimeTypes = new Set(CRIME_TYPES);
  for (const p of data.plans) {
    const keys = new Set<string>();
    const prioNums = new Set(p.priorities.map((x) => x.number));
    for (const i of initiativesOf(p)) {
      const where = `${p.year} ${i.key}`;
      assert.match(i.key, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${where} key is a slug`);
      assert.ok(!keys.has(i.key), `${where} key unique within plan`);
      keys.add(i.key);
      assert.ok(STATUSES.includes(i.status), `${where} status`);
      assert.ok(TIMING_KINDS.includes(i.timingKind), `${where} timingKind`);
      for (const d of [i.startsOn, i.endsOn]) assert.ok(d === null || isIsoDate(d), `${where} date ${d}`);
      if (i.startsOn && i.endsOn) assert.ok(i.startsOn <= i.endsOn, `${where} start before end`);
      if (i.timingKind === 'dates') assert.ok(i.startsOn || i.endsOn, `${where} dates kind needs a date`);
      if (i.timingKind === 'various' || i.timingKind === 'business_as_usual') assert.equal(i.startsOn, null, where);
      for (const o of i.leads) assert.ok(leaderKeys.has(o), `${where} lead ${o}`);
      for (const o of i.supports) assert.ok(leaderKeys.has(o), `${where} support ${o}`);
      if (i.timingKind === 'not_recorded') assert.deepEqual([i.startsOn, i.endsOn, i.timingText], [null, null, null], where);
      assert.equal(new Set([...i.leads, ...i.supports]).size, i.leads.length + i.supports.length, `${where} lead/support overlap`);
      assert.ok(i.description.length > 10, `${where} description`);
      assert.equal(typeof i.outcomes, 'string');
      if (i.status === 'cancelled' || i.status === 'delayed') assert.ok(i.statusReason, `${where} needs a statusReason`);
      for (const n of i.priorityRefs) assert.ok(prioNums.has(n), `${where} priorityRef ${n}`);
      for (const c of i.crimeTypes) assert.ok(crimeTypes.has(c), `${where} crime type ${c}`);
      for (const w of i.wards) assert.equal(typeof w, 'string');
    }
  }
});

test('every frameworkItems reference resolves to an item of a framework in that plan', () => {
  for (const p of data.plans) {
    for (const i of initiativesOf(p)) {
      for (const ref of i.frameworkItems) {
        assert.ok(p.frameworks.includes(ref.framework), `${p.year} ${i.key}: ${ref.framework} not in plan`);
        const fw = frameworkByKey.get(ref.framework);
        assert.ok(fw?.items.some((it) => it.number === ref.number), `${p.year} ${i.key}: ${ref.framework} #${ref.number}`);
      }
    }
  }
});

test('every previousKey resolves to an initiative in the previous year', () => {
  for (let n = 0; n < data.plans.length; n++) {
    const prevKeys = new Set(n > 0 ? initiativesOf(data.plans[n - 1]).map((i) => i.key) : []);
    for (const i of initiativesOf(data.plans[n])) {
      if (i.previousKey !== null) assert.ok(prevKeys.has(i.previousKey), `${data.plans[n].year} ${i.key} -> ${i.previousKey}`);
    }
  }
});

test('known facts of individual initiatives', () => {
  const find = (y: string, key: string) => {
    const i = initiativesOf(plan(y)).find((x) => x.key === key);
    assert.ok(i, `${y} ${key}`);
    return i;
  };
  // MAC Panel runs through all three years and is led by Essex Police.
  const mac = find('2020-21', 'mac-panel');
  assert.equal(find('2022-23', 'crucial-crew').timingKind, 'not_recorded');
  assert.deepEqual(mac.leads, ['EP']);
  assert.equal(mac.timingKind, 'ongoing');
  assert.equal(mac.startsOn, '2019-10-01');
  assert.deepEqual(mac.frameworkItems.map((f) => `${f.framework}:${f.number}`), ['pcc-2016:4', 'pcc-2016:5', 'pcc-2016:6']);
  assert.equal(find('2021-22', 'mac-panel').previousKey, 'mac-panel');
  assert.equal(find('2022-23', 'mac-panel').previousKey, 'mac-panel');
  // COVID cancellations and delays in 2020-21.
  assert.equal(find('2020-21', 'asb-awareness-week').status, 'cancelled');
  assert.equal(find('2020-21', 'every-contact-counts').status, 'cancelled');
  assert.equal(find('2020-21', 'hidden-harms-conference').status, 'cancelled');
  assert.equal(find('2020-21', 'spot-it-stop-it').status, 'delayed');
  // Timing parsing.
  const car = find('2020-21', 'pspo-car-parks');
  assert.deepEqual([car.timingKind, car.startsOn, car.endsOn], ['dates', '2020-05-01', '2023-05-31']);
  assert.equal(find('2020-21', 'closure-orders').timingKind, 'business_as_usual');
  assert.equal(find('2020-21', 'op-sceptre').timingKind, 'various');
  // Figures kept in outcomes.
  assert.match(find('2021-22', 'virtual-crew').outcomes, /1,884 pupils from 49 primary schools/);
  assert.match(find('2022-23', 'crucial-crew').outcomes, /1,071 children from 27 schools/);
  assert.match(find('2020-21', 'safe-well-and-secure').outcomes, /1,281/);
  // 2022-23 references the PFCC 2021-24 plan and the ECPS strands.
  const cc = find('2022-23', 'crucial-crew');
  assert.deepEqual(cc.frameworkItems.map((f) => `${f.framework}:${f.number}`),
    ['pfcc-2021:1', 'pfcc-2021:2', 'pfcc-2021:3', 'pfcc-2021:4', 'ecps:3', 'ecps:4']);
  assert.equal(find('2022-23', 'fear-of-crime-survey').frameworkItems.filter((f) => f.framework === 'pfcc-2021').length, 12);
  // Wards.
  assert.deepEqual(find('2020-21', 'op-pegasi').wards, ['Greenstead', 'Old Heath and The Hythe']);
  // Leads as the plans name them: bodies and teams too, and none where the row names none.
  assert.deepEqual(find('2020-21', 'offender-management-pilot').leads, ['EP', 'scp', 'NPS']);
  assert.deepEqual(find('2020-21', 'pspo-car-parks').leads, ['CBC', 'neighbourhood-team']);
  assert.deepEqual(find('2022-23', 'prevent-strategy-and-action-plan-review').leads, ['csdb']);
  assert.deepEqual(find('2022-23', 'box-smart').leads, []);
  assert.deepEqual(find('2022-23', 'project-morpheus').frameworkItems.filter((f) => f.framework === 'ecps').map((f) => f.number), ['2', '5']);
  // Carried-over initiatives under a changed name keep a link.
  assert.equal(find('2021-22', 'op-sceptre-op-pegasi').previousKey, 'op-sceptre');
  assert.equal(find('2022-23', 'project-soteria-closure-orders').previousKey, 'project-soteria');
});
