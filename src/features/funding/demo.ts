// The demo partnership's funding ledger (demo/scp.funding.json beside the demo file), loaded through
// the funding service so it passes the same rules as a coordinator's entries. A demo file without a
// funding file beside it has no funding.
import { existsSync, readFileSync } from 'node:fs';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import { parsePounds } from '../../platform/money.ts';
import type { FundingService } from './service.ts';
import type { Recurrence } from './types.ts';

export interface DemoFundingStream {
  name: string; funder: string | null; programme: string | null;
  /** Pounds, as text ("494000"), so no amount passes through floating point. */
  amount: string;
  financialYears: string[]; recurrence: Recurrence | null; recipient: string | null;
  purpose: string | null; conditions: string | null; awardedOn: string | null; endsOn: string | null;
  /** To an initiative of a plan year by its demo key; amount null when the source does not say how much. */
  allocations: { plan: string; initiative: string; amount: string | null }[];
}
export interface DemoFunding { about: string; streams: DemoFundingStream[] }

/** The funding file beside a demo file: scp.json → scp.funding.json. */
export const fundingFileOf = (demoFile: string): string => demoFile.replace(/\.json$/, '.funding.json');

export function readDemoFunding(demoFile: string): DemoFunding | null {
  const file = fundingFileOf(demoFile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoFunding : null;
}

const pence = (pounds: string, what: string): number => {
  const parsed = parsePounds(pounds);
  if ('problem' in parsed) throw new Error(`Demo funding: the amount of ${what} ${parsed.problem}`);
  return parsed.pence;
};

/** `initiativeIds`: plan start year (as text) → initiative key → id, as the demo loader made them. */
export async function loadDemoFunding(funding: FundingService, partnership: Partnership, demoFile: string,
  initiativeIds: Map<string, Map<string, number>>): Promise<void> {
  const demo = readDemoFunding(demoFile);
  if (!demo) return;
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  for (const s of demo.streams) {
    const financialYears = s.financialYears.map((label) => {
      const year = parseYearLabel(label);
      if (year === null) throw new Error(`Demo funding: ${s.name} has a bad financial year ${label}`);
      return year;
    });
    const streamId = await funding.create(partnership, {
      name: s.name, funder: s.funder, funderIdentifier: null, programme: s.programme, amountPence: pence(s.amount, s.name), financialYears,
      recurrence: s.recurrence, recipient: s.recipient, recipientIdentifier: null, purpose: s.purpose, conditions: s.conditions,
      internalNotes: null, awardedOn: s.awardedOn, endsOn: s.endsOn,
    }, system);
    for (const a of s.allocations) {
      const initiativeId = initiativeIds.get(String(parseYearLabel(a.plan)))?.get(a.initiative);
      if (!initiativeId) throw new Error(`Demo funding: ${s.name} is allocated to ${a.initiative}, which is not in the ${a.plan} plan`);
      await funding.allocate(partnership, streamId, {
        initiativeId, amountPence: a.amount === null ? null : pence(a.amount, `${s.name}'s allocation`), startsOn: null, endsOn: null,
      }, system);
    }
  }
}
