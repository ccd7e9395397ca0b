import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRefs, parseStrands } from './refs.ts';
import { parseTiming, splitTrailingTiming } from './timing.ts';
import { matchLeads, type Party } from './match-leads.ts';
import { priorityLine } from './propose.ts';
import { readPastedText } from './read-text.ts';
import { UnreadablePlanError } from './source.ts';

// The importer's pure parts, on the forms the seed plans write.

test('priority references as plans write them', () => {
  assert.deepEqual(parseRefs('1 & 2'), [1, 2]);
  assert.deepEqual(parseRefs('3, 4 & 6'), [3, 4, 6]);
  assert.deepEqual(parseRefs('1, 2, 3, 4'), [1, 2, 3, 4]);
  assert.deepEqual(parseRefs('2 and 5'), [2, 5]);
  assert.deepEqual(parseRefs(''), []);
  assert.deepEqual(parseStrands('Organised Crime / Complex Needs'), ['Organised Crime', 'Complex Needs']);
});

test('timing: dates, ongoing, various dates, business as usual', () => {
  assert.deepEqual(parseTiming('May 2020-May 2023'), { kind: 'dates', startsOn: '2020-05-01', endsOn: '2023-05-31', text: 'May 2020-May 2023' });
  assert.deepEqual(parseTiming('30 March – 5 April 2020'), { kind: 'dates', startsOn: '2020-03-30', endsOn: '2020-04-05', text: '30 March – 5 April 2020' });
  assert.deepEqual(parseTiming('12 July 2022 to 31 March 2023'), { kind: 'dates', startsOn: '2022-07-12', endsOn: '2023-03-31', text: null });
  assert.deepEqual(parseTiming('October 2019 - Ongoing'), { kind: 'ongoing', startsOn: '2019-10-01', endsOn: null, text: 'October 2019 - Ongoing' });
  assert.deepEqual(parseTiming('Ongoing'), { kind: 'ongoing', startsOn: null, endsOn: null, text: null });
  assert.equal(parseTiming('Various Dates').kind, 'various');
  assert.equal(parseTiming('BAU Ongoing').kind, 'business_as_usual');
  assert.equal(parseTiming('').kind, 'not_recorded');
  assert.deepEqual(splitTrailingTiming('PSPO Car Parks CBC Community Safety Team & Neighbourhood Team May 2020-May 2023'),
    { rest: 'PSPO Car Parks CBC Community Safety Team & Neighbourhood Team', timing: 'May 2020-May 2023' });
  assert.deepEqual(splitTrailingTiming('Anti-Social Behaviour Team and'), { rest: 'Anti-Social Behaviour Team and', timing: null });
});

const parties: Party[] = [
  { type: 'organisation', id: 1, name: 'Colchester Borough Council', acronym: 'CBC' },
  { type: 'organisation', id: 2, name: 'Essex Police', acronym: null },
  { type: 'organisation', id: 3, name: 'Essex County Fire and Rescue Service', acronym: 'ECFRS' },
  { type: 'body', id: 9, name: 'Neighbourhood Team', acronym: null },
];

test('leads: exact names and acronyms are matched; near names only suggested', () => {
  const leads = matchLeads('Essex Police & CBC', parties);
  assert.deepEqual(leads.map((l) => l.match?.id), [2, 1]);
  assert.deepEqual(matchLeads('Essex County Fire and Rescue Service', parties).map((l) => l.match?.id), [3], 'an "and" inside a name does not split it');
  const near = matchLeads('Essex Polce', parties);
  assert.equal(near[0]!.match, null);
  assert.deepEqual(near[0]!.suggestions.map((p) => p.id), [2]);
  assert.deepEqual(matchLeads('CBC Community Safety Team & Neighbourhood team', parties).map((l) => [l.written, l.match?.id ?? null]),
    [['CBC', 1], ['Community Safety Team', null], ['Neighbourhood team', 9]]);
});

test('priority headings in both layouts', () => {
  assert.deepEqual(priorityLine('Priority Two - Driving down ASB'), { number: 2, title: 'Driving down ASB', objectives: [] });
  assert.deepEqual(priorityLine('Priority 3: Domestic abuse'), { number: 3, title: 'Domestic abuse', objectives: [] });
  assert.equal(priorityLine('Vulnerabilities/Opportunities (not covered by key priorities above)')?.number, null);
  assert.equal(priorityLine('Introduction'), null);
});

test('pasted text without a table is refused with a message', () => {
  assert.throws(() => readPastedText('  \n '), UnreadablePlanError);
  assert.throws(() => readPastedText('A sentence.'), /No table of projects and initiatives/);
});
