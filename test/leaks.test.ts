// The leak guard: unpublished text never reaches anyone who may not see it, on any page of the app.
//
// It plants a unique sentinel string in every kind of unpublished record, then walks EVERY GET route
// of the app — read from the route table as the app is built, not from a list kept here — with each
// parameter filled with real values, as an anonymous visitor, a viewer of another partnership and a
// committee member of the partnership, and fails on any sentinel in any response (HTML, JSON, CSV,
// the text inside a Word file or a PDF, and the headers). A signed-in coordinator walks first: every
// sentinel must show up for them somewhere, so the walk is known to reach the planted records.
//
// KEEP IT AS THE GUARD FOR EVERY NEW CAPABILITY:
// - A new kind of unpublished record (a draft report, exempt minutes, a private note…): create it in
//   `plant()` through the services, as `actor`, with its text made by `sentinel('NAME', 'what it is')`.
//   Pass `hiddenFrom` when some walkers may see it (a staff name is fine for a signed-in member).
// - A new route parameter: the test fails with "cannot fill :name". Add a filler to FILLERS (param name
//   → values; use the ids of the planted records and of an ordinary one), or, for an `:id` under a new
//   path segment, an entry to ID_BY_SEGMENT.
// - A route that only answers usefully with a query (`?with=`, `?year=`): add it to QUERY_VARIANTS.
//   Search is walked that way: every planted sentinel is looked for through it, so a new one is too.
//   Links to the same page with `format=` (CSV, JSON downloads) are found on the coordinator's pages.
//
// Not planted, and why: frameworks and their items have no draft state (they are public when saved);
// the population note ("reason and source of the figure") is shown with the rates it explains; a funding
// stream and its allocations record public money and are public (all but its internal notes, planted).
// measures and their values (notes too) are published figures, public once saved, with no draft state —
// but a measure linked to the draft plan's planted priority and initiative is walked, so its page must
// not name them.
// The help directory's published entries are public; a draft entry is planted.
// The statutory calendar holds no text of its own (the day a plan was sent to the PCC is a date on a
// members' page), and reads plans through the plans service as the person asking may see them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { testApp, Agent } from './helpers.ts';
import { pngOf } from './logos.ts';
import { readZip } from '../src/documents/zip-read.ts';
import type { Actor } from '../src/platform/auth/actor.ts';
import type { Services } from '../src/services.ts';
import { formValuesFromBody, formValuesFromInitiative } from '../src/features/plans/initiative-form.ts';
import { priorityValuesFrom } from '../src/features/plans/priority-form.ts';
import { allInitiatives } from '../src/features/plans/compare.ts';
import { formValuesOf } from '../src/features/assessment/scoring/service.ts';
import { yearLabel } from '../src/features/partnerships/years.ts';
import { emptyUpdateForm, type UpdateFormValues } from '../src/features/delivery/update-form.ts';
import { SEARCH_KINDS } from '../src/features/search/kinds.ts';
import { helpValues } from '../src/features/help/form.ts';
import { loadGeography } from '../src/features/assessment/geography/lookup.ts';

// ---- Sentinels ---------------------------------------------------------------------------------

const WALKERS = ['anonymous', 'otherViewer', 'committee'] as const;
type Walker = (typeof WALKERS)[number];
interface Sentinel { text: string; what: string; hiddenFrom: readonly Walker[] }
const SENTINELS: Sentinel[] = [];

/** A unique string to plant; the suffix keeps one sentinel from being the start of another. */
function sentinel(name: string, what: string, hiddenFrom: readonly Walker[] = WALKERS): string {
  const text = `SENTINEL-${name}-7Q`;
  assert.ok(!SENTINELS.some((s) => s.text === text), `sentinel ${name} is planted twice`);
  SENTINELS.push({ text, what, hiddenFrom });
  return text;
}

// ---- The app, the people and the records -------------------------------------------------------

const PASSWORD = `leaks-${randomBytes(6).toString('hex')}`;
const OTHER_SLUG = 'leaks-other';
const EMAILS = { coordinator: 'coordinator@leaks.test', committee: 'committee@leaks.test', otherViewer: 'viewer@leaks.test' };

let t: Awaited<ReturnType<typeof testApp>>;
const routeTable: string[] = [];

/** Ids and years the fillers hand out: the planted records and a few ordinary ones. */
const v = {
  years: [] as string[], initiatives: [] as number[], priorities: [] as number[], objectivesOf: new Map<number, number[]>(),
  users: [] as number[], organisations: [] as number[], bodies: [] as number[], membersOf: new Map<number, number[]>(),
  frameworkItems: [] as number[], frameworkSections: [] as number[], imports: [] as number[], planImports: [] as string[], issues: [] as number[], scoringSets: [] as number[], jobs: [] as string[],
  partnershipYears: [] as number[], unpublishedYears: [] as string[], messages: [] as number[], fundingStreams: [] as number[],
  meetings: [] as number[], minutes: [] as number[], reports: [] as number[], measures: [] as number[], updates: [] as number[],
  actions: [] as number[], referrals: [] as number[],
  rounds: [] as number[],
  ccfa: [] as number[], ccfaTokens: [] as string[],
  glossaryTerms: [] as number[],
  helpEntries: [] as number[],
  reportScopes: [] as string[], reportVersions: [] as number[],
  wards: [] as string[],
};

// A small count planted in a ward's street-level crime: the public ward page and API may name its
// crime type but must give it only as "fewer than 5" (the walk checks every public answer naming it).
const SMALL_COUNT_TYPE = 'Small count probe';
let smallCountSeen = 0;

