// The demo's progress updates (demo/scp.updates.json beside the demo file), posted through the
// delivery service so they pass the same checks as a user's. A missing file means no demo updates.
import { existsSync, readFileSync } from 'node:fs';
import type { Services } from '../../services.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import type { DeliveryStatus, FigureUnit } from './statuses.ts';
import { emptyUpdateForm } from './update-form.ts';

export interface DemoUpdates {
  /** What the file holds and where its facts come from. */
  about: string;
  updates: {
    /** The plan year ("2022-23") and the initiative's key in the demo file. */
    year: string; initiative: string;
    /** The date the source gives, or when it gives none the date its narrative says it stands for. */
    reportedOn: string;
    status: DeliveryStatus; reason: string | null; narrative: string;
    figures: { label: string; value: number; unit: FigureUnit }[];
  }[];
}

export const updatesFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.updates.json');

export function readDemoUpdates(demoFile: string): DemoUpdates | null {
  const file = updatesFileOf(demoFile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoUpdates : null;
}

/** `initiativeIds`: plan start year → the demo's initiative key → its id. */
export async function loadDemoUpdates(services: Services, partnership: Partnership, demoFile: string, initiativeIds: Map<string, Map<string, number>>) {
  const demo = readDemoUpdates(demoFile);
  if (!demo) return;
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  for (const u of demo.updates) {
    const id = initiativeIds.get(String(parseYearLabel(u.year)))?.get(u.initiative);
    if (!id) throw new Error(`Demo updates: no initiative ${u.initiative} in the ${u.year} plan`);
    const [y, m, d] = u.reportedOn.split('-');
    await services.delivery.post(partnership, id, {
      ...emptyUpdateForm(u.reportedOn), 'reportedOn-day': d!, 'reportedOn-month': m!, 'reportedOn-year': y!,
      status: u.status, reason: u.reason ?? '', narrative: u.narrative, forPublication: 'yes',
      figures: u.figures.map((f) => ({ label: f.label, value: String(f.value), unit: f.unit })),
    }, system, { organisationId: null });
  }
}
