// An earlier meeting's minutes as document blocks, from the public record: exempt minutes keep only
// their number, and minutes that are not published are not printed at all (the pack is public).
import type { Block } from '../../../documents/model.ts';
import { heading, paragraph, paragraphsOf } from '../../../documents/model.ts';
import { formatDate } from '../../../platform/dates.ts';
import type { MeetingView } from '../../meetings/service.ts';

function attendanceBlocks(m: MeetingView): Block[] {
  if (m.attendance.length === 0) return [paragraph([{ text: 'Attendance: ', bold: true }, { text: 'not recorded.' }])];
  const names = (kind: string) => m.attendance.filter((a) => a.kind === kind);
  const line = (label: string, people: string[]): Block[] =>
    (people.length ? [paragraph([{ text: `${label}: `, bold: true }, { text: `${people.join(', ')}.` }])] : []);
  return [
    ...line('Present', names('present').map((a) => a.personName)),
    ...line('Substitutes', names('substitute').map((a) => (a.substituteFor ? `${a.personName} for ${a.substituteFor}` : a.personName))),
    ...line('Apologies', names('apologies').map((a) => a.personName)),
    ...line('Also present', names('also_present').map((a) => a.personName)),
  ];
}

function statusLine(m: MeetingView): Block {
  if (m.minutesConfirmedOn) {
    const at = m.confirmedAtMeeting ? ` at the meeting of ${formatDate(m.confirmedAtMeeting.meetsOn)}` : '';
    return paragraph(`Confirmed as a correct record on ${formatDate(m.minutesConfirmedOn)}${at}.`);
  }
  const on = m.minutesPublishedOn ? ` on ${formatDate(m.minutesPublishedOn)}` : '';
  return paragraph(`Published${on}; to be confirmed as a correct record at this meeting.`);
}

/** The minutes printed in the pack; `m` must be the public view of the meeting. */
export function minutesBlocks(m: MeetingView): Block[] {
  const blocks: Block[] = [statusLine(m), ...attendanceBlocks(m)];
  for (const n of m.minutes) {
    if (n.withheld) {
      blocks.push(heading(2, `${n.minuteNumber}. Exempt minute`));
      blocks.push(paragraph(`This minute records an exempt item${n.itemNumber ? ` (item ${n.itemNumber})` : ''} and is not published.`));
      continue;
    }
    blocks.push(heading(2, `${n.minuteNumber}. ${n.title}`));
    for (const text of paragraphsOf(n.text ?? '')) blocks.push(paragraph(text));
    for (const r of n.resolutions) blocks.push(paragraph([{ text: r, bold: true }]));
    for (const c of n.corrections) blocks.push(paragraph(`Corrected on ${formatDate(c.recordedOn)}: ${c.reason}`));
  }
  return blocks;
}
