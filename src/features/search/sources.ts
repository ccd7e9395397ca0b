// What one person sees of a partnership, as search entries: every record is read through its own
// feature's service with that person's actor, so search shows exactly what the feature's pages show
// them (drafts, withheld Part B business and updates not for publication included or not by the
// same rules). Nothing here decides who may read what.
import type { Actor } from '../../platform/auth/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/dates.ts';
import type { Partnership } from '../partnerships/service.ts';
import { planYearOf, yearLabel } from '../partnerships/years.ts';
import type { PlansService } from '../plans/service.ts';
import type { PlanDetail } from '../plans/types.ts';
import { priorityAnchor } from '../plans/priority-label.ts';
import type { DeliveryService } from '../delivery/service.ts';
import type { MeasuresService } from '../measures/service.ts';
import type { FundingService } from '../funding/service.ts';
import type { MeetingsService } from '../meetings/service.ts';
import type { ActionsService } from '../actions/service.ts';
import type { ReportsService } from '../reports/service.ts';
import type { SearchKind } from './kinds.ts';

export interface Entry { kind: SearchKind; refId: number; year: number | null; title: string; body: string; url: string }

export interface SourceServices {
  plans: Pick<PlansService, 'list' | 'get'>;
  delivery: Pick<DeliveryService, 'updatesSince'>;
  measures: Pick<MeasuresService, 'list'>;
  funding: Pick<FundingService, 'list'>;
  meetings: Pick<MeetingsService, 'allMeetings' | 'meeting'>;
  actions: Pick<ActionsService, 'list'>;
  reports: Pick<ReportsService, 'allVersions' | 'publishedVersions' | 'file'>;
  /** A published document's text from its HTML file, read once per index build whoever asks. */
  documentText(p: Partnership, versionId: number, actor: Actor): Promise<string | null>;
}

const joined = (...parts: (string | null | undefined)[]) => parts.filter((x): x is string => !!x && x.trim() !== '').join('\n');

/** Undefined for a record this person may not see (its service says "not found"). */
async function unlessHidden<T>(read: () => Promise<T>): Promise<T | undefined> {
  try { return await read(); } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

function planEntries(p: Partnership, plan: PlanDetail): Entry[] {
  const base = `/p/${p.slug}/plans/${plan.year}`;
  const year = plan.startYear;
  const out: Entry[] = [{ kind: 'plan', refId: plan.id, year, title: `${plan.partnershipShortName} Partnership Plan ${plan.year}`, body: joined(plan.introduction, plan.otherSection), url: base }];
  for (const pr of plan.priorities) {
    const anchor = `${base}#${priorityAnchor(pr)}`;
    out.push({ kind: 'priority', refId: pr.id, year, title: pr.number !== null ? `Priority ${pr.number}: ${pr.title}` : pr.title, body: joined(...pr.commitments, pr.evidence), url: anchor });
    for (const o of pr.objectives) out.push({ kind: 'objective', refId: o.id, year, title: o.title, body: `Under ${pr.number !== null ? `priority ${pr.number}, ` : ''}${pr.title}`, url: anchor });
    for (const i of [...pr.objectives.flatMap((o) => o.initiatives), ...pr.initiatives]) {
      out.push({
        kind: 'initiative', refId: i.id, year, title: i.name, url: `/p/${p.slug}/initiatives/${i.id}`,
        body: joined(i.description, i.outcomes, i.timingText, i.statusReason, ...[...i.leads, ...i.supports].map((l) => (l.acronym ? `${l.name} (${l.acronym})` : l.name))),
      });
    }
  }
  return out;
}

async function plansAndUpdates(s: SourceServices, p: Partnership, actor: Actor): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const row of await s.plans.list(p, actor)) {
    const plan = await unlessHidden(() => s.plans.get(p, row.startYear, actor));
    if (!plan) continue;
    out.push(...planEntries(p, plan));
    for (const u of await unlessHidden(() => s.delivery.updatesSince(p, plan.startYear, new Date(0), actor)) ?? []) {
      out.push({
        kind: 'update', refId: u.id, year: plan.startYear, title: `Update on ${u.initiativeName}, ${formatDate(u.reportedOn)}`,
        body: joined(u.narrative, u.reason, ...u.figures.map((f) => f.text)), url: `/p/${p.slug}/initiatives/${u.initiativeId}#update-${u.id}`,
      });
    }
  }
  return out;
}

