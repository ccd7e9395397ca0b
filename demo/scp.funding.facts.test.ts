// The demo's funding ledger (demo/scp.funding.json) against the seed documents: every funding line
// of the annual report's funding sections is a stream, every amount, funder, year and recipient is
// written in the seeds, allocations only where the seeds link the money to an initiative, and no
// date that the seeds do not give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoPartnership } from './types.ts';
import type { DemoFunding } from '../src/features/funding/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const funding = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.funding.json'), 'utf8')) as DemoFunding;
const demo = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.json'), 'utf8')) as DemoPartnership;

const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const skip = fs.existsSync(SEEDS) ? false : `the seeds are not at ${SEEDS}`;
const seedFiles = () => fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
/** Every line of every seed, with "2022/23" read as "2022-23". */
const seedLines = (): string[] => seedFiles().flatMap((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8').split('\n')).map((l) => l.replace(/(\d{4})\/(\d{2})\b/g, '$1-$2'));

/** Pounds written in a line: "£494,000" → 494000, "£43k" and "£500K" → 43000 and 500000. */
const amountsIn = (line: string): number[] => [...line.matchAll(/£([\d,]+(?:\.\d+)?)\s*([kK])?\b/g)]
  .map((m) => Number(m[1]!.replace(/,/g, '')) * (m[2] ? 1000 : 1));

// How the seeds write each funder and recipient.
const WRITTEN: Record<string, string[]> = {
  'NHS Suffolk and North East Essex Integrated Care Board': ['ICB'],
  'Essex County Council': ['Essex County Council', 'ECC'],
  'Ministry of Housing, Communities and Local Government': ['MHCLG'],
  'Department for Levelling Up, Housing and Communities': ['DLUHC'],
  'Home Office': ['Home Office'],
  'Essex Violence and Vulnerability Unit': ['Violence and Vulnerability Unit'],
  'Police, Fire and Crime Commissioner for Essex': ['PFCC'],
  'Colchester Borough Council': ['Colchester Borough Council', 'CBC'],
  'Safer Colchester Partnership': ['the partnership', 'the CSP'],
};
const spellings = (name: string) => WRITTEN[name] ?? assert.fail(`no spelling of ${name} in WRITTEN`);

test('every amount of the annual report’s funding sections is a stream of the ledger', { skip }, () => {
  const report = fs.readFileSync(path.join(SEEDS, seedFiles().find((f) => f.startsWith('004_'))!), 'utf8');
  const section = report.slice(report.indexOf('15. Funding from Partners'), report.indexOf('17. Equality, Diversity'));
  assert.ok(section.length > 500, 'the funding sections are found');
  // The community development fund is promoted, not received: it has no amount.
  const stated = section.split('\n').flatMap(amountsIn).sort((a, b) => a - b);
  assert.deepEqual(stated, [5_513, 22_000, 22_511, 32_610, 33_646, 33_674, 43_000, 264_000, 283_000, 376_000, 494_000]);
  const amounts = funding.streams.map((s) => Number(s.amount));
  for (const a of stated) assert.ok(amounts.includes(a), `£${a} is a stream`);
});

test('each stream’s amount, funder and financial year are written together in the seeds', { skip }, () => {
  const lines = seedLines();
  for (const s of funding.streams) {
    const pounds = Number(s.amount);
    const withAmount = lines.filter((l) => amountsIn(l).includes(pounds));
    assert.ok(withAmount.length, `£${pounds} (${s.name}) is in the seeds`);
    if (s.funder) assert.ok(withAmount.some((l) => spellings(s.funder!).some((w) => l.includes(w))), `${s.name}: a seed line gives £${pounds} from ${s.funder}`);
    for (const year of s.financialYears) assert.ok(withAmount.some((l) => l.includes(year)), `${s.name}: a seed line gives £${pounds} for ${year}`);
    if (s.recipient) {
      const funderWords = s.funder ? spellings(s.funder) : [];
      assert.ok(lines.some((l) => funderWords.some((w) => l.includes(w)) && spellings(s.recipient!).some((w) => l.includes(w))),
        `${s.name}: a seed line names ${s.recipient} as receiving the ${s.funder} money`);
    }
    // The seeds give no award or end date for any of them.
    assert.equal(s.awardedOn, null, `${s.name} has no award date in the seeds`);
    assert.equal(s.endsOn, null, `${s.name} has no end date in the seeds`);
  }
});

test('the streams the plans and the report name, as they state them', () => {
  const by = new Map(funding.streams.map((s) => [s.name, s]));
  const facts = (name: string) => { const s = by.get(name); assert.ok(s, name); return s; };
  assert.deepEqual([facts('Together we Can 2021-22').amount, facts('Together we Can 2021-22').financialYears], ['376000', ['2021-22']]);
  assert.deepEqual([facts('Together we Can 2022-23').amount, facts('Together we Can 2022-23').financialYears], ['494000', ['2022-23']]);
  assert.equal(facts('Safer Streets round 4, Greenstead').amount, '264000');
  assert.equal(facts('Safer Streets round 4, Town Centre').amount, '283000');
  assert.equal(facts('PFCC crime and disorder reduction grant 2022-23').amount, '22511');
  const icb = facts('ICB partnership funds');
  assert.deepEqual([icb.amount, icb.recurrence], ['43000', 'one_off']);
  assert.match(icb.purpose!, /not yet allocated/);
  assert.deepEqual(icb.allocations, [{ plan: '2022-23', initiative: 'integrated-support-project', amount: null }]);
  for (const name of ['MHCLG New Burdens 2021-22', 'DLUHC New Burdens 2022-23', 'Violence and Vulnerability Unit 2021-22', 'Violence and Vulnerability Unit 2022-23']) facts(name);
  // No stream is named twice, and none is recorded as recurring: the seeds say so of none.
  assert.equal(by.size, funding.streams.length);
  assert.ok(funding.streams.every((s) => s.recurrence !== 'recurring'));
});

// Each allocation and the words of the seeds that link the money to the initiative.
const LINKS: Record<string, { plan: string; initiative: string; amount: string | null; seeds: string[] }[]> = {
  'ICB partnership funds': [{ plan: '2022-23', initiative: 'integrated-support-project', amount: null, seeds: ['used to fund the CARA Integrated Support Project'] }],
  'Together we Can 2021-22': [{ plan: '2021-22', initiative: 'together-we-can-project', amount: '376000', seeds: ['Together we Can – 2021-22 - £376,000'] }],
  'Together we Can 2022-23': [{ plan: '2022-23', initiative: 'together-we-can-project', amount: '494000', seeds: ['The Together we Can project has been extended until March 2023 with £494,000'] }],
  'ECC New Duties Funding 2021-22': [{ plan: '2022-23', initiative: 'domestic-abuse-navigator-daha-accreditation', amount: '32610',
    seeds: ['£32,610 being used to recruit a Domestic Abuse Project Officer', 'This role will help CBH achieve Domestic Abuse Housing Alliance (DAHA) Accreditation'] }],
  'MHCLG New Burdens 2021-22': [{ plan: '2022-23', initiative: 'together-we-can-project', amount: '33646',
    seeds: ['£33,646 awarded to Colchester Borough Council used by Next Chapter to recruit Male IDVA', 'allocated to Next Chapter to recruit a Male IDVA and a CYP Officer'] }],
  'DLUHC New Burdens 2022-23': [{ plan: '2022-23', initiative: 'together-we-can-project', amount: '33674',
    seeds: ['£33,674 used by Next Chapter to recruit CYP Officer', 'allocated to Next Chapter to recruit a Male IDVA and a CYP Officer'] }],
  'Violence and Vulnerability Unit 2021-22': [{ plan: '2022-23', initiative: 'project-omnis', amount: null, seeds: ['£22,000 – Omnis Project'] }],
  'MHCLG funding for Together we Can': [{ plan: '2020-21', initiative: 'together-we-can-project', amount: '500000', seeds: ['£500K funding secured from MHCLG to support'] }],
  'Essex Youth Services project funding': [{ plan: '2020-21', initiative: 'essex-youth-services-funding', amount: '46000', seeds: ['£46,000 funding available for project'] }],
};

test('allocations only where the seeds link the money to an initiative, for the amount they give', { skip }, () => {
  const text = seedLines().join('\n');
  const keysOf = (year: string) => new Set(demo.plans.find((p) => p.year === year)!.priorities
    .flatMap((p) => [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]).map((i) => i.key));
  for (const s of funding.streams) {
    const expected = LINKS[s.name] ?? [];
    assert.deepEqual(s.allocations, expected.map(({ seeds: _, ...a }) => a), `${s.name}'s allocations`);
    for (const a of expected) {
      assert.ok(keysOf(a.plan).has(a.initiative), `${a.initiative} is an initiative of the ${a.plan} plan`);
      for (const words of a.seeds) assert.ok(text.includes(words), `the seeds say “${words}”`);
    }
    const allocated = s.allocations.reduce((n, a) => n + Number(a.amount ?? 0), 0);
    assert.ok(allocated <= Number(s.amount), `${s.name} is not over-allocated`);
  }
});
