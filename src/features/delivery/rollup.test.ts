import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollUp, rollUpPlan, type RollupInitiative } from './rollup.ts';

const i = (id: number, status: RollupInitiative['status'], progress: number | null = null, weight = 1): RollupInitiative => ({ id, status, progress, weight });

test('plain average: every weight 1, unknown progress left out, a completed initiative counts as 100', () => {
  const r = rollUp([i(1, 'on_track', 20), i(2, 'at_risk', 50), i(3, 'completed'), i(4, null), i(5, 'on_track')]);
  assert.equal(r.progress, 56.7); // (20 + 50 + 100) / 3
  assert.equal(r.progressOf, 3);
  assert.deepEqual(r.counts, { on_track: 2, at_risk: 1, off_track: 0, completed: 1, delayed: 0, cancelled: 0, no_update: 1, total: 5 });
});

test('weighted average: an initiative of weight 3 counts three times; weight 0 counts in the numbers only', () => {
  const r = rollUp([i(1, 'on_track', 20, 3), i(2, 'off_track', 80, 1), i(3, 'delayed', 0, 0)]);
  assert.equal(r.progress, 35); // (20×3 + 80×1) / 4
  assert.equal(r.progressOf, 2);
  assert.equal(r.counts.total, 3);
  assert.equal(r.counts.delayed, 1);
});

test('cancelled initiatives are counted as cancelled but left out of the progress, even with a progress given', () => {
  const r = rollUp([i(1, 'cancelled', 10), i(2, 'on_track', 60)]);
  assert.equal(r.progress, 60);
  assert.equal(r.counts.cancelled, 1);
  assert.equal(rollUp([i(1, 'cancelled', 10)]).progress, null, 'nothing left to average');
});

test('an empty group: zero counts and no progress, not 0%', () => {
  const r = rollUp([]);
  assert.equal(r.progress, null);
  assert.equal(r.progressOf, 0);
  assert.equal(r.counts.total, 0);
  assert.equal(r.counts.no_update, 0);
});

test('a plan rolls up every level from the initiatives beneath it, empty objectives included', () => {
  const facts = new Map([[1, i(1, 'on_track', 40)], [2, i(2, 'completed')], [3, i(3, 'at_risk', 10, 2)], [4, i(4, 'cancelled', 90)], [5, i(5, null)]]);
  const tree = { priorities: [
    { id: 10, objectives: [{ id: 100, initiatives: [{ id: 1 }, { id: 2 }] }, { id: 101, initiatives: [] }], initiatives: [{ id: 3 }] },
    { id: 20, objectives: [], initiatives: [{ id: 4 }, { id: 5 }] },
    { id: 30, objectives: [], initiatives: [] },
  ] };
  const r = rollUpPlan(tree, (x) => facts.get(x.id)!);
  assert.equal(r.objectives.get(100)!.progress, 70);
  assert.equal(r.objectives.get(101)!.progress, null);
  assert.equal(r.objectives.get(101)!.counts.total, 0);
  // Priority 10 averages its three initiatives directly: (40 + 100 + 10×2) / 4, not the mean of 70 and 10.
  assert.equal(r.priorities.get(10)!.progress, 40);
  assert.equal(r.priorities.get(20)!.progress, null, 'cancelled and not reported: nothing to average');
  assert.deepEqual([r.priorities.get(20)!.counts.cancelled, r.priorities.get(20)!.counts.no_update], [1, 1]);
  assert.equal(r.priorities.get(30)!.counts.total, 0);
  assert.equal(r.plan.progress, 40);
  assert.equal(r.plan.counts.total, 5);
});
