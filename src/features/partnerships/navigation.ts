import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import type { NavItem } from '../../platform/http/scope.ts';

/** The links along the top of a partnership's pages: each shown only to those who may follow it. */
export function partnershipNavigation(base: string, actor: Actor): NavItem[] {
  return [
    { href: base, text: 'Home' },
    { href: `${base}/area`, text: 'Your area' },
    { href: `${base}/plans`, text: 'Plans' },
    { href: `${base}/measures`, text: 'Measures' },
    // Rounds and their summaries may quote updates not for publication.
    ...(actorCan(actor, 'view_drafts') ? [{ href: `${base}/rounds`, text: 'Update rounds' }] : []),
    ...(actorCan(actor, 'read_internal') ? [{ href: `${base}/assessment`, text: 'Assessment' }] : []),
    { href: `${base}/partnership`, text: 'Members and bodies' },
    { href: `${base}/frameworks`, text: 'Frameworks' },
    { href: `${base}/funding`, text: 'Funding' },
    { href: `${base}/meetings`, text: 'Meetings' },
    ...(actorCan(actor, 'read_internal') ? [{ href: `${base}/calendar`, text: 'Calendar' }] : []),
    // Documents being prepared are drafts until a version is published.
    ...(actorCan(actor, 'view_drafts') ? [{ href: `${base}/documents`, text: 'Documents' }] : []),
    ...(actorCan(actor, 'manage_partnership') ? [{ href: `${base}/admin`, text: 'Administration' }] : []),
  ];
}
