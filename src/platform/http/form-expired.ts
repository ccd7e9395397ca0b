import type { FastifyRequest } from 'fastify';
import { humanise } from '../views/setup.ts';
import { safeLocalPath } from './safe-path.ts';
import { formLabels } from './form-labels.ts';

// When a form's token has expired, nothing is saved; the page then shows what was typed so that
// nothing is lost, under the labels the person saw on the form. The token itself and any password
// are never echoed back.
const NOT_SHOWN = /^_csrf$/;
const SECRET = /passw/i;

export interface SubmittedField { name: string; label: string; values: string[] }

export interface ExpiredForm {
  fields: SubmittedField[];
  /** A password was typed but is not shown. */
  passwordOmitted: boolean;
  /** Where the form was: the Referer when it is this site, else the address posted to. */
  backHref: string;
}

/** When the form's labels cannot be read: "leadOrganisationId" → "Lead organisation id"; "wards[]" → "Wards". */
function labelFromName(name: string): string {
  return humanise(name.replace(/[[\].-]+/g, ' ').trim()).replace(/\s+/g, ' ');
}

/**
 * What was typed, each field under its label on the form (`labels`, from `formLabels`); a field the
 * form had hidden is left out, a field the form does not show under its name keeps a label made from it.
 */
export function submittedFields(body: unknown, labels = new Map<string, string | null>()): { fields: SubmittedField[]; passwordOmitted: boolean } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { fields: [], passwordOmitted: false };
  let passwordOmitted = false;
  const fields = Object.entries(body).flatMap(([name, value]) => {
    // Uploaded files and other non-text parts cannot be shown back.
    const values = [value].flat().filter((v): v is string => typeof v === 'string');
    if (NOT_SHOWN.test(name) || !values.some((v) => v.trim() !== '')) return [];
    if (SECRET.test(name)) { passwordOmitted = true; return []; }
    const label = labels.get(name);
    if (label === null) return [];
    return [{ name, label: label ?? labelFromName(name), values }];
  });
  return { fields, passwordOmitted };
}

/** The form's page on this site, from the Referer; null when there is none or it is another site's. */
function formPage(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? safeLocalPath(url.pathname + url.search, '') || null : null;
  } catch {
    return null;
  }
}

/** The labels on the form's page, asked of the app as the same person; none if it cannot be shown. */
async function labelsOnPage(request: FastifyRequest, page: string | null): Promise<Map<string, string | null>> {
  if (!page) return new Map();
  try {
    const res = await request.server.inject({ method: 'GET', url: page,
      headers: { cookie: request.headers.cookie ?? '', host: request.headers.host ?? 'localhost', accept: 'text/html' } });
    const html = res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html');
    return html ? formLabels(res.body) : new Map();
  } catch {
    return new Map();
  }
}

export async function expiredForm(request: FastifyRequest): Promise<ExpiredForm> {
  const page = formPage(request);
  return { ...submittedFields(request.body, await labelsOnPage(request, page)), backHref: page ?? safeLocalPath(request.url) };
}
