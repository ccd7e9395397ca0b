// The demo's tracker items (demo/scp.actions.json beside the demo partnership's file), recorded and
// closed through the actions service so they pass the same rules as an officer's own entries.
import { existsSync, readFileSync } from 'node:fs';
import type { DemoActions } from '../../../demo/types.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { MeetingsService } from '../meetings/service.ts';
import type { ActionsService } from './service.ts';

/** The actions file of a demo partnership file: scp.json → scp.actions.json. */
export const actionsFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.actions.json');

export function readDemoActions(demoFile: string): DemoActions | null {
  const file = actionsFileOf(demoFile);
  return demoFile && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoActions : null;
}

/** "2022-02-15" → the three boxes of a date input named `name`; null → empty boxes. */
const dateBoxes = <N extends string>(name: N, iso: string | null) => {
  const [y = '', m = '', d = ''] = iso ? iso.split('-') : [];
  return { [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y } as Record<`${N}-day` | `${N}-month` | `${N}-year`, string>;
};

export async function loadDemoActions(actions: ActionsService, meetings: MeetingsService, partnership: Partnership, demoFile: string, actor: Actor): Promise<void> {
  const demo = readDemoActions(demoFile);
  if (!demo) return;
  const minutes = await meetings.minuteRefs(partnership, actor);
  for (const a of demo.actions) {
    const minute = minutes.find((m) => m.body.name === a.body && m.minuteNumber === a.minute);
    if (!minute) throw new Error(`Demo actions: no minute ${a.minute} of ${a.body}`);
    const id = await actions.record(partnership, minute.id, {
      kind: a.kind, description: a.description, ownerName: a.ownerName, ownerOrganisation: a.ownerOrganisation,
      recommendedTo: a.recommendedTo ?? '', partnerName: a.partnerName, concerns: '', ...dateBoxes('dueOn', a.dueOn),
    }, actor);
    if (a.response) {
      await actions.close(partnership, id, {
        responseBy: a.response.by, response: a.response.text, version: '', ...dateBoxes('closedOn', a.response.on),
      }, actor);
    }
  }
}
