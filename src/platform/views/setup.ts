import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
const govukRoot = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
const srcRoot = fileURLToPath(new URL('../../', import.meta.url));

export const assetDirs = {
  govuk: join(govukRoot, 'govuk'),
  moj: join(mojRoot, 'moj'),
  own: join(srcRoot, 'platform/views/assets'),
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2022-04-01" → "1 April 2022" (GOV.UK date style). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const iso = typeof value === 'string' ? value : value.toISOString();
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return String(value);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "2022-04-01T10:05:00" → "1 April 2022 at 10:05". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return `${formatDate(value)} at ${value.slice(11, 16)}`;
}

/** "business_as_usual" → "Business as usual"; "priorityRefs" → "Priority refs". */
export function humanise(value: string | null | undefined): string {
  const words = String(value ?? '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.replace(/^./, (c) => c.toUpperCase());
}

/** Any stored value as text for the History table: lists joined, empty shown as "(none)". */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.map(displayValue).join(', ') : '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure(
    [join(srcRoot, 'platform/views'), join(srcRoot, 'features'), govukRoot, mojRoot],
    { autoescape: true, throwOnUndefined: false, noCache: process.env.NODE_ENV !== 'development' ? false : true },
  );
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('display', displayValue);
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2));
  env.addFilter('humanise', humanise);
  env.addGlobal('serviceName', 'CSP Hub');
  return env;
}
