import type { FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { actorFor, actorCan, type Actor } from '../../features/plans/actor.ts';
import type { Partnership } from '../../features/partnerships/service.ts';

export interface Scope { partnership: Partnership; actor: Actor; navigation: { href: string; text: string; active?: boolean }[] }

/** The partnership named in the URL, who is acting in it, and its navigation. */
export async function partnershipScope(request: FastifyRequest, services: Services): Promise<Scope> {
  const { slug } = request.params as { slug: string };
  const partnership = await services.partnerships.bySlug(slug);
  const actor = actorFor(request.user, partnership.id);
  const base = `/p/${partnership.slug}`;
  const items = [
    { href: base, text: 'Home' },
    { href: `${base}/plans`, text: 'Plans' },
    ...(actorCan(actor, 'read_internal') ? [{ href: `${base}/assessment`, text: 'Assessment' }] : []),
    ...(actorCan(actor, 'read_internal') ? [{ href: `${base}/partnership`, text: 'Members and bodies' }] : []),
    { href: `${base}/frameworks`, text: 'Frameworks' },
    ...(actorCan(actor, 'manage_partnership') ? [{ href: `${base}/admin`, text: 'Administration' }] : []),
  ];
  const path = request.url.split('?')[0];
  const navigation = items.map((i) => ({ ...i, active: i.href === base ? path === base : path.startsWith(i.href) }));
  return { partnership, actor, navigation };
}
