import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatMonth, formatPeriod, isIsoDate } from '../dates.ts';
import { formatPounds } from '../money.ts';
import { humanise, roleName } from '../words.ts';

export { humanise, roleName } from '../words.ts';

const require = createRequire(import.meta.url);
const govukRoot = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));
const autocompleteRoot = dirname(require.resolve('accessible-autocomplete/package.json'));
const srcRoot = fileURLToPath(new URL('../../', import.meta.url));

export const assetDirs = {
  govuk: join(govukRoot, 'govuk'),
  moj: join(mojRoot, 'moj'),
  /** GDS accessible-autocomplete: search-as-you-type over a select, for long lists like districts. */
  autocomplete: join(autocompleteRoot, 'dist'),
  own: join(srcRoot, 'platform/views/assets'),
};

/**
 * Any stored value as text for the History table: lists joined, empty shown as "(none)", dates
 * and role or status codes in words.
 */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.map(displayValue).join(', ') : '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value instanceof Date || isIsoDate(value)) return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatDate(value as string) : formatDateTime(value as string);
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value)) return roleName(value);
  return String(value);
}

export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure(
    [join(srcRoot, 'platform/views'), join(srcRoot, 'features'), govukRoot, mojRoot],
    { autoescape: true, throwOnUndefined: false, noCache: process.env.NODE_ENV !== 'development' ? false : true },
  );
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('month', formatMonth);
  env.addFilter('period', formatPeriod);
  env.addFilter('roleName', roleName);
  env.addFilter('display', displayValue);
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2));
  env.addFilter('humanise', humanise);
  // Whole pence → "£494,000"; null → "Not recorded".
  env.addFilter('pounds', (pence: number | null | undefined) => (typeof pence === 'number' ? formatPounds(pence) : 'Not recorded'));
  env.addGlobal('serviceName', 'CSP Hub');
  return env;
}
