// When an initiative runs, as plans write it: "12 July 2022 to 31 March 2023", "May 2020-May 2023",
// "30 March – 5 April 2020", "October 2019 - Ongoing", "Various Dates", "BAU Ongoing", "Early 2021".
import type { TimingKind } from '../types.ts';

export interface ParsedTiming { kind: TimingKind; startsOn: string | null; endsOn: string | null; text: string | null }

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const monthNumber = (m: string) => MONTHS.findIndex((x) => x.startsWith(m.toLowerCase().slice(0, 3))) + 1;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Point { day: number | null; month: number; year: number | null }

/** The dated points in the text, in order: "30 March", "5 April 2020", "May 2020". */
function points(text: string): Point[] {
  const re = new RegExp(`(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+)?${MONTH}\\.?(?:\\s+(\\d{4}))?\\b`, 'gi');
  const out: Point[] = [];
  for (const m of text.matchAll(re)) out.push({ day: m[1] ? Number(m[1]) : null, month: monthNumber(m[2]!), year: m[3] ? Number(m[3]) : null });
  return out;
}

const iso = (p: Point, end: boolean): string | null => {
  if (p.year === null) return null;
  const day = p.day ?? (end ? lastDay(p.year, p.month) : 1);
  if (day < 1 || day > lastDay(p.year, p.month)) return null;
  return `${p.year}-${pad(p.month)}-${pad(day)}`;
};

/** "12 July 2022 to 31 March 2023": exactly what the plan document writes for dates, so nothing is lost by not keeping it. */
const CANONICAL = /^(from |by )?\d{1,2} [A-Z][a-z]+ \d{4}( to \d{1,2} [A-Z][a-z]+ \d{4})?$/i;

export function parseTiming(raw: string | null | undefined): ParsedTiming {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return { kind: 'not_recorded', startsOn: null, endsOn: null, text: null };
  const lower = text.toLowerCase();
  const pts = points(text);
  // A missing year comes from the point after it ("30 March – 5 April 2020").
  for (let i = pts.length - 2; i >= 0; i--) if (pts[i]!.year === null) pts[i]!.year = pts[i + 1]!.year;
  const first = pts[0] ? iso(pts[0], false) : null;
  if (/various/.test(lower)) return { kind: 'various', startsOn: first, endsOn: null, text };
  if (/\bbau\b|business as usual/.test(lower)) return { kind: 'business_as_usual', startsOn: first, endsOn: null, text };
  if (/ongoing|onwards|continuing/.test(lower)) return { kind: 'ongoing', startsOn: first, endsOn: null, text: lower === 'ongoing' ? null : text };
  const bareYear = /^(early |mid |late |spring |summer |autumn |winter )?(\d{4})$/i.exec(text);
  if (!pts.length && bareYear) return { kind: 'dates', startsOn: null, endsOn: null, text };
  if (!pts.length) return { kind: 'not_recorded', startsOn: null, endsOn: null, text };
  const keep = CANONICAL.test(text) ? null : text;
  if (/^by\b/i.test(text)) return { kind: 'dates', startsOn: null, endsOn: iso(pts[0]!, true), text: keep };
  const last = pts.length > 1 ? iso(pts[pts.length - 1]!, true) : null;
  return { kind: 'dates', startsOn: first, endsOn: last, text: keep };
}

const TIMING_WORD = new RegExp(`^(${MONTH}\\.?|\\d{1,2}(st|nd|rd|th)?|\\d{4}|[-–—]|to|ongoing|onwards|various|dates?|bau|launched|early|mid|late|from|by|and|spring|summer|autumn|winter|continuing)$`, 'i');

/**
 * The timing written at the end of a seed-plan first cell ("PSPO Car Parks CBC … May 2020-May 2023"):
 * the text before it and the timing, or no timing when the end is not one.
 */
export function splitTrailingTiming(text: string): { rest: string; timing: string | null } {
  const tokens = text.split(/\s+/).filter(Boolean);
  // "May 2020-May 2023" and "2020-" are timing; "Anti-Social" is not.
  const isTiming = (t: string) => t.split(/([-–—])/).filter(Boolean).every((piece) => TIMING_WORD.test(piece));
  let i = tokens.length;
  while (i > 0 && isTiming(tokens[i - 1]!)) i--;
  // Connectors alone are not timing ("… Team and").
  while (i < tokens.length && /^(and|[-–—]|to)$/i.test(tokens[i]!)) i++;
  const timing = tokens.slice(i);
  const meaningful = timing.some((t) => /\d{4}|ongoing|onwards|various|\bbau\b/i.test(t));
  if (!meaningful) return { rest: text.trim(), timing: null };
  return { rest: tokens.slice(0, i).join(' '), timing: timing.join(' ') };
}
