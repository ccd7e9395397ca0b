// Build data/geography/ from the ONS and police.uk files in ../shared/data (see SOURCES.md), so
// the committed lookups can be re-made and checked. Keeps only the columns the app needs and
// gzips them: run `node --import tsx src/features/assessment/geography/build-geography.ts`.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { splitCsvLine } from '../csv/split.ts';
import { SHARED_DATA, GEOGRAPHY_DIR } from './paths.ts';

type Row = Record<string, string>;

/** Small whole-file CSV reader for the build only (the importer streams). */
function readCsv(path: string): Row[] {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0]!)!;
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const f = splitCsvLine(lines[i]!)!;
    const row: Row = {};
    header.forEach((h, j) => (row[h] = (f[j] ?? '').trim()));
    rows.push(row);
  }
  return rows;
}

function writeGz(name: string, header: string[], rows: (string | number)[][]): void {
  const esc = (v: string | number): string => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const body = [header.join(','), ...rows.map((r) => r.map(esc).join(','))].join('\n') + '\n';
  // mtime 0 in the gzip header keeps rebuilt files byte-identical.
  writeFileSync(join(GEOGRAPHY_DIR, name), gzipSync(body, { level: 9 }));
  console.log(`${name}: ${rows.length} rows`);
}

/** Round coordinates to 5 decimals (about 1 m): plenty for ward maps, a third of the size. */
function roundCoords(c: unknown): unknown {
  return Array.isArray(c) ? c.map(roundCoords) : typeof c === 'number' ? Math.round(c * 1e5) / 1e5 : c;
}

function writeGeoJson(name: string, src: string, keep: string[]): void {
  const gj = JSON.parse(readFileSync(src, 'utf8')) as { features: { properties: Row; geometry: { coordinates: unknown } }[] };
  const features = gj.features.map((f) => ({
    type: 'Feature',
    properties: Object.fromEntries(keep.map((k) => [k, f.properties[k]])),
    geometry: { ...f.geometry, coordinates: roundCoords(f.geometry.coordinates) },
  }));
  writeFileSync(join(GEOGRAPHY_DIR, name), gzipSync(JSON.stringify({ type: 'FeatureCollection', features }), { level: 9 }));
  console.log(`${name}: ${features.length} features`);
}

const mostCommon = (counts: Map<string, number>): string =>
  [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];

