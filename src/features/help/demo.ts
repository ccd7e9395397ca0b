// The demo's help directory (demo/scp.help.json beside the demo file), added through the service so it
// passes the same checks as a coordinator's entries. A demo file without one has an empty directory.
import { existsSync, readFileSync } from 'node:fs';
import type { Actor } from '../../platform/auth/actor.ts';
import type { HelpService } from './service.ts';
import { helpValues } from './form.ts';

export interface DemoHelp { about: string; entries: (Record<string, string | string[]> & { name: string })[] }

export const helpFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.help.json');

export async function loadDemoHelp(help: HelpService, partnership: { id: number }, demoFile: string, actor: Actor): Promise<void> {
  const file = helpFileOf(demoFile);
  if (!demoFile || !existsSync(file)) return;
  const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoHelp;
  for (const e of demo.entries) await help.add(partnership, helpValues(e), actor);
}
