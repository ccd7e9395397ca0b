// The ward map as a way in: each ward's shape is a link to its page, named by the ward, reachable
// with the keyboard in the order of the list beside it. No figures are drawn on it, only the shapes.
import type { AreaCollection } from '../../geography/boundaries-service.ts';
import { project, type Collection } from './choropleth.ts';

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

export interface WardLinkMap { svg: string; wards: number; source: string }

/** An SVG of the wards, each a link (`hrefOf(code)`); null without ward boundaries. */
export function wardLinkMap(fc: AreaCollection | null, o: { id: string; title: string; hrefOf: (code: string) => string; width?: number }): WardLinkMap | null {
  if (!fc || fc.features.length === 0) return null;
  const width = o.width ?? 640;
  const { d, height } = project(fc as unknown as Collection, width);
  // Alphabetical order, so that Tab moves through the wards as the list reads.
  const order = fc.features.map((f, i) => ({ i, code: f.properties.code, name: f.properties.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' }));
  const links = order.map(({ i, code, name }) =>
    `<a href="${escapeXml(o.hrefOf(code))}" aria-label="${escapeXml(name)}" class="app-ward-map__ward"><title>${escapeXml(name)}</title>` +
    `<path d="${d[i]}" fill="#dbe9f6" stroke="#1d70b8" stroke-width="1"/></a>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" class="app-ward-map" width="100%" viewBox="0 0 ${width} ${height}" aria-labelledby="${o.id}-title">` +
    `<title id="${o.id}-title">${escapeXml(o.title)}</title>${links.join('')}</svg>`;
  return { svg, wards: fc.features.length, source: fc.source };
}
