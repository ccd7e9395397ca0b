// The demo's measures (demo/scp.measures.json) against the seed documents they come from: every value
// is the figure the seed's table or survey line gives for that period, every cell of those rows is
// in the demo, and what the seeds do not give (targets, baselines) is left empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoMeasures } from '../src/features/measures/demo.ts';
import { parsePeriod } from '../src/features/measures/periods.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.measures.json'), 'utf8')) as DemoMeasures;
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const skip = fs.existsSync(SEEDS) ? false : `the seeds are not at ${SEEDS}`;

const linesOf = (file: string, [from, to]: [number, number]) => fs.readFileSync(path.join(SEEDS, file), 'utf8').split('\n').slice(from - 1, to);

/** "Q1 – 21/22", "Q3 21-22" → "2021-Q1", "2021-Q3"; anything else (Total, Period) → null. */
function quarterOf(header: string): string | null {
  const m = /^Q([1-4])\s*[–-]?\s*(\d{2})[/-](\d{2})$/.exec(header.trim());
  return m && Number(m[3]) === (Number(m[2]) + 1) % 100 ? `20${m[2]}-Q${m[1]}` : null;
}

/** Every tab-separated table in the lines: row label → quarter → figure. */
function tables(lines: string[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let quarters: (string | null)[] = [];
  for (const line of lines) {
    const cells = line.split('\t');
    if (cells.length < 2) continue;
    const header = cells.slice(1).map(quarterOf);
    if (header.some((q) => q !== null)) { quarters = header; continue; }
    const row = out.get(cells[0]!.trim()) ?? new Map<string, number>();
    cells.slice(1).forEach((c, i) => { if (quarters[i]) row.set(quarters[i]!, Number(c.trim())); });
    out.set(cells[0]!.trim(), row);
  }
  return out;
}

test('each demo measure is a real measure: periods of its frequency, unique names, no target or baseline the seeds do not give', () => {
  assert.equal(new Set(data.measures.map((m) => m.name)).size, data.measures.length);
  for (const m of data.measures) {
    for (const v of m.values) assert.ok(parsePeriod(v.period, m.frequency).ok, `${m.key}: ${v.period}`);
    assert.equal(m.target, null, `${m.key}: the seeds set no target`);
    assert.equal(m.baseline, null, `${m.key}: the seeds set no baseline`);
  }
});

test('the Next Chapter referrals are Q1 2021-22 to Q1 2022-23: 143, 155, 181, 189, 173', () => {
  const m = data.measures.find((x) => x.key === 'next-chapter-referrals')!;
  assert.deepEqual(m.values.map((v) => [v.period, v.value]), [['2021-Q1', 143], ['2021-Q2', 155], ['2021-Q3', 181], ['2021-Q4', 189], ['2022-Q1', 173]]);
  assert.equal(m.source, 'Next Chapter');
});

test('table measures give exactly the figures of their seed row, every quarter of it', { skip }, () => {
  const fromTables = data.measures.filter((m) => m.key.startsWith('next-chapter') || m.key.startsWith('cyp-'));
  assert.equal(fromTables.length, 8);
  for (const m of fromTables) {
    const lines = linesOf(m.seed.file, m.seed.lines);
    const row = tables(lines).get(m.seed.row);
    assert.ok(row, `${m.key}: no row "${m.seed.row}" in ${m.seed.file} lines ${m.seed.lines.join('–')}`);
    assert.deepEqual(Object.fromEntries(m.values.map((v) => [v.period, v.value])), Object.fromEntries(row), m.key);
    // The provider is named where its figures are given.
    const before = linesOf(m.seed.file, [m.seed.lines[0] - 15, m.seed.lines[1]]).join('\n');
    if (m.source) assert.ok(before.includes(m.source), `${m.key}: ${m.source} is named beside the figures`);
  }
});

test('survey measures give the percentage of their question, for the quarter the seed names', { skip }, () => {
  const survey = data.measures.filter((m) => m.key.startsWith('perception-'));
  assert.equal(survey.length, 7);
  for (const m of survey) {
    const text = linesOf(m.seed.file, m.seed.lines).join('\n');
    // The list's heading says which survey; its quarter is Q4 2021-22, as the seed itself says of one question.
    assert.match(text, /The Quarter 4 Public perception Survey Results for Colchester/);
    assert.match(fs.readFileSync(path.join(SEEDS, m.seed.file), 'utf8'), /from 38% in Q4 20\/21 to 58% in Q4 21\/22/);
    for (const v of m.values) {
      if (v.period === '2021-Q4') assert.ok(text.includes(`- ${m.seed.row} ${v.value}%`), `${m.key}: ${m.seed.row} ${v.value}%`);
      else {
        const q = /^(\d{4})-Q(\d)$/.exec(v.period)!;
        const fy = `${q[1]!.slice(2)}/${String((Number(q[1]) + 1) % 100).padStart(2, '0')}`;
        assert.ok(text.includes(`${v.value}% in Q${q[2]} ${fy}`), `${m.key}: ${v.value}% in Q${q[2]} ${fy}`);
      }
    }
    assert.equal(m.source, null, 'the seed does not say who runs the survey');
  }
});
