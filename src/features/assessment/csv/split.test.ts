import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCsvLine, CsvSyntaxError } from './split.ts';

test('plain fields, including empty ones at both ends', () => {
  assert.deepEqual(splitCsvLine('a,b,,d'), ['a', 'b', '', 'd']);
  assert.deepEqual(splitCsvLine(',x,'), ['', 'x', '']);
  assert.deepEqual(splitCsvLine(''), ['']);
});

test('quoted fields with commas and doubled quotes', () => {
  // The one quoted line in the national 2022-09 month (Northern Ireland).
  const line = 'id,2022-09,PSNI,PSNI,-5.65,54.66,"On or near Fourth Avenue, Bay Lands",,,Vehicle crime,,';
  const f = splitCsvLine(line);
  assert.equal(f?.length, 12);
  assert.equal(f?.[6], 'On or near Fourth Avenue, Bay Lands');
  assert.deepEqual(splitCsvLine('"a ""b"" c",2'), ['a "b" c', '2']);
  assert.deepEqual(splitCsvLine('x,"1,944"'), ['x', '1,944']);
  assert.deepEqual(splitCsvLine('"",""'), ['', '']);
  assert.deepEqual(splitCsvLine('"a",'), ['a', '']);
});

test('an open quote asks for the next line', () => {
  assert.equal(splitCsvLine('a,"two'), null);
  assert.deepEqual(splitCsvLine('a,"two\nlines",b'), ['a', 'two\nlines', 'b']);
});

test('text after a closing quote is a syntax error', () => {
  assert.throws(() => splitCsvLine('"a"b,c'), CsvSyntaxError);
});
