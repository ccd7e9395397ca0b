import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAccountLines } from './accounts.ts';

test('the demo accounts are listed with their roles in words, not as codes', () => {
  const lines = demoAccountLines();
  assert.equal(lines.length, 6);
  assert.match(lines.find((l) => l.includes('police@demo.csp-hub.test'))!, /police@demo\.csp-hub\.test\s+Partner editor \(Essex Police\)$/);
  assert.match(lines.find((l) => l.includes('councillor@'))!, /\s+Committee member$/);
  for (const line of lines) assert.doesNotMatch(line, /_/, line);
});
