import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cell, heading, list, pageBreak, paragraph, sourceNote } from '../../documents/model.ts';
import type { Block, Figure, Table } from '../../documents/model.ts';
import { fromText, parseInline, toText } from './editable-text.ts';
import { lineDiff } from './line-diff.ts';
import { ValidationError } from '../../platform/errors.ts';

const table: Table = { kind: 'table', caption: 'Funding by partner', header: ['Partner', 'Amount'], rows: [[cell('Council'), cell('£1,000')]] };
const table2: Table = { ...table, rows: [[cell('Police'), cell('£2,000')]] };
const figure: Figure = { kind: 'figure', svg: '<svg/>', alt: 'Crimes by month', caption: 'Crime trend', data: { header: ['Month'], rows: [['Jan']] } };

const section: Block[] = [
  paragraph('The partnership met four times.'),
  paragraph([{ text: 'Lead:', bold: true }, { text: ' Colchester City Council' }]),
  list(['Reduce violence', 'Tackle drugs']),
  list(['First', 'Second'], true),
  heading(3, 'What we have achieved'),
  paragraph('- this paragraph only looks like a list item'),
  paragraph('[not a placeholder] but text'),
  paragraph('### not a heading'),
  table,
  sourceNote('Source: the partnership’s ledger'),
  table2,
  figure,
  pageBreak('landscape'),
];

test('a section survives the trip to text and back: text as text, tables and figures as themselves', () => {
  const text = toText(section);
  assert.match(text, /^\[Table: Funding by partner\]$/m);
  assert.match(text, /^\[Table: Funding by partner \(2\)\]$/m, 'a repeated caption is numbered');
  assert.match(text, /^\[Figure: Crime trend\]$/m);
  assert.match(text, /^\*\*Lead:\*\* Colchester City Council$/m);
  assert.match(text, /^\\- this paragraph/m, 'text that looks like a mark is escaped');
  const back = fromText(text, section);
  assert.deepEqual(back, section);
  assert.equal(back[8], table, 'the table is the generated block itself');
});

test('a bold label with its space inside keeps its words: the space moves outside the stars', () => {
  const blocks = [paragraph([{ text: 'Lead: ', bold: true }, { text: 'Council' }])];
  assert.equal(toText(blocks), '**Lead:** Council');
  assert.deepEqual(fromText(toText(blocks), blocks), [paragraph([{ text: 'Lead:', bold: true }, { text: ' Council' }])]);
});

test('edits: paragraphs rewritten, joined lines, a placeholder moved or removed, list items added', () => {
  const text = [
    'A new opening paragraph',
    'that runs over two lines.',
    '',
    '[Figure: Crime trend]',
    '',
    '- Reduce violence',
    '- Tackle drugs',
    '  across the district',
    '- Protect the vulnerable',
    '',
    '## Looking ahead',
    '',
    '> Source: our own note',
  ].join('\n');
  const blocks = fromText(text, section);
  assert.deepEqual(blocks, [
    paragraph('A new opening paragraph that runs over two lines.'),
    figure,
    list(['Reduce violence', 'Tackle drugs across the district', 'Protect the vulnerable']),
    heading(2, 'Looking ahead'),
    sourceNote('Source: our own note'),
  ]);
});

test('an invented or repeated placeholder is refused with a message naming the line; nothing is guessed', () => {
  const text = 'Intro.\n\n[Table: Made-up figures]\n\n[Figure: Crime trend]\n\n[Figure: Crime trend]';
  assert.throws(() => fromText(text, section), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.errors.map((x) => x.field), ['text', 'text']);
    assert.match(e.errors[0]!.message, /^Line 3: “\[Table: Made-up figures\]” is not a table, figure or break of this section/);
    assert.match(e.errors[1]!.message, /^Line 7: “\[Figure: Crime trend\]” is there twice/);
    return true;
  });
});

test('an empty section and a malformed sub-heading are refused', () => {
  assert.throws(() => fromText('  \n\n ', section), /has no text/);
  assert.throws(() => fromText('#Heading without a space', section), /Line 1: a sub-heading starts with/);
});

test('bold marks: paired stars are bold, a lone pair of stars stays as typed', () => {
  assert.deepEqual(parseInline('a **b** c'), [{ text: 'a ' }, { text: 'b', bold: true }, { text: ' c' }]);
  assert.equal(parseInline('5 ** 2 is not bold'), '5 ** 2 is not bold');
});

test('Windows line ends read as plain ones', () => {
  assert.deepEqual(fromText('One.\r\n\r\nTwo.', []), [paragraph('One.'), paragraph('Two.')]);
});

test('line diff keeps the common lines and marks what was removed and added', () => {
  const d = lineDiff('a\nb\nc\nd', 'a\nc\nd\ne');
  assert.deepEqual(d.map((x) => `${x.change[0]} ${x.text}`), ['s a', 'r b', 's c', 's d', 'a e']);
  assert.deepEqual(lineDiff('', 'x'), [{ change: 'added', text: 'x' }]);
  assert.deepEqual(lineDiff('same', 'same'), [{ change: 'same', text: 'same' }]);
});
