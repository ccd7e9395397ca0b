// The calendar feed of upcoming meetings (iCalendar). It names each meeting, its time and venue and
// links to its page; it never carries agenda content, so nothing exempt can reach a calendar.
import ical, { ICalEventStatus } from 'ical-generator';
import type { MeetingRow } from './queries.ts';

/** The moment a UK wall-clock time (Europe/London) happens, whatever the server's own time zone. */
export function ukMoment(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  const guess = Date.UTC(y!, m! - 1, d!, h!, min!);
  const shown = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
    .formatToParts(new Date(guess));
  const part = (t: string) => Number(shown.find((p) => p.type === t)!.value);
  // London is UTC or one hour ahead: take back what the guess showed beyond the wanted time.
  const shift = ((part('hour') - h!) * 60 + (part('minute') - min!) + 1440) % 1440;
  return new Date(guess - shift * 60_000);
}

const TWO_HOURS = 2 * 60 * 60 * 1000;

export function meetingsCalendar(opts: {
  name: string; origin: string; meetings: (MeetingRow & { body: { name: string } })[]; href: (m: MeetingRow) => string;
}): string {
  const calendar = ical({ name: opts.name, prodId: { company: 'CSP Hub', product: 'meetings', language: 'EN' }, ttl: 60 * 60 });
  for (const m of opts.meetings) {
    const start = m.startsAt ? ukMoment(m.meetsOn, m.startsAt) : new Date(`${m.meetsOn}T00:00:00Z`);
    calendar.createEvent({
      id: `meeting-${m.id}@csp-hub`,
      start,
      // The length of a meeting is not recorded: two hours holds the time in a diary.
      end: m.startsAt ? new Date(start.getTime() + TWO_HOURS) : new Date(start.getTime() + 24 * 60 * 60 * 1000),
      allDay: !m.startsAt,
      summary: `${m.body.name}${m.status === 'cancelled' ? ' (cancelled)' : ''}`,
      location: m.venue || null,
      url: `${opts.origin}${opts.href(m)}`,
      description: [m.remoteLink ? `Join online: ${m.remoteLink}` : '', `Agenda and papers: ${opts.origin}${opts.href(m)}`].filter(Boolean).join('\n'),
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: new Date(`${m.meetsOn}T00:00:00Z`),
    });
  }
  return calendar.toString();
}
