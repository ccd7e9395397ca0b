// Money as whole pence (integers), never floating point: parsed from what people type ("£1,234.50",
// "494000", "43k" is refused) and shown the way the partnership writes it ("£494,000", "£5,513.50").

/** The largest amount accepted: £1,000,000,000,000 (well inside a safe integer of pence). */
const MAX_PENCE = 100_000_000_000_000;

/** "£1,234.5" → 123450; null with a reason when it is not an amount of pounds. */
export function parsePounds(text: string): { pence: number } | { problem: string } {
  const t = text.trim().replace(/^£/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  if (t === '') return { problem: 'is empty' };
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return { problem: 'must be an amount in pounds, like 22511 or 5,513.50' };
  const pence = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE) return { problem: 'is too large' };
  if (pence === 0) return { problem: 'must be more than £0' };
  return { pence };
}

/** 49400000 → "£494,000"; 551350 → "£5,513.50". */
export function formatPounds(pence: number): string {
  const pounds = Math.floor(Math.abs(pence) / 100);
  const rest = Math.abs(pence) % 100;
  const sign = pence < 0 ? '−' : '';
  return `${sign}£${pounds.toLocaleString('en-GB')}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** Pence as a number of pounds, for the API and the 360Giving file (exact to two places). */
export const toPounds = (pence: number): number => pence / 100;

/** Pence as the text a form box shows: "494000", "5513.50". */
export const poundsText = (pence: number): string => (pence % 100 ? (pence / 100).toFixed(2) : String(pence / 100));
