import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heading, pageBreak, paragraph, paragraphsOf, plainText, sectionsOf } from './model.js';

test('sectionsOf starts a section at each page break with an orientation', () => {
  const sections = sectionsOf([heading(1, 'Intro'), pageBreak(), paragraph('a'), pageBreak('landscape'), paragraph('b'), pageBreak('portrait'), paragraph('c')]);
  assert.deepEqual(sections.map((s) => [s.orientation, s.blocks.length]), [['portrait', 3], ['landscape', 1], ['portrait', 1]]);
});

test('sectionsOf drops an empty first section so no blank page is printed', () => {
  const sections = sectionsOf([pageBreak('landscape'), paragraph('wide')]);
  assert.deepEqual(sections.map((s) => s.orientation), ['landscape']);
  assert.equal(sectionsOf([]).length, 1);
});

test('paragraphsOf keeps one paragraph per typed line and drops blanks', () => {
  assert.deepEqual(paragraphsOf('Op Vocal: rural patrols\r\n\n  Op Tumbler: 10 highest harm  \n'), ['Op Vocal: rural patrols', 'Op Tumbler: 10 highest harm']);
  assert.deepEqual(paragraphsOf(''), []);
});

test('plainText joins runs', () => {
  assert.equal(plainText([{ text: 'Lead: ', bold: true }, { text: 'CBC' }]), 'Lead: CBC');
});
