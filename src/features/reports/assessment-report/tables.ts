// The assessment's tables: change by crime type against the force, the districts of the force ranked
// by rate, the monthly series and the top wards. Every figure is the analysis service's own.
import { cell, list, paragraph, sourceNote, type Block, type Cell, type Table } from '../../../documents/model.ts';
import type { AssessmentResult, AssessmentTotal } from '../../assessment/types.ts';
import { monthlyPairs } from './figures.ts';
import { num, pct, plural, rate, signed } from './format.ts';
import { policeUkNote } from './notes.ts';

const ASB = 'Anti-social behaviour';

type ChangeRow = Pick<AssessmentTotal, 'count' | 'previousCount' | 'change' | 'changePct' | 'forceChangePct' | 'ratePer1000'>;

/** `previousHeld`: whether any month of the period before is held; if none, its count is no data, not 0. */
function changeCells(label: string, r: ChangeRow, previousHeld: boolean, bold = false): Cell[] {
  const name: Cell = { ...cell(bold ? [{ text: label, bold: true }] : label), rowHeader: true };
  return [name, cell(num(r.count)), cell(previousHeld ? num(r.previousCount) : 'no data'), cell(signed(r.change)), cell(pct(r.changePct)), cell(pct(r.forceChangePct)), cell(rate(r.ratePer1000))];
}

export function crimeTypeTable(r: AssessmentResult): Table {
  const previousHeld = r.completeness.missingPrevious.length < r.monthly.length / 2;
  return {
    kind: 'table',
    caption: `Crime by type, ${r.labels.period} against ${r.labels.previous}`,
    header: ['Crime type', r.labels.period, r.labels.previous, 'Change', '% change', 'Force-wide % change', `Per 1,000 residents${r.rateBasis.suffix}`],
    widths: [28, 12, 12, 11, 11, 13, 13],
    rows: [
      ...r.crimeTypes.map((t) => changeCells(t.type, t, previousHeld)),
      changeCells('All crime (excluding anti-social behaviour)', r.totals.crimes, previousHeld, true),
      changeCells(ASB, r.totals.asb, previousHeld),
    ],
  };
}

/** What the change columns compare when months are missing. */
function comparedNote(r: AssessmentResult): string {
  if (r.completeness.complete) return 'Both periods are complete, so the counts and the changes cover the same twelve months each.';
  if (r.completeness.comparedMonths === 0) return `${r.completeness.note ?? ''} The counts cover the months held in each period.`.trim();
  return `${r.completeness.note ?? ''} The counts cover every month held in each period; the change columns compare ${r.labels.comparedCurrent} with ${r.labels.comparedPrevious}.`.trim();
}

/** "Rates per 1,000 residents." — with the months they cover, and that they are not a yearly rate, on short data. */
export function rateNote(r: AssessmentResult): string {
  return short(r)
    ? `Rates per 1,000 residents cover ${r.rateBasis.label}, not a full year, and are not scaled up to a year: they cannot be set beside a yearly rate.`
    : 'Rates per 1,000 residents.';
}

export function districtTable(r: AssessmentResult): Table {
  const own = new Set(r.area.codes);
  const ranked = [...r.districts].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name));
  return {
    kind: 'table',
    caption: `Crime rate of each district of the force, ${r.labels.period} (1 = highest rate${short(r) ? `; ranked over ${r.rateBasis.label}` : ''})`,
    header: ['Rank', 'District', 'Crimes', 'Population', `Per 1,000 residents${r.rateBasis.suffix}`],
    widths: [10, 36, 18, 18, 18],
    rows: ranked.map((d) => [
      cell(d.rank === null ? NOT_RANKED : String(d.rank)),
      { ...cell(own.has(d.code) ? [{ text: d.name, bold: true }] : d.name), rowHeader: true },
      cell(num(d.crimes)), cell(num(d.population)),
      // A district lacking some months keeps its rate over the months it has, said beside it, and no rank.
      d.notRanked ? cell(rate(d.ratePer1000), d.notRanked) : cell(rate(d.ratePer1000)),
    ]),
  };
}

