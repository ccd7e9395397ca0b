// The demo partnership's glossary (demo/scp.glossary.json beside the demo file), added through the
// administration service so it passes the same checks as an administrator's entries.
import { existsSync, readFileSync } from 'node:fs';
import type { DemoGlossary } from '../../../../demo/types.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../queries.ts';
import type { PartnershipAdminService } from '../admin-service.ts';

/** The glossary file of a demo partnership file: scp.json → scp.glossary.json. */
export const glossaryFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.glossary.json');

export async function loadDemoGlossary(admin: PartnershipAdminService, partnership: Partnership, demoFile: string, actor: Actor): Promise<void> {
  const file = glossaryFileOf(demoFile);
  if (!demoFile || !existsSync(file)) return;
  const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoGlossary;
  for (const t of demo.terms) await admin.addGlossaryTerm(partnership, { term: t.term, meaning: t.meaning, version: '' }, actor);
}
