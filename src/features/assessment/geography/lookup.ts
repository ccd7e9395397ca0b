// Load the committed geography (data/geography, built by build-geography.ts) once into Maps:
// LSOA (2011 or 2021 code) → ward → district, district names, force membership and populations.
// Loading streams the gzip files; the result is cached per folder for the life of the process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLines } from '../csv/read-lines.ts';
import { splitCsvLine } from '../csv/split.ts';
import { GEOGRAPHY_DIR } from './paths.ts';
import { loadOncePerKey } from '../../../platform/load-once.ts';
import type { PopulationSeries as PopulationSource } from '../analysis/population.ts';

export type { PopulationSource };
export type GeoLevel = 'lsoa' | 'ward' | 'lad';

export interface District { code: string; name: string; force: string }

export interface Geography {
  /** Ward of an LSOA, 2011 or 2021 code (2021 codes created by splits may have none). */
  lsoaToWard(code: string): string | undefined;
  lsoaToLad(code: string): string | undefined;
  /** 2011 for codes only in the 2011 set, 2021 for new 2021 codes, 'both' for unchanged ones. */
  lsoaVintage(code: string): 2011 | 2021 | 'both' | undefined;
  lsoa11To21(code: string): string | undefined;
  lsoa21To11(code: string): string[];
  wardToLad(code: string): string | undefined;
  wardName(code: string): string | undefined;
  ladName(code: string): string | undefined;
  wardsOfLad(lad: string): string[];
  /** LSOAs of a district in one vintage's code set. */
  lsoasOfLad(lad: string, vintage: 2011 | 2021): string[];
  ladsOfForce(force: string): string[];
  forceOfLad(lad: string): string | undefined;
  /** A force's name as people say it ("sussex" → "Sussex Police"). */
  forceName(force: string): string | undefined;
  /** Every current district of England and Wales with its police force, by name. */
  districts(): District[];
  /** Population of an LSOA, ward or district from the chosen source (LSOAs of the source's vintage). */
  population(source: PopulationSource, level: GeoLevel, code: string): number | undefined;
}

async function readTable(path: string, onRow: (f: string[]) => void): Promise<void> {
  let first = true;
  await readLines(path, (line) => {
    if (first || line.length === 0) {
      first = false;
      return;
    }
    onRow(splitCsvLine(line)!);
  });
}

const add = (m: Map<string, number>, k: string, n: number): void => {
  m.set(k, (m.get(k) ?? 0) + n);
};

export async function loadGeographyFrom(dir: string): Promise<Geography> {
  const lsoaWard = new Map<string, string>();
  const lsoaLad = new Map<string, string>();
  const vintage = new Map<string, 2011 | 2021 | 'both'>();
  const to21 = new Map<string, string>();
  const to11 = new Map<string, string[]>();
  const wardLad = new Map<string, string>();
  const wardNames = new Map<string, string>();
  const ladNames = new Map<string, string>();
  const wardsOf = new Map<string, string[]>();
  const lsoasOf = { 2011: new Map<string, string[]>(), 2021: new Map<string, string[]>() };
  const push = (m: Map<string, string[]>, k: string, v: string): void => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const forceLads = new Map<string, string[]>();
  const ladForce = new Map<string, string>();
  const pop: Record<PopulationSource, Record<GeoLevel, Map<string, number>>> = {
    mid2020: { lsoa: new Map(), ward: new Map(), lad: new Map() },
    census2021: { lsoa: new Map(), ward: new Map(), lad: new Map() },
  };

  await readTable(join(dir, 'lsoa11.csv.gz'), ([code, ward, lad, l21, p]) => {
    lsoaWard.set(code!, ward!);
    lsoaLad.set(code!, lad!);
    vintage.set(code!, 2011);
    push(lsoasOf[2011], lad!, code!);
    if (l21) {
      to21.set(code!, l21);
      push(to11, l21, code!);
    }
    if (p) {
      const n = Number(p);
      pop.mid2020.lsoa.set(code!, n);
      add(pop.mid2020.ward, ward!, n);
      add(pop.mid2020.lad, lad!, n);
    }
  });
  await readTable(join(dir, 'lsoa21.csv.gz'), ([code, ward, , lad, p]) => {
    // An unchanged code keeps its 2011 ward: the ONS best fit is the better source.
    vintage.set(code!, vintage.has(code!) ? 'both' : 2021);
    if (ward && !lsoaWard.has(code!)) lsoaWard.set(code!, ward);
    if (lad && !lsoaLad.has(code!)) lsoaLad.set(code!, lad);
    if (lad) push(lsoasOf[2021], lad, code!);
    const n = Number(p);
    pop.census2021.lsoa.set(code!, n);
    if (ward) add(pop.census2021.ward, ward, n);
    if (lad) add(pop.census2021.lad, lad, n);
  });
  await readTable(join(dir, 'wards.csv.gz'), ([code, name, lad]) => {
    wardNames.set(code!, name!);
    wardLad.set(code!, lad!);
    push(wardsOf, lad!, code!);
  });
  await readTable(join(dir, 'lads.csv.gz'), ([code, name]) => ladNames.set(code!, name!));
  const forceText = readFileSync(join(dir, 'force-lads.csv'), 'utf8').trim().split('\n').slice(1);
  for (const line of forceText) {
    const [force, lad] = line.split(',');
    ladForce.set(lad!, force!);
    push(forceLads, force!, lad!);
  }
  const forceNames = new Map(readFileSync(join(dir, 'forces.csv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',') as [string, string]));
  const districts = [...ladForce].flatMap(([code, force]) => {
    const name = ladNames.get(code);
    return name ? [{ code, name, force }] : [];
  }).sort((a, b) => a.name.localeCompare(b.name, 'en-GB', { sensitivity: 'base' }));

  return {
    lsoaToWard: (c) => lsoaWard.get(c),
    lsoaToLad: (c) => lsoaLad.get(c),
    lsoaVintage: (c) => vintage.get(c),
    lsoa11To21: (c) => to21.get(c),
    lsoa21To11: (c) => to11.get(c) ?? [],
    wardToLad: (c) => wardLad.get(c),
    wardName: (c) => wardNames.get(c),
    ladName: (c) => ladNames.get(c),
    wardsOfLad: (lad) => wardsOf.get(lad) ?? [],
    lsoasOfLad: (lad, v) => lsoasOf[v].get(lad) ?? [],
    ladsOfForce: (f) => forceLads.get(f) ?? [],
    forceOfLad: (lad) => ladForce.get(lad),
    forceName: (f) => forceNames.get(f),
    districts: () => districts,
    population: (source, level, code) => pop[source][level].get(code),
  };
}

const loadFromDir = loadOncePerKey(loadGeographyFrom);

/** The committed geography, loaded once per process. */
export function loadGeography(dir = GEOGRAPHY_DIR): Promise<Geography> {
  return loadFromDir(dir);
}

/** The wards of some districts, by name in alphabetical order (what an initiative may target). */
export function wardNamesOf(geography: Geography, lads: string[]): string[] {
  const names = lads.flatMap((lad) => geography.wardsOfLad(lad).map((w) => geography.wardName(w) ?? w));
  return [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
}
