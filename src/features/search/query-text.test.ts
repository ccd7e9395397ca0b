import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tsQueryOf, wordsOf, MAX_WORDS } from './query-text.ts';
import { highlightedHtml, MARK_END, MARK_START, withoutMarks } from './snippet.ts';

test('every word must match and the last may be the start of a word', () => {
  assert.equal(tsQueryOf('anti social behaviour'), 'anti & social & behaviour:*');
  assert.equal(tsQueryOf('  Schoo '), 'schoo:*');
});

test('a word with an irregular plural is looked for in both forms', () => {
  assert.equal(tsQueryOf('knives in schools'), '(knives | knife) & in & schools:*');
  assert.equal(tsQueryOf('children knife'), '(children | child) & (knife:* | knives:*)');
});

test('only letters and digits pass, so nothing typed is read as query syntax', () => {
  assert.equal(tsQueryOf(`drug' | !crime & (x:*) <-> "y"`), 'drug & crime & x & y:*');
  assert.equal(tsQueryOf("children's"), 'childrens:*');
  assert.equal(tsQueryOf('!!! & |'), null);
  assert.equal(tsQueryOf(''), null);
  assert.deepEqual(wordsOf('Café 2022-23'), ['café', '2022', '23']);
  assert.equal(wordsOf(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')).length, MAX_WORDS);
  assert.deepEqual(wordsOf(`${'a'.repeat(41)} b`), ['b']);
});

test('a highlighted headline is escaped before its marks become <mark>', () => {
  const headline = `<script>alert("x")</script> & ${MARK_START}knife${MARK_END} 'crime'`;
  assert.equal(highlightedHtml(headline), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>knife</mark> &#39;crime&#39;');
  // A start mark cut off from its end is closed; a stray end mark is dropped.
  assert.equal(highlightedHtml(`a ${MARK_START}b`), 'a <mark>b</mark>');
  assert.equal(highlightedHtml(`a${MARK_END} b`), 'a b');
  assert.equal(withoutMarks(`x${MARK_START}y${MARK_END}z`), 'xyz');
});
