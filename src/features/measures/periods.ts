// The periods a measure's values are for, as written in forms and CSV files and as shown to people.
// Quarters and years are the financial year's (April to March), as partnerships report them:
//   monthly    2022-06     → "June 2022"
//   quarterly  2021-Q1     → "Q1 2021-22" (April to June 2021); Q4 is January to March of the next year
//   annual     2021-22     → "2021-22" (April 2021 to March 2022)
//   survey wave 2022-08-22 → "Wave of 22 August 2022" (the date the wave began)
// A period is read for the measure's frequency: "2011-12" is December 2011 to a monthly measure and
// the year 2011-12 to an annual one.
import { formatDate, MONTHS } from '../../platform/dates.ts';

export const FREQUENCIES = ['monthly', 'quarterly', 'annual', 'wave'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_NAMES: Record<Frequency, string> = {
  monthly: 'Monthly', quarterly: 'Quarterly (financial year)', annual: 'Annual (financial year)', wave: 'Survey wave',
};

/** How to write a period of each frequency, for hints and error messages. */
export const PERIOD_HINTS: Record<Frequency, string> = {
  monthly: 'a month as 2022-06',
  quarterly: 'a quarter of the financial year as 2021-Q1 (April to June 2021)',
  annual: 'a financial year as 2021-22',
  wave: 'the date the survey wave began as 2022-08-22',
};

export interface Period {
  /** As stored and exported: 2022-06, 2021-Q1, 2021-22, 2022-08-22. */
  code: string;
  /** As shown to people: "June 2022", "Q1 2021-22", "2021-22", "Wave of 22 August 2022". */
  label: string;
  /** First and last day it covers (calendar dates). */
  starts: string;
  ends: string;
}

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const fyLabel = (y: number) => `${y}-${pad((y + 1) % 100)}`;
// Years a partnership's figures can be for; anything else is a typing slip.
const sensibleYear = (y: number) => y >= 1990 && y <= 2100;

function month(y: number, m: number): Period {
  return { code: `${y}-${pad(m)}`, label: `${MONTHS[m - 1]} ${y}`, starts: iso(y, m, 1), ends: iso(y, m, daysIn(y, m)) };
}

function quarter(y: number, q: number): Period {
  // Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March of the next year.
  const firstMonth = ((q - 1) * 3 + 3) % 12 + 1;
  const year = q === 4 ? y + 1 : y;
  return { code: `${y}-Q${q}`, label: `Q${q} ${fyLabel(y)}`, starts: iso(year, firstMonth, 1), ends: iso(year, firstMonth + 2, daysIn(year, firstMonth + 2)) };
}

function financialYear(y: number): Period {
  return { code: fyLabel(y), label: fyLabel(y), starts: iso(y, 4, 1), ends: iso(y + 1, 3, 31) };
}

function wave(y: number, m: number, d: number): Period {
  const date = iso(y, m, d);
  return { code: date, label: `Wave of ${formatDate(date)}`, starts: date, ends: date };
}

const refuse = (text: string, frequency: Frequency, why = ''): ParsedPeriod =>
  ({ ok: false, message: `“${text}” is not ${why || 'a period this measure can have'}: write ${PERIOD_HINTS[frequency]}` });

/** Read a period written for a measure of this frequency. Surrounding spaces are ignored. */
export function parsePeriod(input: string, frequency: Frequency): ParsedPeriod {
  const text = input.trim();
  if (!text) return { ok: false, message: `Enter the period: ${PERIOD_HINTS[frequency]}` };
  switch (frequency) {
    case 'monthly': {
      const m = /^(\d{4})-(\d{2})$/.exec(text);
      if (!m) return refuse(text, frequency, 'a month');
      const [y, mo] = [Number(m[1]), Number(m[2])];
      if (!sensibleYear(y) || mo < 1 || mo > 12) return refuse(text, frequency, 'a month');
      return { ok: true, period: month(y, mo) };
    }
    case 'quarterly': {
      // 2021-Q1, or as shown: Q1 2021-22.
      const m = /^(\d{4})-Q(\d)$/i.exec(text);
      const shown = /^Q(\d) (\d{4})-(\d{2})$/i.exec(text);
      const y = m ? Number(m[1]) : shown ? Number(shown[2]) : NaN;
      const q = m ? Number(m[2]) : shown ? Number(shown[1]) : NaN;
      if (shown && Number(shown[3]) !== (y + 1) % 100) return refuse(text, frequency, 'a financial year’s quarter');
      if (!sensibleYear(y) || q < 1 || q > 4) return refuse(text, frequency, 'a quarter');
      return { ok: true, period: quarter(y, q) };
    }
    case 'annual': {
      const m = /^(\d{4})[-/](\d{2})$/.exec(text);
      if (!m) return refuse(text, frequency, 'a financial year');
      const y = Number(m[1]);
      if (!sensibleYear(y) || Number(m[2]) !== (y + 1) % 100) return refuse(text, frequency, 'a financial year');
      return { ok: true, period: financialYear(y) };
    }
    case 'wave': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) return refuse(text, frequency, 'a date');
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (!sensibleYear(y) || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return refuse(text, frequency, 'a date');
      return { ok: true, period: wave(y, mo, d) };
    }
  }
}

/** A stored period code (known good) back to its period. */
export function periodOf(code: string, frequency: Frequency): Period {
  const parsed = parsePeriod(code, frequency);
  if (!parsed.ok) throw new Error(`Stored period ${code} is not ${frequency}`);
  return parsed.period;
}

/**
 * Time order, for periods of any kinds: by the day each ends, and of two ending together the shorter
 * first — so the months of a quarter come before the quarter, and the quarters before their year.
 */
export function comparePeriods(a: Pick<Period, 'starts' | 'ends'>, b: Pick<Period, 'starts' | 'ends'>): number {
  if (a.ends !== b.ends) return a.ends < b.ends ? -1 : 1;
  if (a.starts !== b.starts) return a.starts > b.starts ? -1 : 1;
  return 0;
}

export function isFrequency(value: string): value is Frequency {
  return (FREQUENCIES as readonly string[]).includes(value);
}
