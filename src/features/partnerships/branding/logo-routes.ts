// The logo pages: administrators see, upload, replace and remove it; anyone fetches it at its public
// address (documents and the public pages show it).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../../services.ts';
import { noErrors, toFormErrors, type FormErrors } from '../../../platform/http/forms.ts';
import { formBody, partnershipParams, query, field } from '../../../platform/http/schemas.ts';
import { TooLargeError, ValidationError } from '../../../platform/errors.ts';
import { formatSize } from '../../../platform/sizes.ts';
import { scopeOf } from '../../../platform/http/scope.ts';
import { MANAGE, V, adminScope, flashOf, flashQuery, type AdminScope } from '../admin/route-helpers.ts';
import { LOGO_MAX_BYTES, defaultAlt, type LogoUpload } from './logo.ts';

export async function logoRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const admin = services.partnershipAdmin;

  async function logoPage(reply: FastifyReply, scope: AdminScope, ctx: { alt?: string; errors?: FormErrors; status?: number; flash?: string } = {}) {
    const [details, shown] = await Promise.all([admin.logoDetails(scope.partnership, scope.actor), services.partnerships.logoInfo(scope.partnership)]);
    return reply.status(ctx.status ?? 200).page(`${V}admin-logo.njk`, {
      ...scope, ...(ctx.errors ?? noErrors), pageTitle: 'Logo', flash: ctx.flash, breadcrumbs: [scope.adminCrumb],
      logo: details && shown ? { ...details, ...shown, size: formatSize(details.sizeBytes), kind: details.type === 'png' ? 'PNG' : 'JPEG' } : null,
      alt: ctx.alt ?? details?.alt ?? '', defaultAlt: defaultAlt(scope.partnership), maxSize: formatSize(LOGO_MAX_BYTES),
    });
  }

  app.get('/p/:slug/admin/logo', { config: { access: MANAGE }, schema: { params: partnershipParams, querystring: flashQuery } }, async (request, reply) =>
    logoPage(reply, adminScope(request), { flash: flashOf(request.query) }));

  // The upload is the only multipart form of these pages: the file is read into memory up to the
  // limit (the rest is read and dropped, so the browser gets the answer) and checked by the service.
  await app.register(async (uploads) => {
    const received = new WeakMap<FastifyRequest, LogoUpload>();
    await uploads.register(multipart, {
      attachFieldsToBody: 'keyValues', throwFileSizeLimit: false, limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 5 },
      async onFile(part) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        // The form's fields must stay text: the file's name stands in for it.
        (part as { value?: unknown }).value = part.filename;
        if (part.fieldname === 'logo' && part.filename) received.set(this as unknown as FastifyRequest, { content: Buffer.concat(chunks), truncated: part.file.truncated });
      },
    });
    // The access check runs on request: a refused upload is never read.
    uploads.withTypeProvider<ZodTypeProvider>().post('/p/:slug/admin/logo', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
      const scope = adminScope(request);
      const alt = field(request.body, 'alt');
      try {
        await admin.uploadLogo(scope.partnership, received.get(request), alt, scope.actor);
      } catch (err) {
        if (err instanceof TooLargeError) return logoPage(reply, scope, { alt, errors: toFormErrors([{ field: 'logo', message: err.message }]), status: 413 });
        if (err instanceof ValidationError) return logoPage(reply, scope, { alt, errors: toFormErrors(err.errors), status: 400 });
        throw err;
      }
      return reply.redirect(`${scope.base}/logo?saved=logo-saved`, 303);
    });
  });

  app.get('/p/:slug/admin/logo/remove', { config: { access: MANAGE }, schema: { params: partnershipParams } }, async (request, reply) => {
    const scope = adminScope(request);
    return reply.page(`${V}admin-confirm.njk`, {
      ...scope, pageTitle: 'Remove the logo', heading: 'Remove the logo?',
      text: 'Documents made from now on will carry no logo, and the public pages will not show one, until a new logo is uploaded. The change is kept in the partnership’s history.',
      action: `${scope.base}/logo/remove`, buttonText: 'Yes, remove the logo', cancelHref: `${scope.base}/logo`,
      breadcrumbs: [scope.adminCrumb, { text: 'Logo', href: `${scope.base}/logo` }],
    });
  });

  app.post('/p/:slug/admin/logo/remove', { config: { access: MANAGE }, schema: { params: partnershipParams, body: formBody } }, async (request, reply) => {
    const scope = adminScope(request);
    await admin.removeLogo(scope.partnership, scope.actor);
    return reply.redirect(`${scope.base}/logo?saved=logo-removed`, 303);
  });

  // Public: the logo is printed on published documents. Its address carries ?v=<checksum> from the
  // pages that show it, so a new logo is a new address and the old one may be kept by caches a while.
  app.get('/p/:slug/logo', { config: { access: 'public' }, schema: { params: partnershipParams, querystring: query('v') } }, async (request, reply) => {
    const scope = scopeOf(request);
    const file = await services.partnerships.logoFile(scope.partnership);
    return reply.type(file.mediaType).header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=300').header('etag', `"${file.sha256}"`).send(file.content);
  });
}
