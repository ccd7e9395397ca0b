// The demo's meetings (demo/scp.meetings.json beside the demo partnership's file), loaded through
// the meetings service so they pass the same rules as an officer's own entries.
import { existsSync, readFileSync } from 'node:fs';
import type { DemoMeetings } from '../../../demo/types.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { MeetingsService } from './service.ts';
import { memberField } from './forms.ts';

/** The meetings file of a demo partnership file: scp.json → scp.meetings.json. */
export const meetingsFileOf = (demoFile: string) => demoFile.replace(/\.json$/, '.meetings.json');

export function readDemoMeetings(demoFile: string): DemoMeetings | null {
  const file = meetingsFileOf(demoFile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as DemoMeetings : null;
}

export async function loadDemoMeetings(meetings: MeetingsService, partnership: Partnership, demoFile: string, actor: Actor): Promise<void> {
  const demo = readDemoMeetings(demoFile);
  if (!demo) return;
  const bodies = await meetings.bodies(partnership);
  for (const m of demo.meetings) {
    const body = bodies.find((b) => b.name === m.body);
    if (!body) throw new Error(`Demo meetings: unknown body ${m.body}`);
    const [y, mo, d] = m.date.split('-');
    const meetingId = await meetings.createMeeting(partnership, body.id, {
      'meetsOn-day': d!, 'meetsOn-month': mo!, 'meetsOn-year': y!, startsAt: m.startsAt ?? '', venue: m.venue, remoteLink: '', status: m.status, version: '',
    }, actor);
    const itemIds: number[] = [];
    for (const entry of m.agenda) {
      if ('standard' in entry) itemIds.push(...await meetings.addStandardItems(partnership, meetingId, entry.standard, actor));
      else itemIds.push(await meetings.addAgendaItem(partnership, meetingId, { ...entry, exemptionParagraph: entry.exemptionParagraph ?? '' }, actor));
    }
    if (m.attendance) {
      const a = m.attendance;
      const member = (name: string) => body.members.find((x) => x.personName === name);
      const form: Record<string, string> = {
        presentOthers: a.present.filter((n) => !member(n)).join('\n'), apologiesOthers: a.apologies.filter((n) => !member(n)).join('\n'),
        substitutes: a.substitutes.map((s) => `${s.name} for ${s.for}`).join('\n'), alsoPresent: a.alsoPresent.join('\n'),
      };
      for (const n of a.present) if (member(n)) form[memberField(member(n)!.id)] = 'present';
      for (const n of a.apologies) if (member(n)) form[memberField(member(n)!.id)] = 'apologies';
      await meetings.recordAttendance(partnership, meetingId, form, actor);
    }
    for (const n of m.minutes) {
      const saved = await meetings.addMinute(partnership, meetingId, {
        agendaItemId: n.item ? String(itemIds[n.item - 1]) : '', title: n.title, text: n.text, resolutions: n.resolutions.join('\n\n'),
        firstNumber: String(n.number), version: '',
      }, actor);
      if (saved.minuteNumber !== n.number) throw new Error(`Demo meetings: minute ${n.title} came out as ${saved.minuteNumber}, not ${n.number}`);
    }
    // Published in the council's papers, on a date they do not give.
    if (m.minutesPublished) await meetings.publishMinutes(partnership, meetingId, actor, null);
  }
}