export function buildGeography(data = SHARED_DATA): void {
  mkdirSync(GEOGRAPHY_DIR, { recursive: true });
  const ons = join(data, 'ons');
  const wardLu = readCsv(join(ons, 'lookups/LSOA11_WD19_LAD19_EW_LU.csv'));
  const l11to21 = readCsv(join(ons, 'lookups/LSOA11_LSOA21_LAD22_EW_LU.csv'));
  const mid2020 = readCsv(join(ons, 'population/lsoa11_mid2020_population_estimates_ew.csv'));
  const census = readCsv(join(ons, 'population/lsoa21_census2021_usual_residents_ew.csv')).filter((r) => /^[EW]01\d{6}$/.test(r['LSOA21CD'] ?? ''));
  const essex21 = readCsv(join(ons, 'lookups/LSOA21_to_ward_essex-pfa_DERIVED.csv'));
  const laAll = readCsv(join(ons, 'lookups/drkane-la_all_codes.csv'));

  // District names: current (LAD22) names win over older ones for the same code.
  const ladName = new Map<string, string>();
  for (const r of laAll) ladName.set(r['LADCD']!, r['LADNM']!);
  for (const r of wardLu) ladName.set(r['LAD19CD']!, r['LAD19NM']!);
  for (const r of l11to21) ladName.set(r['LAD22CD']!, r['LAD22NM']!);

  // LSOA 2011: ward (ONS best fit, WD19), district (LAD22, so 2011 and 2021 codes agree), 2021 code.
  const ward11 = new Map(wardLu.map((r) => [r['LSOA11CD']!, r['WD19CD']!]));
  const wardName = new Map(wardLu.map((r) => [r['WD19CD']!, r['WD19NM']!]));
  const to21 = new Map(l11to21.map((r) => [r['LSOA11CD']!, r]));
  const pop20 = new Map(mid2020.map((r) => [r['LSOA Code']!, r['All Ages']!.replace(/,/g, '')]));
  const lad11 = new Map<string, string>();
  const rows11: string[][] = [];
  for (const r of wardLu) {
    const code = r['LSOA11CD']!;
    const lad = to21.get(code)?.['LAD22CD'] ?? r['LAD19CD']!;
    lad11.set(code, lad);
    rows11.push([code, r['WD19CD']!, lad, to21.get(code)?.['LSOA21CD'] ?? '', pop20.get(code) ?? '']);
  }
  rows11.sort((a, b) => a[0]!.localeCompare(b[0]!));
  writeGz('lsoa11.csv.gz', ['lsoa11_code', 'ward_code', 'lad_code', 'lsoa21_code', 'pop_mid2020'], rows11);

  // A ward's district is the one most of its LSOAs fall in (LAD22), consistent with the LSOAs.
  const wardLads = new Map<string, Map<string, number>>();
  for (const [lsoa, ward] of ward11) {
    const m = wardLads.get(ward) ?? new Map<string, number>();
    const lad = lad11.get(lsoa)!;
    m.set(lad, (m.get(lad) ?? 0) + 1);
    wardLads.set(ward, m);
  }
  const wardLad = new Map([...wardLads].map(([w, m]) => [w, mostCommon(m)]));

  // LSOA 2021 → ward: same code ⇒ same LSOA; else all 2011 LSOAs that best-fit onto it share one
  // ward ('chain'); else, in Essex PFA, the derived centre-point-in-ward-2022 file ('centroid').
  const from11 = new Map<string, string[]>();
  for (const r of l11to21) {
    const list = from11.get(r['LSOA21CD']!) ?? [];
    list.push(r['LSOA11CD']!);
    from11.set(r['LSOA21CD']!, list);
  }
  const essexBy21 = new Map(essex21.map((r) => [r['LSOA21CD']!, r]));
  const ladByName = new Map([...ladName].filter(([c]) => /^[EW]0[6-9]/.test(c)).map(([c, n]) => [n, c]));
  for (const r of l11to21) ladByName.set(r['LAD22NM']!, r['LAD22CD']!);
  let chainDisagree = 0;
  const rows21: string[][] = [];
  const methods = new Map<string, number>();
  for (const r of census) {
    const code = r['LSOA21CD']!;
    const sources = from11.get(code) ?? [];
    let ward = '';
    let method = '';
    if (ward11.has(code) && to21.get(code)?.['LSOA21CD'] === code) {
      ward = ward11.get(code)!;
      method = 'same';
    } else {
      const wards = new Set(sources.map((s) => ward11.get(s)));
      if (wards.size === 1 && [...wards][0]) {
        ward = [...wards][0]!;
        method = 'chain';
      }
    }
    const ex = essexBy21.get(code);
    if (ex) {
      const exChain = ex['WD19CD_via_LSOA11_chain'] ?? '';
      if (exChain && ward && exChain !== ward) chainDisagree++;
      if (!ward && ex['WD22CD_centroid']) {
        ward = ex['WD22CD_centroid']!;
        method = 'centroid';
        if (!wardName.has(ward)) wardName.set(ward, ex['WD22NM_centroid']!);
        if (!wardLad.has(ward)) wardLad.set(ward, ex['LAD22CD']!);
      }
    }
    // District: the lookup's LAD22 when a 2011 LSOA fits onto this one; else from the LSOA name
    // ("Colchester 020F" → Colchester), which ONS builds from the district name.
    const lad = sources.length ? to21.get(sources[0]!)!['LAD22CD']! : ladByName.get(r['2021 super output area - lower layer']!.replace(/ \d{3}[A-Z]$/, '')) ?? '';
    if (!lad) console.warn(`no district for ${code}`);
    methods.set(method || 'none', (methods.get(method || 'none') ?? 0) + 1);
    rows21.push([code, ward, method, lad, r['Population']!]);
  }
  rows21.sort((a, b) => a[0]!.localeCompare(b[0]!));
  writeGz('lsoa21.csv.gz', ['lsoa21_code', 'ward_code', 'ward_method', 'lad_code', 'pop_census2021'], rows21);
  console.log(`  LSOA21 ward methods: ${JSON.stringify(Object.fromEntries(methods))}; Essex chain disagreements: ${chainDisagree}`);

  const wardRows = [...wardName].map(([c, n]) => [c, n, wardLad.get(c) ?? '']).sort((a, b) => a[0]!.localeCompare(b[0]!));
  writeGz('wards.csv.gz', ['ward_code', 'ward_name', 'lad_code'], wardRows);
  const ladRows = [...ladName].filter(([c]) => /^[EW]0[6-9]/.test(c)).sort((a, b) => a[0].localeCompare(b[0]));
  writeGz('lads.csv.gz', ['lad_code', 'lad_name'], ladRows);

  writeForceLads(data, lad11, laAll);
  writeForceNames(data);

  const b = join(data, 'boundaries');
  writeGeoJson('wards-2022-E07000071-colchester.geojson.gz', join(b, 'wards-2022/E07000071-colchester.geojson'), ['WD22CD', 'WD22NM', 'LAD22CD', 'LAD22NM']);
  writeGeoJson('lads-essex-pfa.geojson.gz', join(b, 'lad-derived/essex-pfa-lads-dissolved-from-lsoa21-bgc.geojson'), ['LADCD', 'LADNM']);
}

