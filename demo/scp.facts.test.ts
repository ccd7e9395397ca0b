// The demo partnership (demo/scp.json) against the facts of the Safer Colchester Partnership's
// published plans (../shared/seeds/plans-facts.json) and the seed documents themselves, field by
// field: the demo may say only what the plans say, and must leave blank what they leave blank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { DemoInitiative, DemoPartnership, DemoPlan } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.json'), 'utf8')) as DemoPartnership;

// The project brief sits beside the repository (../shared), as on CI; CSP_HUB_SEEDS points elsewhere.
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const FACTS_FILE = path.join(SEEDS, 'plans-facts.json');

interface FactInitiative {
  priority: number | null; objective: string | null; name: string; leads: string[]; timing: string | null;
  scpPriorities: number[]; pccPriorities: number[]; ecpsStrands: string[]; statusHints: string[]; figures: string[];
  sourceLines: [number, number];
}
interface FactPlan {
  year: string; seedFile: string; pccFramework: string;
  members: { statutory: string[]; nonStatutory: string[] };
  priorities: { number: number | null; title: string }[];
  initiatives: FactInitiative[];
}

const facts: { plans: FactPlan[] } | null = fs.existsSync(FACTS_FILE) ? JSON.parse(fs.readFileSync(FACTS_FILE, 'utf8')) : null;
const skip = facts ? false : `the seed facts are not at ${FACTS_FILE}: the demo cannot be checked against them here`;
if (skip) console.log(`Skipping the demo's field-by-field check: ${skip}`);

const seedText = (file: string): string => fs.readFileSync(path.join(SEEDS, file), 'utf8');
const allSeeds = (): string => fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map(seedText).join('\n');

// ---- The demo's own vocabulary: organisations and bodies by the names the plans write ----

const byWrittenName = new Map<string, string>();
for (const x of [...data.organisations, ...data.bodies]) {
  for (const n of x.asWritten ?? []) {
    assert.ok(!byWrittenName.has(n), `"${n}" is written for both ${byWrittenName.get(n)} and ${x.key}`);
    byWrittenName.set(n, x.key);
  }
}
const namingNoOne = new Set(data.leadsNamingNoOne ?? []);
const namesOf = new Map<string, string[]>([
  ...data.organisations.map((o) => [o.key, [o.name, ...(o.acronym ? [o.acronym] : []), ...(o.asWritten ?? [])]] as [string, string[]]),
  ...data.bodies.map((b) => [b.key, [b.name, ...(b.asWritten ?? [])]] as [string, string[]]),
]);

/** The organisation or body a plan's written name stands for; null for words that name no one ("Partners"). */
function keyFor(written: string, where: string): string | null {
  if (namingNoOne.has(written)) return null;
  const key = byWrittenName.get(written);
  assert.ok(key, `${where}: "${written}" is not an organisation or body of the demo (add it to an asWritten list)`);
  return key;
}

function plan(year: string): DemoPlan {
  const p = data.plans.find((x) => x.year === year);
  assert.ok(p, `the demo has no ${year} plan`);
  return p;
}

type Placed = { i: DemoInitiative; priority: number | null; objective: string | null };
/** Initiatives in document order, with the priority (null outside the key priorities) and objective they sit under. */
function placed(p: DemoPlan): Placed[] {
  return p.priorities.flatMap((pr) => {
    const number = (pr.kind ?? 'key') === 'key' ? pr.number : null;
    return [
      ...pr.objectives.flatMap((o) => o.initiatives.map((i) => ({ i, priority: number, objective: o.title }))),
      ...pr.initiatives.map((i) => ({ i, priority: number, objective: null })),
    ];
  });
}

const frameworkByKey = new Map(data.frameworks.map((f) => [f.key, f]));
const pccFrameworkOf = (p: DemoPlan) => p.frameworks.map((k) => frameworkByKey.get(k)!).filter((f) => f.kind === 'pcc_plan');
const sorted = <T>(xs: T[]) => [...xs].sort();

