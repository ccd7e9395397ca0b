// GeoJSON boundaries → an SVG choropleth with d3-geo: one <path> per area, shaded in five classes
// (quintiles of the areas' values), a legend, and an accessible title. No tiles, no script: it
// works offline, in pages, Word and PDF.
import { geoArea, geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';

export interface Feature { type: 'Feature'; properties: Record<string, string>; geometry: { type: string; coordinates: unknown } }
export interface Collection { type: 'FeatureCollection'; features: Feature[] }

export interface ChoroplethOptions {
  id: string;
  title: string;
  description: string;
  /** Feature property holding the area code, and the one holding its name. */
  codeProperty: string;
  nameProperty: string;
  /** Value per area code; null or missing = no value. */
  values: Map<string, number | null>;
  /** e.g. "crimes per 1,000 residents". */
  valueLabel: string;
  /** Decimal places for values in the legend and tooltips. */
  decimals?: number;
  /** A short label drawn on each area (by code), e.g. its number in a key beside the map. */
  labels?: Map<string, string>;
  width?: number;
}

export const MAP_COLOURS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
export const NO_VALUE_COLOUR = '#f3f2f1';

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

type Ring = [number, number][];

/**
 * d3-geo works on the sphere and reads a ring's winding: exterior rings must run clockwise. ONS
 * GeoJSON follows RFC 7946 (anticlockwise), which d3 would draw as "the whole world except this
 * ward". Reverse the rings of any feature whose area comes out larger than a hemisphere.
 */
export function rewind(f: Feature): Feature {
  const g = f.geometry;
  // Per polygon: a multipolygon may mix windings (Wivenhoe's does).
  const fix = (poly: Ring[]): Ring[] =>
    geoArea({ type: 'Polygon', coordinates: poly } as GeoPermissibleObjects) > 2 * Math.PI ? poly.map((ring) => [...ring].reverse()) : poly;
  if (g.type === 'Polygon') return { ...f, geometry: { type: g.type, coordinates: fix(g.coordinates as Ring[]) } };
  if (g.type === 'MultiPolygon') return { ...f, geometry: { type: g.type, coordinates: (g.coordinates as Ring[][]).map(fix) } };
  return f;
}

/** Class upper bounds: quintiles of the values (fewer classes when there are few distinct values). */
export function classBreaks(values: number[], classes = MAP_COLOURS.length): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((i / classes) * sorted.length) - 1)]!;
    if (breaks[breaks.length - 1] !== v) breaks.push(v);
  }
  return breaks;
}

interface Projected { d: string[]; at: [number, number][]; width: number; height: number }
const projectedCache = new WeakMap<Collection, Map<number, Projected>>();

/** Path data per feature, computed once per boundary collection and width. */
export function project(fc: Collection, width: number): Projected {
  let byWidth = projectedCache.get(fc);
  if (!byWidth) projectedCache.set(fc, (byWidth = new Map()));
  const hit = byWidth.get(width);
  if (hit) return hit;
  const features = fc.features.map(rewind);
  const collection = { type: 'FeatureCollection', features } as unknown as GeoPermissibleObjects;
  const projection = geoMercator().fitWidth(width, collection);
  const path = geoPath(projection).digits(1);
  const [[, y0], [, y1]] = path.bounds(collection);
  const out = { d: features.map((f) => path(f as unknown as GeoPermissibleObjects) ?? ''), at: features.map((f) => labelPoint(f, path)), width, height: Math.ceil(y1 - y0) + 2 };
  byWidth.set(width, out);
  return out;
}

