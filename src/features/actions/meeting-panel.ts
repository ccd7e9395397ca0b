// What a meeting's page shows of the tracker: the items and referrals recorded on each of its minutes,
// and — under the standing "actions tracker" item of its agenda — the body's items from earlier meetings
// that are still open or were answered since the previous meeting.
import type { Scope } from '../../platform/http/scope.ts';
import type { ActionsService, ActionView, ReferralView } from './service.ts';
import { minuteName, ownerOf } from './names.ts';

export interface TrackerRow extends ActionView { owner: string; minuteName: string; minuteHref: string }

export async function meetingPanel(actions: ActionsService, scope: Scope, meeting: { id: number; bodyId: number; meetsOn: string }) {
  const base = `/p/${scope.partnership.slug}`;
  const row = (a: ActionView): TrackerRow => ({
    ...a, owner: ownerOf(a), minuteName: minuteName(a.minute), minuteHref: `${base}/meetings/${a.minute.meetingId}#minute-${a.minute.minuteNumber}`,
  });
  const [byMinute, referrals, tracker] = await Promise.all([
    actions.forMeeting(scope.partnership, meeting.id, scope.actor),
    actions.referralsForMeeting(scope.partnership, meeting.id, scope.actor),
    actions.trackerFor(scope.partnership, meeting, scope.actor),
  ]);
  const minuteItems: Record<number, TrackerRow[]> = {};
  for (const [minuteId, list] of byMinute) minuteItems[minuteId] = list.map(row);
  const minuteReferrals: Record<number, ReferralView[]> = Object.fromEntries(referrals);
  return { minuteItems, minuteReferrals, tracker: tracker.map(row), canRecordActions: actions.canEdit(scope.actor) };
}
