import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVegaLite, labelSvg, wrapLabel, WRAPPED_LABELS } from './vega-svg.ts';

test('a Vega-Lite spec renders to one accessible SVG image without inline styles', async () => {
  const svg = await renderVegaLite({
    data: { values: [{ m: 'Jan', n: 3 }, { m: 'Feb', n: 5 }] }, mark: 'bar',
    encoding: { x: { field: 'm', type: 'ordinal' }, y: { field: 'n', type: 'quantitative' } },
  }, { id: 'c1', title: 'Crimes <by> month', description: 'Two months & their counts' });
  assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
  assert.match(svg, /<title id="c1-title">Crimes &lt;by&gt; month<\/title><desc id="c1-desc">Two months &amp; their counts<\/desc>/);
  assert.match(svg, /viewBox="0 0 \d+ \d+"/);
  assert.doesNotMatch(svg, /style="/, 'the page CSP forbids style attributes');
  assert.ok(svg.includes('<path') || svg.includes('<rect'));
});

test('labelSvg refuses what is not SVG', () => {
  assert.throws(() => labelSvg('<div></div>', { id: 'x', title: 't', description: 'd' }));
});

test('long axis labels wrap onto lines instead of being cut, and no mark inside the image has a role of its own', async () => {
  assert.equal(wrapLabel('Violence and sexual offences'), 'Violence and\nsexual offences');
  assert.equal(wrapLabel('Drugs'), 'Drugs');
  const svg = await renderVegaLite({
    data: { values: [{ type: wrapLabel('Violence and sexual offences'), pct: 5 }, { type: 'Drugs', pct: -3 }] }, mark: 'bar',
    encoding: { y: { field: 'type', type: 'nominal', axis: { ...WRAPPED_LABELS } }, x: { field: 'pct', type: 'quantitative' } },
  }, { id: 'c2', title: 'Change', description: 'd' });
  assert.ok(svg.includes('>Violence and</tspan>') && svg.includes('>sexual offences</tspan>'), 'both lines printed in full');
  assert.doesNotMatch(svg, /…/, 'nothing cut short');
  assert.equal(svg.match(/ role="/g)!.length, 1, 'only the chart itself is an image');
  assert.doesNotMatch(svg, /aria-roledescription/);
});