async function plant(services: Services): Promise<void> {
  const scp = await services.partnerships.bySlug('scp');

  // People: the coordinator who makes every change (their name is itself not for the public),
  // a committee member of scp, and a viewer of another partnership.
  const staffName = sentinel('STAFF-NAME', 'the name of the coordinator who made the changes', ['anonymous', 'otherViewer']);
  const coordinatorId = await services.users.create({ email: EMAILS.coordinator, name: staffName, password: PASSWORD });
  await services.users.grantRole(coordinatorId, scp.id, 'coordinator');
  const actor: Actor = { userId: coordinatorId, role: 'coordinator', organisationId: null };
  const committeeId = await services.users.create({ email: EMAILS.committee, name: 'Cllr Leak Test', password: PASSWORD });
  await services.users.grantRole(committeeId, scp.id, 'committee_member');
  const otherId = await services.partnerships.create({
    slug: OTHER_SLUG, name: 'Other Test Partnership', shortName: 'OTP', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000076', name: 'Tendring' }],
  }, null);
  const viewerId = await services.users.create({ email: EMAILS.otherViewer, name: 'Other Viewer', password: PASSWORD });
  await services.users.grantRole(viewerId, otherId, 'viewer');

  const published = await services.plans.get(scp, 2022, actor);
  const inPublished = allInitiatives(published);
  // A: carried over from 2021-22, changed during a revision of 2022-23. B: its 2021-22 record, changed
  // during a revision of 2021-22 that is approved but not yet published. C: carried into the 2023-24 draft.
  const a = inPublished.find((i) => i.previousInitiativeId !== null);
  assert.ok(a, 'the demo 2022-23 plan has an initiative carried from 2021-22');
  const bId = a.previousInitiativeId!;
  const preview = await services.lifecycle.rollForwardPreview(scp, 2022, actor);
  const c = preview.carry.find((i) => i.id !== a.id);
  assert.ok(c, 'the demo 2022-23 plan has an ongoing initiative to carry forward');
  const ordinary = inPublished.find((i) => i.id !== a.id && i.id !== c.id)!;

  // 1. Next year's draft, rolled forward from the published plan, then written in.
  await services.lifecycle.rollForward(scp, 2022, preview.carry.map((i) => i.id), actor);
  const draft = await services.plans.get(scp, 2023, actor);
  await services.lifecycle.updateText(scp, 2023, {
    introduction: sentinel('DRAFT-INTRODUCTION', 'the introduction of a draft plan'),
    otherSection: sentinel('DRAFT-OTHER-SECTION', 'the vulnerabilities and opportunities section of a draft plan'), version: draft.version,
  }, actor);
  const draftPriority = await services.priorities.createPriority(scp, 2023, {
    number: String(Math.max(0, ...draft.priorities.map((p) => p.number ?? 0)) + 1),
    title: sentinel('DRAFT-PRIORITY-TITLE', 'a priority of a draft plan'),
    commitments: sentinel('DRAFT-PRIORITY-COMMITMENT', 'a commitment of a draft priority'),
    evidence: sentinel('DRAFT-PRIORITY-EVIDENCE', 'the evidence base of a draft priority'), version: '',
  }, actor);
  const draftObjective = await services.priorities.createObjective(scp, draftPriority,
    { title: sentinel('DRAFT-OBJECTIVE', 'an objective of a draft plan'), position: '1', version: '' }, actor);
  const draftInitiative = await services.plans.createInitiative(scp, 2023, formValuesFromBody({
    name: sentinel('DRAFT-INITIATIVE-NAME', 'the name of an initiative in a draft plan'), priority: String(draftPriority),
    objective: String(draftObjective), timing: 'various', timingAsWritten: sentinel('DRAFT-INITIATIVE-TIMING', 'the timing of a draft initiative'),
    about: sentinel('DRAFT-INITIATIVE-DESCRIPTION', 'the description of a draft initiative'),
    outcomes: sentinel('DRAFT-INITIATIVE-OUTCOMES', 'the outcomes of a draft initiative'),
    status: 'delayed', reasonForStatus: sentinel('DRAFT-INITIATIVE-STATUS-REASON', 'why a draft initiative is delayed'),
  }), actor);
  const carried = allInitiatives(draft).find((i) => i.previousInitiativeId === c.id)!;
  await services.plans.updateInitiative(scp, carried.id, {
    ...formValuesFromInitiative(carried), name: sentinel('DRAFT-CARRIED-NAME', 'a carried initiative renamed in the draft (its published year lists it)'),
  }, actor);

  // 2. A plan approved but never published.
  const bodies = await services.partnerships.bodies(scp.id);
  const board = bodies.find((b) => b.kind === 'strategic_board') ?? bodies[0]!;
  await services.lifecycle.create(scp, {
    startYear: 2024, introduction: sentinel('APPROVED-INTRODUCTION', 'the introduction of a plan approved but not published'),
    otherSection: '', frameworkIds: published.frameworks.map((f) => f.id), priorities: [{
      number: 1, title: sentinel('APPROVED-PRIORITY-TITLE', 'a priority of a plan approved but not published'),
      commitments: [sentinel('APPROVED-PRIORITY-COMMITMENT', 'a commitment of a plan approved but not published')], evidence: '',
      objectives: [sentinel('APPROVED-OBJECTIVE', 'an objective of a plan approved but not published')],
    }],
  }, actor);
  await services.lifecycle.approve(scp, 2024, { bodyId: board.id, approvedOn: '2024-03-01' }, actor);

  // 3. A revision of the published 2022-23 plan, in progress.
  await services.lifecycle.startRevision(scp, 2022, sentinel('REVISION-REASON', 'why the published plan is being revised'), actor);
  const revising = await services.plans.get(scp, 2022, actor);
  await services.lifecycle.updateText(scp, 2022, {
    introduction: `${revising.introduction}\n\n${sentinel('REVISION-INTRODUCTION', 'the introduction rewritten during a revision')}`,
    otherSection: revising.otherSection, version: revising.version,
  }, actor);
  const liveA = (await services.plans.getInitiative(scp, a.id, actor)).initiative;
  await services.plans.updateInitiative(scp, a.id, {
    ...formValuesFromInitiative(liveA), name: sentinel('REVISION-INITIATIVE-NAME', 'an initiative renamed during a revision'),
    about: sentinel('REVISION-INITIATIVE-DESCRIPTION', 'an initiative description changed during a revision'),
    outcomes: sentinel('REVISION-INITIATIVE-OUTCOMES', 'initiative outcomes changed during a revision'),
    status: 'delayed', reasonForStatus: sentinel('REVISION-STATUS-REASON', 'a status reason given during a revision'),
  }, actor);
  const revisedPriority = revising.priorities[0]!;
  const { priority } = await services.priorities.forEdit(scp, revisedPriority.id, actor);
  const values = priorityValuesFrom(priority);
  await services.priorities.updatePriority(scp, priority.id, {
    ...values, commitments: `${values.commitments}\n${sentinel('REVISION-PRIORITY-COMMITMENT', 'a priority commitment added during a revision')}`,
  }, actor);
  const { nextPosition } = await services.priorities.forNewObjective(scp, priority.id, actor);
  const revisionObjective = await services.priorities.createObjective(scp, priority.id,
    { title: sentinel('REVISION-OBJECTIVE', 'an objective added during a revision'), position: String(nextPosition), version: '' }, actor);
  const revisionInitiative = await services.plans.createInitiative(scp, 2022, formValuesFromBody({
    name: sentinel('REVISION-NEW-INITIATIVE', 'an initiative added during a revision'), priority: String(priority.id),
    timing: 'ongoing', status: 'planned',
  }), actor);

  // 4. A revision of 2021-22, approved and waiting to be published.
  await services.lifecycle.startRevision(scp, 2021, sentinel('APPROVED-REVISION-REASON', 'why the 2021-22 plan was revised'), actor);
  const liveB = (await services.plans.getInitiative(scp, bId, actor)).initiative;
  await services.plans.updateInitiative(scp, bId, {
    ...formValuesFromInitiative(liveB), name: sentinel('APPROVED-REVISION-NAME', 'an initiative renamed in a revision approved but not published'),
    about: sentinel('APPROVED-REVISION-DESCRIPTION', 'a description changed in a revision approved but not published'),
  }, actor);
  await services.lifecycle.approve(scp, 2021, { bodyId: board.id, approvedOn: '2022-01-15' }, actor);

  // 5. The scoring papers: an analyst's rationale is an internal note.
  const ws = await services.scoring.workspace(scp, {}, actor);
  assert.equal(ws.noData, null, 'the demo has crime data to score');
  const issue = ws.ranked[0]!;
  const row = await services.scoring.issueRow(scp, issue.id, actor);
  await services.scoring.saveScores(scp, issue.id, {
    ...formValuesOf(row), harm: '4', harmConfidence: 'high', harmRationale: sentinel('SCORING-RATIONALE', 'the rationale of a score'),
  }, actor);

  // A message, sent through the mailer (kept in the outbox: the test app has no mail server): it
  // may say who owes what, so only the partnership's coordinators may read it.
  const message = await services.mail.send({
    partnershipId: scp.id, to: 'lead@leaks.test', template: 'outbox/mail/test-message.njk',
    data: { name: sentinel('MAIL-BODY', 'the body of a message in the outbox'), partnershipName: scp.name, sentAt: new Date() },
  });
  assert.equal(message.status, 'kept');
  // 6. Progress updates: one not for publication on a published plan's initiative, one for publication
  // on a draft plan's initiative and on an initiative added during a revision, and the wording a
  // correction replaced.
  const updateForm = (narrative: string, forPublication: 'yes' | 'no', extra: Partial<UpdateFormValues> = {}): UpdateFormValues => ({
    ...emptyUpdateForm('2022-10-01'), status: 'on_track', narrative, forPublication, ...extra,
  });
  const privateUpdate = await services.delivery.post(scp, ordinary.id, updateForm(sentinel('UPDATE-NOT-FOR-PUBLICATION', 'an update not for publication'), 'no', {
    status: 'off_track', reason: sentinel('UPDATE-PRIVATE-REASON', 'why an initiative is off track, in an update not for publication'),
    figures: [{ label: sentinel('UPDATE-PRIVATE-FIGURE', 'a figure in an update not for publication'), value: '12', unit: 'people' }],
  }), actor);
  const draftUpdate = await services.delivery.post(scp, draftInitiative, updateForm(sentinel('DRAFT-PLAN-UPDATE', 'an update on a draft plan’s initiative'), 'yes'), actor);
  const revisionUpdate = await services.delivery.post(scp, revisionInitiative,
    updateForm(sentinel('REVISION-INITIATIVE-UPDATE', 'an update on an initiative added during a revision'), 'yes'), actor);
  const corrected = await services.delivery.post(scp, ordinary.id, updateForm(sentinel('UPDATE-CORRECTED-AWAY', 'the wording a correction replaced'), 'yes'), actor);
  await services.delivery.correct(scp, corrected, { ...updateForm('Corrected wording for the public.', 'yes'), version: '1' }, actor);
  // An update round opened before those updates: its summary quotes the update not for publication
  // (its narrative, reason and figure) and the revision's initiative; its owed list and reminders name initiatives.
  const round = await services.rounds.open(scp, { title: 'Leak guard round', plan: String(published.startYear), meeting: '',
    'dueOn-day': '30', 'dueOn-month': '9', 'dueOn-year': '2022' }, actor, { openedAt: '2022-09-01T09:00:00Z' });
  await services.rounds.remind(scp, round, actor, { base: 'http://localhost' });

  // A measure that follows the draft plan's priority and initiative: its pages must not name them.
  const measureId = await services.measures.create(scp, {
    name: 'Leak guard measure', unit: 'reports', description: '', source: '', frequency: 'quarterly', direction: 'neither', baseline: '',
    baselinePeriod: '', target: '', targetPeriod: '', priorities: [String(draftPriority)], initiatives: [String(draftInitiative)], version: '',
  }, actor);
  await services.measures.saveValue(scp, measureId, { period: '2022-Q1', value: '5', note: '' }, actor);

  // 6. Meetings: exempt (Part B) business, with its report, declaration and minute, and minutes not yet
  // published — of the committee (its members may read them) and of the delivery board (they may not).
  const meetingForm = (date: string) => ({ 'meetsOn-day': date.slice(8), 'meetsOn-month': date.slice(5, 7), 'meetsOn-year': date.slice(0, 4),
    startsAt: '18:00', venue: 'Town Hall', remoteLink: '', status: 'held', version: '' });
  const minuteForm = (agendaItemId: number | null, text: string, resolutions = '') => ({ agendaItemId: agendaItemId ? String(agendaItemId) : '', title: 'A minute', text, resolutions, firstNumber: '', version: '' });
  const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const committeeBody = bodies.find((b) => b.kind === 'scrutiny_committee')!;
  const deliveryBoard = bodies.find((b) => b.kind === 'delivery_board')!;
  const meetingIds: number[] = [];
  const minuteIds: number[] = [];
  const reportIds: number[] = [];
  for (const [body, tag, hidden] of [[committeeBody, 'COMMITTEE', ['anonymous', 'otherViewer']], [deliveryBoard, 'BOARD', WALKERS]] as const) {
    const held = await services.meetings.createMeeting(scp, body.id, meetingForm('2031-03-03'), actor);
    const open = await services.meetings.addAgendaItem(scp, held, { title: 'An ordinary public item', description: '', part: 'A', exemptionParagraph: '' }, actor);
    const exempt = await services.meetings.addAgendaItem(scp, held, {
      title: sentinel(`${tag}-PART-B-TITLE`, 'the title of an exempt agenda item', hidden),
      description: sentinel(`${tag}-PART-B-DESCRIPTION`, 'the description of an exempt agenda item', hidden), part: 'B', exemptionParagraph: '3',
    }, actor);
    reportIds.push(await services.meetings.addReport(scp, held, open, { fileName: 'public.pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') }, 1024 ** 2, actor));
    reportIds.push(await services.meetings.addReport(scp, held, exempt, {
      fileName: 'exempt.doc', content: Buffer.concat([OLE, Buffer.from(sentinel(`${tag}-PART-B-REPORT`, 'the text of an exempt item’s report', hidden))]),
    }, 1024 ** 2, actor));
    await services.meetings.addDeclaration(scp, held, { agendaItemId: String(exempt), personName: 'Councillor Example',
      interest: sentinel(`${tag}-PART-B-DECLARATION`, 'a declaration of interest in an exempt item', hidden) }, actor);
    const exemptMinute = await services.meetings.addMinute(scp, held, minuteForm(exempt, sentinel(`${tag}-PART-B-MINUTE`, 'the minute of an exempt item', hidden),
      sentinel(`${tag}-PART-B-RESOLUTION`, 'the resolution of an exempt item', hidden)), actor);
    await services.meetings.addMinute(scp, held, minuteForm(open, 'Discussed in public.'), actor);
    await services.meetings.publishMinutes(scp, held, actor);
    const unpublished = await services.meetings.createMeeting(scp, body.id, meetingForm('2031-04-07'), actor);
    const draftMinute = await services.meetings.addMinute(scp, unpublished, minuteForm(null, sentinel(`${tag}-UNPUBLISHED-MINUTE`, 'a minute not yet published', hidden)), actor);
    meetingIds.push(held, unpublished);
    minuteIds.push(exemptMinute.id, draftMinute.id);

    // The tracker: an action of an exempt minute (closed with a response) and where that minute's
    // recommendations were sent, on a meeting already past (responses cannot be dated ahead); and an
    // action of minutes not yet published.
    const past = await services.meetings.createMeeting(scp, body.id, meetingForm('2025-03-03'), actor);
    const pastExempt = await services.meetings.addAgendaItem(scp, past, { title: 'Exempt business', description: '', part: 'B', exemptionParagraph: '1' }, actor);
    const pastMinute = await services.meetings.addMinute(scp, past, minuteForm(pastExempt, 'Discussed in private.'), actor);
    await services.meetings.publishMinutes(scp, past, actor);
    const actionForm = (description: string, ownerName = '') => ({ kind: 'action', description, ownerName, ownerOrganisation: '', recommendedTo: '', partnerName: '',
      'dueOn-day': '', 'dueOn-month': '', 'dueOn-year': '', concerns: '' });
    const exemptAction = await services.actions.record(scp, pastMinute.id, actionForm(sentinel(`${tag}-PART-B-ACTION`, 'an action of an exempt minute', hidden),
      sentinel(`${tag}-PART-B-ACTION-OWNER`, 'the owner of an action of an exempt minute', hidden)), actor);
    await services.actions.close(scp, exemptAction, { responseBy: 'An officer', 'closedOn-day': '4', 'closedOn-month': '3', 'closedOn-year': '2025',
      response: sentinel(`${tag}-PART-B-ACTION-RESPONSE`, 'the response to an action of an exempt minute', hidden), version: '' }, actor);
    const referral = await services.actions.recordReferral(scp, pastMinute.id, { authority: 'other',
      otherAuthority: sentinel(`${tag}-PART-B-REFERRAL`, 'where an exempt minute’s recommendations were sent', hidden), 'sentOn-day': '5', 'sentOn-month': '3', 'sentOn-year': '2025' }, actor);
    await services.actions.recordReferralResponse(scp, referral, { 'respondedOn-day': '6', 'respondedOn-month': '3', 'respondedOn-year': '2025',
      response: sentinel(`${tag}-PART-B-REFERRAL-RESPONSE`, 'an authority’s response to an exempt minute’s recommendations', hidden) }, actor);
    const draftAction = await services.actions.record(scp, draftMinute.id, actionForm(sentinel(`${tag}-UNPUBLISHED-ACTION`, 'an action of minutes not yet published', hidden)), actor);
    meetingIds.push(past);
    minuteIds.push(pastMinute.id);
    v.actions.push(exemptAction, draftAction);
    v.referrals.push(referral);
  }
  // An ordinary, public item of the demo's tracker beside the planted ones.
  v.actions.push((await services.actions.list(scp, actor))[0]!.id);

  // The funding ledger: a stream's internal notes, and allocations to initiatives the public may not
  // see yet (the draft's, one added and one renamed during a revision), whose names are sentinels above.
  const stream = await services.funding.create(scp, {
    name: 'Leak test fund', funder: 'Leak Trust', funderIdentifier: null, programme: null, amountPence: 100_000, financialYears: [2023],
    recurrence: 'one_off', recipient: null, recipientIdentifier: null, purpose: 'Testing', conditions: null,
    internalNotes: sentinel('FUNDING-INTERNAL-NOTES', 'the internal notes of a funding stream'), awardedOn: '2023-05-01', endsOn: null,
  }, actor);
  for (const initiativeId of [draftInitiative, revisionInitiative, a.id]) {
    await services.funding.allocate(scp, stream, { initiativeId, amountPence: 10_000, startsOn: null, endsOn: null }, actor);
  }

  // 7. Councillor Calls for Action: what the councillor wrote and their address are for the officers
  // and the councillor only (the ward, status and dates are public; whoever holds the councillor's
  // status link also reads the reasons they were given, so those are not planted). And a submission
  // whose address is not yet confirmed, which nobody but the officers may know of.
  const ward = (await services.ccfa.wards(scp))[0]!;
  const tokenSentTo = async (to: string) => {
    const [mail] = await t.db.query<{ text: string }>('SELECT body_text AS text FROM mail_messages WHERE to_address = $1 ORDER BY id DESC LIMIT 1', [to]);
    return /\/ccfa\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
  };
  const ccfaEmail = `${sentinel('CCFA-EMAIL', 'the e-mail address of a councillor who called for action')}@example.org`;
  await services.ccfa.submitUnverified(scp, {
    councillorName: sentinel('CCFA-NAME', 'the name given on the public Councillor Call for Action form'), councillorEmail: ccfaEmail, ward,
    matter: sentinel('CCFA-MATTER', 'what a councillor’s call for action is about'), location: sentinel('CCFA-LOCATION', 'where in the ward the matter is'),
    tried: sentinel('CCFA-TRIED', 'what the councillor has already tried'),
  }, 'http://app');
  const ccfaConfirmed = await services.ccfa.confirm(scp, await tokenSentTo(ccfaEmail), 'http://app');
  await services.ccfa.decide(scp, ccfaConfirmed.id, { 'on-day': '', 'on-month': '', 'on-year': '', qualifies: 'yes', reason: 'It qualifies.' }, actor, { dateNotRecorded: true });
  await services.ccfa.submitUnverified(scp, {
    councillorName: sentinel('CCFA-UNVERIFIED-NAME', 'the name on a Councillor Call for Action whose e-mail address is not confirmed'),
    councillorEmail: 'unconfirmed@example.org', ward, matter: 'Not confirmed yet.', location: '', tried: 'Nothing yet.',
  }, 'http://app');
  v.ccfa = [ccfaConfirmed.id, ccfaConfirmed.id + 1];
  v.ccfaTokens = [ccfaConfirmed.statusToken, await tokenSentTo('unconfirmed@example.org')];

  // 8. Generated documents: an edit to a section of the committee's report, kept in an unpublished
  // version; a version of the draft 2023-24 plan (made from drafts, never publishable); and a
  // published version of the 2022-23 plan made while that plan is under revision, which the public
  // downloads: it must hold the plan as published, none of the revision's planted text.
  const reportMeeting = (await services.meetings.allMeetings(scp)).meetings.find((m) => m.bodyId === committeeBody.id && m.meetsOn < '2030-01-01')!;
  await services.reports.saveEdit(scp, 'committee-report', { meetingId: reportMeeting.id }, 'executive-summary',
    sentinel('REPORT-SECTION-EDIT', 'a coordinator’s edit of a generated report, in a version not published'), actor);
  const editedVersion = await services.reports.createVersion(scp, 'committee-report', { meetingId: reportMeeting.id }, actor);
  const draftPlanVersion = await services.reports.createVersion(scp, 'plan', { year: 2023 }, actor);
  const planVersion = await services.reports.createVersion(scp, 'plan', { year: 2022 }, actor);
  await services.reports.publish(scp, planVersion.id, {}, actor);
  v.reportScopes = ['2022-23', `meeting-${reportMeeting.id}`];
  v.reportVersions = [editedVersion.id, draftPlanVersion.id, planVersion.id];

  // Values for the fillers.
  // Every year with a planted record, one ordinary published year and one with no plan.
  v.partnershipYears = [2020, 2021, 2022, 2023, 2024];
  v.years = [...v.partnershipYears.map(yearLabel), '2030-31'];
  v.unpublishedYears = [2021, 2022, 2023, 2024].map(yearLabel);
  v.initiatives = [draftInitiative, carried.id, a.id, bId, revisionInitiative, c.id, ordinary.id];
  const approved = await services.plans.get(scp, 2024, actor);
  v.priorities = [draftPriority, priority.id, approved.priorities[0]!.id, published.priorities.at(-1)!.id];
  for (const p of v.priorities) {
    const rows = await t.db.query<{ id: number }>('SELECT id FROM objectives WHERE priority_id = $1 ORDER BY id', [p]);
    v.objectivesOf.set(p, rows.map((r) => r.id).filter((id, i) => i < 2 || id === draftObjective || id === revisionObjective));
  }
  v.users = [coordinatorId, committeeId];
  v.organisations = (await services.partnerships.organisations(scp.id)).slice(0, 1).map((o) => o.id);
  // The approving board, and a body with members (the demo names the members of few bodies).
  const withMembers = bodies.find((b) => b.members.length > 0)!;
  v.bodies = [...new Set([board.id, withMembers.id, committeeBody.id, deliveryBoard.id])];
  v.meetings = meetingIds;
  v.minutes = minuteIds;
  v.reports = reportIds;
  v.membersOf.set(withMembers.id, withMembers.members.slice(0, 1).map((m) => m.id));
  const frameworks = await services.frameworks.list(scp.id);
  v.frameworkItems = frameworks.flatMap((f) => f.items.slice(0, 1).map((i) => i.id)).slice(0, 2);
  v.frameworkSections = frameworks.flatMap((f) => f.sections.slice(0, 1).map((x) => x.id));
  v.imports = (await services.assessmentImport.listImports(scp)).slice(0, 1).map((i) => i.id);
  // A plan read for import and waiting for its uploader's review: only that coordinator sees it.
  v.planImports = [await services.planImport.stage(scp, { kind: 'text', text: [
    'Priority 1: A priority', 'Project / Initiative\tAbout the Project / Initiative\tSCP Priorities',
    `${sentinel('PENDING-IMPORT', 'the text of a plan waiting for review after import')} Essex Police Ongoing\tAbout it\t1`,
  ].join('\n') }, actor)];
  v.issues = [issue.id, ws.ranked.at(-1)!.id];
  v.scoringSets = ws.sets.map((s) => s.id);
  v.messages = [message.id];
  v.fundingStreams = [stream, (await services.funding.list(scp, actor)).find((s) => s.id !== stream)!.id];
  v.measures = [measureId, ...(await services.measures.list(scp)).slice(0, 1).map((m) => m.id)];
  v.updates = [privateUpdate, draftUpdate, revisionUpdate, corrected];
  v.rounds = [round];
  // A logo, so its public address answers with the file; and one glossary entry for its pages.
  await services.partnershipAdmin.uploadLogo(scp, { content: pngOf(40, 20), truncated: false }, '', actor);
  v.glossaryTerms = (await services.partnershipAdmin.glossaryTerms(scp, actor)).slice(0, 1).map((g) => g.id);
  // A draft entry of the help directory (its name and every detail), beside a published one.
  const draftHelp = await services.help.add(scp, helpValues({ kind: 'safe_place', name: sentinel('DRAFT-HELP', 'a draft entry of the help directory'),
    helpsWith: sentinel('DRAFT-HELP-TEXT', 'what a draft directory entry helps with'), categories: ['domestic-abuse', 'hate-crime'], draft: 'yes' }), actor);
  v.helpEntries = [draftHelp, (await services.help.published(scp))[0]!.id];

  // The small count: 3 crimes of a type of its own, in one LSOA of a ward, in the latest month held.
  const wards = await services.assessment.wards.wards(scp);
  const latest = (await services.assessment.months(scp)).at(-1)!;
  const [lsoa] = await t.db.query<{ lsoa: string }>(
    `SELECT lsoa_code AS lsoa FROM crime_lsoa_month WHERE force = 'essex' AND month = $1 ORDER BY lsoa_code LIMIT 1`, [latest]);
  const g = await loadGeography();
  await t.db.query('INSERT INTO crime_lsoa_month (force, month, lsoa_code, crime_type, count) VALUES ($1, $2, $3, $4, 3)', ['essex', latest, lsoa!.lsoa, SMALL_COUNT_TYPE]);
  v.wards = [g.lsoaToWard(lsoa!.lsoa)!, wards.find((w) => w.name === 'Castle')!.code];
}