// ---- Figures: a number in the facts must be in the demo's words, as digits, a word or a date ----

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "30/6" → "30 June", "7/8/20" → "7 August 2020", so a date written either way compares. */
function spellDates(text: string): string {
  return text.replace(/\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?\b/g, (all, d: string, m: string, y?: string) => {
    const month = MONTHS[Number(m) - 1];
    if (!month) return all;
    return `${d} ${month}${y ? ` ${y.length === 2 ? `20${y}` : y}` : ''}`;
  });
}
const numbersIn = (text: string) => (spellDates(text).match(/\d[\d,]*(?:\.\d+)?/g) ?? []).map((n) => n.replace(/,/g, ''));

function mentions(text: string, n: string): boolean {
  const words = spellDates(text);
  if (numbersIn(words).includes(n)) return true;
  const value = Number(n);
  return Number.isInteger(value) && value <= 20 && new RegExp(`\\b${NUMBER_WORDS[value]}\\b`, 'i').test(words);
}

// ---- Wards: from the partnership's own ward list, and named in the plan's row ----

function wardNames(): Set<string> {
  const rows = zlib.gunzipSync(fs.readFileSync(path.join(root, 'data', 'geography', 'wards.csv.gz'))).toString('utf8').split('\n');
  const areas = new Set(data.partnership.areas.map((a) => a.code));
  return new Set(rows.map((r) => r.split(',')).filter((c) => areas.has(c[2]?.trim() ?? '')).map((c) => c[1]!));
}

const distinctiveWords = (ward: string) => ward.split(/[\s&]+/).filter((w) => w.length >= 4 && !/^(and|the)$/i.test(w));

// ---- The tests ----

test('every plan of the facts is in the demo, with its members as the plan lists them', { skip }, () => {
  for (const fp of facts!.plans) {
    const members = data.memberships[fp.year];
    assert.ok(members, `${fp.year} members`);
    const expected = [
      ...fp.members.statutory.map((n) => `${keyFor(n, `${fp.year} members`)}:statutory`),
      ...fp.members.nonStatutory.map((n) => `${keyFor(n, `${fp.year} members`)}:non-statutory`),
    ];
    assert.deepEqual(sorted(members.map((m) => `${m.org}:${m.statutory ? 'statutory' : 'non-statutory'}`)), sorted(expected), `${fp.year} members`);
  }
});

test('each plan maps to the Police and Crime Plan of its year, and to no other', { skip }, () => {
  for (const fp of facts!.plans) {
    const pcc = pccFrameworkOf(plan(fp.year));
    assert.equal(pcc.length, 1, `${fp.year} maps to ${pcc.map((f) => f.name).join(' and ')}`);
    assert.ok(pcc[0]!.asWritten?.includes(fp.pccFramework), `${fp.year}: "${fp.pccFramework}" is not ${pcc[0]!.name}`);
  }
});

test('key priorities are numbered as the plans number them; the section outside them has no number', { skip }, () => {
  for (const fp of facts!.plans) {
    const demo = plan(fp.year).priorities;
    const key = demo.filter((p) => (p.kind ?? 'key') === 'key').map((p) => `${p.number}. ${p.title}`);
    const other = demo.filter((p) => p.kind === 'cross_cutting');
    assert.deepEqual(key, fp.priorities.filter((p) => p.number !== null).map((p) => `${p.number}. ${p.title}`), `${fp.year} key priorities`);
    assert.deepEqual(other.map((p) => p.title), fp.priorities.filter((p) => p.number === null).map((p) => p.title), `${fp.year} section outside the key priorities`);
    for (const p of other) assert.equal(p.number, null, `${fp.year}: the section outside the key priorities is numbered`);
  }
});

