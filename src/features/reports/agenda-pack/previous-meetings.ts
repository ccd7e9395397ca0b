// Which earlier meetings' minutes the pack carries for confirmation. See
// docs/decisions/008-agenda-pack.md: a meeting whose minutes were confirmed at (or on the day of) this
// meeting, and otherwise every earlier held meeting of the same body whose minutes exist and are not
// yet confirmed — committees that meet rarely confirm two sets at once, and none is skipped.
import type { MeetingRow } from '../../meetings/service.ts';

export function meetingsForConfirmation(
  meeting: MeetingRow, all: readonly MeetingRow[], hasMinutes: (meetingId: number) => boolean,
): MeetingRow[] {
  return all
    .filter((m) => m.bodyId === meeting.bodyId && m.id !== meeting.id)
    .filter((m) => {
      if (m.minutesConfirmedAt === meeting.id) return true;
      if (m.minutesConfirmedOn) return m.minutesConfirmedAt === null && m.minutesConfirmedOn === meeting.meetsOn;
      return (m.status === 'held' || m.status === 'adjourned') && m.meetsOn < meeting.meetsOn && hasMinutes(m.id);
    })
    // Newest first, as the agenda lists them.
    .sort((a, b) => b.meetsOn.localeCompare(a.meetsOn) || b.id - a.id);
}
