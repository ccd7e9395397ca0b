// C6: the Councillor Call for Action. A councillor raises a local crime and disorder matter (signed
// in, or on the public form once their e-mail address is confirmed); the scrutiny officer decides
// whether it qualifies; a qualifying matter goes on the committee's next scheduled agenda; the
// committee's decision and the councillor's notification are recorded with their dates. Every step
// goes through the state machine and into the audit trail.
//
// What the public sees (pages, API): a matter's number, ward, status, the dates of its steps, the
// meeting it went to and the kind of outcome. The ward is chosen from the partnership's wards, so it
// carries nothing the councillor typed; a matter's public existence is what any agenda would show.
// What the councillor wrote (the matter, where, what they already tried), their name and address,
// and the reasons given are for the scrutiny officers and the councillor: a signed-in councillor sees
// their own in full; whoever holds the councillor's status link sees the status and the reasons they
// were told, never the address or what was written.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, LockedError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Mailer, SendResult } from '../../platform/mail/mailer.ts';
import type { EmailVerification, NotVerified } from '../../platform/mail/verification.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { MeetingsService } from '../meetings/service.ts';
import { ukToday } from '../meetings/service.ts';
import { parseDateParts } from '../plans/initiative-form.ts';
import * as q from './queries.ts';
import { OUTCOMES, type MatterRow, type Outcome, type StepRow } from './queries.ts';
import { STATE_NAMES, transition, type State, type Step } from './state-machine.ts';

export { OUTCOMES, type Outcome } from './queries.ts';

/** The verification token's purpose: a token for anything else is no good here. */
export const VERIFY_PURPOSE = 'ccfa_submission';
/** What messages about a matter are filed under in the outbox. */
export const MAIL_CONCERNS = 'ccfa';

export const OUTCOME_NAMES: Record<Outcome, string> = {
  report_cabinet_council: 'A report or recommendations to Cabinet or Council',
  recommendations_partners: 'Recommendations to the responsible authorities or partners',
  no_action: 'No further action',
};

const OFFICER_REFUSAL = 'Only the partnership’s coordinators (the scrutiny officers) can decide on a Councillor Call for Action.';

/** The scrutiny officers: the partnership's coordinators and administrators, as for meetings. */
export const isOfficer = (actor: Actor) => actorCan(actor, 'manage_partnership');

/** The councillor's own matter, or an officer: they read what the councillor wrote. */
const seesPrivate = (actor: Actor, m: MatterRow) => isOfficer(actor) || (actor.userId !== null && m.councillorUserId === actor.userId);

export interface SubmissionValues { councillorName: string; councillorEmail: string; ward: string; matter: string; location: string; tried: string }
export interface DateValues { 'on-day': string; 'on-month': string; 'on-year': string }
/**
 * For a step: `today` (tests fix it); `dateNotRecorded` for a step recorded after the fact whose date
 * is not known (the demo's illustration): no date is kept, and no message is sent.
 */
export interface StepOptions { today?: string; dateNotRecorded?: boolean }

export interface StepView { state: State; name: string; onDate: string | null; reason: string | null }
export interface MatterView {
  id: number; ward: string; status: State; statusName: string; qualified: boolean | null;
  submittedOn: string | null; meeting: { id: number; meetsOn: string; bodyName: string } | null; outcome: Outcome | null;
  steps: StepView[];
  /** What the councillor wrote, and who they are: null for anyone but an officer or the councillor. */
  private: { councillorName: string; councillorEmail: string; matter: string; location: string; tried: string } | null;
}

const LIMITS = { councillorName: 200, councillorEmail: 254, matter: 5000, location: 500, tried: 5000 };
const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const NOT_VERIFIED_MESSAGES: Record<NotVerified['reason'], string> = {
  unknown: 'This link is not valid. Check that you copied the whole link from the e-mail, or fill in the form again.',
  expired: 'This link has expired. Fill in the form again to get a new one.',
  used: 'This link has already been used: your Councillor Call for Action is submitted. Follow it with the link in the e-mail we sent when you confirmed.',
};