/** A public answer that names the planted type must give its count only as "fewer than 5". */
function checkSmallCount(url: string, res: LightMyRequestResponse): string[] {
  if (!res.body.includes(SMALL_COUNT_TYPE)) return [];
  smallCountSeen += 1;
  const shown = String(res.headers['content-type']).startsWith('application/json')
    ? [...res.body.matchAll(/"type":"Small count probe","count":(\{[^}]*\}|\d+)/g)].map((m) => m[1])
    : [...res.body.matchAll(/Small count probe<\/th>\s*<td[^>]*>([^<]*)</g)].map((m) => m[1]);
  const expected = String(res.headers['content-type']).startsWith('application/json') ? '{"fewerThan":5}' : 'fewer than 5';
  return shown.length && shown.every((x) => x === expected) ? [] : [`GET ${url} gives the planted small count as ${JSON.stringify(shown)}`];
}

/** An import that is refused (its area code is not in the partnership), for a real import job id. */
async function failedImportJob(agent: Agent): Promise<string> {
  await agent.get('/p/scp/assessment/imports/new');
  const boundary = `----leaks-${randomBytes(8).toString('hex')}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(field('_csrf', agent.csrfToken()) + field('source', 'partner') + field('dataset', 'council-asb')),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bad-area.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    readFileSync(new URL('fixtures/police-uk/partner-data/bad-area.csv', import.meta.url)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/p/scp/assessment/imports', payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent['cookieHeader']() } });
  assert.equal(res.statusCode, 303, 'the import starts');
  const jobUrl = String(res.headers.location);
  await agent.get(`${jobUrl}/events`); // the event stream ends when the job does
  return jobUrl.split('/').pop()!;
}

// ---- Filling route parameters ------------------------------------------------------------------

type Params = Record<string, string>;
type Filler = (ctx: { url: string; params: Params }) => (string | number)[] | null;

/** `:id` means a different record under each path segment: the segment before it says which. */
const ID_BY_SEGMENT: Record<string, () => (number | string)[]> = {
  initiatives: () => v.initiatives, priorities: () => v.priorities, users: () => v.users, organisations: () => v.organisations,
  bodies: () => v.bodies, items: () => v.frameworkItems, sections: () => v.frameworkSections, imports: () => v.imports,
  outbox: () => v.messages,
  streams: () => v.fundingStreams,
  meetings: () => v.meetings, minutes: () => v.minutes,
  measures: () => v.measures,
  updates: () => v.updates,
  actions: () => v.actions, referrals: () => v.referrals,
  rounds: () => v.rounds,
  ccfa: () => v.ccfa,
  glossary: () => v.glossaryTerms,
  help: () => v.helpEntries, services: () => v.helpEntries,
  versions: () => v.reportVersions,
  import: () => v.planImports,
};

const FILLERS: Record<string, Filler> = {
  slug: () => ['scp', OTHER_SLUG],
  year: () => v.years,
  id: ({ url }) => {
    const parts = url.split('/');
    const segment = parts[parts.indexOf(':id') - 1] ?? '';
    return ID_BY_SEGMENT[segment]?.() ?? null;
  },
  objectiveId: ({ params }) => v.objectivesOf.get(Number(params.id)) ?? [],
  memberId: ({ params }) => v.membersOf.get(Number(params.id)) ?? [],
  issueId: () => v.issues,
  setId: () => v.scoringSets,
  jobId: () => v.jobs,
  reportId: () => v.reports,
  fileName: () => ['report.doc'],
  token: () => v.ccfaTokens,
  kind: () => ['plan', 'committee-report', 'assessment', 'agenda-pack'],
  scope: () => v.reportScopes,
  section: () => ['executive-summary'],
  file: () => ['document.html', 'document.docx', 'document.pdf'],
  '*': () => ['app.css'],
  category: () => ['domestic-abuse', 'hate-crime'],
  wardCode: () => v.wards,
};

/** Queries a route answers differently with, beyond the `format=` links found on the pages. */
const QUERY_VARIANTS: Record<string, (params: Params) => string[]> = {
  '/p/:slug/plans/:year': () => ['format=csv', 'status=delayed'],
  '/p/:slug/plans/:year/compare': ({ slug }) => (slug === 'scp' ? v.unpublishedYears.map((y) => `with=${y}`) : []),
  '/p/:slug/partnership': () => v.partnershipYears.map((y) => `year=${y}`),
  '/p/:slug/actions': () => ['status=open', 'status=closed', 'status=overdue'],
  '/api/v1/partnerships/:slug/actions': () => ['status=open', 'status=closed'],
  // Search: every sentinel has the word "sentinel", looked for kind by kind (a page holds 20 results), and
  // a few planted records by their whole sentinel, lower-cased so the search box's echo of it is no leak.
  '/search': () => searchVariants(['', '&partnership=scp']),
  '/api/v1/partnerships/:slug/search': () => searchVariants(['']),
  '/p/:slug/area': () => ['q=castle'],
  '/api/v1/public/partnerships/:slug/places': () => ['q=castle'],
};

const SEARCHED_SENTINELS = ['DRAFT-INITIATIVE-NAME', 'UPDATE-NOT-FOR-PUBLICATION', 'BOARD-PART-B-MINUTE', 'COMMITTEE-PART-B-MINUTE', 'DRAFT-PRIORITY-TITLE', 'REVISION-INITIATIVE-DESCRIPTION'];
function searchVariants(scopes: string[]): string[] {
  const queries = [...SEARCH_KINDS.map((k) => `q=sentinel&kind=${k}`), 'q=sentinel+7q',
    ...SEARCHED_SENTINELS.map((name) => `q=${encodeURIComponent(`sentinel-${name}-7q`.toLowerCase())}`)];
  return scopes.flatMap((scope) => queries.map((q) => `${q}${scope}`));
}

const PARAM = /:([A-Za-z0-9_]+)|\*/g;

/** Every way to fill a route's parameters, or the names that could not be filled. */
function fill(url: string): { urls: { url: string; params: Params }[]; missing: string[] } {
  const names = [...url.matchAll(PARAM)].map((m) => m[1] ?? '*');
  let partial: Params[] = [{}];
  const missing: string[] = [];
  for (const name of names) {
    const filler: Filler | undefined = Object.hasOwn(FILLERS, name) ? FILLERS[name] : undefined;
    const next = partial.flatMap((params) => (filler?.({ url, params }) ?? []).map((x) => ({ ...params, [name]: String(x) })));
    if (next.length === 0) missing.push(filler ? `:${name} (no values here: teach its filler)` : `:${name} (no filler)`);
    else partial = next;
  }
  if (missing.length) return { urls: [], missing };
  const urls = partial.map((p) => ({ url: url.replace(PARAM, (_m, n: string | undefined) => (n ? encodeURIComponent(p[n]!) : p['*']!)), params: p }));
  return { urls, missing };
}

// ---- Reading responses -------------------------------------------------------------------------

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

/** Everything a person could read in the response: headers and body, inside Word files and PDFs too. */
function readable(res: LightMyRequestResponse): string {
  const raw = res.rawPayload;
  let body = res.body;
  if (raw.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') {
    body = [...readZip(raw).values()].map((b) => b.toString('utf8')).join('\n');
  } else if (raw.subarray(0, 5).toString('latin1') === '%PDF-') {
    // Lines in a PDF may break inside a long word: compare without any white space.
    body = spawnSync('pdftotext', ['-', '-'], { input: raw, encoding: 'utf8' }).stdout.replace(/\s+/g, '');
  }
  // Search results mark the words found: a sentinel split by highlights is still the sentinel.
  return `${JSON.stringify(res.headers)}\n${body.replace(/<\/?mark>/g, '')}`;
}

// ---- The walk ----------------------------------------------------------------------------------

interface Visit { walker: Walker | 'coordinator'; url: string; route: string; status: number; found: Sentinel[]; smallCount: string[] }
const routeQueries = new Map<string, Set<string>>();
let requests = 0;
const profile = new Map<string, number>();

function walkable(): { route: string; urls: string[] }[] {
  const out: { route: string; urls: string[] }[] = [];
  for (const route of [...new Set(routeTable)].sort()) {
    if (route.endsWith('.pdf') && (!hasChromium || !hasPdftotext)) continue;
    const filled = fill(route).urls;
    const variants = (params: Params) => [...(QUERY_VARIANTS[route]?.(params) ?? []), ...(routeQueries.get(route) ?? [])];
    out.push({ route, urls: filled.flatMap(({ url, params }) => [url, ...variants(params).map((q) => `${url}?${q}`)]) });
  }
  return out;
}

/** Same-page links with `format=` on a page, kept as query variants of its route for the other walkers. */
function noteQueries(route: string, url: string, html: string) {
  const path = url.split('?')[0]!;
  for (const m of html.matchAll(/href="([^"]*format=[^"]*)"/g)) {
    const target = new URL(m[1]!.replace(/&amp;/g, '&'), `http://app${url}`);
    if (target.pathname !== path) continue;
    const set = routeQueries.get(route) ?? new Set<string>();
    set.add(target.search.slice(1));
    routeQueries.set(route, set);
  }
}

