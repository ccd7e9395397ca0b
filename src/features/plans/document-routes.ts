import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../platform/http/scope.ts';
import { renderHtml } from '../../documents/render-html.ts';
import { renderDocx } from '../../documents/render-docx.ts';
import { closePdfBrowser, renderPdf, PdfUnavailableError } from '../../documents/render-pdf.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { planParams } from './params.ts';

// The Annual Partnership Plan as a document: print-friendly HTML, Word and PDF, all from one model.
// Visibility is the plan page's: services.plans.get hides drafts from the public as "not found".

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The document page is a standalone HTML file with its own inline stylesheet and no scripts:
 * its policy allows that stylesheet and nothing else to load or run.
 */
const DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function documentRoutes(plain: FastifyInstance, { services }: { services: Services }) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // One headless browser is shared by all PDF renders; let it go when the app shuts down.
  app.addHook('onClose', async () => { await closePdfBrowser(); });

  async function load(request: FastifyRequest, reply: FastifyReply, year: number) {
    const scope = scopeOf(request);
    const plan = await services.plans.get(scope.partnership, year, scope.actor);
    // Drafts are seen only by signed-in members; never let a shared cache keep them.
    if (plan.status !== 'published') reply.header('cache-control', 'private, no-store');
    const filename = `${scope.partnership.slug}-annual-partnership-plan-${plan.year}`;
    // The same plan, as a document with the partnership's logo (the assembled plan is cached).
    const doc = await services.plans.document(scope.partnership, year, scope.actor);
    return { doc, filename, base: `/p/${scope.partnership.slug}/plans/${plan.year}` };
  }

  app.get('/p/:slug/plans/:year/document', { config: { access: 'public' }, schema: { params: planParams } }, async (request, reply) => {
    const { doc } = await load(request, reply, request.params.year);
    return reply.type('text/html; charset=utf-8').header('content-security-policy', DOCUMENT_CSP).send(renderHtml(doc));
  });

  app.get('/p/:slug/plans/:year/document.docx', { config: { access: 'public' }, schema: { params: planParams } }, async (request, reply) => {
    const { doc, filename } = await load(request, reply, request.params.year);
    const body = await renderDocx(doc);
    return reply.type(DOCX_TYPE).header('content-disposition', `attachment; filename="${filename}.docx"`).send(body);
  });

  app.get('/p/:slug/plans/:year/document.pdf', { config: { access: 'public' }, schema: { params: planParams } }, async (request, reply) => {
    const { doc, filename, base } = await load(request, reply, request.params.year);
    try {
      const body = await renderPdf(doc);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}.pdf"`).send(body);
    } catch (err) {
      if (!(err instanceof PdfUnavailableError)) throw err;
      // Not a fault in the request or the plan: this server cannot print. Say so, and offer the rest.
      request.log.warn({ detail: err.detail }, 'PDF unavailable');
      return reply.status(503).page('error.njk', {
        pageTitle: 'The PDF cannot be made on this server',
        paragraphs: [err.message, 'Meanwhile, download the Word version or print the document page from your browser.'],
        links: [{ href: `${base}/document.docx`, text: 'Download as Word' }, { href: `${base}/document`, text: 'Printable page' }],
      });
    }
  });
}
