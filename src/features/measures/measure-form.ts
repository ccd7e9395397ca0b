// The measure form: what was typed (kept as typed, to show again with its errors) and what it means.
import { asArray } from '../../platform/http/forms.ts';
import { field, type FormBody } from '../../platform/http/schemas.ts';
import { isFrequency, parsePeriod, PERIOD_HINTS, type Frequency } from './periods.ts';
import { parseNumber } from './values-csv.ts';
import type { Direction, Links, MeasureFields } from './queries.ts';

export const DIRECTIONS: Direction[] = ['up', 'down', 'neither'];
export const DIRECTION_NAMES: Record<Direction, string> = { up: 'Up is good', down: 'Down is good', neither: 'Neither: it is watched, not judged' };

export interface MeasureFormValues {
  name: string; unit: string; description: string; source: string; frequency: string; direction: string;
  baseline: string; baselinePeriod: string; target: string; targetPeriod: string;
  priorities: string[]; initiatives: string[]; version: string;
}

export function measureFormValues(body: FormBody): MeasureFormValues {
  return {
    name: field(body, 'name'), unit: field(body, 'unit'), description: field(body, 'description'), source: field(body, 'source'),
    frequency: field(body, 'frequency'), direction: field(body, 'direction'),
    baseline: field(body, 'baseline'), baselinePeriod: field(body, 'baselinePeriod'), target: field(body, 'target'), targetPeriod: field(body, 'targetPeriod'),
    priorities: asArray(body.priorities), initiatives: asArray(body.initiatives), version: field(body, 'version'),
  };
}

type Problem = { field: string; message: string };

/** An optional figure with an optional period of the measure's frequency. */
function optionalFigure(value: string, period: string, frequency: Frequency | null, name: 'baseline' | 'target', problems: Problem[]) {
  let figure: number | null = null;
  let code: string | null = null;
  if (value.trim()) {
    const n = parseNumber(value);
    if (n.ok) figure = n.value;
    else problems.push({ field: name, message: `The ${name}: ${n.message}` });
  }
  if (period.trim()) {
    if (!value.trim()) problems.push({ field: name, message: `Enter the ${name}’s figure, or leave its period empty` });
    if (frequency) {
      const p = parsePeriod(period, frequency);
      if (p.ok) code = p.period.code;
      else problems.push({ field: `${name}Period`, message: `The ${name}’s period: ${p.message}` });
    }
  }
  return { figure, code };
}

const ids = (list: string[]) => list.filter((s) => /^[1-9]\d{0,9}$/.test(s)).map(Number);

export function parseMeasureForm(v: MeasureFormValues): { ok: true; fields: MeasureFields; links: Links } | { ok: false; errors: Problem[] } {
  const problems: Problem[] = [];
  const name = v.name.trim();
  const unit = v.unit.trim();
  if (!name) problems.push({ field: 'name', message: 'Enter the measure’s name' });
  else if (name.length > 200) problems.push({ field: 'name', message: 'The name must be 200 characters or fewer' });
  if (!unit) problems.push({ field: 'unit', message: 'Enter the unit, for example referrals, % agree or crimes per 1,000 residents' });
  else if (unit.length > 60) problems.push({ field: 'unit', message: 'The unit must be 60 characters or fewer' });
  if (v.description.length > 2000) problems.push({ field: 'description', message: 'The description must be 2,000 characters or fewer' });
  const frequency = isFrequency(v.frequency) ? v.frequency : null;
  if (!frequency) problems.push({ field: 'frequency', message: 'Select how often the measure is reported' });
  const direction = (DIRECTIONS as string[]).includes(v.direction) ? (v.direction as Direction) : null;
  if (!direction) problems.push({ field: 'direction', message: 'Select which way is good' });
  const source = v.source === '' ? null : /^[1-9]\d{0,9}$/.test(v.source) ? Number(v.source) : NaN;
  if (Number.isNaN(source)) problems.push({ field: 'source', message: 'Select the organisation from the list' });
  const baseline = optionalFigure(v.baseline, v.baselinePeriod, frequency, 'baseline', problems);
  const target = optionalFigure(v.target, v.targetPeriod, frequency, 'target', problems);
  if (problems.length || !frequency || !direction) return { ok: false, errors: problems };
  return {
    ok: true,
    fields: {
      name, unit, description: v.description.trim(), sourceOrganisationId: source, frequency, direction,
      baseline: baseline.figure, baselinePeriod: baseline.code, target: target.figure, targetPeriod: target.code,
    },
    links: { priorityIds: [...new Set(ids(v.priorities))], initiativeIds: [...new Set(ids(v.initiatives))] },
  };
}

export { PERIOD_HINTS };
