// Domain records → the API's public shapes (described in schemas.ts). Pure functions: no database,
// no request. Internal ids, versions and organisation ids stay inside; initiative ids are public so
// that an initiative can be followed from year to year.

import type { Partnership, Organisation, Body } from '../partnerships/service.ts';
import type { Framework } from '../frameworks/service.ts';
import type { PlanRow } from '../plans/queries.ts';
import type { InitiativeDetail, LeadRef, OrgRef, PlanDetail, PlanStatus } from '../plans/types.ts';
import { yearLabel } from '../partnerships/years.ts';

/** Where the API and the web pages live, so that links can be built without a request. */
export interface Bases { api: string; html: string }

const partnershipPath = (b: Bases, slug: string) => ({ self: `${b.api}/partnerships/${slug}`, html: `${b.html}/p/${slug}` });
const planPath = (b: Bases, slug: string, year: string) => ({
  self: `${b.api}/partnerships/${slug}/plans/${year}`, html: `${b.html}/p/${slug}/plans/${year}`,
});

export function partnershipSummary(p: Partnership, b: Bases) {
  return {
    slug: p.slug, name: p.name, shortName: p.shortName, policeForce: p.policeForce,
    areas: p.areas.map((a) => ({ code: a.code, name: a.name })), links: partnershipPath(b, p.slug),
  };
}

export function partnershipDetail(p: Partnership, organisations: Organisation[], bodies: Body[], b: Bases) {
  return {
    ...partnershipSummary(p, b),
    planYearStartMonth: p.planYearStartMonth,
    organisations: organisations.map((o) => ({ name: o.name, acronym: o.acronym, kind: o.kind })),
    bodies: bodies.map((body) => ({
      name: body.name, kind: body.kind,
      members: body.members.map((m) => ({
        name: m.personName, organisation: m.organisationName, role: m.role, termStart: m.termStart, termEnd: m.termEnd,
      })),
    })),
  };
}

export function frameworkList(frameworks: Framework[]) {
  return {
    frameworks: frameworks.map((f) => ({
      name: f.name, kind: f.kind, versionLabel: f.versionLabel, owner: f.owner, startsOn: f.startsOn, endsOn: f.endsOn,
      sections: f.sections.map((s) => ({ title: s.title, commitments: s.commitments, outcome: s.outcome })),
      items: f.items.map((i) => ({ number: i.number, title: i.title, commitments: i.commitments, outcome: i.outcome })),
    })),
  };
}

export function planSummary(slug: string, p: PlanRow & { initiativeCount: number }, b: Bases) {
  const year = yearLabel(p.startYear);
  return {
    year, status: p.status, revision: p.revision, approvedOn: p.approvedOn, approvedBy: p.approvedByBodyName,
    initiativeCount: p.initiativeCount, links: planPath(b, slug, year),
  };
}

const orgRef = (o: OrgRef | LeadRef) => ({ name: o.name, acronym: o.acronym });
const organisations = (list: LeadRef[]) => list.filter((l) => l.type === 'organisation').map(orgRef);
const bodies = (list: LeadRef[]) => list.filter((l) => l.type === 'body').map((b) => ({ name: b.name }));

export function initiative(i: InitiativeDetail) {
  return {
    id: i.id, name: i.name,
    leadOrganisations: organisations(i.leads), supportingOrganisations: organisations(i.supports),
    leadBodies: bodies(i.leads), supportingBodies: bodies(i.supports),
    timing: { kind: i.timingKind, startsOn: i.startsOn, endsOn: i.endsOn, text: i.timingText },
    description: i.description, outcomes: i.outcomes, status: i.status, statusReason: i.statusReason,
    partnershipPriorities: i.priorityRefs,
    frameworkItems: i.frameworkItems.map((f) => ({ framework: f.frameworkName, number: f.number, title: f.title })),
    crimeTypes: i.crimeTypes, wards: i.wards, previousInitiativeId: i.previousInitiativeId,
  };
}

export function planDetail(slug: string, plan: PlanDetail, b: Bases) {
  return {
    partnership: { slug, name: plan.partnershipName, shortName: plan.partnershipShortName },
    year: plan.year, status: plan.status, revision: plan.revision,
    approvedOn: plan.approvedOn, approvedBy: plan.approvedByBodyName, publishedAt: plan.publishedAt,
    introduction: plan.introduction, otherSection: plan.otherSection,
    members: { statutory: plan.members.statutory.map(orgRef), nonStatutory: plan.members.nonStatutory.map(orgRef) },
    frameworks: plan.frameworks.map((f) => ({ name: f.name, kind: f.kind, versionLabel: f.versionLabel })),
    priorities: plan.priorities.map((p) => ({
      kind: p.kind, number: p.kind === 'key' ? p.number : null, title: p.title, commitments: p.commitments, evidence: p.evidence,
      objectives: p.objectives.map((o) => ({ title: o.title, initiatives: o.initiatives.map(initiative) })),
      initiatives: p.initiatives.map(initiative),
    })),
    links: planPath(b, slug, plan.year),
  };
}

/** Anything not yet published must not sit in a browser or proxy cache. */
export function includesUnpublished(statuses: PlanStatus[]): boolean {
  return statuses.some((s) => s !== 'published');
}

export type PartnershipSummaryJson = ReturnType<typeof partnershipSummary>;
export type PartnershipJson = ReturnType<typeof partnershipDetail>;
export type PlanSummaryJson = ReturnType<typeof planSummary>;
export type PlanJson = ReturnType<typeof planDetail>;
export type InitiativeJson = ReturnType<typeof initiative>;