const NOT_RANKED = 'not ranked';

/** Rates over fewer (or other) than twelve months: every place a rate or rank is shown says so. */
export const short = (r: AssessmentResult): boolean => !r.rateBasis.fullYear;

/** What the ranks are ranked over, when that is not simply the year, and which districts are left out and why. */
export function rankBasisBlocks(r: AssessmentResult): Block[] {
  const unranked = r.districts.filter((d) => d.notRanked);
  if (!short(r) && !unranked.length) return [];
  const over = `Districts are ranked over ${r.rateBasis.label}${short(r) ? ', not a full year' : ''}: only districts with records for each of these months are ranked against each other.`;
  return [
    paragraph(unranked.length ? `${over} ${plural(unranked.length, 'district')} ${unranked.length === 1 ? 'is' : 'are'} not ranked:` : over),
    ...(unranked.length ? [list(unranked.map((d) => `${d.name}: ${d.notRanked}`))] : []),
  ];
}

export function monthlyTable(r: AssessmentResult): Table {
  const pairs = monthlyPairs(r);
  return {
    kind: 'table',
    caption: `Crimes and anti-social behaviour per month, ${r.labels.period} beside ${r.labels.previous}`,
    header: pairs.header,
    widths: [19, 13, 18, 19, 13, 18],
    rows: pairs.rows.map(([month, ...rest]) => [{ ...cell(month!), rowHeader: true }, ...rest.map((v) => cell(v))]),
  };
}

export function hotspotTable(r: AssessmentResult): Table | null {
  const rows = r.hotspots.filter((h) => h.wards.length > 0);
  if (!rows.length) return null;
  return {
    kind: 'table',
    caption: `Wards with the most recorded crime and anti-social behaviour, ${r.labels.period}`,
    header: ['Crime type', 'Top wards (count)'],
    widths: [35, 65],
    rows: rows.map((h) => [{ ...cell(h.type), rowHeader: true }, cell(h.wards.map((w) => `${w.name} (${num(w.count)})`).join(', '))]),
  };
}

/** The tables section: each table with what it compares and where its figures come from. */
export function tablesBlocks(r: AssessmentResult): Block[] {
  const own = r.area.codes.length === 1 ? r.districts.find((d) => d.code === r.area.codes[0]) : undefined;
  const perThousand = `${rate(r.ratePer1000)} crimes per 1,000 residents${r.rateBasis.suffix}`;
  const rankText = r.rank && r.rank.rank !== null
    ? `${r.area.name} had ${perThousand}, ranked ${r.rank.rank} of the ${r.rank.of} districts of the force by rate (1 is the highest)${short(r) ? `, ranked over ${r.rank.over}` : ''}.`
    : r.rank
      ? `${r.area.name} had ${perThousand} and is not ranked${own?.notRanked ? `: ${own.notRanked.replace(/^Not ranked: /, '')}` : ''}.`
      : `${r.area.name} covers more than one district, so it has no single rank among the districts of the force; each district's rank is in the table.`;
  const hotspots = hotspotTable(r);
  return [
    paragraph(`Recorded crime in ${r.labels.period}, by type, against ${r.labels.previous}, with the change across the whole force beside it. Anti-social behaviour is an incident, not a crime: it has its own row and is left out of the crime total and of every crime rate.`),
    crimeTypeTable(r),
    sourceNote(`${comparedNote(r)} ${policeUkNote(r)}`),
    paragraph(rankText),
    ...rankBasisBlocks(r),
    districtTable(r),
    sourceNote(`${rateNote(r)} ${r.populationBase.statement} ${policeUkNote(r)}`),
    paragraph('Crimes and anti-social behaviour month by month, each month beside the same month a year before; a month with no data imported is marked as such rather than counted as none.'),
    monthlyTable(r),
    sourceNote(policeUkNote(r)),
    ...(hotspots ? [hotspots, sourceNote(`${r.caveat} ${policeUkNote(r)}`)] : []),
  ];
}
