import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countText, pinned, protectSet, type PublicCount } from './protect.ts';

const texts = (cells: PublicCount[]) => cells.map(countText);

test('nothing small: every count and the total are shown', () => {
  const p = protectSet([12, 0, 7]);
  assert.deepEqual(texts(p.cells), ['12', '0', '7']);
  assert.equal(countText(p.total), '19');
});

test('one small count: the smallest count of 6 or more is withheld with it, so the total gives only their sum', () => {
  const p = protectSet([120, 3, 9, 40]);
  assert.deepEqual(texts(p.cells), ['120', 'fewer than 5', 'withheld', '40']);
  assert.equal(countText(p.total), '172');
  // 172 − 120 − 40 = 12: the small count and the withheld one together (1 + 11 … 4 + 8), not either alone.
});

test('a 5 is withheld only when nothing larger is left, and then not alone beside a 1', () => {
  assert.deepEqual(texts(protectSet([1, 5, 30]).cells), ['fewer than 5', '5', 'withheld']);
  const p = protectSet([1, 5, 5]);
  assert.deepEqual(texts(p.cells), ['fewer than 5', 'withheld', 'withheld'], '1 + 5 = 6 would give the 1 away, and so would 1 + 5 + 5 = 11');
  assert.equal(countText(p.total), 'withheld');
  assert.deepEqual(texts(protectSet([2, 5, 30]).cells), ['fewer than 5', '5', 'withheld']);
});

test('several small counts still get a withheld partner (all 1s would otherwise be given away by the total)', () => {
  assert.deepEqual(texts(protectSet([1, 1, 50, 6]).cells), ['fewer than 5', 'fewer than 5', '50', 'withheld']);
});

test('nothing left to withhold: the total goes when it would give the small counts away', () => {
  assert.equal(protectSet([0, 4]).total.kind, 'fewer-than', 'a total under 5 is itself small');
  assert.equal(countText(protectSet([4, 4]).total), 'withheld', 'two 4s: 8 could only be 4 + 4');
  assert.equal(countText(protectSet([2, 3]).total), '5', '5 could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1');
  assert.equal(countText(protectSet([1, 1, 1, 1, 1, 1]).total), 'withheld');
});

test('what a reader can work out from a sum of hidden counts', () => {
  assert.equal(pinned([3], []), true, 'one hidden count alone is the total minus the others');
  assert.equal(pinned([1], [5]), true, '6 can only be 1 + 5');
  assert.equal(pinned([1], [6]), false, '7 is 1 + 6 or 2 + 5');
  assert.equal(pinned([4], [5]), false, '9 is 4 + 5, 3 + 6, …');
  assert.equal(pinned([1, 2], []), false);
  assert.equal(pinned([1, 1], []), true);
});
