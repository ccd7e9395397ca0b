// The progress update form: what it sends back (kept whole, so a form with errors shows it again)
// and its checks, field by field, in the order the fields appear.
import { field, type FormBody } from '../../platform/http/schemas.ts';
import { isDeliveryStatus, isFigureUnit, NEEDS_REASON, STATUS_NAMES, type Figure } from './statuses.ts';
import type { UpdateFields, UpdateRow } from './queries.ts';

export interface FigureValues { label: string; value: string; unit: string }

export interface UpdateFormValues {
  'reportedOn-day': string; 'reportedOn-month': string; 'reportedOn-year': string;
  status: string; reason: string; narrative: string; progress: string; forPublication: string;
  figures: FigureValues[];
  /** The version a correction was started from ('' for a new update). */
  version: string;
}

/** Blank figure rows a form offers; "Add another figure" offers one more. */
export const BLANK_FIGURES = 2;
/** More than this many figures in one update is not a progress update. */
export const MAX_FIGURES = 20;

const blankFigure = (): FigureValues => ({ label: '', value: '', unit: 'number' });
const isBlank = (f: FigureValues) => !f.label.trim() && !f.value.trim();

export function emptyUpdateForm(today: string): UpdateFormValues {
  const [y, m, d] = today.split('-');
  return { 'reportedOn-day': String(Number(d)), 'reportedOn-month': String(Number(m)), 'reportedOn-year': y!, status: '', reason: '',
    narrative: '', progress: '', forPublication: '', figures: Array.from({ length: BLANK_FIGURES }, blankFigure), version: '' };
}

/** The form as sent: figure rows are `figure-N-label`, `figure-N-value`, `figure-N-unit`, numbered from 1. */
export function updateFormFromBody(body: FormBody, opts: { addFigure?: boolean } = {}): UpdateFormValues {
  const rows = Math.min(MAX_FIGURES + 1, Math.max(0, ...Object.keys(body).map((k) => Number(/^figure-(\d{1,3})-/.exec(k)?.[1] ?? 0))));
  const figures = Array.from({ length: rows }, (_, i) => ({
    label: field(body, `figure-${i + 1}-label`), value: field(body, `figure-${i + 1}-value`), unit: field(body, `figure-${i + 1}-unit`) || 'number',
  }));
  if (opts.addFigure || !figures.some(isBlank)) figures.push(blankFigure());
  return {
    'reportedOn-day': field(body, 'reportedOn-day'), 'reportedOn-month': field(body, 'reportedOn-month'), 'reportedOn-year': field(body, 'reportedOn-year'),
    status: field(body, 'status'), reason: field(body, 'reason'), narrative: field(body, 'narrative'), progress: field(body, 'progress'),
    forPublication: field(body, 'forPublication'), figures, version: field(body, 'version'),
  };
}

export function updateFormFromRow(u: UpdateRow): UpdateFormValues {
  const [y, m, d] = u.reportedOn.split('-');
  return {
    'reportedOn-day': String(Number(d)), 'reportedOn-month': String(Number(m)), 'reportedOn-year': y!,
    status: u.status, reason: u.reason ?? '', narrative: u.narrative, progress: u.progress === null ? '' : String(u.progress),
    forPublication: u.forPublication ? 'yes' : 'no',
    figures: [...u.figures.map((f) => ({ label: f.label, value: String(f.value), unit: f.unit })), blankFigure()],
    version: String(u.version),
  };
}

function dateOf(v: UpdateFormValues): string | null {
  const [d, m, y] = [v['reportedOn-day'], v['reportedOn-month'], v['reportedOn-year']].map((x) => x.trim());
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return null;
  const iso = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  // A real day of the calendar: 31 2 2022 is not one.
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : null;
}

const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/** The stored fields, or every problem in form order. `today` (ISO) bounds the date. */
export function parseUpdateForm(v: UpdateFormValues, today: string):
  { ok: true; fields: UpdateFields } | { ok: false; errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const reportedOn = dateOf(v);
  if (!reportedOn) errors.push({ field: 'reportedOn-day', message: 'Enter the date of the update as a real date, for example 31 3 2023' });
  else if (reportedOn > today) errors.push({ field: 'reportedOn-day', message: 'The date of the update must be today or in the past' });
  else if (reportedOn < '2000-01-01') errors.push({ field: 'reportedOn-day', message: 'The date of the update must be in 2000 or later' });
  const status = v.status;
  if (!isDeliveryStatus(status)) errors.push({ field: 'status', message: 'Select how the initiative stands' });
  const reason = v.reason.trim();
  if (isDeliveryStatus(status) && NEEDS_REASON.includes(status) && !reason) {
    errors.push({ field: 'reason', message: `Enter why the initiative is ${STATUS_NAMES[status].toLowerCase()}` });
  }
  if (reason.length > 2000) errors.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
  const narrative = v.narrative.trim();
  if (!narrative) errors.push({ field: 'narrative', message: 'Enter what has happened since the last update' });
  else if (narrative.length > 10000) errors.push({ field: 'narrative', message: 'What has happened must be 10,000 characters or fewer' });
  let progress: number | null = null;
  if (v.progress.trim()) {
    const p = v.progress.trim().replace(/%$/, '');
    if (!/^\d{1,3}$/.test(p) || Number(p) > 100) errors.push({ field: 'progress', message: 'Progress must be a whole number from 0 to 100' });
    else progress = Number(p);
  }
  const figures: Figure[] = [];
  const filled = v.figures.map((f, i) => ({ f, n: i + 1 })).filter(({ f }) => !isBlank(f));
  if (filled.length > MAX_FIGURES) errors.push({ field: `figure-${filled[MAX_FIGURES]!.n}-label`, message: `An update can give at most ${MAX_FIGURES} figures` });
  for (const { f, n } of filled.slice(0, MAX_FIGURES)) {
    const label = f.label.trim();
    const raw = f.value.trim().replace(/^£/, '').replace(/%$/, '');
    if (!label) { errors.push({ field: `figure-${n}-label`, message: `Enter what figure ${n} counts` }); continue; }
    if (label.length > 200) { errors.push({ field: `figure-${n}-label`, message: `What figure ${n} counts must be 200 characters or fewer` }); continue; }
    if (!NUMBER.test(raw)) { errors.push({ field: `figure-${n}-value`, message: `Enter figure ${n} as a number, for example 1,884 or 4.29` }); continue; }
    const value = Number(raw.replace(/,/g, ''));
    if (!isFigureUnit(f.unit)) { errors.push({ field: `figure-${n}-unit`, message: `Select what figure ${n} is counted in` }); continue; }
    if (f.unit === 'rating_5' && (value < 0 || value > 5)) { errors.push({ field: `figure-${n}-value`, message: `A rating out of 5 must be from 0 to 5` }); continue; }
    if (['people', 'sessions', 'referrals'].includes(f.unit) && value < 0) { errors.push({ field: `figure-${n}-value`, message: `Figure ${n} cannot be below 0` }); continue; }
    figures.push({ label, value, unit: f.unit });
  }
  if (v.forPublication !== 'yes' && v.forPublication !== 'no') errors.push({ field: 'forPublication', message: 'Select whether the update may be published' });
  if (errors.length || !reportedOn || !isDeliveryStatus(status)) return { ok: false, errors };
  return { ok: true, fields: { reportedOn, status, reason: reason || null, narrative, progress, figures, forPublication: v.forPublication === 'yes' } };
}
