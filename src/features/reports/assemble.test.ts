import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heading, list, paragraph, plainText } from '../../documents/model.ts';
import type { Block, Heading, Paragraph } from '../../documents/model.ts';
import { assembleDocument } from './assemble.ts';
import type { GeneratedReport } from './types.ts';

const report: GeneratedReport = {
  kind: 'committee-report', title: 'Annual report', partnershipName: 'Safer Colchester Partnership', asOf: new Date('2022-10-01'),
  sections: [
    { key: 'executive-summary', title: 'Executive Summary', editable: true, blocks: [paragraph('One.'), paragraph('Two.')] },
    { key: 'background', title: 'Background Information', editable: true, blocks: [paragraph('Three.'), list(['a', 'b']), heading(3, 'Partners'), paragraph('Four.')] },
    { key: 'appendix-a', title: 'Appendix A', editable: false, numbered: false, newPage: true, blocks: [paragraph('Plan.')] },
  ],
};

test('sections are numbered 1, 2 and their paragraphs and sub-headings 1.1, 2.1 …; appendices are not', () => {
  const doc = assembleDocument(report);
  const numbered = doc.blocks.filter((b): b is Heading | Paragraph => b.kind === 'heading' || b.kind === 'paragraph')
    .map((b) => `${b.number ?? '-'} ${b.kind === 'heading' ? b.text : b.text}`);
  assert.deepEqual(numbered, ['1 Executive Summary', '1.1 One.', '1.2 Two.', '2 Background Information', '2.1 Three.', '2.2 Partners', '2.3 Four.', '- Appendix A', '- Plan.']);
  assert.equal(doc.blocks.filter((b) => b.kind === 'pageBreak').length, 1);
});

test('an edit replaces an editable section and the numbering follows it; a fixed section ignores edits', () => {
  const doc = assembleDocument(report, new Map([['executive-summary', [paragraph('Only one now.')]], ['appendix-a', [paragraph('Changed.')]]]));
  const texts = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [`${b.number ?? '-'} ${String(b.text)}`] : []));
  assert.deepEqual(texts, ['1.1 Only one now.', '2.1 Three.', '2.3 Four.', '- Plan.']);
});

test('a derived section is written from the other sections as edited, wherever it sits', () => {
  const words = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === 'paragraph' ? [plainText(b.text)] : b.kind === 'heading' ? [b.text] : []));
  const derived: GeneratedReport = { ...report, sections: [
    ...report.sections.slice(0, 2),
    { key: 'seen', title: 'What the others say', editable: true, numbered: false, blocks: [paragraph('stale')],
      derive: (rest) => [paragraph(words(rest).filter((w) => w.endsWith('.')).join(' '))] },
    report.sections[2]!,
  ] };
  const doc = assembleDocument(derived, new Map([['executive-summary', [paragraph('Edited.')]], ['seen', [paragraph('Ignored.')]]]));
  const seen = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === 'What the others say');
  const next = doc.blocks[seen + 1];
  assert.equal(next?.kind === 'paragraph' ? plainText(next.text) : '', 'Edited. Three. Four. Plan.');
  assert.equal(next?.kind === 'paragraph' ? next.number : 'none', undefined, 'an unnumbered derived section keeps its paragraphs unnumbered');
});
