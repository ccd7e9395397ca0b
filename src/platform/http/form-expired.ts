import type { FastifyRequest } from 'fastify';
import { humanise } from '../views/setup.ts';
import { safeLocalPath } from './safe-path.ts';

// When a form's token has expired, nothing is saved; the page then shows what was typed so that
// nothing is lost. The token itself and any password are never echoed back.
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

/** "leadOrganisationId" → "Lead organisation id"; "wards[]" → "Wards". */
function labelFor(name: string): string {
  return humanise(name.replace(/[[\].-]+/g, ' ').trim()).replace(/\s+/g, ' ');
}

export function submittedFields(body: unknown): { fields: SubmittedField[]; passwordOmitted: boolean } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { fields: [], passwordOmitted: false };
  let passwordOmitted = false;
  const fields = Object.entries(body).flatMap(([name, value]) => {
    // Uploaded files and other non-text parts cannot be shown back.
    const values = [value].flat().filter((v): v is string => typeof v === 'string');
    if (NOT_SHOWN.test(name) || !values.some((v) => v.trim() !== '')) return [];
    if (SECRET.test(name)) { passwordOmitted = true; return []; }
    return [{ name, label: labelFor(name), values }];
  });
  return { fields, passwordOmitted };
}

function backHref(request: FastifyRequest): string {
  const fallback = safeLocalPath(request.url);
  const referer = request.headers.referer;
  if (!referer) return fallback;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? safeLocalPath(url.pathname + url.search, fallback) : fallback;
  } catch {
    return fallback;
  }
}

export function expiredForm(request: FastifyRequest): ExpiredForm {
  return { ...submittedFields(request.body), backHref: backHref(request) };
}
