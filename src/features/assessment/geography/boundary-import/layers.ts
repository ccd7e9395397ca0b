// Which ONS boundary layer and vintage a feature belongs to, read from its property names:
// WD22CD/WD22NM are wards of December 2022, LSOA21CD 2021 LSOAs, LAD22CD (or LADCD) districts.
// Pure functions: no I/O.

export type Layer = 'wards' | 'lsoa11' | 'lsoa21' | 'districts';

export const LAYER_NAMES: Record<Layer, string> = {
  wards: 'wards', lsoa11: 'LSOAs (2011)', lsoa21: 'LSOAs (2021)', districts: 'districts',
};

export interface LayerVintage {
  layer: Layer;
  /** The code column's prefix, e.g. WD22, LSOA21, LAD22 (LAD for an undated LADCD). */
  vintage: string;
  codeProperty: string;
  nameProperty: string;
}

/** Area codes: E05/W05 wards, E01/W01 LSOAs, E06–E09/W06 districts (nine characters). */
const CODE_PATTERN: Record<Layer, RegExp> = {
  wards: /^[EW]05\d{6}$/,
  lsoa11: /^[EW]01\d{6}$/,
  lsoa21: /^[EW]01\d{6}$/,
  districts: /^(E0[6-9]|W06)\d{6}$/,
};

export const codeLooksRight = (layer: Layer, code: string): boolean => CODE_PATTERN[layer].test(code);

/** A year for people: WD22 → "December 2022 wards". */
export function describeVintage(v: { layer: Layer; vintage: string }): string {
  const yy = /(\d\d)$/.exec(v.vintage)?.[1];
  const year = yy ? `20${yy}` : '';
  if (v.layer === 'wards') return `wards (${year || 'undated'}, ${v.vintage}CD)`;
  if (v.layer === 'districts') return `districts (${year || 'undated'}, ${v.vintage}CD)`;
  return `LSOAs (${year}, ${v.vintage}CD)`;
}

/**
 * The layer of a feature's properties, or null when no known code column is present. The area's
 * own code column wins over its parents' (a ward file also carries LAD22CD; an LSOA file LADCD_ACTIVE).
 */
export function detectLayer(properties: Record<string, unknown>): LayerVintage | null {
  const keys = Object.keys(properties);
  const find = (re: RegExp): string | undefined => keys.find((k) => re.test(k));
  const ward = find(/^WD\d\dCD$/);
  if (ward) return { layer: 'wards', vintage: ward.slice(0, 4), codeProperty: ward, nameProperty: `${ward.slice(0, 4)}NM` };
  const lsoa = find(/^LSOA(11|21)CD$/);
  if (lsoa) return { layer: lsoa === 'LSOA11CD' ? 'lsoa11' : 'lsoa21', vintage: lsoa.slice(0, 6), codeProperty: lsoa, nameProperty: `${lsoa.slice(0, 6)}NM` };
  const lad = find(/^LAD\d\dCD$/) ?? find(/^LADCD$/);
  if (lad) return { layer: 'districts', vintage: lad.slice(0, -2), codeProperty: lad, nameProperty: `${lad.slice(0, -2)}NM` };
  return null;
}

/** The district a ward or LSOA lies in, when the file says (LAD22CD, LAD25CD, LADCD_ACTIVE…). */
export function parentDistrict(properties: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(properties)) {
    if (/^LAD(\d\d)?CD(_ACTIVE)?$/.test(k) && typeof v === 'string' && codeLooksRight('districts', v)) return v;
  }
  return undefined;
}

/** Parse a vintage someone chose (`--vintage WD22`, or the form): null when it is not one. */
export function parseVintage(value: string): { layer: Layer; vintage: string } | null {
  const v = value.trim().toUpperCase();
  if (/^WD\d\d$/.test(v)) return { layer: 'wards', vintage: v };
  if (v === 'LSOA11' || v === 'LSOA21') return { layer: v === 'LSOA11' ? 'lsoa11' : 'lsoa21', vintage: v };
  if (/^LAD(\d\d)?$/.test(v)) return { layer: 'districts', vintage: v };
  return null;
}

/** Resolution from an ONS file name: BFC/BFE full, BGC generalised (20 m), BSC super-generalised, BUC ultra. */
export function resolutionOf(fileName: string): string {
  const m = /(?:^|[_\-\s.])(BFC|BFE|BGC|BGE|BSC|BUC)(?:[_\-\s.]|$)/i.exec(fileName);
  return m ? m[1]!.toUpperCase() : 'not stated';
}
