import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DemoPartnership, DemoInitiative } from '../../../demo/types.ts';
import type { Services } from '../../services.ts';
import { parseYearLabel } from '../partnerships/years.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import * as planQueries from '../plans/queries.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.ts';
import { loadDemoUpdates } from '../delivery/demo.ts';
import { loadDemoRounds } from '../rounds/demo.ts';
import { loadDemoCrime } from '../assessment/import/demo-crime.ts';
import { loadDemoFunding } from '../funding/demo.ts';
import { loadDemoMeetings } from '../meetings/demo.ts';
import { loadDemoMeasures } from '../measures/demo.ts';
import { loadDemoActions } from '../actions/demo.ts';
import { loadDemoCcfa } from '../ccfa/demo.ts';
import { loadDemoGlossary } from '../partnerships/branding/demo-glossary.ts';
import { loadDemoHelp } from '../help/demo.ts';

// CSP_HUB_DEMO_FILE points at another demo file of the same shape (e.g. another partnership's).
export const DEMO_FILE = process.env.CSP_HUB_DEMO_FILE ?? fileURLToPath(new URL('../../../demo/scp.json', import.meta.url));

export function readDemo(): DemoPartnership {
  return JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoPartnership;
}

/** Load the demo partnership through the services, so it passes the same rules as a user's data. */
export async function loadDemo(services: Services, opts: { accounts?: boolean; demo?: DemoPartnership } = {}): Promise<{ partnershipId: number }> {
  const demo = opts.demo ?? readDemo();
  if (await services.partnerships.findBySlug(demo.partnership.slug)) throw new Error(`The ${demo.partnership.slug} partnership is already loaded`);
  const system: Actor = { userId: null, role: 'admin', organisationId: null };
  const partnershipId = await services.partnerships.create(demo.partnership, null);
  const partnership = await services.partnerships.bySlug(demo.partnership.slug);

  // The glossary from the file beside the demo file (scp.glossary.json), when there is one.
  await loadDemoGlossary(services.partnershipAdmin, partnership, opts.demo ? '' : DEMO_FILE, system);

  const orgIds = new Map<string, number>();
  for (const o of demo.organisations) orgIds.set(o.key, await services.partnerships.addOrganisation(partnershipId, o, null));
  const org = (key: string) => { const id = orgIds.get(key); if (!id) throw new Error(`Demo: unknown organisation ${key}`); return id; };

  for (const [label, members] of Object.entries(demo.memberships)) {
    const year = parseYearLabel(label);
    if (year === null) throw new Error(`Demo: bad year ${label}`);
    for (const m of members) await services.partnerships.setMembership(partnershipId, org(m.org), year, m.statutory, null);
  }
  const bodyIds = new Map<string, number>();
  for (const b of demo.bodies) {
    if (orgIds.has(b.key)) throw new Error(`Demo: ${b.key} is both an organisation and a body`);
    bodyIds.set(b.key, await services.partnerships.addBody(partnershipId, { name: b.name, kind: b.kind },
      b.members.map((m) => ({ personName: m.name, organisationId: m.org ? org(m.org) : null, role: m.role, termStart: m.termStart, termEnd: m.termEnd })), null));
  }
  // A lead or supporter is an organisation or one of the partnership's bodies and teams.
  const split = (keys: string[]) => {
    for (const k of keys) if (!orgIds.has(k) && !bodyIds.has(k)) throw new Error(`Demo: unknown organisation or body ${k}`);
    return { organisations: keys.filter((k) => orgIds.has(k)).map(org), bodies: keys.filter((k) => bodyIds.has(k)).map((k) => bodyIds.get(k)!) };
  };
  const frameworkItems = new Map<string, number>();
  const frameworkIds = new Map<string, number>();
  for (const f of demo.frameworks) {
    const { id, itemIds } = await services.frameworks.create(partnershipId, f, system);
    frameworkIds.set(f.key, id);
    for (const [number, itemId] of itemIds) frameworkItems.set(`${f.key}:${number}`, itemId);
  }

  const initiativeIdsByYear = new Map<string, Map<string, number>>();
  for (const plan of demo.plans) {
    const startYear = parseYearLabel(plan.year)!;
    const created = await services.lifecycle.create(partnership, {
      startYear, introduction: plan.introduction, otherSection: plan.otherSection,
      frameworkIds: plan.frameworks.map((k) => frameworkIds.get(k)!).filter(Boolean),
      priorities: plan.priorities.map((p) => ({ kind: p.kind ?? 'key', number: p.number, title: p.title, commitments: p.commitments, evidence: p.evidence, objectives: p.objectives.map((o) => o.title) })),
    }, system);
    const previous = initiativeIdsByYear.get(String(startYear - 1));
    const mine = new Map<string, number>();
    initiativeIdsByYear.set(String(startYear), mine);
    let position = 0;
    const add = async (i: DemoInitiative, priorityNumber: number | null, objectiveTitle: string | null) => {
      const leads = split(i.leads);
      const supports = split(i.supports);
      const id = await planQueries.insertInitiative(services.db, created.planId, {
        priorityId: created.priorityIds.get(priorityNumber)!,
        objectiveId: objectiveTitle ? created.objectiveIds.get(`${priorityNumber}:${objectiveTitle}`) ?? null : null,
        name: i.name, timingKind: i.timingKind, startsOn: i.startsOn, endsOn: i.endsOn, timingText: i.timingText,
        description: i.description, outcomes: i.outcomes, status: i.status, statusReason: i.statusReason,
        priorityRefs: i.priorityRefs, crimeTypes: i.crimeTypes, wards: i.wards,
        leadIds: leads.organisations, supportIds: supports.organisations, leadBodyIds: leads.bodies, supportBodyIds: supports.bodies,
        frameworkItemIds: i.frameworkItems.map((f) => frameworkItems.get(`${f.framework}:${f.number}`)).filter((x): x is number => !!x),
        previousInitiativeId: i.previousKey ? previous?.get(i.previousKey) ?? null : null,
      }, position++);
      mine.set(i.key, id);
    };
    for (const p of plan.priorities) {
      const number = (p.kind ?? 'key') === 'key' ? p.number : null;
      for (const o of p.objectives) for (const i of o.initiatives) await add(i, number, o.title);
      for (const i of p.initiatives) await add(i, number, null);
    }
    if (plan.status !== 'draft') {
      // The approving body, its date and the publication date only where the sources give them.
      if (plan.approvedBy && !bodyIds.has(plan.approvedBy)) throw new Error(`Demo: the ${plan.year} plan is approved by an unknown body ${plan.approvedBy}`);
      await services.lifecycle.approve(partnership, startYear, { bodyId: plan.approvedBy ? bodyIds.get(plan.approvedBy)! : null, approvedOn: plan.approvedOn }, system);
      // Published before it was kept here: recorded with its publication date, never the load time.
      if (plan.status === 'published') await services.lifecycle.publish(partnership, startYear, system, { recorded: { on: plan.publishedOn ?? null } });
    }
  }
  // The funding ledger from the file beside the demo file (scp.funding.json), when there is one.
  if (!opts.demo) await loadDemoFunding(services.funding, partnership, DEMO_FILE, initiativeIdsByYear);
  if (!opts.demo) await loadDemoUpdates(services, partnership, DEMO_FILE, initiativeIdsByYear);
  if (!opts.demo) await loadDemoRounds(services, partnership, DEMO_FILE);
  // Crime data built from real police.uk files (demo/crime), so the assessment works without an import.
  await loadDemoCrime(services.db, partnership);
  await loadDemoMeetings(services.meetings, partnership, opts.demo ? '' : DEMO_FILE, system);
  if (!opts.demo) await loadDemoMeasures(services, partnership, DEMO_FILE);
  await loadDemoActions(services.actions, services.meetings, partnership, opts.demo ? '' : DEMO_FILE, system);
  await loadDemoHelp(services.help, partnership, opts.demo ? '' : DEMO_FILE, system);

  if (opts.accounts ?? true) {
    const idsByName = new Map(demo.organisations.map((o) => [o.name, orgIds.get(o.key)!]));
    for (const a of DEMO_ACCOUNTS) {
      const userId = await services.users.create({ email: a.email, name: a.name, password: DEMO_PASSWORD, isInstanceAdmin: a.role === 'admin' });
      await services.users.grantRole(userId, partnershipId, a.role, a.organisation ? idsByName.get(a.organisation) ?? null : null);
    }
  }
  // After the accounts: the illustrative Councillor Call for Action belongs to the demo councillor's account.
  await loadDemoCcfa(services.ccfa, partnership, opts.demo ? '' : DEMO_FILE, system, services.users.findIdByEmail);
  return { partnershipId };
}
