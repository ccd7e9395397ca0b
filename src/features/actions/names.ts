// How the tracker names a minute and an item's owner, on its own pages and on a meeting's page.
import { formatDate } from '../../platform/dates.ts';
import type { MinuteRef } from '../meetings/service.ts';
import type { ActionView } from './service.ts';
import { RECOMMENDED_TO_NAMES } from './forms.ts';

/** "Crime and Disorder Committee, 14 September 2021, minute 36" */
export const minuteName = (m: MinuteRef) => `${m.body.name}, ${formatDate(m.meetsOn)}, minute ${m.minuteNumber}`;

/** Who an item is for: the owner of an action, the addressee of a recommendation. */
export function ownerOf(a: ActionView): string {
  if (a.kind === 'recommendation') return a.recommendedTo === 'partner' ? a.partnerName : RECOMMENDED_TO_NAMES[a.recommendedTo!];
  return [a.ownerName, a.ownerOrganisation].filter(Boolean).join(', ');
}

