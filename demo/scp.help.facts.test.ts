// The demo help directory (demo/scp.help.json) against the seeds: every service and place it lists is
// named in the partnership's papers, and the only phone number is the national Crimestoppers line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoHelp } from '../src/features/help/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const help = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.help.json'), 'utf8')) as DemoHelp;
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const skip = fs.existsSync(SEEDS) ? false : `the seeds are not at ${SEEDS}`;

test('every entry of the demo help directory is named in the seeds', { skip }, () => {
  const seeds = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8')).join('\n').toLowerCase();
  for (const e of help.entries) {
    const name = e.name.replace(/ \(CARA\)$/, '').toLowerCase();
    assert.ok(seeds.includes(name), `${e.name} is in the seeds`);
  }
  assert.ok(seeds.includes('colchester has 7 hate incident reporting centres'), 'the reporting centres come from the plan 2020-21');
});

test('no phone number, website or address is made up', () => {
  assert.deepEqual(help.entries.filter((e) => e.phone).map((e) => [e.name, e.phone]), [['Crimestoppers', '0800 555 111']]);
  assert.deepEqual(help.entries.filter((e) => e.website).map((e) => e.name), []);
  assert.deepEqual(help.entries.filter((e) => e.address).map((e) => [e.name, e.address]), [['Project Omnis', 'Greenstead Community Centre']]);
});
