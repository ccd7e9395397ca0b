// `csp-hub assess --partnership SLUG [--to YYYY-MM] [--from YYYY-MM] [--population SERIES]
// [--format json|csv]`: the assessment for analysts, printed as JSON (the same document as the
// API) or as a CSV of the crime types. Without --to/--from: the latest complete assessment year;
// without --population: the partnership's choice for the year, else the default rule.
import { parseArgs } from 'node:util';
import type { Services } from '../../../services.ts';
import { assessmentCsv } from './service.ts';
import { POPULATION_SERIES_IDS } from './population.ts';
import type { AssessmentResult } from '../types.ts';
import { DomainError } from '../../../platform/errors.ts';

export const ASSESS_USAGE = `  assess --partnership SLUG [--to YYYY-MM] [--from YYYY-MM] [--population ${POPULATION_SERIES_IDS.join('|')}] [--format json|csv]
                             print the strategic assessment (rolling 12 months to --to, or 12 months
                             from --from; default: the latest complete assessment year). --population
                             picks the ONS population base of the rates (default: the partnership's
                             choice for the year, else the estimate nearest the middle of the period
                             that was published by its end)`;

/** A problem with the command or its data (printed without a stack, exit code 1). */
export class AssessUsageError extends Error {}

export function formatAssessment(result: AssessmentResult, format: 'json' | 'csv'): string {
  return format === 'csv' ? assessmentCsv(result) : `${JSON.stringify(result, null, 2)}\n`;
}

/** Run the command and return what it prints. */
export async function runAssessCommand(services: Services, args: string[]): Promise<string> {
  const { values } = parseArgs({ args, options: {
    partnership: { type: 'string' }, to: { type: 'string' }, from: { type: 'string' }, population: { type: 'string' }, format: { type: 'string', default: 'json' },
  } });
  if (!values.partnership) throw new AssessUsageError(`Name the partnership with --partnership\nUsage:\n${ASSESS_USAGE}`);
  if (values.format !== 'json' && values.format !== 'csv') throw new AssessUsageError('--format must be json or csv');
  if (values.population !== undefined && !(POPULATION_SERIES_IDS as readonly string[]).includes(values.population)) {
    throw new AssessUsageError(`--population must be one of ${POPULATION_SERIES_IDS.join(', ')}`);
  }
  const partnership = await services.partnerships.findBySlug(values.partnership);
  if (!partnership) throw new AssessUsageError(`No partnership ${values.partnership}`);
  try {
    const result = await services.assessment.assess(partnership, {
      ...(values.to ? { to: values.to } : {}), ...(values.from ? { from: values.from } : {}), ...(values.population ? { population: values.population } : {}),
    });
    return formatAssessment(result, values.format);
  } catch (err) {
    // A month that is not a month, or no data for the period: say so, as the page would.
    if (err instanceof DomainError) throw new AssessUsageError(err.message);
    throw err;
  }
}