/** Where to draw an area's label: the centre of its largest part (an island's centre is no use). */
function labelPoint(f: Feature, path: ReturnType<typeof geoPath>): [number, number] {
  const g = f.geometry;
  const parts = g.type === 'MultiPolygon'
    ? (g.coordinates as Ring[][]).map((coordinates) => ({ type: 'Polygon', coordinates }) as GeoPermissibleObjects)
    : [g as unknown as GeoPermissibleObjects];
  const largest = parts.reduce((a, b) => (path.area(b) > path.area(a) ? b : a));
  const [x, y] = path.centroid(largest);
  return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

export function choroplethSvg(fc: Collection, o: ChoroplethOptions): string {
  const width = o.width ?? 640;
  const dp = o.decimals ?? 1;
  const fmt = (n: number): string => n.toLocaleString('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp });
  const { d, at, height } = project(fc, width);
  const present = [...o.values.values()].filter((v): v is number => v !== null && Number.isFinite(v));
  const breaks = classBreaks(present);
  const colourOf = (v: number | null | undefined): string => {
    if (v === null || v === undefined) return NO_VALUE_COLOUR;
    const i = breaks.findIndex((b) => v <= b);
    const k = breaks.length <= 1 ? MAP_COLOURS.length - 1 : Math.round((i / (breaks.length - 1)) * (MAP_COLOURS.length - 1));
    return MAP_COLOURS[k]!;
  };
  const paths = fc.features.map((f, i) => {
    const code = f.properties[o.codeProperty] ?? '';
    const name = f.properties[o.nameProperty] ?? code;
    const v = o.values.get(code);
    const label = `${name}: ${v === null || v === undefined ? 'no figure' : `${fmt(v)} ${o.valueLabel}`}`;
    const mark = o.labels?.get(code);
    return `<path d="${d[i]}" fill="${colourOf(v)}" stroke="#ffffff" stroke-width="1" data-code="${escapeXml(code)}"><title>${escapeXml(mark ? `${mark}. ${label}` : label)}</title></path>`;
  });
  // Labels after all the shapes, so that no neighbour covers them; a white halo keeps them legible
  // on the darkest shade.
  const labels = o.labels ? fc.features.flatMap((f, i) => {
    const mark = o.labels!.get(f.properties[o.codeProperty] ?? '');
    if (!mark) return [];
    const [x, y] = at[i]!;
    return [`<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="central" font-size="15" font-weight="bold" font-family="Arial, sans-serif" fill="#0b0c0c" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(mark)}</text>`];
  }) : [];
  // Legend below the map: one swatch per class with its range.
  const legendTop = height + 16;
  const rows = breaks.map((b, i) => ({ colour: colourOf(b), text: `${fmt(i === 0 ? Math.min(...present) : breaks[i - 1]!)} to ${fmt(b)}` }));
  if (present.length < o.values.size || fc.features.some((f) => !o.values.has(f.properties[o.codeProperty] ?? ''))) rows.push({ colour: NO_VALUE_COLOUR, text: 'no figure' });
  const legend = [`<text x="0" y="${legendTop}" font-size="14" font-family="Arial, sans-serif" fill="#0b0c0c">${escapeXml(o.valueLabel.charAt(0).toUpperCase() + o.valueLabel.slice(1))}</text>`,
    ...rows.map((r, i) => {
      const y = legendTop + 10 + i * 22;
      return `<rect x="0" y="${y}" width="18" height="18" fill="${r.colour}" stroke="#505a5f" stroke-width="0.5"/>` +
        `<text x="26" y="${y + 14}" font-size="14" font-family="Arial, sans-serif" fill="#0b0c0c">${escapeXml(r.text)}</text>`;
    })];
  const total = legendTop + 10 + rows.length * 22 + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="app-map" width="100%" viewBox="0 0 ${width} ${total}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" focusable="false">` +
    `<title id="${o.id}-title">${escapeXml(o.title)}</title><desc id="${o.id}-desc">${escapeXml(o.description)}</desc>` +
    `<g class="app-map__areas">${paths.join('')}</g>${labels.length ? `<g class="app-map__labels">${labels.join('')}</g>` : ''}<g class="app-map__legend">${legend.join('')}</g></svg>`;
}