async function walk(walker: Visit['walker'], agent: Agent): Promise<Visit[]> {
  const visits: Visit[] = [];
  for (const { route, urls } of walkable()) {
    // A PDF prints the document page, which the coordinator reads anyway: save the renders for the walkers.
    if (walker === 'coordinator' && route.endsWith('.pdf')) continue;
    for (const url of urls) {
      const started = performance.now();
      const res = await agent.get(url);
      requests += 1;
      if (process.env.LEAKS_PROFILE) profile.set(route, (profile.get(route) ?? 0) + performance.now() - started);
      const text = readable(res);
      const found = SENTINELS.filter((s) => text.includes(s.text));
      if (walker === 'coordinator' && String(res.headers['content-type'] ?? '').startsWith('text/html')) noteQueries(route, url, res.body);
      // The public routes (no sign-in needed) must hide the planted small count from everyone.
      const smallCount = /^\/(p\/:slug\/area|api\/v1\/public)\b/.test(route) ? checkSmallCount(url, res) : [];
      visits.push({ walker, url, route, status: res.statusCode, found, smallCount });
    }
  }
  return visits;
}

const signedIn = (email: string) => new Agent(t.app).startSession(t.services, email);

before(async () => {
  t = await testApp({ onRoute: (r) => { if ([r.method].flat().includes('GET')) routeTable.push(r.url); } });
  await plant(t.services);
  v.jobs = [await failedImportJob(await signedIn(EMAILS.coordinator))];
});
after(async () => {
  await t?.close();
  if (process.env.LEAKS_PROFILE) console.log([...profile].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([r, ms]) => `${Math.round(ms)} ms ${r}`).join('\n'));
});

