// The generic partner dataset: one CSV with `area_code,period,category,count` for council ASB,
// fire and rescue and other partner figures. Strict like the police.uk importer: any bad line
// refuses the file with its line number, so a partial dataset never reaches a report.
import { basename } from 'node:path';
import { readRecords } from '../../csv/read-records.ts';
import { ImportError } from '../../csv/errors.ts';
import type { ReadLimits } from '../../csv/limits.ts';
import type { TableRows } from '../police-uk/tables.ts';
import type { Clearing } from '../queries.ts';

export const PARTNER_HEADER = ['area_code', 'period', 'category', 'count'] as const;

export interface PartnerFigure {
  areaCode: string;
  /** YYYY-MM (a month) or YYYY-Qn (calendar quarter: Q1 = January to March). */
  period: string;
  category: string;
  count: number;
}

export interface PartnerImport {
  label: string;
  sha256: string;
  bytes: number;
  figures: PartnerFigure[];
  /** Distinct periods in the file: a later import of the same dataset replaces these. */
  periods: string[];
}

/** ONS area codes: E/W/S/N then eight digits (LSOA, ward, district, county, force area). */
const AREA = /^[EWSN]\d{8}$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export function periodProblem(value: string, today = new Date()): string | null {
  const m = MONTH.exec(value) ?? QUARTER.exec(value);
  if (!m) return `period '${value}' is neither a month (YYYY-MM) nor a quarter (YYYY-Qn)`;
  const year = Number(m[1]);
  if (MONTH.test(value) && (Number(m[2]) < 1 || Number(m[2]) > 12)) return `'${value}' is not a real month`;
  if (year < 2000 || year > today.getUTCFullYear()) return `the year in '${value}' is out of range (2000 to this year)`;
  return null;
}

export function countProblem(value: string): string | null {
  // Spreadsheets write 1,234 (quoted); accept that, but not decimals, negatives or blanks.
  if (!/^\d{1,3}(,\d{3})*$|^\d+$/.test(value)) return `count '${value}' is not a whole number of 0 or more`;
  return null;
}

export async function parsePartnerFile(path: string, opts: { label?: string; today?: Date; limits?: ReadLimits } = {}): Promise<PartnerImport> {
  const label = opts.label ?? basename(path);
  const figures: PartnerFigure[] = [];
  const seen = new Map<string, number>();
  const periods = new Set<string>();
  const read = await readRecords(path, { header: PARTNER_HEADER, kind: 'a partner dataset (area_code,period,category,count)', looseHeader: true, label, limits: opts.limits }, (f, lineNo) => {
    const [area, period, category, count] = f.map((v) => v.trim()) as [string, string, string, string];
    const fail = (problem: string): never => {
      throw new ImportError(label, lineNo, problem);
    };
    if (!AREA.test(area)) fail(`area code '${area}' is not an ONS code such as E07000071`);
    const p = periodProblem(period, opts.today);
    if (p) fail(p);
    if (!category) fail('the category is blank');
    if (category.length > 100) fail('the category is longer than 100 characters');
    const c = countProblem(count);
    if (c) fail(c);
    const key = `${area}|${period}|${category.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier) fail(`${area} ${period} '${category}' is already on line ${earlier}`);
    seen.set(key, lineNo);
    periods.add(period);
    figures.push({ areaCode: area, period, category, count: Number(count.replace(/,/g, '')) });
  });
  return { label, sha256: read.sha256, bytes: read.bytes, figures, periods: [...periods].sort() };
}

/** Rows for partner_figure and what to clear so that a re-import replaces the same periods. */
export function partnerTables(imp: PartnerImport, partnershipId: string, dataset: string): { deletes: Clearing[]; tables: TableRows[] } {
  return {
    deletes: [{ table: 'partner_figure', partnershipId, dataset, periods: imp.periods }],
    tables: [
      {
        table: 'partner_figure',
        columns: ['partnership_id', 'dataset', 'area_code', 'period', 'category', 'count'],
        rows: imp.figures.map((f) => [partnershipId, dataset, f.areaCode, f.period, f.category, f.count]),
      },
    ],
  };
}
