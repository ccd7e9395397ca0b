// The demo's Councillor Call for Action (demo/scp.ccfa.json beside the demo partnership's file): an
// illustration, clearly marked, recorded through the service with no dates (the seeds give none).
// It stops at the scrutiny officer's decision that it does not qualify: going further would put an
// invented matter on a real meeting of the committee.
import { existsSync, readFileSync } from 'node:fs';
import type { DemoCcfa } from '../../../demo/types.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { CcfaService } from './service.ts';

/** The file of a demo partnership file: scp.json → scp.ccfa.json. */
export const ccfaFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.ccfa.json');

export function readDemoCcfa(demoFile: string): DemoCcfa | null {
  const file = ccfaFileOf(demoFile);
  return demoFile && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoCcfa : null;
}

export async function loadDemoCcfa(ccfa: CcfaService, partnership: Partnership, demoFile: string, actor: Actor,
  userIdOf: (email: string) => Promise<number | null>): Promise<void> {
  const demo = readDemoCcfa(demoFile);
  if (!demo) return;
  const undated = { dateNotRecorded: true };
  const noDate = { 'on-day': '', 'on-month': '', 'on-year': '' };
  for (const m of demo.matters) {
    const id = await ccfa.submitAsCouncillor(partnership, { ward: m.ward, matter: m.matter, location: m.location, tried: m.tried },
      { userId: await userIdOf(m.email), name: m.councillor, email: m.email }, actor, undated);
    await ccfa.decide(partnership, id, { ...noDate, qualifies: m.decision.qualifies ? 'yes' : 'no', reason: m.decision.reason }, actor, undated);
    if (m.notification) await ccfa.notify(partnership, id, { reasons: m.notification }, actor, undated);
    if (m.closed) await ccfa.close(partnership, id, actor, undated);
  }
}
