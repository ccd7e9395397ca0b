// C6: meetings pages. Anyone may read a body's meetings, agendas and published minutes (exempt
// business withheld); the partnership's coordinators arrange meetings and record what happened.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Access } from '../../platform/http/access.ts';
import { scopeOf, type Scope } from '../../platform/http/scope.ts';
import { noErrors, saveOrShowErrors, type FormErrors } from '../../platform/http/forms.ts';
import { field, formBody, id, partnershipParams, slug, type FormBody } from '../../platform/http/schemas.ts';
import { LockedError, TooLargeError, ValidationError } from '../../platform/errors.ts';
import { DEFAULT_REPORT_MAX_FILE_BYTES } from '../../platform/config.ts';
import { formatSize } from '../../platform/sizes.ts';
import { meetingsCalendar } from './ical.ts';
import type { ReportFile } from './report-files.ts';
import { formatDate } from '../../platform/dates.ts';
import { MEETING_STATUSES } from './queries.ts';
import { EXEMPTION_PARAGRAPHS, itemValues, joinResolutions, meetingFormOf, meetingValues, memberField, minuteValues, type ItemFormValues, type MeetingFormValues, type MinuteFormValues } from './forms.ts';
import type { MeetingView } from './service.ts';
import { meetingPanel } from '../actions/meeting-panel.ts';

/** Arranging meetings and recording them: the bodies' officers, who are the partnership's coordinators. */
export const OFFICERS: Access = { permission: 'manage_partnership', refusal: 'Only the partnership’s coordinators can arrange meetings and record their minutes.' };
const PUBLIC = { access: 'public' } as const;

const meetingParams = z.object({ slug, id: id('Meeting') });
const bodyParams = z.object({ slug, id: id('Body') });
const minuteParams = z.object({ slug, id: id('Minute') });

export const STATUS_NAMES: Record<(typeof MEETING_STATUSES)[number], string> = { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled', adjourned: 'Adjourned' };

/** "Crime and Disorder Committee, 7 November 2022" */
export const meetingName = (m: { body: { name: string }; meetsOn: string }) => `${m.body.name}, ${formatDate(m.meetsOn)}`;

const fields = (body: FormBody): Record<string, string> =>
  Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : '']));

