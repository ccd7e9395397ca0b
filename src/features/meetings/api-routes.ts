// The read-only meetings API. /bodies/{id} and /meetings/{id} name no partnership: each finds its
// partnership from the record and then answers exactly as the partnership's own pages would for
// this caller (the same actor, the same service, the same withholding of exempt content).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { actorFor, type Actor } from '../../platform/auth/actor.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { id, partnershipParams } from '../../platform/http/schemas.ts';
import { ErrorBody } from '../api/schemas.ts';
import { optionalSession } from '../api/openapi.ts';
import type { Partnership } from '../partnerships/service.ts';
import type { MeetingRow } from './queries.ts';
import { BodyList, Meeting, MeetingList } from './api-schema.ts';
import { actionJson } from '../actions/api-routes.ts';

const PUBLIC = { access: 'public' } as const;

export async function meetingApiRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const api = '/api/v1';

  /** The partnership a record belongs to, and who is asking there; null slug → the record is not found. */
  async function scopeOfRecord(request: FastifyRequest, slug: string | null, what: string): Promise<{ partnership: Partnership; actor: Actor }> {
    if (!slug) throw new NotFoundError(what);
    const partnership = await services.partnerships.bySlug(slug);
    return { partnership, actor: actorFor(request.user, partnership.id) };
  }

  const summary = (slug: string, m: MeetingRow) => ({
    id: m.id, date: m.meetsOn, startsAt: m.startsAt, status: m.status, venue: m.venue, remoteLink: m.remoteLink,
    minutesPublished: m.minutesPublished, minutesPublishedOn: m.minutesPublishedOn, minutesConfirmedOn: m.minutesConfirmedOn,
    links: { self: `${api}/meetings/${m.id}`, html: `/p/${slug}/meetings/${m.id}` },
  });

  app.get('/api/v1/partnerships/:slug/bodies', {
    config: PUBLIC,
    schema: { operationId: 'listBodies', summary: 'The partnership’s boards, groups and committees', tags: ['meetings'], params: partnershipParams, response: { 200: BodyList, 404: ErrorBody } },
  }, async (request) => {
    const { partnership } = scopeOf(request);
    const bodies = await services.meetings.bodies(partnership);
    return { bodies: bodies.map((b) => ({
      id: b.id, name: b.name, kind: b.kind, members: b.members.map((m) => ({ name: m.personName, role: m.role })),
      links: { meetings: `${api}/bodies/${b.id}/meetings`, html: `/p/${partnership.slug}/bodies/${b.id}/meetings` },
    })) };
  });

  app.get('/api/v1/bodies/:id/meetings', {
    config: PUBLIC,
    schema: { operationId: 'listMeetings', summary: 'A body’s meetings', tags: ['meetings'], params: z.object({ id: id('Body') }), response: { 200: MeetingList, 404: ErrorBody } },
  }, async (request) => {
    const { partnership } = await scopeOfRecord(request, await services.meetings.partnershipOfBody(request.params.id), 'Body');
    const { body, upcoming, past } = await services.meetings.meetingsOf(partnership, request.params.id);
    const all = [...past, ...upcoming].sort((a, b) => a.meetsOn.localeCompare(b.meetsOn) || a.id - b.id);
    return { body: { id: body.id, name: body.name, kind: body.kind }, meetings: all.map((m) => summary(partnership.slug, m)) };
  });

  app.get('/api/v1/meetings/:id', {
    config: PUBLIC,
    schema: {
      operationId: 'getMeeting', summary: 'One meeting: agenda, attendance, minutes and resolutions', tags: ['meetings'], security: optionalSession,
      description: 'Part B (exempt) items and minutes are listed with their exemption paragraph, their content withheld unless the caller is a member '
        + 'or officer of the body. Minutes appear once published (to the body’s members and officers, from the start).',
      params: z.object({ id: id('Meeting') }), response: { 200: Meeting, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { partnership, actor } = await scopeOfRecord(request, await services.meetings.partnershipOfMeeting(request.params.id), 'Meeting');
    const m = await services.meetings.meeting(partnership, request.params.id, actor);
    const actions = await services.actions.forMeeting(partnership, m.id, actor);
    reply.header('vary', 'cookie');
    if (m.seesExempt) reply.header('cache-control', 'no-store');
    const html = `/p/${partnership.slug}/meetings/${m.id}`;
    return {
      ...summary(partnership.slug, m), body: { id: m.body.id, name: m.body.name, kind: m.body.kind },
      agendaItems: m.agenda.map((i) => ({
        id: i.id, number: i.number, part: i.part, exempt: i.part === 'B', exemptionParagraph: i.exemptionParagraph, withheld: i.withheld,
        title: i.title, description: i.description,
        reports: i.reports.map((r) => ({ id: r.id, fileName: r.fileName, mediaType: r.mediaType, sizeBytes: r.sizeBytes, sha256: r.sha256, url: `${html}/reports/${r.id}/${encodeURIComponent(r.fileName)}` })),
        declarations: i.declarations.map((d) => ({ personName: d.personName, interest: d.interest })),
      })),
      attendance: m.attendance.map((a) => ({ name: a.personName, kind: a.kind, substituteFor: a.substituteFor })),
      minutes: m.minutes.map((n) => ({
        id: n.id, minuteNumber: n.minuteNumber, agendaItemNumber: n.itemNumber, exempt: n.exempt, withheld: n.withheld,
        title: n.title, text: n.text, resolutions: n.resolutions, corrections: n.corrections.map((c) => ({ recordedOn: c.recordedOn, reason: c.reason })),
        actions: (actions.get(n.id) ?? []).map((a) => actionJson(partnership.slug, a)),
      })),
      resolutions: m.minutes.flatMap((n) => n.resolutions.map((text) => ({ minuteNumber: n.minuteNumber, text }))),
    };
  });
}
