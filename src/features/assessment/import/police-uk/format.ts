// The police.uk file formats exactly as published (data.police.uk "street" and "outcomes"
// files), the fixed list of crime types, force names, and month rules.

export const STREET_HEADER = [
  'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude',
  'Location', 'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context',
] as const;

export const OUTCOMES_HEADER = [
  'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude',
  'Location', 'LSOA code', 'LSOA name', 'Outcome type',
] as const;

/** Column positions used by the parser (both formats share the first nine). */
export const COL = { month: 1, fallsWithin: 3, location: 6, lsoaCode: 7, lsoaName: 8, crimeType: 9, outcomeType: 9, lastOutcome: 10 } as const;

/** The 14 police.uk street crime categories (since May 2013). ASB is not a crime: see analysis. */
export const CRIME_TYPES = [
  'Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs',
  'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting',
  'Theft from the person', 'Vehicle crime', 'Violence and sexual offences', 'Other crime',
] as const;
export type CrimeType = (typeof CRIME_TYPES)[number];
export const ASB: CrimeType = 'Anti-social behaviour';
export const CRIME_TYPE_INDEX = new Map<string, number>(CRIME_TYPES.map((t, i) => [t, i]));

/** police.uk force slugs (as in file names) by the name in the `Falls within` column. */
export const FORCE_BY_NAME = new Map<string, string>([
  ['Avon and Somerset Constabulary', 'avon-and-somerset'], ['Bedfordshire Police', 'bedfordshire'],
  ['British Transport Police', 'btp'], ['Cambridgeshire Constabulary', 'cambridgeshire'],
  ['Cheshire Constabulary', 'cheshire'], ['City of London Police', 'city-of-london'],
  ['Cleveland Police', 'cleveland'], ['Cumbria Constabulary', 'cumbria'],
  ['Derbyshire Constabulary', 'derbyshire'], ['Devon & Cornwall Police', 'devon-and-cornwall'],
  ['Dorset Police', 'dorset'], ['Durham Constabulary', 'durham'], ['Dyfed-Powys Police', 'dyfed-powys'],
  ['Essex Police', 'essex'], ['Gloucestershire Constabulary', 'gloucestershire'],
  ['Greater Manchester Police', 'greater-manchester'], ['Gwent Police', 'gwent'],
  ['Hampshire Constabulary', 'hampshire'], ['Hertfordshire Constabulary', 'hertfordshire'],
  ['Humberside Police', 'humberside'], ['Kent Police', 'kent'], ['Lancashire Constabulary', 'lancashire'],
  ['Leicestershire Police', 'leicestershire'], ['Lincolnshire Police', 'lincolnshire'],
  ['Merseyside Police', 'merseyside'], ['Metropolitan Police Service', 'metropolitan'],
  ['Norfolk Constabulary', 'norfolk'], ['North Wales Police', 'north-wales'],
  ['North Yorkshire Police', 'north-yorkshire'], ['Northamptonshire Police', 'northamptonshire'],
  ['Northumbria Police', 'northumbria'], ['Nottinghamshire Police', 'nottinghamshire'],
  ['Police Service of Northern Ireland', 'northern-ireland'], ['South Wales Police', 'south-wales'],
  ['South Yorkshire Police', 'south-yorkshire'], ['Staffordshire Police', 'staffordshire'],
  ['Suffolk Constabulary', 'suffolk'], ['Surrey Police', 'surrey'], ['Sussex Police', 'sussex'],
  ['Thames Valley Police', 'thames-valley'], ['Warwickshire Police', 'warwickshire'],
  ['West Mercia Police', 'west-mercia'], ['West Midlands Police', 'west-midlands'],
  ['West Yorkshire Police', 'west-yorkshire'], ['Wiltshire Police', 'wiltshire'],
]);

export type PoliceFileKind = 'street' | 'outcomes' | 'stop-and-search';

/** What a police.uk file name says: `2022-09-essex-street.csv` (optionally `.gz`). */
export function parsePoliceFileName(name: string): { month: string; force: string; kind: PoliceFileKind } | null {
  const m = /^(\d{4}-\d{2})-([a-z0-9-]+?)-(street|outcomes|stop-and-search)\.csv(?:\.gz)?$/i.exec(name);
  return m ? { month: m[1]!, force: m[2]!.toLowerCase(), kind: m[3]!.toLowerCase() as PoliceFileKind } : null;
}

/** police.uk began publishing street-level data in December 2010. */
export const FIRST_MONTH = '2010-12';

/** Explain why a month value is impossible, or return null when it is fine. */
export function monthProblem(value: string, today = new Date()): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return `'${value}' is not a month in the form YYYY-MM`;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return `'${value}' is not a real month (month ${m[2]})`;
  const now = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
  if (value < FIRST_MONTH) return `'${value}' is before police.uk data begins (${FIRST_MONTH})`;
  if (value > now) return `'${value}' is in the future`;
  return null;
}