export async function meetingRoutes(plain: FastifyInstance, { services, reportMaxFileBytes = DEFAULT_REPORT_MAX_FILE_BYTES }: { services: Services; reportMaxFileBytes?: number }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const base = (scope: Scope) => `/p/${scope.partnership.slug}`;
  const meetingHref = (scope: Scope, meetingId: number) => `${base(scope)}/meetings/${meetingId}`;
  const crumbs = (scope: Scope, meeting?: MeetingView) => [
    { text: 'Meetings', href: `${base(scope)}/meetings` },
    ...(meeting ? [{ text: meeting.body.name, href: `${base(scope)}/bodies/${meeting.body.id}/meetings` },
      { text: formatDate(meeting.meetsOn), href: meetingHref(scope, meeting.id) }] : []),
  ];
  const statusItems = (chosen: string) => MEETING_STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], checked: chosen === s }));

  // ---- Reading ---------------------------------------------------------------------------------

  app.get('/p/:slug/meetings', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { bodies, meetings } = await services.meetings.allMeetings(scope.partnership);
    const upcoming = await services.meetings.upcoming(scope.partnership);
    return reply.page('meetings/views/index.njk', {
      ...scope, pageTitle: 'Meetings', base: base(scope), upcoming, statusNames: STATUS_NAMES,
      bodies: bodies.map((b) => ({ ...b, count: meetings.filter((m) => m.bodyId === b.id).length })),
    });
  });

  app.get('/p/:slug/bodies/:id/meetings', { config: PUBLIC, schema: { params: bodyParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { body, upcoming, past } = await services.meetings.meetingsOf(scope.partnership, request.params.id);
    return reply.page('meetings/views/body.njk', {
      ...scope, pageTitle: `Meetings of the ${body.name}`, body, upcoming, past, base: base(scope), statusNames: STATUS_NAMES,
      canEdit: services.meetings.canEdit(scope.actor), breadcrumbs: crumbs(scope),
    });
  });

  const renderMeeting = async (reply: FastifyReply, scope: Scope, meetingId: number, errors: FormErrors = noErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    // The same address answers an insider with exempt text: no shared cache may keep it.
    if (meeting.seesExempt) reply.header('cache-control', 'no-store');
    const people = (kind: string) => meeting.attendance.filter((a) => a.kind === kind)
      .map((a) => a.personName + (a.substituteFor ? ` (for ${a.substituteFor})` : '')).join(', ');
    const attendanceRows = ([['present', 'Present'], ['apologies', 'Apologies'], ['substitute', 'Substitutes'], ['also_present', 'Also present']] as const)
      .filter(([kind]) => people(kind)).map(([kind, label]) => ({ key: { text: label }, value: { text: people(kind) } }));
    // The actions tracker: items on this meeting's minutes, and the standing tracker item of its agenda.
    const actions = await meetingPanel(services.actions, scope, meeting);
    return reply.status(status).page('meetings/views/meeting.njk', {
      ...scope, ...errors, pageTitle: meetingName(meeting), meeting, base: base(scope), statusNames: STATUS_NAMES, attendanceRows, actions,
      maxReportSize: formatSize(reportMaxFileBytes),
      breadcrumbs: [...crumbs(scope), { text: meeting.body.name, href: `${base(scope)}/bodies/${meeting.body.id}/meetings` }],
    });
  };

  app.get('/p/:slug/meetings/:id', { config: PUBLIC, schema: { params: meetingParams } }, async (request, reply) =>
    renderMeeting(reply, scopeOf(request), request.params.id));

  // The calendar feeds: upcoming meetings of every body, or of one body.
  const sendCalendar = (reply: FastifyReply, request: FastifyRequest, scope: Scope, name: string, meetings: Parameters<typeof meetingsCalendar>[0]['meetings']) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="meetings.ics"')
      .send(meetingsCalendar({ name, origin: `${request.protocol}://${request.host}`, meetings, href: (m) => meetingHref(scope, m.id) }));

  app.get('/p/:slug/meetings.ics', { config: PUBLIC, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    return sendCalendar(reply, request, scope, `${scope.partnership.name}: meetings`, await services.meetings.upcoming(scope.partnership));
  });

  app.get('/p/:slug/bodies/:id/meetings.ics', { config: PUBLIC, schema: { params: bodyParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { body, upcoming } = await services.meetings.meetingsOf(scope.partnership, request.params.id);
    return sendCalendar(reply, request, scope, `${body.name}: meetings`, upcoming.map((m) => ({ ...m, body })));
  });

  // A report for an agenda item: the only multipart form of these pages. The file is read into
  // memory up to the limit (it is stored in the database), and refused whole if it is larger.
  await app.register(async (uploads) => {
    const received = new WeakMap<FastifyRequest, ReportFile>();
    await uploads.register(multipart, {
      attachFieldsToBody: 'keyValues', throwFileSizeLimit: false, limits: { fileSize: reportMaxFileBytes, files: 1, fields: 5 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        // The form's fields must stay text: the file's name stands in for it.
        (part as { value?: unknown }).value = part.filename;
        if (part.fieldname === 'report' && part.filename) received.set(this as unknown as FastifyRequest, { fileName: part.filename, content: Buffer.concat(chunks), truncated: part.file.truncated });
      },
    });
    uploads.withTypeProvider<ZodTypeProvider>().post('/p/:slug/meetings/:id/items/:itemId/reports', {
      config: { access: OFFICERS }, schema: { params: z.object({ slug, id: id('Meeting'), itemId: id('Agenda item') }), body: formBody },
    }, async (request, reply) => {
      const scope = scopeOf(request);
      const file = received.get(request);
      const refuse = (message: string, status: number) =>
        renderMeeting(reply, scope, request.params.id, { errors: [{ text: message, href: `#report-${request.params.itemId}` }], fieldErrors: {} }, status);
      if (!file) return refuse('Select a PDF or Word file to attach', 400);
      try {
        await services.meetings.addReport(scope.partnership, request.params.id, request.params.itemId, file, reportMaxFileBytes, scope.actor);
      } catch (e) {
        if (e instanceof TooLargeError) return refuse(e.message, 413);
        if (e instanceof ValidationError) return refuse(e.errors[0]!.message, 400);
        throw e;
      }
      return reply.redirect(`${meetingHref(scope, request.params.id)}#agenda`, 303);
    });
  });

  // The file's name ends the address (a browser saves it under that name); only the id is looked up.
  app.get('/p/:slug/meetings/:id/reports/:reportId/:fileName', { config: PUBLIC, schema: { params: z.object({ slug, id: id('Meeting'), reportId: id('Report'), fileName: z.string().max(200) }) } }, async (request, reply) => {
    const scope = scopeOf(request);
    const file = await services.meetings.report(scope.partnership, request.params.id, request.params.reportId, scope.actor);
    return reply.type(file.mediaType).header('content-disposition', `attachment; filename="${file.fileName.replace(/"/g, '')}"`)
      .header('x-content-type-options', 'nosniff').header('cache-control', 'no-store').send(file.content);
  });

  // ---- Arranging a meeting ---------------------------------------------------------------------

  const renderMeetingForm = async (reply: FastifyReply, scope: Scope, bodyId: number, values: MeetingFormValues, errors: FormErrors, meetingId: number | null, status = 200) => {
    const body = await services.meetings.body(scope.partnership, bodyId);
    return reply.status(status).page('meetings/views/meeting-form.njk', {
      ...scope, ...errors, pageTitle: meetingId ? 'Change the meeting' : 'Arrange a meeting', body, values, statuses: statusItems(values.status),
      action: meetingId ? `${meetingHref(scope, meetingId)}/edit` : `${base(scope)}/bodies/${bodyId}/meetings/new`,
      cancel: meetingId ? meetingHref(scope, meetingId) : `${base(scope)}/bodies/${bodyId}/meetings`, breadcrumbs: crumbs(scope),
    });
  };

  app.get('/p/:slug/bodies/:id/meetings/new', { config: { access: OFFICERS }, schema: { params: bodyParams } }, async (request, reply) =>
    renderMeetingForm(reply, scopeOf(request), request.params.id, { ...meetingValues(), status: 'scheduled' }, noErrors, null));

  app.post('/p/:slug/bodies/:id/meetings/new', { config: { access: OFFICERS }, schema: { params: bodyParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = meetingValues(request.body);
    return saveOrShowErrors(() => services.meetings.createMeeting(scope.partnership, request.params.id, values, scope.actor),
      (meetingId) => reply.redirect(meetingHref(scope, meetingId), 303),
      (errors) => renderMeetingForm(reply, scope, request.params.id, values, errors, null, 400));
  });

  app.get('/p/:slug/meetings/:id/edit', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const meeting = await services.meetings.meeting(scope.partnership, request.params.id, scope.actor);
    return renderMeetingForm(reply, scope, meeting.bodyId, meetingFormOf(meeting), noErrors, meeting.id);
  });

  app.post('/p/:slug/meetings/:id/edit', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const meeting = await services.meetings.meeting(scope.partnership, request.params.id, scope.actor);
    const values = meetingValues(request.body);
    return saveOrShowErrors(() => services.meetings.updateMeeting(scope.partnership, meeting.id, values, scope.actor),
      () => reply.redirect(meetingHref(scope, meeting.id), 303),
      (errors) => renderMeetingForm(reply, scope, meeting.bodyId, values, errors, meeting.id, 400));
  });

  // ---- The agenda ------------------------------------------------------------------------------

  const renderAgenda = async (reply: FastifyReply, scope: Scope, meetingId: number, values: ItemFormValues, errors: FormErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    const standard = await services.meetings.standardItemsFor(scope.partnership, meetingId);
    return reply.status(status).page('meetings/views/agenda-form.njk', {
      ...scope, ...errors, pageTitle: `Agenda: ${meetingName(meeting)}`, meeting, values, base: base(scope), breadcrumbs: crumbs(scope, meeting),
      standard: standard.filter((s) => !s.onAgenda).map((s) => ({ value: s.key, text: s.title, hint: { text: s.description } })),
      parts: [{ value: 'A', text: 'Part A: open to the public', checked: values.part !== 'B' }, { value: 'B', text: 'Part B: exempt information, not open to the public', checked: values.part === 'B' }],
      paragraphs: [{ value: '', text: 'Select the paragraph' }, ...EXEMPTION_PARAGRAPHS.map((p) => ({ value: p, text: `Paragraph ${p}`, selected: values.exemptionParagraph === p }))],
    });
  };

  app.get('/p/:slug/meetings/:id/agenda', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) =>
    renderAgenda(reply, scopeOf(request), request.params.id, { ...itemValues(), part: 'A' }, noErrors));

  app.post('/p/:slug/meetings/:id/agenda/standard', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const chosen = [request.body.standard ?? []].flat();
    return saveOrShowErrors(() => services.meetings.addStandardItems(scope.partnership, request.params.id, chosen, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}/agenda`, 303),
      (errors) => renderAgenda(reply, scope, request.params.id, { ...itemValues(), part: 'A' }, errors, 400));
  });

  app.post('/p/:slug/meetings/:id/agenda/items', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = itemValues(request.body);
    return saveOrShowErrors(() => services.meetings.addAgendaItem(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}/agenda`, 303),
      (errors) => renderAgenda(reply, scope, request.params.id, values, errors, 400));
  });

  // ---- Attendance and declarations -------------------------------------------------------------

  const renderAttendance = async (reply: FastifyReply, scope: Scope, meetingId: number, values: Record<string, string> | null, errors: FormErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    const saved = (kind: string) => meeting.attendance.filter((a) => a.kind === kind && a.bodyMemberId === null);
    const v = values ?? {
      ...Object.fromEntries(meeting.body.members.map((m) => [memberField(m.id), meeting.attendance.find((a) => a.bodyMemberId === m.id)?.kind ?? ''])),
      presentOthers: saved('present').map((a) => a.personName).join('\n'), apologiesOthers: saved('apologies').map((a) => a.personName).join('\n'),
      substitutes: saved('substitute').map((a) => `${a.personName} for ${a.substituteFor ?? ''}`).join('\n'), alsoPresent: saved('also_present').map((a) => a.personName).join('\n'),
    };
    const members = meeting.body.members.map((m) => ({
      name: memberField(m.id), legend: m.personName + (m.role !== 'member' ? ` (${m.role.replace('_', ' ')})` : ''),
      items: [['present', 'Present'], ['apologies', 'Apologies'], ['', 'Absent or not recorded']].map(([value, text]) => ({ value, text, checked: (v[memberField(m.id)] ?? '') === value })),
    }));
    return reply.status(status).page('meetings/views/attendance-form.njk', {
      ...scope, ...errors, pageTitle: `Attendance: ${meetingName(meeting)}`, meeting, members, values: v, base: base(scope), breadcrumbs: crumbs(scope, meeting),
    });
  };

  app.get('/p/:slug/meetings/:id/attendance', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) =>
    renderAttendance(reply, scopeOf(request), request.params.id, null, noErrors));

  app.post('/p/:slug/meetings/:id/attendance', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = fields(request.body);
    return saveOrShowErrors(() => services.meetings.recordAttendance(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}#attendance`, 303),
      (errors) => renderAttendance(reply, scope, request.params.id, values, errors, 400));
  });

  const itemChoices = (meeting: MeetingView, chosen: string, none: string) => [
    { value: '', text: none },
    ...meeting.agenda.map((i) => ({ value: String(i.id), text: `${i.number}. ${i.title ?? 'Exempt item'}${i.part === 'B' ? ' (Part B)' : ''}`, selected: chosen === String(i.id) })),
  ];

  const renderDeclaration = async (reply: FastifyReply, scope: Scope, meetingId: number, values: Record<string, string>, errors: FormErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    return reply.status(status).page('meetings/views/declaration-form.njk', {
      ...scope, ...errors, pageTitle: `Declare an interest: ${meetingName(meeting)}`, meeting, values, base: base(scope), breadcrumbs: crumbs(scope, meeting),
      items: itemChoices(meeting, values.agendaItemId ?? '', 'Select the item'),
    });
  };

  app.get('/p/:slug/meetings/:id/declarations/new', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) =>
    renderDeclaration(reply, scopeOf(request), request.params.id, {}, noErrors));

  app.post('/p/:slug/meetings/:id/declarations/new', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = { agendaItemId: field(request.body, 'agendaItemId'), personName: field(request.body, 'personName'), interest: field(request.body, 'interest') };
    return saveOrShowErrors(() => services.meetings.addDeclaration(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}#agenda`, 303),
      (errors) => renderDeclaration(reply, scope, request.params.id, values, errors, 400));
  });

  // ---- Minutes ---------------------------------------------------------------------------------

  const renderMinute = async (reply: FastifyReply, scope: Scope, meetingId: number, minuteId: number | null, values: MinuteFormValues, errors: FormErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    const numbering = await services.meetings.nextMinuteNumber(scope.partnership, meetingId);
    return reply.status(status).page('meetings/views/minute-form.njk', {
      ...scope, ...errors, pageTitle: minuteId ? 'Change a minute' : `Record a minute: ${meetingName(meeting)}`, meeting, values, numbering, minuteId,
      action: minuteId ? `${base(scope)}/minutes/${minuteId}/edit` : `${meetingHref(scope, meetingId)}/minutes/new`,
      items: itemChoices(meeting, values.agendaItemId, 'Not about an agenda item'), base: base(scope), breadcrumbs: crumbs(scope, meeting),
    });
  };

  app.get('/p/:slug/meetings/:id/minutes/new', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) =>
    renderMinute(reply, scopeOf(request), request.params.id, null, minuteValues(), noErrors));

  app.post('/p/:slug/meetings/:id/minutes/new', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = minuteValues(request.body);
    return saveOrShowErrors(() => services.meetings.addMinute(scope.partnership, request.params.id, values, scope.actor),
      ({ minuteNumber }) => reply.redirect(`${meetingHref(scope, request.params.id)}#minute-${minuteNumber}`, 303),
      (errors) => renderMinute(reply, scope, request.params.id, null, values, errors, 400));
  });

  const renderCorrection = (reply: FastifyReply, scope: Scope, meeting: MeetingView, minuteId: number, values: Record<string, string>, errors: FormErrors, status = 200) =>
    reply.status(status).page('meetings/views/correction-form.njk', {
      ...scope, ...errors, pageTitle: 'Correct a confirmed minute', meeting, minute: meeting.minutes.find((m) => m.id === minuteId), values, base: base(scope), breadcrumbs: crumbs(scope, meeting),
    });

  app.get('/p/:slug/minutes/:id/edit', { config: { access: OFFICERS }, schema: { params: minuteParams } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { minute, meeting } = await services.meetings.minuteForEdit(scope.partnership, request.params.id, scope.actor);
    const values = { agendaItemId: minute.agendaItemId ? String(minute.agendaItemId) : '', title: minute.title, text: minute.text,
      resolutions: joinResolutions(minute.resolutions), firstNumber: '', version: String(minute.version) };
    if (meeting.minutesLocked) return renderCorrection(reply, scope, meeting, minute.id, { text: minute.text, resolutions: values.resolutions, reason: '' }, noErrors);
    return renderMinute(reply, scope, meeting.id, minute.id, values, noErrors);
  });

  app.post('/p/:slug/minutes/:id/edit', { config: { access: OFFICERS }, schema: { params: minuteParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { meeting } = await services.meetings.minuteForEdit(scope.partnership, request.params.id, scope.actor);
    const values = minuteValues(request.body);
    try {
      return await saveOrShowErrors(() => services.meetings.updateMinute(scope.partnership, request.params.id, values, scope.actor),
        () => reply.redirect(`${meetingHref(scope, meeting.id)}#minutes`, 303),
        (errors) => renderMinute(reply, scope, meeting.id, request.params.id, values, errors, 400));
    } catch (e) {
      if (!(e instanceof LockedError)) throw e;
      return renderCorrection(reply, scope, meeting, request.params.id, { text: values.text, resolutions: values.resolutions, reason: '' },
        { errors: [{ text: e.message, href: '#reason' }], fieldErrors: { reason: { text: e.message } } }, 409);
    }
  });

  app.post('/p/:slug/minutes/:id/correction', { config: { access: OFFICERS }, schema: { params: minuteParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const { meeting } = await services.meetings.minuteForEdit(scope.partnership, request.params.id, scope.actor);
    const values = { text: field(request.body, 'text'), resolutions: field(request.body, 'resolutions'), reason: field(request.body, 'reason') };
    return saveOrShowErrors(() => services.meetings.correctMinute(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${meetingHref(scope, meeting.id)}#minutes`, 303),
      (errors) => renderCorrection(reply, scope, meeting, request.params.id, values, errors, 400));
  });

  app.post('/p/:slug/meetings/:id/publish-minutes', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    return saveOrShowErrors(() => services.meetings.publishMinutes(scope.partnership, request.params.id, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}#minutes`, 303),
      (errors) => renderConfirm(reply, scope, request.params.id, {}, errors, 400));
  });

  const renderConfirm = async (reply: FastifyReply, scope: Scope, meetingId: number, values: Record<string, string>, errors: FormErrors, status = 200) => {
    const meeting = await services.meetings.meeting(scope.partnership, meetingId, scope.actor);
    const { meetings } = await services.meetings.allMeetings(scope.partnership);
    const later = meetings.filter((m) => m.bodyId === meeting.bodyId && m.meetsOn > meeting.meetsOn);
    return reply.status(status).page('meetings/views/confirm-form.njk', {
      ...scope, ...errors, pageTitle: `Confirm the minutes: ${meetingName(meeting)}`, meeting, values, base: base(scope), breadcrumbs: crumbs(scope, meeting),
      laterMeetings: [{ value: '', text: 'Not recorded' }, ...later.map((m) => ({ value: String(m.id), text: formatDate(m.meetsOn), selected: values.atMeetingId === String(m.id) }))],
    });
  };

  app.get('/p/:slug/meetings/:id/confirm-minutes', { config: { access: OFFICERS }, schema: { params: meetingParams } }, async (request, reply) =>
    renderConfirm(reply, scopeOf(request), request.params.id, {}, noErrors));

  app.post('/p/:slug/meetings/:id/confirm-minutes', { config: { access: OFFICERS }, schema: { params: meetingParams, body: formBody } }, async (request, reply) => {
    const scope = scopeOf(request);
    const values = { 'confirmedOn-day': field(request.body, 'confirmedOn-day'), 'confirmedOn-month': field(request.body, 'confirmedOn-month'),
      'confirmedOn-year': field(request.body, 'confirmedOn-year'), atMeetingId: field(request.body, 'atMeetingId') };
    return saveOrShowErrors(() => services.meetings.confirmMinutes(scope.partnership, request.params.id, values, scope.actor),
      () => reply.redirect(`${meetingHref(scope, request.params.id)}#minutes`, 303),
      (errors) => renderConfirm(reply, scope, request.params.id, values, errors, 400));
  });
}
