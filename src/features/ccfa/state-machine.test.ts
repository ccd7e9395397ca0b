import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATES, STEPS, stepsFrom, transition, type State, type Step } from './state-machine.ts';

// The only moves there are; every other (state, step) pair must be refused.
const ALLOWED: Record<string, State> = {
  'unverified:verify': 'submitted',
  'submitted:qualify': 'qualifies',
  'submitted:refuse': 'not_qualifying',
  'qualifies:place': 'on_agenda',
  'on_agenda:consider': 'considered',
  'considered:notify': 'notified',
  'not_qualifying:notify': 'notified',
  'notified:close': 'closed',
};

test('each step moves only from its predecessor, to the state after it', () => {
  for (const [key, to] of Object.entries(ALLOWED)) {
    const [from, step] = key.split(':') as [State, Step];
    assert.deepEqual(transition(from, step), { ok: true, to }, key);
  }
});

test('every skipped, repeated or backward step is refused, with what must happen first', () => {
  let refused = 0;
  for (const from of STATES) {
    for (const step of STEPS) {
      if (ALLOWED[`${from}:${step}`]) continue;
      const t = transition(from, step);
      assert.equal(t.ok, false, `${step} from ${from} must be refused`);
      if (!t.ok) assert.match(t.reason, /^This Councillor Call for Action cannot be .+ now: .+\.$/);
      refused += 1;
    }
  }
  assert.equal(refused, STATES.length * STEPS.length - Object.keys(ALLOWED).length);
  // Some of them in words: the officer cannot jump from a submission to the agenda, nor close before notifying.
  const skip = transition('submitted', 'place');
  assert.ok(!skip.ok && skip.reason.includes('the scrutiny officer must first decide whether it qualifies'));
  const early = transition('considered', 'close');
  assert.ok(!early.ok && early.reason.includes('the councillor must first be notified'));
  const notQualifying = transition('not_qualifying', 'place');
  assert.ok(!notQualifying.ok && notQualifying.reason.includes('told why it does not qualify'));
  assert.equal(transition('closed', 'notify').ok, false);
  assert.equal(transition('submitted', 'verify').ok, false, 'a submission cannot be confirmed twice');
});

test('the two whole paths reach closed; the steps offered follow the table', () => {
  const walk = (steps: Step[]) => steps.reduce<State>((s, step) => { const t = transition(s, step); assert.ok(t.ok, `${step} from ${s}`); return t.to; }, 'unverified');
  assert.equal(walk(['verify', 'qualify', 'place', 'consider', 'notify', 'close']), 'closed');
  assert.equal(walk(['verify', 'refuse', 'notify', 'close']), 'closed');
  assert.deepEqual(stepsFrom('submitted'), ['qualify', 'refuse']);
  assert.deepEqual(stepsFrom('on_agenda'), ['consider']);
  assert.deepEqual(stepsFrom('closed'), []);
});
