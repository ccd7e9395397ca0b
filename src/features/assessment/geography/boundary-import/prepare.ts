// One boundary file read, checked and simplified, ready to store (nothing is written here). The
// file is refused whole when its codes are not of the claimed layer and vintage, a geometry is
// broken, or it is not GeoJSON; only features in the kept districts are held and simplified.
import { stat } from 'node:fs/promises';
import type { Geography } from '../lookup.ts';
import { checkGeometry, thinGeometry, GeometryProblem, type Geometry } from './geometry.ts';
import { codeLooksRight, describeVintage, detectLayer, parentDistrict, resolutionOf, type Layer, type LayerVintage } from './layers.ts';
import { readFeatures, NotGeoJsonError } from './read.ts';
import { simplifyShapes } from './simplify.ts';

export interface PreparedArea { code: string; name: string; lad: string; geometry: string }

export interface PreparedFile {
  label: string;
  layer: Layer;
  vintage: string;
  resolution: string;
  featuresRead: number;
  areas: PreparedArea[];
  bytesRead: number;
  /** The GeoJSON geometries as stored, in bytes. */
  bytesStored: number;
}

/** The file is refused; the message names the file and what is wrong (codes included). */
export class BoundaryFileRefused extends Error {}

const MAX_NAMED = 10;

/** "E05010827, E05010828 … (17 codes)" */
export function nameCodes(codes: string[]): string {
  const shown = codes.slice(0, MAX_NAMED).join(', ');
  return `${shown}${codes.length > MAX_NAMED ? ', …' : ''} (${codes.length.toLocaleString('en-GB')} code${codes.length === 1 ? '' : 's'})`;
}

export interface PrepareOptions {
  label: string;
  /** The districts whose areas are kept. */
  keepDistricts: Set<string>;
  /** What the area is called, for the refusal when nothing in the file lies in it. */
  areaName: string;
  /** A layer and vintage the person chose: the file must be of it. */
  claimed?: { layer: Layer; vintage: string };
  geography: Geography;
  onFeature?: (read: number) => void;
}

/** Is this code in the code set of this layer's vintage (where the committed lookups know the set)? */
function inCodeSet(g: Geography, layer: Layer, code: string): boolean {
  if (!codeLooksRight(layer, code)) return false;
  if (layer === 'lsoa11') return g.lsoaVintage(code) === 2011 || g.lsoaVintage(code) === 'both';
  if (layer === 'lsoa21') return g.lsoaVintage(code) === 2021 || g.lsoaVintage(code) === 'both';
  return true;
}

export async function prepareBoundaryFile(path: string, o: PrepareOptions): Promise<PreparedFile> {
  const refuse = (why: string): never => { throw new BoundaryFileRefused(`${o.label} was refused: ${why}.`); };
  let kind: LayerVintage | null = null;
  const codes: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const wrongCodes: string[] = [];
  const kept: { code: string; name: string; lad: string; geometry: Geometry }[] = [];
  let read = 0;
  try {
    read = await readFeatures(path, (f, i) => {
      const props = f.properties ?? {};
      const here = detectLayer(props);
      if (!here) refuse(`feature ${i + 1} has no ward, LSOA or district code column (such as WD22CD, LSOA21CD or LAD22CD)`);
      if (!kind) kind = here;
      else if (here!.codeProperty !== kind.codeProperty) refuse(`feature ${i + 1} has ${here!.codeProperty} where the features before it have ${kind.codeProperty}`);
      const code = String(props[kind!.codeProperty] ?? '').trim();
      if (seen.has(code)) duplicates.push(code);
      seen.add(code);
      codes.push(code);
      if (!inCodeSet(o.geography, kind!.layer, code)) wrongCodes.push(code || '(blank)');
      let geometry: Geometry;
      try {
        geometry = checkGeometry(f.geometry);
      } catch (e) {
        if (e instanceof GeometryProblem) refuse(`the area ${code || `in feature ${i + 1}`} has a broken shape: ${e.message}`);
        throw e;
      }
      const lad = kind!.layer === 'districts' ? code
        : parentDistrict(props) ?? (kind!.layer === 'wards' ? o.geography.wardToLad(code) : o.geography.lsoaToLad(code));
      if (lad && o.keepDistricts.has(lad)) {
        kept.push({ code, name: String(props[kind!.nameProperty] ?? code).trim() || code, lad, geometry: thinGeometry(geometry) });
      }
      o.onFeature?.(i + 1);
    });
  } catch (e) {
    if (e instanceof NotGeoJsonError) refuse(e.message);
    throw e;
  }
  const k = kind as LayerVintage | null;
  if (!k) return refuse('it has no features');
  if (o.claimed && (o.claimed.layer !== k.layer || o.claimed.vintage !== k.vintage)) {
    const notClaimed = codes.filter((c) => !inCodeSet(o.geography, o.claimed!.layer, c));
    refuse(`it holds ${describeVintage(k)}, not ${describeVintage(o.claimed)} as chosen; ${notClaimed.length ? `codes not among ${describeVintage(o.claimed)}: ${nameCodes(notClaimed)}` : `its codes: ${nameCodes(codes)}`}`);
  }
  if (wrongCodes.length) refuse(`its ${k.codeProperty} column holds codes that are not ${describeVintage(k)}: ${nameCodes(wrongCodes)}`);
  if (duplicates.length) refuse(`some codes appear more than once: ${nameCodes([...new Set(duplicates)])}`);
  if (kept.length === 0) refuse(`none of its ${read.toLocaleString('en-GB')} areas lies in ${o.areaName}`);

  const simplified = simplifyShapes(kept.map((a) => ({ code: a.code, geometry: a.geometry })));
  const areas = kept.map((a) => ({ code: a.code, name: a.name, lad: a.lad, geometry: simplified.get(a.code)! }));
  const { size } = await stat(path);
  return {
    label: o.label, layer: k.layer, vintage: k.vintage, resolution: resolutionOf(o.label), featuresRead: read, areas,
    bytesRead: size, bytesStored: areas.reduce((s, a) => s + Buffer.byteLength(a.geometry), 0),
  };
}
