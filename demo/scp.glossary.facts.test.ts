// The demo glossary (demo/scp.glossary.json) against the seeds: every term and its meaning is a row of
// the acronyms table of the annual report in seed 004 (read "&" as "and", any case), and every row of
// that table is in the glossary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoGlossary } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const glossary = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.glossary.json'), 'utf8')) as DemoGlossary;

const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const skip = fs.existsSync(SEEDS) ? false : `the seeds are not at ${SEEDS}`;

/** The rows of seed 004's acronyms table: from its "Abbreviation / Description" header to the first line that is not a row. */
function seedAcronyms(): Map<string, string> {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith('004_'));
  assert.ok(file, 'seed 004 is there');
  const lines = fs.readFileSync(path.join(SEEDS, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^Abbreviation\tDescription\s*$/.test(l));
  assert.ok(start > 0, 'the acronyms table is found');
  const rows = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const m = /^([A-Z]{2,})\t(.+?)\s*$/.exec(line);
    if (!m) break;
    rows.set(m[1]!, m[2]!);
  }
  return rows;
}

const same = (a: string) => a.replace(/&/g, 'and').replace(/\s+/g, ' ').trim().toLowerCase();

test('every term of the demo glossary means what the seed’s acronyms table says', { skip }, () => {
  const rows = seedAcronyms();
  assert.ok(rows.size >= 20, `the table has its rows (${rows.size})`);
  for (const t of glossary.terms) {
    const written = rows.get(t.term);
    assert.ok(written, `${t.term} is in the seed's table`);
    assert.equal(same(t.meaning), same(written), t.term);
  }
});

test('every row of the seed’s acronyms table is in the demo glossary, once', { skip }, () => {
  const terms = glossary.terms.map((t) => t.term);
  assert.equal(new Set(terms).size, terms.length, 'no term twice');
  assert.deepEqual([...seedAcronyms().keys()].sort(), [...terms].sort());
});
