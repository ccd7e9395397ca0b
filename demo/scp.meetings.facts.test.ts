// The demo's meetings (demo/scp.meetings.json) against seed 004, the committee's agenda pack: the
// dates, minute numbers, who was present, the venue and time, and what was resolved — no more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoMeetings, DemoPartnership } from './types.ts';
import { formatDate } from '../src/platform/dates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.meetings.json'), 'utf8')) as DemoMeetings;
const partnership = JSON.parse(fs.readFileSync(path.join(root, 'demo', 'scp.json'), 'utf8')) as DemoPartnership;
const SEEDS = process.env.CSP_HUB_SEEDS ?? path.resolve(root, '..', 'shared', 'seeds');
const seedFile = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).find((f) => f.startsWith('004_')) : undefined;
const skip = seedFile ? false : `seed 004 is not in ${SEEDS}`;
const seed = seedFile ? fs.readFileSync(path.join(SEEDS, seedFile), 'utf8') : '';
const squash = (s: string) => s.replace(/\s+/g, ' ');

test('the committee’s meetings are the three the papers give, on their dates', { skip }, () => {
  const committee = demo.meetings.filter((m) => m.body === 'Crime and Disorder Committee');
  assert.deepEqual(committee.map((m) => m.date), ['2021-09-14', '2022-05-25', '2022-11-07']);
  for (const m of committee) assert.ok(seed.includes(formatDate(m.date)) || seed.includes(formatDate(m.date).replace(/^(\d) /, '0$1 ')), `${m.date} is in the papers`);
  for (const m of demo.meetings) assert.ok(partnership.bodies.some((b) => b.name === m.body), `${m.body} is a body of the demo partnership`);
  // Only the November agenda gives a time and a venue.
  const november = committee[2]!;
  assert.equal(november.startsAt, '18:00');
  assert.ok(seed.includes('Monday, 07 November 2022 at 18:00'));
  assert.ok(squash(seed).includes(november.venue.replace(', High Street', ', High Street,').replace(/,\s*/g, ', ').split(', High')[0]!));
  assert.deepEqual(committee.slice(0, 2).map((m) => [m.startsAt, m.venue]), [[null, ''], [null, '']]);
  // Whether the November meeting was held, and its minutes, are not in the papers.
  assert.equal(november.status, 'scheduled');
  assert.deepEqual(november.minutes, []);
});

test('minutes 35 to 38 carry the seed’s numbers and titles, and the resolutions name what the seed resolved', { skip }, () => {
  const minutes = demo.meetings.flatMap((m) => m.minutes.map((n) => ({ ...n, date: m.date })));
  assert.deepEqual(minutes.map((n) => [n.date, n.number]), [['2021-09-14', 35], ['2021-09-14', 36], ['2022-05-25', 37], ['2022-05-25', 38]]);
  for (const n of minutes) assert.match(seed, new RegExp(`${n.number}\\. ${n.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `minute ${n.number} is “${n.title}” in the seed`);
  for (const r of minutes.flatMap((n) => n.resolutions)) assert.match(r, /^RESOLVED that /);
  assert.match(minutes[0]!.resolutions[0]!, /16 February 2021/);
  assert.ok(seed.includes('held on 16 February 2021'));
  assert.match(minutes[1]!.resolutions[2]!, /15 February 2022/);
  assert.match(minutes[2]!.resolutions[0]!, /Willetts be Chairman/);
  assert.match(minutes[3]!.resolutions[0]!, /Lissimore be Deputy Chairman/);
  assert.ok(seed.includes('Councillor Willetts be appointed as Chairman') && seed.includes('Councillor Lissimore be appointed as Deputy Chairman'));
});

test('those present are those the minutes list, and the 2022 members are the committee’s members', { skip }, () => {
  const [sept, may] = demo.meetings;
  const presentLine = /14 September 2021\s+Present:-([^\n]+)/.exec(seed)![1]!;
  assert.deepEqual(sept!.attendance!.present.map((n) => n.replace('Councillor ', '')).sort(),
    presentLine.split(',').map((n) => n.trim().replace('Councillor ', '')).sort());
  assert.deepEqual(sept!.attendance!.alsoPresent, ['Councillor B. Oxford']);
  const committee = partnership.bodies.find((b) => b.kind === 'scrutiny_committee')!;
  assert.deepEqual([...may!.attendance!.present].sort(), committee.members.map((m) => m.name).sort(), 'all seven 2022 members were present on 25 May 2022');
  for (const name of may!.attendance!.present) assert.ok(squash(seed).includes(`Councillor ${name.split(' ').at(-1)}`), `${name} is in the May 2022 minutes`);
});