async function meetingsAndMinutes(s: SourceServices, p: Partnership, actor: Actor): Promise<Entry[]> {
  const out: Entry[] = [];
  const { meetings } = await s.meetings.allMeetings(p);
  for (const m of meetings) {
    const view = await unlessHidden(() => s.meetings.meeting(p, m.id, actor));
    if (!view) continue;
    const url = `/p/${p.slug}/meetings/${m.id}`;
    const year = planYearOf(new Date(`${view.meetsOn}T12:00:00Z`), p.planYearStartMonth);
    const when = `${view.body.name}, ${formatDate(view.meetsOn)}`;
    out.push({ kind: 'meeting', refId: m.id, year, title: when, url,
      body: joined(view.venue, ...view.agenda.filter((i) => !i.withheld).flatMap((i) => [i.title, i.description])) });
    for (const minute of view.minutes.filter((x) => !x.withheld)) {
      out.push({ kind: 'minute', refId: minute.id, year, title: `Minute ${minute.minuteNumber}${minute.title ? `: ${minute.title}` : ''} (${when})`,
        body: joined(minute.text, ...minute.resolutions), url: `${url}#minute-${minute.minuteNumber}` });
    }
  }
  return out;
}

async function documents(s: SourceServices, p: Partnership, actor: Actor): Promise<Entry[]> {
  // Members who see drafts see every version; the reports service refuses anyone else, who sees the published ones.
  const versions = await unlessHidden(() => s.reports.allVersions(p, actor)) ?? await s.reports.publishedVersions(p);
  const out: Entry[] = [];
  for (const v of versions) {
    if (!v.files.some((f) => f.format === 'html')) continue;
    const text = await s.documentText(p, v.id, actor);
    if (text === null) continue;
    const year = /^year:(\d{4})$/.exec(v.scopeKey)?.[1];
    out.push({ kind: 'document', refId: v.id, year: year ? Number(year) : planYearOf(new Date(v.asOf), p.planYearStartMonth),
      title: `${v.title}${v.publishedAt ? '' : ` (version ${v.number}, not published)`}`, body: text, url: `/p/${p.slug}/documents/versions/${v.id}/document.html` });
  }
  return out;
}

/** Every searchable record of the partnership as `actor` may see it. */
export async function entriesFor(s: SourceServices, p: Partnership, actor: Actor): Promise<Entry[]> {
  const [plans, measures, streams, meetings, actions, docs] = await Promise.all([
    plansAndUpdates(s, p, actor),
    s.measures.list(p),
    s.funding.list(p, actor),
    meetingsAndMinutes(s, p, actor),
    s.actions.list(p, actor),
    documents(s, p, actor),
  ]);
  return [
    ...plans,
    ...measures.map((m): Entry => ({ kind: 'measure', refId: m.id, year: null, title: m.name, body: joined(m.description, m.unit), url: `/p/${p.slug}/measures/${m.id}` })),
    ...streams.map((f): Entry => ({
      kind: 'funding', refId: f.id, year: f.financialYears.length ? Math.min(...f.financialYears) : null, title: f.name, url: `/p/${p.slug}/funding/streams/${f.id}`,
      body: joined(f.funder, f.programme, f.recipient, f.purpose, f.conditions, f.internalNotes, ...f.financialYears.map(yearLabel)),
    })),
    ...meetings,
    ...actions.map((a): Entry => ({
      kind: 'action', refId: a.id, year: planYearOf(new Date(`${a.minute.meetsOn}T12:00:00Z`), p.planYearStartMonth),
      title: a.description.length > 120 ? `${a.description.slice(0, 117)}…` : a.description, url: `/p/${p.slug}/actions/${a.id}`,
      body: joined(a.description, a.ownerName, a.ownerOrganisation, a.partnerName, a.concernsLabel, a.response, `${a.minute.body.name} minute ${a.minute.minuteNumber}`),
    })),
    ...docs,
  ];
}
