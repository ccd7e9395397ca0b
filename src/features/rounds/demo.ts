// The demo's update rounds (demo/scp.rounds.json beside the demo file), opened through the rounds
// service as rounds held before they were kept here. A missing file means no demo rounds.
import { existsSync, readFileSync } from 'node:fs';
import type { Services } from '../../services.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { parseYearLabel } from '../partnerships/years.ts';

export interface DemoRounds {
  /** What the file holds, and that its dates are illustrative where the sources give none. */
  about: string;
  /** `year` is the plan's ("2022-23"); the round opened at 9am on `openedOn` (UK time). */
  rounds: { title: string; year: string; openedOn: string; dueOn: string }[];
}

export const roundsFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.rounds.json');

export function readDemoRounds(demoFile: string): DemoRounds | null {
  const file = roundsFileOf(demoFile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoRounds : null;
}

export async function loadDemoRounds(services: Services, partnership: Partnership, demoFile: string) {
  const demo = readDemoRounds(demoFile);
  if (!demo) return;
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  for (const r of demo.rounds) {
    const startYear = parseYearLabel(r.year);
    if (startYear === null) throw new Error(`Demo rounds: bad plan year ${r.year}`);
    const [y, m, d] = r.dueOn.split('-');
    await services.rounds.open(partnership, { title: r.title, plan: String(startYear), meeting: '', 'dueOn-day': d!, 'dueOn-month': m!, 'dueOn-year': y! },
      system, { openedAt: `${r.openedOn}T08:00:00Z` });
  }
}