test('the route table is read from the app and every route’s parameters can be filled', () => {
  assert.ok(routeTable.length > 40, `found ${routeTable.length} GET routes`);
  for (const r of ['/p/:slug/initiatives/:id/history', '/p/:slug/plans/:year/document.docx', '/api/v1/partnerships/:slug/plans/:year']) {
    assert.ok(routeTable.includes(r), `${r} is in the route table`);
  }
  const unfilled = [...new Set(routeTable)].map((r) => ({ r, missing: fill(r).missing })).filter((x) => x.missing.length);
  assert.deepEqual(unfilled.map((x) => `${x.r}: cannot fill ${x.missing.join(', ')}`), [],
    'teach the walker these parameters (FILLERS or ID_BY_SEGMENT at the top of test/leaks.test.ts)');
  if (!hasChromium || !hasPdftotext) console.log(`Chromium (${CHROMIUM}) or pdftotext is missing: the PDF routes are not walked`);
});

test('a coordinator of the partnership finds every sentinel: the walk reaches the planted records', async (t2) => {
  const visits = await walk('coordinator', await signedIn(EMAILS.coordinator));
  const seen = new Set(visits.flatMap((x) => x.found.map((s) => s.text)));
  assert.deepEqual(SENTINELS.filter((s) => !seen.has(s.text)).map((s) => `${s.text} (${s.what})`), [], 'sentinels no page showed the coordinator');
  const errors = visits.filter((x) => x.status >= 500);
  assert.deepEqual(errors.map((x) => `${x.status} GET ${x.url}`), [], 'no route fails');
  t2.diagnostic(`coordinator: ${visits.length} requests`);
});