test('initiatives: name, place, leads, timing and references as each plan gives them', { skip }, () => {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => { if (!ok) problems.push(message); };
  for (const fp of facts!.plans) {
    const demo = placed(plan(fp.year));
    assert.equal(demo.length, fp.initiatives.length, `${fp.year} initiative count`);
    const pccKey = pccFrameworkOf(plan(fp.year))[0]?.key;
    fp.initiatives.forEach((f, n) => {
      const { i, priority, objective } = demo[n]!;
      const at = `${fp.year} #${n + 1} ${f.name}`;
      check(i.name === f.name, `${at}: name is "${i.name}"`);
      check(priority === f.priority, `${at}: under priority ${priority}, the plan has ${f.priority}`);
      check(objective === f.objective, `${at}: under objective "${objective}", the plan has "${f.objective}"`);
      const leads = [...new Set(f.leads.map((l) => keyFor(l, at)).filter((k): k is string => k !== null))];
      check(JSON.stringify(sorted(i.leads)) === JSON.stringify(sorted(leads)), `${at}: leads ${i.leads.join(', ') || 'none'}, the plan names ${leads.join(', ') || 'none'}`);
      check(i.timingText === f.timing, `${at}: timing "${i.timingText}", the plan has "${f.timing}"`);
      if (f.timing === null) {
        check(i.timingKind === 'not_recorded' && i.startsOn === null && i.endsOn === null,
          `${at}: the plan gives no timing, the demo says ${i.timingKind} ${i.startsOn ?? ''} ${i.endsOn ?? ''}`);
      }
      check(JSON.stringify(i.priorityRefs) === JSON.stringify(f.scpPriorities), `${at}: partnership priorities [${i.priorityRefs}], the plan has [${f.scpPriorities}]`);
      const pcc = i.frameworkItems.filter((x) => x.framework === pccKey).map((x) => Number(x.number));
      check(JSON.stringify(sorted(pcc)) === JSON.stringify(sorted(f.pccPriorities)), `${at}: PCC priorities [${sorted(pcc)}], the plan has [${sorted(f.pccPriorities)}]`);
      const others = i.frameworkItems.filter((x) => x.framework !== pccKey);
      const strands = others.map((x) => frameworkByKey.get(x.framework)?.items.find((it) => it.number === x.number)?.title);
      check(JSON.stringify(sorted(strands)) === JSON.stringify(sorted(f.ecpsStrands)), `${at}: strategy strands ${strands.join(' / ')}, the plan has ${f.ecpsStrands.join(' / ')}`);
      if (i.status === 'cancelled') check(f.statusHints.some((h) => /cancel/i.test(h)), `${at}: cancelled, but the plan does not say so`);
      if (i.status === 'delayed') check(f.statusHints.length > 0, `${at}: delayed, but the plan gives no reason`);
      const words = [i.name, i.description, i.outcomes, i.statusReason ?? '', i.timingText ?? ''].join(' ');
      for (const figure of f.figures) {
        for (const number of numbersIn(figure)) check(mentions(words, number), `${at}: the figure "${figure}" (${number}) is missing`);
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('supporters and wards are named in the plan\'s own row; wards come from the partnership\'s ward list', { skip }, () => {
  const wards = wardNames();
  const problems: string[] = [];
  for (const fp of facts!.plans) {
    const lines = seedText(fp.seedFile).split('\n');
    const demo = placed(plan(fp.year));
    fp.initiatives.forEach((f, n) => {
      const { i } = demo[n]!;
      const at = `${fp.year} ${f.name}`;
      // Tables arrive broken across lines: the row's lines and the one after.
      const row = lines.slice(f.sourceLines[0] - 1, f.sourceLines[1] + 1).join(' ').toLowerCase();
      for (const k of i.supports) {
        if (!(namesOf.get(k) ?? []).some((name) => row.includes(name.toLowerCase()))) problems.push(`${at}: supporter ${k} is not named in the plan's row`);
        if (i.leads.includes(k)) problems.push(`${at}: ${k} both leads and supports`);
      }
      for (const w of i.wards) {
        if (!wards.has(w)) problems.push(`${at}: "${w}" is not a ward of the partnership`);
        if (!distinctiveWords(w).some((word) => row.includes(word.toLowerCase()))) problems.push(`${at}: ward ${w} is not named in the plan's row`);
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('approvals and publication: no body or date the plans do not give', { skip }, () => {
  const seeds = allSeeds();
  for (const p of data.plans) {
    assert.equal(p.approvedOn, null, `${p.year}: the plans give no approval date`);
    assert.equal(p.publishedOn ?? null, null, `${p.year}: the plans give no publication date`);
    if (p.approvedBy) {
      const body = data.bodies.find((b) => b.key === p.approvedBy);
      assert.ok(body && seeds.includes(body.name), `${p.year}: approved by ${p.approvedBy}, which the documents do not name`);
    }
  }
});

test('bodies and their members are the ones the documents name, one person once', { skip }, () => {
  const seeds = allSeeds();
  for (const b of data.bodies) {
    assert.ok(seeds.includes(b.name), `${b.name} is not named in the documents`);
    const surnames = b.members.map((m) => m.name.split(' ').at(-1));
    assert.equal(new Set(surnames).size, surnames.length, `${b.name} lists someone twice: ${b.members.map((m) => m.name).join(', ')}`);
    for (const m of b.members) assert.ok(seeds.includes(m.name), `${b.name}: ${m.name} is not named in the documents`);
  }
});

test('the Police and Crime Plan 2021-24: its sections, each with its own commitments and one outcome, and its twelve priorities', { skip }, () => {
  const plan2124 = data.frameworks.find((f) => f.asWritten?.includes('Police and Crime Plan 2021-2024'));
  assert.ok(plan2124);
  // Seed 003 is the plan in sections: a heading, "We will" commitments and one "So that" outcome each.
  const sectionsSeed = fs.readdirSync(SEEDS).map(seedText).find((t) => /^So that /m.test(t) && /We will:/.test(t))!;
  const lines = sectionsSeed.split('\n').map((l) => l.trim());
  const outcomes = lines.filter((l) => l.startsWith('So that '));
  const headings = [lines.find((l) => l)!, ...lines.flatMap((l, n) => (l.startsWith('So that ') ? [lines.slice(n + 1).find((x) => x)] : []))]
    .filter((h): h is string => !!h);
  assert.deepEqual(plan2124.sections?.map((s) => s.title), headings);
  for (const s of plan2124.sections ?? []) {
    assert.ok(s.commitments.length > 0, `${s.title}: commitments`);
    assert.match(s.outcome ?? '', /^So that /, `${s.title}: outcome`);
  }
  // The priorities carry no outcome of their own: the plan gives outcomes only per section.
  const withOutcome = [...(plan2124.sections ?? []), ...plan2124.items].filter((x) => x.outcome);
  assert.equal(withOutcome.length, outcomes.length, 'one outcome per section, none invented for the priorities');
  assert.ok(plan2124.items.every((it) => it.commitments.length === 0), 'the plan gives the twelve priorities no commitments of their own');
  const twelve = /The twelve plan priorities:\s*\n([\s\S]*?)\n\s*\n(?!\d)/.exec(allSeeds())?.[1] ?? '';
  const titles = twelve.split('\n').map((l) => /^\s*(\d+)\.\s+(.*\S)\s*$/.exec(l)).filter((m) => m).map((m) => `${m![1]}. ${m![2]}`);
  assert.equal(titles.length, 12);
  assert.deepEqual(plan2124.items.map((it) => `${it.number}. ${it.title}`), titles);
});

test('strategy strands as the plans write them', { skip }, () => {
  const written = new Set(facts!.plans.flatMap((p) => p.initiatives.flatMap((i) => i.ecpsStrands)));
  const strategy = data.frameworks.find((f) => f.kind === 'county_strategy');
  assert.ok(strategy);
  assert.deepEqual(sorted(strategy.items.map((i) => i.title)), sorted([...written]));
});
