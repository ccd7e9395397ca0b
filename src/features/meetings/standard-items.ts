// The standard items a body's agenda usually opens with (and, for a committee that takes exempt
// business, closes with). Each body's template depends on its kind: a council committee meets in
// public and so offers Have Your Say and the exclusion of the public; a partnership board does not.

export interface StandardItem { key: string; title: string; description: string }

export const STANDARD_ITEMS: StandardItem[] = [
  { key: 'welcome', title: 'Welcome and announcements',
    description: 'The chair opens the meeting, explains what happens in an emergency and asks members to introduce themselves.' },
  { key: 'substitutions', title: 'Substitutions',
    description: 'Anyone attending in place of an absent member says so.' },
  { key: 'urgent', title: 'Urgent items',
    description: 'The chair announces any urgent item that is not on the published agenda, and why it is urgent.' },
  { key: 'declarations', title: 'Declarations of interest',
    description: 'Members say whether they have an interest in any item on the agenda.' },
  { key: 'previous-minutes', title: 'Minutes of the previous meeting',
    description: 'Members are asked to confirm the minutes of the previous meeting as a correct record.' },
  { key: 'tracker', title: 'Actions and recommendations tracker',
    description: 'The actions promised and recommendations made at earlier meetings that are still open, and the responses received since the last meeting.' },
  { key: 'have-your-say', title: 'Have Your Say!',
    description: 'Members of the public may speak or present a petition on any item on the agenda or within the committee’s remit.' },
  { key: 'exclusion', title: 'Exclusion of the public',
    description: 'A motion to exclude the public and press while the Part B items, which contain exempt information, are considered '
      + '(Local Government Act 1972, section 100A(4) and Schedule 12A).' },
];

// The actions tracker is the standing item after the previous minutes: what was promised, and what came of it.
const COMMITTEE = ['welcome', 'substitutions', 'urgent', 'declarations', 'previous-minutes', 'tracker', 'have-your-say', 'exclusion'];
const BOARD = ['welcome', 'substitutions', 'urgent', 'declarations', 'previous-minutes', 'tracker'];

/** The standard items offered to a body of this kind, in agenda order. */
export function templateFor(bodyKind: string): StandardItem[] {
  const keys = bodyKind === 'scrutiny_committee' ? COMMITTEE : BOARD;
  return keys.map((k) => STANDARD_ITEMS.find((i) => i.key === k)!);
}
