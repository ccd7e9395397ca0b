// The demo's tracker (demo/scp.actions.json) against seed 004: every promise is one the 14 September
// 2021 minutes record, every answer one the November 2022 papers show; no date or owner the seed does
// not give; and the wording is our own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoActions, DemoMeetings } from './types.ts';
import { formatDate } from '../src/platform/dates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.actions.json'), 'utf8')) as DemoActions;
const meetings = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.meetings.json'), 'utf8')) as DemoMeetings;
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const seedFile = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).find((f) => f.startsWith('004_')) : undefined;
const skip = seedFile ? false : `seed 004 is not in ${SEEDS}`;
const squash = (s: string) => s.replace(/\s+/g, ' ');
const seed = seedFile ? squash(fs.readFileSync(path.join(SEEDS, seedFile), 'utf8')) : '';
/** The 2021 discussion (minute 36), up to its resolutions. */
const discussion = seed.slice(seed.indexOf('36. Safer Colchester Partnership'), seed.indexOf('RESOLVED that: -'));

test('every promise is in the 2021 discussion of minute 36, a minute the demo has', { skip }, () => {
  assert.ok(discussion.length > 1000);
  for (const a of demo.actions) {
    assert.ok(discussion.includes(a.evidence), `the 2021 discussion says “${a.evidence}”`);
    const m = meetings.meetings.find((x) => x.body === a.body && x.minutes.some((n) => n.number === a.minute));
    assert.equal(m?.date, '2021-09-14', `minute ${a.minute} is of the 14 September 2021 meeting`);
  }
  assert.equal(demo.actions.length, 7);
});

test('a due date only where the seed gives one, and an answer only where the 2022 papers show it', { skip }, () => {
  const dated = demo.actions.filter((a) => a.dueOn);
  assert.deepEqual(dated.map((a) => a.dueOn), ['2022-02-15']);
  assert.ok(discussion.includes(`meeting which would take place on ${formatDate('2022-02-15')}`));
  const answered = demo.actions.filter((a) => a.response);
  assert.equal(answered.length, 2, 'some closed');
  assert.equal(demo.actions.length - answered.length, 5, 'the rest open: the seed does not say they were answered');
  for (const a of answered) {
    const r = a.response!;
    // The answers are in the committee's report for its meeting of 7 November 2022, after the discussion.
    assert.equal(r.on, '2022-11-07');
    assert.ok(seed.indexOf(r.evidence) > seed.indexOf('7 November 2022'), `the 2022 report says “${r.evidence}”`);
  }
  // Owners only as the minutes name them.
  for (const name of demo.actions.map((a) => a.ownerName.split(',')[0]!.trim()).filter(Boolean)) assert.ok(discussion.includes(name), `${name} is named in the discussion`);
});

test('the descriptions and responses are our own words, not the seed’s sentences', { skip }, () => {
  const words = (s: string) => s.replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean);
  const seedWords = ` ${words(seed).join(' ').toLowerCase()} `;
  for (const text of demo.actions.flatMap((a) => [a.description, a.response?.text ?? ''])) {
    const w = words(text).map((x) => x.toLowerCase());
    for (let i = 0; i + 8 <= w.length; i++) {
      const run = w.slice(i, i + 8).join(' ');
      assert.ok(!seedWords.includes(` ${run} `), `“${run}” is copied from the seed`);
    }
  }
});
