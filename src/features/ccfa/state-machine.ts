// The steps of a Councillor Call for Action, in the only order they may happen:
//
//   unverified ─verify→ submitted ─qualify→ qualifies ─place→ on_agenda ─consider→ considered ─notify→ notified ─close→ closed
//                                 └refuse→ not_qualifying ─────────────────────────────────notify↗
//
// A pure function: the service asks it before every change, so no step can be skipped or repeated.

export const STATES = ['unverified', 'submitted', 'qualifies', 'not_qualifying', 'on_agenda', 'considered', 'notified', 'closed'] as const;
export type State = (typeof STATES)[number];

export const STEPS = ['verify', 'qualify', 'refuse', 'place', 'consider', 'notify', 'close'] as const;
export type Step = (typeof STEPS)[number];

/** Each step: the state it starts from, and the state it reaches. */
const MOVES: Record<Step, { from: readonly State[]; to: State }> = {
  verify: { from: ['unverified'], to: 'submitted' },
  qualify: { from: ['submitted'], to: 'qualifies' },
  refuse: { from: ['submitted'], to: 'not_qualifying' },
  place: { from: ['qualifies'], to: 'on_agenda' },
  consider: { from: ['on_agenda'], to: 'considered' },
  notify: { from: ['considered', 'not_qualifying'], to: 'notified' },
  close: { from: ['notified'], to: 'closed' },
};

export const STATE_NAMES: Record<State, string> = {
  unverified: 'Waiting for the councillor to confirm their e-mail address',
  submitted: 'Submitted: waiting for the scrutiny officer’s decision',
  qualifies: 'Qualifies: to be placed on the committee’s agenda',
  not_qualifying: 'Does not qualify',
  on_agenda: 'On the committee’s agenda',
  considered: 'Considered by the committee',
  notified: 'Councillor notified of the outcome',
  closed: 'Closed',
};

/** What must happen next, in words, for a refusal. */
const NEXT: Record<State, string> = {
  unverified: 'the councillor must first confirm their e-mail address',
  submitted: 'the scrutiny officer must first decide whether it qualifies',
  qualifies: 'it must first be placed on the committee’s agenda',
  not_qualifying: 'the councillor must first be told why it does not qualify',
  on_agenda: 'the committee must first consider it',
  considered: 'the councillor must first be notified of the committee’s decision',
  notified: 'it can now only be closed',
  closed: 'it is closed',
};

const STEP_NAMES: Record<Step, string> = {
  verify: 'submitted', qualify: 'found to qualify', refuse: 'found not to qualify', place: 'placed on an agenda',
  consider: 'recorded as considered', notify: 'notified to the councillor', close: 'closed',
};

export type Transition = { ok: true; to: State } | { ok: false; reason: string };

/** The state a step reaches from `from`, or why it may not be taken now. */
export function transition(from: State, step: Step): Transition {
  const move = MOVES[step];
  if (move.from.includes(from)) return { ok: true, to: move.to };
  return { ok: false, reason: `This Councillor Call for Action cannot be ${STEP_NAMES[step]} now: ${NEXT[from]}.` };
}

/** The steps that may be taken from a state (what the officer's page offers). */
export const stepsFrom = (from: State): Step[] => STEPS.filter((s) => MOVES[s].from.includes(from));
