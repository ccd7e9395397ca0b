// The demo partnership's measures (demo/scp.measures.json beside demo/scp.json), loaded through the
// measures service as a user's would be. A demo file without a measures file beside it has none.
import { existsSync, readFileSync } from 'node:fs';
import type { Services } from '../../services.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import { valuesCsv } from './values-csv.ts';
import type { Direction } from './queries.ts';
import type { Frequency } from './periods.ts';

export interface DemoMeasure {
  key: string; name: string; unit: string; description: string;
  /** The source organisation's name as in the demo partnership; null where the seeds do not say. */
  source: string | null;
  frequency: Frequency; direction: Direction; baseline: number | null; target: number | null;
  /** Key priorities by plan year and number. */
  priorities: { plan: string; number: number }[];
  values: { period: string; value: number; note: string }[];
  /** Where the figures are stated: a seed file, its lines, and the row (or survey question) as written there. */
  seed: { file: string; lines: [number, number]; row: string };
}

export interface DemoMeasures { measures: DemoMeasure[] }

/** demo/scp.json → demo/scp.measures.json. */
export const measuresFileFor = (demoFile: string): string => demoFile.replace(/\.json$/, '.measures.json');

export function readDemoMeasures(demoFile: string): DemoMeasures | null {
  const path = measuresFileFor(demoFile);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as DemoMeasures : null;
}

export async function loadDemoMeasures(services: Services, partnership: Partnership, demoFile: string): Promise<number> {
  const demo = readDemoMeasures(demoFile);
  if (!demo) return 0;
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  const organisations = await services.partnerships.organisations(partnership.id);
  const priorityIds = new Map<string, number>();
  for (const year of new Set(demo.measures.flatMap((m) => m.priorities.map((p) => p.plan)))) {
    const plan = await services.plans.get(partnership, parseYearLabel(year)!, system);
    for (const p of plan.priorities) if (p.number !== null) priorityIds.set(`${year}:${p.number}`, p.id);
  }
  for (const m of demo.measures) {
    const source = m.source === null ? null : organisations.find((o) => o.name === m.source);
    if (source === undefined) throw new Error(`Demo measure ${m.key}: unknown organisation ${m.source}`);
    const priorities = m.priorities.map((p) => {
      const id = priorityIds.get(`${p.plan}:${p.number}`);
      if (!id) throw new Error(`Demo measure ${m.key}: the ${p.plan} plan has no priority ${p.number}`);
      return String(id);
    });
    const num = (n: number | null) => (n === null ? '' : String(n));
    const id = await services.measures.create(partnership, {
      name: m.name, unit: m.unit, description: m.description, source: source ? String(source.id) : '', frequency: m.frequency, direction: m.direction,
      baseline: num(m.baseline), baselinePeriod: '', target: num(m.target), targetPeriod: '', priorities, initiatives: [], version: '',
    }, system);
    await services.measures.importValues(partnership, id, valuesCsv(m.values), system);
  }
  return demo.measures.length;
}