/**
 * Force → districts, derived from data: each district goes to the force that recorded most of
 * its street crimes in the national 2022-09 month (BTP is not a territorial force). The forces
 * absent from that month are filled from ONS groupings: London boroughs (Met; the City has its
 * own force) and the Greater Manchester, West Midlands and West Yorkshire combined authorities.
 */
function writeForceLads(data: string, lad11: Map<string, string>, laAll: Row[]): void {
  const fixed = new Map<string, [string, string]>();
  for (const r of laAll) {
    if (r['Current'] !== 'TRUE') continue;
    const c = r['LADCD']!;
    if (c.startsWith('E09') && c !== 'E09000001') fixed.set(c, ['metropolitan', 'London borough']);
    const ca: Record<string, string> = { 'Greater Manchester': 'greater-manchester', 'West Midlands': 'west-midlands', 'West Yorkshire': 'west-yorkshire' };
    if (ca[r['CAUTHNM']!]) fixed.set(c, [ca[r['CAUTHNM']!]!, 'combined authority']);
  }
  const dir = join(data, 'police-uk/national/2022-09');
  const counts = new Map<string, Map<string, number>>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('-street.csv.gz'))) {
    const force = f.replace(/^\d{4}-\d{2}-/, '').replace(/-street\.csv\.gz$/, '');
    if (force === 'btp') continue;
    const lines = gunzipSync(readFileSync(join(dir, f))).toString('utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      const lad = lad11.get(splitCsvLine(lines[i]!)?.[7] ?? '');
      if (!lad || fixed.has(lad)) continue;
      const m = counts.get(lad) ?? new Map<string, number>();
      m.set(force, (m.get(force) ?? 0) + 1);
      counts.set(lad, m);
    }
  }
  const rows: string[][] = [];
  for (const [lad, m] of counts) rows.push([mostCommon(m), lad, 'police.uk 2022-09 majority']);
  for (const [lad, [force, basis]] of fixed) rows.push([force, lad, basis]);
  rows.sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!));
  const text = ['force,lad_code,basis', ...rows.map((r) => r.join(','))].join('\n') + '\n';
  writeFileSync(join(GEOGRAPHY_DIR, 'force-lads.csv'), text);
  console.log(`force-lads.csv: ${rows.length} districts in ${new Set(rows.map((r) => r[0])).size} forces`);
}

/** The four forces absent from the 2022-09 month, by the names police.uk gives them. */
const ABSENT_FORCE_NAMES: Record<string, string> = {
  metropolitan: 'Metropolitan Police Service', 'greater-manchester': 'Greater Manchester Police',
  'west-midlands': 'West Midlands Police', 'west-yorkshire': 'West Yorkshire Police',
};

/**
 * Force identifier → name as people say it ("sussex" → "Sussex Police"): the "Falls within" column
 * of each force's file in the national 2022-09 month, and police.uk's names for the forces absent from it.
 */
export function writeForceNames(data: string): void {
  const dir = join(data, 'police-uk/national/2022-09');
  const names = new Map(Object.entries(ABSENT_FORCE_NAMES));
  for (const f of readdirSync(dir).filter((n) => n.endsWith('-street.csv.gz'))) {
    const force = f.replace(/^\d{4}-\d{2}-/, '').replace(/-street\.csv\.gz$/, '');
    if (force === 'btp') continue;
    const second = gunzipSync(readFileSync(join(dir, f))).toString('utf8').split('\n', 2)[1] ?? '';
    const name = splitCsvLine(second)?.[3];
    if (name) names.set(force, name);
  }
  const rows = [...names].sort((a, b) => a[0].localeCompare(b[0]));
  writeFileSync(join(GEOGRAPHY_DIR, 'forces.csv'), ['force,name', ...rows.map(([f, n]) => `${f},${n}`)].join('\n') + '\n');
  console.log(`forces.csv: ${rows.length} forces`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildGeography();
