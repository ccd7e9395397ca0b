// When a measure's values fall, so the report shows the figures of its own period. A measure's
// period codes are read for its frequency (the measures feature's codes): a month '2022-06', a
// quarter of the financial year '2021-Q4' (Q1 = April to June), a financial year '2021-22', a
// survey wave '2022-08-22' (one day).
import type { Measure, MeasureValue } from '../../measures/service.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;

/** First and last day of a period, or null when the code is not one of the frequency's. */
export function periodDays(code: string, frequency: Measure['frequency']): { starts: string; ends: string } | null {
  const m = /^(\d{4})-(Q[1-4]|\d{2})(?:-(\d{2}))?$/.exec(code);
  if (!m) return null;
  const y = Number(m[1]);
  switch (frequency) {
    case 'monthly': return { starts: `${code}-01`, ends: lastDay(y, Number(m[2])) };
    case 'annual': return { starts: `${y}-04-01`, ends: `${y + 1}-03-31` };
    case 'wave': return { starts: code, ends: code };
    case 'quarterly': {
      const q = Number(m[2]!.slice(1));
      const year = q === 4 ? y + 1 : y;
      const first = q === 4 ? 1 : q * 3 + 1;
      return { starts: `${year}-${pad(first)}-01`, ends: lastDay(year, first + 2) };
    }
  }
}

/** The latest value of a measure whose period had begun by `until`. */
export function latestValue(m: Measure, until: string): MeasureValue | null {
  const known = m.values.filter((v) => { const d = periodDays(v.period, m.frequency); return d !== null && d.starts <= until; });
  return known.length ? known[known.length - 1]! : null;
}

/** The values whose period overlaps from..to, oldest first. */
export function valuesBetween(m: Measure, from: string, to: string): MeasureValue[] {
  return m.values.filter((v) => { const d = periodDays(v.period, m.frequency); return d !== null && d.starts <= to && d.ends >= from; });
}
