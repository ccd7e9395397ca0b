import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvDocument } from './csv.ts';
import { displayValue } from './views/setup.ts';

test('a CSV file starts with the UTF-8 byte order mark and ends lines with CRLF', () => {
  const csv = csvDocument(['Area', 'Crimes'], [['Colchester – town', 12], ['Harlow', null]]);
  assert.equal(csv, '\uFEFFArea,Crimes\r\nColchester – town,12\r\nHarlow,\r\n');
  assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
});

test('cells are quoted when needed, rounded, and never run as formulas', () => {
  assert.equal(csvCell('Drugs, weapons'), '"Drugs, weapons"');
  assert.equal(csvCell('He said "no"'), '"He said ""no"""');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell('-5 people'), "'-5 people");
  assert.equal(csvCell(-5.126), '-5.13', 'a negative number stays a number');
});

test('history values in words: dates, yes or no, role and status codes', () => {
  assert.equal(displayValue('2022-03-24'), '24 March 2022');
  assert.equal(displayValue(true), 'Yes');
  assert.equal(displayValue('partner_editor'), 'Partner editor');
  assert.equal(displayValue('business_as_usual'), 'Business as usual');
  assert.equal(displayValue(['Castle', 'Mile End']), 'Castle, Mile End');
  assert.equal(displayValue(''), '(none)');
});
