// The demo's Councillor Call for Action (demo/scp.ccfa.json) is an illustration: the seed papers hold
// no real one. It says so in every text, names no real person, gives no date, and its ward is one of
// the partnership's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoCcfa, DemoPartnership } from './types.ts';
import { loadGeography, wardNamesOf } from '../src/features/assessment/geography/lookup.ts';
import { DEMO_ACCOUNTS } from '../src/features/demo/accounts.ts';
import { MONTHS } from '../src/platform/dates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.ccfa.json'), 'utf8')) as DemoCcfa;
const partnership = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.json'), 'utf8')) as DemoPartnership;
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const seeds = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => /^\d{3}_/.test(f)).map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8')) : [];

test('the example is marked as an illustration in every text the councillor or officer wrote', () => {
  assert.match(demo.note, /illustration/i);
  assert.ok(demo.matters.length === 1);
  for (const m of demo.matters) {
    for (const text of [m.matter, m.tried, m.decision.reason, m.notification ?? 'Illustration']) assert.match(text, /^Illustration only/, text);
  }
});

test('no real councillor and no date: a demonstration name, a demo account, no day, month or year', () => {
  const everyText = JSON.stringify(demo);
  for (const m of demo.matters) {
    assert.match(m.councillor, /^Example councillor/);
    assert.ok(DEMO_ACCOUNTS.some((a) => a.email === m.email && a.role === 'committee_member'), 'the demo councillor account follows it');
  }
  assert.doesNotMatch(everyText, /\b(19|20)\d\d\b/, 'no year');
  for (const month of MONTHS) assert.ok(!everyText.includes(month), `no ${month}`);
  // Councillors named in the seed papers appear nowhere in it.
  for (const seed of seeds) for (const name of seed.match(/Councillor [A-Z][a-z]+ [A-Z][a-z]+/g) ?? []) assert.ok(!everyText.includes(name.split(' ').at(-1)!), name);
});

test('its ward is one of the partnership’s wards', async () => {
  const wards = wardNamesOf(await loadGeography(), partnership.partnership.areas.map((a) => a.code));
  for (const m of demo.matters) assert.ok(wards.includes(m.ward), `${m.ward} is a ward of ${partnership.partnership.name}`);
});
