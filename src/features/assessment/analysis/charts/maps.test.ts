import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geoArea, type GeoPermissibleObjects } from 'd3-geo';
import { wardRateMap } from './ward-map.ts';
import { choroplethSvg, classBreaks, rewind, MAP_COLOURS, NO_VALUE_COLOUR, type Collection, type Feature } from './choropleth.ts';
import { loadBoundaries, BOUNDARY_FILES } from '../../geography/boundaries.ts';

test('class breaks are quintiles and drop repeated values', () => {
  assert.deepEqual(classBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [2, 4, 6, 8, 10]);
  assert.deepEqual(classBreaks([5, 5, 5]), [5]);
  assert.deepEqual(classBreaks([]), []);
});

test('rewind turns an anticlockwise (RFC 7946) ring into one d3 reads as a small area', () => {
  const ccw: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } };
  const cw: Feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]] } };
  const area = (f: Feature) => geoArea(f as unknown as GeoPermissibleObjects);
  assert.ok(area(cw) < 1e-3 || area(ccw) < 1e-3);
  assert.ok(area(rewind(ccw)) < 1e-3);
  assert.ok(area(rewind(cw)) < 1e-3);
});

test('the Colchester ward map has one shaded path per ward, a legend and a title', async () => {
  const fc = (await loadBoundaries(BOUNDARY_FILES.colchesterWards)) as Collection;
  assert.equal(fc.features.length, 17);
  // Every ward (Wivenhoe's multipolygon mixes windings) becomes a small area after rewind.
  for (const f of fc.features) assert.ok(geoArea(rewind(f) as unknown as GeoPermissibleObjects) < 1e-4, f.properties.WD22NM);
  const values = new Map(fc.features.map((f, i) => [f.properties.WD22CD!, i === 0 ? null : i * 10]));
  const svg = choroplethSvg(fc, { id: 'm', title: 'Crimes per 1,000 by ward', description: 'd', codeProperty: 'WD22CD', nameProperty: 'WD22NM', values, valueLabel: 'crimes per 1,000 residents' });
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.equal(svg.match(/<path /g)!.length, 17);
  assert.ok(svg.includes(`fill="${NO_VALUE_COLOUR}"`), 'a ward without a figure is grey');
  assert.ok(svg.includes(`fill="${MAP_COLOURS[4]}"`) && svg.includes(`fill="${MAP_COLOURS[0]}"`));
  assert.match(svg, /<title>Castle: [\d.]+ crimes per 1,000 residents<\/title>/);
  assert.match(svg, />no figure</);
  // Coordinates stay inside the drawing: no path spans the whole world.
  const numbers = [...svg.matchAll(/ d="([^"]+)"/g)].flatMap((m) => m[1]!.match(/-?\d+(\.\d+)?/g)!.map(Number));
  assert.ok(numbers.every((n) => n >= -2 && n <= 1000), 'all path points are within the map');
});

test('the ward map numbers each ward, and its key names them in the same order', async () => {
  const map = await wardRateMap(['E07000071'], 'Colchester', [{ code: 'E05004129', ratePer1000: 12.5 }]);
  assert.ok(map);
  assert.equal(map.key.length, 17);
  assert.deepEqual(map.key.map((w) => w.number), Array.from({ length: 17 }, (_, i) => i + 1));
  const names = map.key.map((w) => w.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en-GB')), 'alphabetical');
  const labels = [...map.svg.matchAll(/<text [^>]*paint-order="stroke">(\d+)<\/text>/g)].map((m) => Number(m[1]));
  assert.deepEqual(labels.sort((a, b) => a - b), map.key.map((w) => w.number), 'one number drawn per ward');
  const castle = map.key.find((w) => w.name === 'Castle')!;
  assert.match(map.svg, new RegExp(`<title>${castle.number}\\. Castle: `), 'each shape’s title starts with its number');
  assert.equal(await wardRateMap(['E07000072'], 'Epping Forest', []), null, 'no map without committed boundaries');
});
