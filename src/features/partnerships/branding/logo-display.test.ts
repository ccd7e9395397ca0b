import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displaySize } from './logo-display.ts';

test('a logo is shown no taller than 120 and no wider than 600 pixels, in proportion, and never enlarged', () => {
  assert.deepEqual(displaySize({ width: 300, height: 100 }), { width: 300, height: 100 });
  assert.deepEqual(displaySize({ width: 1200, height: 400 }), { width: 360, height: 120 });
  assert.deepEqual(displaySize({ width: 4000, height: 200 }), { width: 600, height: 30 });
  assert.deepEqual(displaySize({ width: 3000, height: 1 }), { width: 600, height: 1 });
});