export function ccfaService(db: Db, deps: { meetings: MeetingsService; mail: Mailer; verification: EmailVerification; wardNames(p: Partnership): Promise<string[]> }) {
  const audit = (tx: Queryable, p: Partnership, actor: Actor | null, id: number, action: 'create' | 'update', summary: string) =>
    recordChange(tx, { partnershipId: p.id, userId: actor?.userId ?? null, recordType: 'ccfa', recordId: id, action, summary });

  /** The meetings matters were placed on, looked up once for a page however many matters it lists. */
  async function meetingsOf(p: Partnership, rows: MatterRow[]): Promise<Map<number, NonNullable<MatterView['meeting']>>> {
    const found = new Map<number, NonNullable<MatterView['meeting']>>();
    if (!rows.some((m) => m.meetingId)) return found;
    const { bodies, meetings } = await deps.meetings.allMeetings(p);
    for (const x of meetings) {
      const body = bodies.find((b) => b.id === x.bodyId);
      if (body && rows.some((m) => m.meetingId === x.id)) found.set(x.id, { id: x.id, meetsOn: x.meetsOn, bodyName: body.name });
    }
    return found;
  }

  function view(m: MatterRow, steps: StepRow[], meetings: Map<number, NonNullable<MatterView['meeting']>>, shows: { privateFields: boolean; reasons: boolean }): MatterView {
    const mine = steps.filter((s) => s.matterId === m.id);
    const decided = mine.find((s) => s.state === 'qualifies' || s.state === 'not_qualifying');
    const meeting = m.meetingId ? meetings.get(m.meetingId) ?? null : null;
    return {
      id: m.id, ward: m.ward, status: m.status, statusName: STATE_NAMES[m.status], qualified: decided ? decided.state === 'qualifies' : null,
      submittedOn: mine.find((s) => s.state === 'submitted')?.onDate ?? null, meeting, outcome: m.outcome,
      steps: mine.map((s) => ({ state: s.state, name: STATE_NAMES[s.state], onDate: s.onDate, reason: shows.reasons ? s.reason : null })),
      private: shows.privateFields ? { councillorName: m.councillorName, councillorEmail: m.councillorEmail, matter: m.matter, location: m.location, tried: m.tried } : null,
    };
  }

  const viewFor = async (p: Partnership, m: MatterRow, actor: Actor) => {
    const full = seesPrivate(actor, m);
    return view(m, await q.stepsOf(db, [m.id]), await meetingsOf(p, [m]), { privateFields: full, reasons: full });
  };

  function assertOfficer(actor: Actor) {
    if (!isOfficer(actor)) throw new ForbiddenError(OFFICER_REFUSAL);
  }

  async function checkSubmission(p: Partnership, v: SubmissionValues, withContact: boolean) {
    const problems: { field: string; message: string }[] = [];
    const t = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.trim()])) as unknown as SubmissionValues;
    if (withContact) {
      if (!t.councillorName) problems.push({ field: 'councillorName', message: 'Enter your name' });
      if (!t.councillorEmail) problems.push({ field: 'councillorEmail', message: 'Enter your e-mail address' });
      else if (!EMAIL.test(t.councillorEmail) || t.councillorEmail.length > LIMITS.councillorEmail) problems.push({ field: 'councillorEmail', message: 'Enter an e-mail address in the right format, like name@example.org' });
    }
    const wards = await deps.wardNames(p);
    if (!t.ward) problems.push({ field: 'ward', message: 'Select the ward the matter affects' });
    else if (!wards.includes(t.ward)) problems.push({ field: 'ward', message: 'Select one of the partnership’s wards' });
    if (!t.matter) problems.push({ field: 'matter', message: 'Describe the crime and disorder matter' });
    if (!t.tried) problems.push({ field: 'tried', message: 'Say what you have already tried to resolve it' });
    for (const [k, max] of Object.entries(LIMITS)) {
      if ((t[k as keyof SubmissionValues] ?? '').length > max && !problems.some((x) => x.field === k)) problems.push({ field: k, message: `This must be ${max.toLocaleString('en-GB')} characters or fewer` });
    }
    if (problems.length) throw new ValidationError(problems);
    return t;
  }

  /** The date a step happened, from the form: required, not in the future, not before the step before it. */
  function stepDate(v: DateValues, steps: StepRow[], label: string, o: StepOptions, notBefore?: { date: string; what: string }): string | null {
    if (o.dateNotRecorded) return null;
    const today = o.today ?? ukToday();
    const parsed = parseDateParts(v['on-day'], v['on-month'], v['on-year'], label);
    if (parsed.problem) throw new ValidationError([{ field: 'on-day', message: parsed.problem }]);
    if (!parsed.value) throw new ValidationError([{ field: 'on-day', message: `Enter ${label.toLowerCase()}` }]);
    if (parsed.value > today) throw new ValidationError([{ field: 'on-day', message: `${label} cannot be in the future` }]);
    const last = steps.map((s) => s.onDate).filter((d): d is string => d !== null).sort().at(-1);
    if (last && parsed.value < last) throw new ValidationError([{ field: 'on-day', message: `${label} cannot be before the step before it (${last})` }]);
    if (notBefore && parsed.value < notBefore.date) throw new ValidationError([{ field: 'on-day', message: `${label} cannot be before ${notBefore.what}` }]);
    return parsed.value;
  }

  /**
   * Takes one step in a transaction: the matter locked, the state machine asked, the step recorded
   * with its date and who recorded it, and the audit written. `prepare` checks the form against the
   * matter and its steps and says what the step sets.
   */
  async function takeStep(p: Partnership, id: number, step: Step, actor: Actor | null,
    prepare: (m: MatterRow, steps: StepRow[]) => { onDate: string | null; reason: string; set?: Parameters<typeof q.recordStep>[3] }): Promise<MatterRow> {
    return db.transaction(async (tx) => {
      const m = await q.findMatter(tx, p.id, id, true);
      if (!m) throw new NotFoundError('Councillor Call for Action');
      const moved = transition(m.status, step);
      if (!moved.ok) throw new LockedError(moved.reason);
      const steps = await q.stepsOf(tx, [m.id]);
      const { onDate, reason, set } = prepare(m, steps);
      await q.recordStep(tx, m.id, { state: moved.to, onDate, reason, recordedBy: actor?.userId ?? null }, set);
      await audit(tx, p, actor, m.id, 'update', `Councillor Call for Action ${m.id}: ${STATE_NAMES[moved.to].toLowerCase()}${onDate ? ` on ${onDate}` : ''}`);
      return m;
    });
  }

  /** Checks (outside any transaction) that the step may be taken now, for steps with work to do first. */
  async function mayTake(p: Partnership, id: number, step: Step): Promise<MatterRow> {
    const m = await q.findMatter(db, p.id, id);
    if (!m || m.status === 'unverified') throw new NotFoundError('Councillor Call for Action');
    const moved = transition(m.status, step);
    if (!moved.ok) throw new LockedError(moved.reason);
    return m;
  }

  const statusLink = (origin: string, p: Partnership, token: string) => `${origin}/p/${p.slug}/ccfa/status/${token}`;

  return {
    isOfficer,
    wards: (p: Partnership) => deps.wardNames(p),

    /** The matters anyone may know of (confirmed ones), newest first; officers also get those awaiting confirmation. */
    async list(p: Partnership, actor: Actor): Promise<{ matters: MatterView[]; awaiting: { id: number; councillorName: string; ward: string; createdAt: Date }[] }> {
      const rows = await q.mattersOf(db, p.id);
      const confirmed = rows.filter((m) => m.status !== 'unverified');
      const steps = await q.stepsOf(db, confirmed.map((m) => m.id));
      const meetings = await meetingsOf(p, confirmed);
      const matters = confirmed.map((m) => { const full = seesPrivate(actor, m); return view(m, steps, meetings, { privateFields: full, reasons: full }); });
      const awaiting = isOfficer(actor) ? rows.filter((m) => m.status === 'unverified').map((m) => ({ id: m.id, councillorName: m.councillorName, ward: m.ward, createdAt: m.createdAt })) : [];
      return { matters, awaiting };
    },

    /** One matter as this person may see it; one awaiting confirmation exists for nobody yet. */
    async matter(p: Partnership, id: number, actor: Actor): Promise<MatterView> {
      const m = await q.findMatter(db, p.id, id);
      if (!m || m.status === 'unverified') throw new NotFoundError('Councillor Call for Action');
      return viewFor(p, m, actor);
    },

    /** The councillor's status page, by the unguessable link sent to them: the status and the reasons they were given. */
    async byStatusLink(p: Partnership, token: string): Promise<MatterView> {
      const m = TOKEN.test(token) ? await q.findMatterByToken(db, p.id, hashOf(token)) : null;
      if (!m) throw new NotFoundError('Councillor Call for Action');
      return view(m, await q.stepsOf(db, [m.id]), await meetingsOf(p, [m]), { privateFields: false, reasons: true });
    },

    /**
     * The public form: the matter is kept, waiting, and a link to confirm it is sent to the address
     * given. Nothing of it is shown anywhere until the link is used.
     */
    async submitUnverified(p: Partnership, v: SubmissionValues, origin: string): Promise<{ email: string; expiresAt: Date; sent: SendResult }> {
      const t = await checkSubmission(p, v, true);
      const id = await db.transaction(async (tx) => {
        const id = await q.insertMatter(tx, p.id, { status: 'unverified', councillorUserId: null, ...t });
        await audit(tx, p, null, id, 'create', `Councillor Call for Action ${id} received on the public form, waiting for the e-mail address to be confirmed`);
        return id;
      });
      const { token, expiresAt } = await deps.verification.issue({ purpose: VERIFY_PURPOSE, email: t.councillorEmail, partnershipId: p.id, concerns: { kind: MAIL_CONCERNS, id } });
      const sent = await deps.mail.send({
        partnershipId: p.id, to: t.councillorEmail, template: 'ccfa/mail/confirm.njk', concerns: { kind: MAIL_CONCERNS, id },
        data: { name: t.councillorName, partnershipName: p.name, ward: t.ward, link: `${origin}/p/${p.slug}/ccfa/confirm/${token}`, expiresAt },
      });
      return { email: t.councillorEmail, expiresAt, sent };
    },

    /** Whether a confirmation link is good (for the page it opens, which asks for a click). */
    async checkConfirmation(p: Partnership, token: string): Promise<{ ok: true; ward: string } | { ok: false; message: string }> {
      const outcome = await deps.verification.check(token, VERIFY_PURPOSE);
      if (!outcome.ok) return { ok: false, message: NOT_VERIFIED_MESSAGES[outcome.reason] };
      const m = outcome.partnershipId === p.id && outcome.concerns ? await q.findMatter(db, p.id, outcome.concerns.id) : null;
      if (!m) return { ok: false, message: NOT_VERIFIED_MESSAGES.unknown };
      return { ok: true, ward: m.ward };
    },

    /**
     * The click on the confirmation page: the token is used up (once, however many try), the matter
     * is submitted, and the councillor is sent the link to follow it. Returns that link's token.
     */
    async confirm(p: Partnership, token: string, origin: string, o: StepOptions = {}): Promise<{ id: number; statusToken: string }> {
      const problem = (message: string) => new ValidationError([{ field: 'confirm', message }]);
      const checked = await deps.verification.check(token, VERIFY_PURPOSE);
      if (!checked.ok) throw problem(NOT_VERIFIED_MESSAGES[checked.reason]);
      if (checked.partnershipId !== p.id || !checked.concerns) throw problem(NOT_VERIFIED_MESSAGES.unknown);
      const used = await deps.verification.use(token, VERIFY_PURPOSE);
      if (!used.ok) throw problem(NOT_VERIFIED_MESSAGES[used.reason]);
      const statusToken = randomBytes(32).toString('base64url');
      const m = await takeStep(p, checked.concerns.id, 'verify', null, () => ({
        onDate: o.today ?? ukToday(), reason: '', set: { statusTokenHash: hashOf(statusToken) },
      }));
      await deps.mail.send({
        partnershipId: p.id, to: m.councillorEmail, template: 'ccfa/mail/submitted.njk', concerns: { kind: MAIL_CONCERNS, id: m.id },
        data: { name: m.councillorName, partnershipName: p.name, id: m.id, ward: m.ward, link: statusLink(origin, p, statusToken) },
      });
      return { id: m.id, statusToken };
    },

    /**
     * A signed-in councillor (the committee_member role) submits as themselves: their account's
     * address is already confirmed. The demo's example is recorded this way too, with no date.
     */
    async submitAsCouncillor(p: Partnership, v: Omit<SubmissionValues, 'councillorName' | 'councillorEmail'>,
      councillor: { userId: number | null; name: string; email: string }, actor: Actor, o: StepOptions = {}): Promise<number> {
      if (actor.role !== 'committee_member' && !(o.dateNotRecorded && isOfficer(actor))) {
        throw new ForbiddenError('Only a councillor with a committee member’s account submits here when signed in; anyone else uses the public form.');
      }
      const t = await checkSubmission(p, { ...v, councillorName: councillor.name, councillorEmail: councillor.email }, false);
      return db.transaction(async (tx) => {
        const id = await q.insertMatter(tx, p.id, { status: 'unverified', councillorUserId: councillor.userId, ...t });
        const moved = transition('unverified', 'verify');
        if (!moved.ok) throw new LockedError(moved.reason);
        await q.recordStep(tx, id, { state: moved.to, onDate: o.dateNotRecorded ? null : o.today ?? ukToday(), reason: '', recordedBy: actor.userId });
        await audit(tx, p, actor, id, 'create', `Councillor Call for Action ${id} submitted`);
        return id;
      });
    },

    /** The scrutiny officer's decision: it qualifies, or it does not (the reason is required either way). */
    async decide(p: Partnership, id: number, v: DateValues & { qualifies: string; reason: string }, actor: Actor, o: StepOptions = {}): Promise<void> {
      assertOfficer(actor);
      const problems: { field: string; message: string }[] = [];
      if (v.qualifies !== 'yes' && v.qualifies !== 'no') problems.push({ field: 'qualifies', message: 'Select whether the matter qualifies' });
      if (!v.reason.trim()) problems.push({ field: 'reason', message: 'Give the reason for the decision' });
      if (v.reason.length > 5000) problems.push({ field: 'reason', message: 'The reason must be 5,000 characters or fewer' });
      await mayTake(p, id, v.qualifies === 'no' ? 'refuse' : 'qualify');
      if (problems.length) throw new ValidationError(problems);
      await takeStep(p, id, v.qualifies === 'yes' ? 'qualify' : 'refuse', actor, (_m, steps) => ({
        onDate: stepDate(v, steps, 'The date of the decision', o), reason: v.reason.trim(),
      }));
    },

    /**
     * Places a qualifying matter on the first available agenda: the committee's next scheduled
     * meeting from today, through the meetings service (a Part A item; the matter's ward is public).
     */
    async place(p: Partnership, id: number, actor: Actor, o: StepOptions = {}): Promise<{ meetingId: number; agendaItemId: number }> {
      assertOfficer(actor);
      const m = await mayTake(p, id, 'place');
      const today = o.today ?? ukToday();
      const committee = (await deps.meetings.bodies(p)).find((b) => b.kind === 'scrutiny_committee');
      if (!committee) throw new ValidationError([{ field: 'place', message: 'The partnership has no scrutiny committee: add the council’s committee to its bodies first' }]);
      const meeting = await deps.meetings.nextScheduledMeeting(p, committee.id, today);
      if (!meeting) throw new ValidationError([{ field: 'place', message: `The ${committee.name} has no meeting scheduled from today: arrange its next meeting first` }]);
      // The meetings service keeps its own transaction; the step is then taken in this one, and the
      // state is checked again there (another officer may have placed it in between).
      const agendaItemId = await deps.meetings.addAgendaItem(p, meeting.id, {
        title: `Councillor Call for Action: ${m.ward}`,
        description: `A local crime and disorder matter in ${m.ward} referred to the committee by a ward councillor (section 19 of the Police and Justice Act 2006).`,
        part: 'A', exemptionParagraph: '',
      }, actor);
      await takeStep(p, id, 'place', actor, () => ({ onDate: o.dateNotRecorded ? null : today, reason: '', set: { meetingId: meeting.id, agendaItemId } }));
      return { meetingId: meeting.id, agendaItemId };
    },

    /** The committee's decision on the matter, on the date it made it (not before its meeting). */
    async consider(p: Partnership, id: number, v: DateValues & { outcome: string; decision: string }, actor: Actor, o: StepOptions = {}): Promise<void> {
      assertOfficer(actor);
      const m = await mayTake(p, id, 'consider');
      const problems: { field: string; message: string }[] = [];
      if (!(OUTCOMES as readonly string[]).includes(v.outcome)) problems.push({ field: 'outcome', message: 'Select what the committee decided' });
      if (!v.decision.trim()) problems.push({ field: 'decision', message: 'Record the committee’s decision in its words' });
      if (v.decision.length > 5000) problems.push({ field: 'decision', message: 'The decision must be 5,000 characters or fewer' });
      if (problems.length) throw new ValidationError(problems);
      const meeting = m.meetingId ? (await deps.meetings.allMeetings(p)).meetings.find((x) => x.id === m.meetingId) : undefined;
      await takeStep(p, id, 'consider', actor, (_m, steps) => ({
        onDate: stepDate(v, steps, 'The date of the committee’s decision', o, meeting ? { date: meeting.meetsOn, what: 'the meeting it was placed on' } : undefined),
        reason: v.decision.trim(), set: { outcome: v.outcome as Outcome },
      }));
    },

    /**
     * Tells the councillor the outcome and the reasons, by e-mail, and records it as of today. A
     * message the mail server refuses records nothing: the officer sees why and can try again.
     */
    async notify(p: Partnership, id: number, v: { reasons: string }, actor: Actor, o: StepOptions = {}): Promise<SendResult | null> {
      assertOfficer(actor);
      const m = await mayTake(p, id, 'notify');
      if (!v.reasons.trim()) throw new ValidationError([{ field: 'reasons', message: 'Write the outcome and the reasons for the councillor' }]);
      if (v.reasons.length > 5000) throw new ValidationError([{ field: 'reasons', message: 'The reasons must be 5,000 characters or fewer' }]);
      // A step recorded after the fact (the demo's illustration) was not sent from here.
      if (o.dateNotRecorded) {
        await takeStep(p, id, 'notify', actor, () => ({ onDate: null, reason: v.reasons.trim() }));
        return null;
      }
      const sent = await deps.mail.send({
        partnershipId: p.id, to: m.councillorEmail, template: 'ccfa/mail/outcome.njk', concerns: { kind: MAIL_CONCERNS, id: m.id },
        data: { name: m.councillorName, partnershipName: p.name, id: m.id, ward: m.ward, status: STATE_NAMES[m.status], reasons: v.reasons.trim() },
      });
      if (sent.status === 'failed') throw new ValidationError([{ field: 'reasons', message: `The message to the councillor could not be sent (${sent.error}); nothing was recorded. Try again.` }]);
      await takeStep(p, id, 'notify', actor, () => ({ onDate: o.dateNotRecorded ? null : o.today ?? ukToday(), reason: v.reasons.trim() }));
      return sent;
    },

    async close(p: Partnership, id: number, actor: Actor, o: StepOptions = {}): Promise<void> {
      assertOfficer(actor);
      await takeStep(p, id, 'close', actor, () => ({ onDate: o.dateNotRecorded ? null : o.today ?? ukToday(), reason: '' }));
    },

    /** The messages sent about a matter (officers), newest first. */
    async messages(p: Partnership, id: number, actor: Actor) {
      assertOfficer(actor);
      return deps.mail.about(p, { kind: MAIL_CONCERNS, id });
    },
  };
}

export type CcfaService = ReturnType<typeof ccfaService>;
