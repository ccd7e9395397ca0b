import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type nunjucks from 'nunjucks';

declare module 'fastify' {
  interface FastifyReply {
    /** Render a page with the layout's shared context (user, CSRF token, CSP nonce). */
    page(view: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export const renderPlugin = fp(async (app: FastifyInstance, opts: { views: nunjucks.Environment }) => {
  app.decorateReply('page', function page(this: FastifyReply, view: string, context: Record<string, unknown> = {}) {
    const request: FastifyRequest = this.request;
    const shared = {
      currentUser: request.user,
      csrfToken: this.generateCsrf ? this.generateCsrf() : '',
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      currentPath: request.url,
    };
    const html = opts.views.render(view, { ...shared, ...context });
    return this.type('text/html; charset=utf-8').send(html);
  });
});