for (const walker of WALKERS) {
  test(`no sentinel reaches ${walker === 'anonymous' ? 'an anonymous visitor' : walker === 'otherViewer' ? 'a viewer of another partnership' : 'a committee member'}`, async (t2) => {
    const agent = walker === 'anonymous' ? new Agent(t.app) : await signedIn(EMAILS[walker]);
    const visits = await walk(walker, agent);
    const leaks = visits.flatMap((x) => x.found.filter((s) => s.hiddenFrom.includes(walker))
      .map((s) => `${walker} GET ${x.url} (${x.route}) → ${x.status}: ${s.text} — ${s.what}`));
    assert.deepEqual(leaks, [], `unpublished text reached ${walker}`);
    assert.deepEqual(visits.flatMap((x) => x.smallCount), [], `a small count reached ${walker}`);
    const errors = visits.filter((x) => x.status >= 500);
    assert.deepEqual(errors.map((x) => `${x.status} GET ${x.url}`), [], 'no route fails');
    t2.diagnostic(`${walker}: ${visits.length} requests over ${new Set(visits.map((x) => x.route)).size} routes`);
  });
}

test('how many route × role requests the walk made', (t2) => {
  assert.ok(requests > 0);
  assert.ok(smallCountSeen > 0, 'the walk reached a public page naming the planted small count');
  t2.diagnostic(`${requests} route × role requests`);
  console.log(`Leak walk: ${requests} route × role requests (${SENTINELS.length} sentinels, ${new Set(routeTable).size} GET routes)`);
});
