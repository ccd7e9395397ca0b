// The population a partnership uses for rates, chosen per assessment year: an ONS source
// (mid-2020 estimates or Census 2021) and an optional district figure that overrides it, with
// the reason. Without a stored choice, periods ending before 2022 use mid-2020 and later ones
// Census 2021. Every change is audited.
import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../platform/http/errors.ts';
import type { Actor } from '../plans/actor.ts';
import { actorCan } from '../plans/actor.ts';
import type { Partnership } from '../partnerships/service.ts';
import { SOURCE_LABEL, type PopulationSource } from './analysis/population.ts';
import { assertMonth, monthName, addMonths } from './analysis/months.ts';
import * as q from './analysis-queries.ts';

export interface PopulationChoiceFor {
  /** First month of the assessment year the choice belongs to, 'YYYY-MM'. */
  yearStart: string;
  source: PopulationSource;
  ladOverride: number | null;
  note: string | null;
  /** false when no choice is stored and the default applies. */
  stored: boolean;
}

/** The first month of the assessment year holding `month` (years start in `startMonth`, 1–12). */
export function assessmentYearStartFor(month: string, startMonth: number): string {
  assertMonth(month);
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const year = m >= startMonth ? y : y - 1;
  return `${year}-${String(startMonth).padStart(2, '0')}`;
}

/** "2021-10" → "October 2021 to September 2022". */
export const assessmentYearLabel = (yearStart: string): string => `${monthName(yearStart)} to ${monthName(addMonths(yearStart, 11))}`;

export const defaultSource = (periodEnd: string): PopulationSource => (periodEnd < '2022-01' ? 'mid2020' : 'census2021');

export interface PopulationInput { yearStart: string; source: string; ladOverride: string | number | null | undefined; note: string | null | undefined }

const MAX_POPULATION = 20_000_000;

export function populationService(db: Db) {
  return {
    list: (partnershipId: number) => q.populationChoices(db, partnershipId),

    /** The choice for the assessment year that holds the period's last month. */
    async choiceFor(partnership: Partnership, periodEnd: string): Promise<PopulationChoiceFor> {
      const yearStart = assessmentYearStartFor(periodEnd, partnership.assessmentYearStartMonth);
      const stored = (await q.populationChoices(db, partnership.id)).find((c) => c.yearStart === yearStart);
      if (stored) return { ...stored, stored: true };
      return { yearStart, source: defaultSource(periodEnd), ladOverride: null, note: null, stored: false };
    },

    /** Validate and store a choice (analysts, coordinators and administrators). */
    async set(partnership: Partnership, input: PopulationInput, actor: Actor): Promise<void> {
      if (!actorCan(actor, 'analyse')) throw new ForbiddenError('Only an analyst, coordinator or administrator can choose the population.');
      const errors: { field: string; message: string }[] = [];
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.yearStart) || Number(input.yearStart.slice(5, 7)) !== partnership.assessmentYearStartMonth) {
        errors.push({ field: 'yearStart', message: 'Select the assessment year' });
      }
      if (input.source !== 'mid2020' && input.source !== 'census2021') errors.push({ field: 'source', message: 'Select the population source' });
      const raw = typeof input.ladOverride === 'string' ? input.ladOverride.replace(/[,\s]/g, '') : input.ladOverride;
      let override: number | null = null;
      if (raw !== '' && raw !== null && raw !== undefined) {
        const n = Number(raw);
        if (!Number.isInteger(n) || n <= 0 || n > MAX_POPULATION) errors.push({ field: 'ladOverride', message: 'Enter the population as a whole number, like 194706' });
        else override = n;
      }
      const note = (input.note ?? '').trim();
      if (override !== null && note === '') errors.push({ field: 'note', message: 'Enter the reason for the figure and where it comes from' });
      if (note.length > 1000) errors.push({ field: 'note', message: 'The reason must be 1,000 characters or fewer' });
      if (errors.length) throw new ValidationError(errors);
      const source = input.source as PopulationSource;
      await db.transaction(async (tx) => {
        const before = (await q.populationChoices(tx, partnership.id)).find((c) => c.yearStart === input.yearStart) ?? null;
        const after = { yearStart: input.yearStart, source, ladOverride: override, note: note || null };
        await q.upsertPopulationChoice(tx, partnership.id, after);
        await recordChange(tx, {
          partnershipId: partnership.id, userId: actor.userId, recordType: 'population_choice', recordId: partnership.id,
          action: before ? 'update' : 'create',
          summary: `Population for ${assessmentYearLabel(input.yearStart)}: ${SOURCE_LABEL[source]}${override ? `, district figure ${override.toLocaleString('en-GB')}` : ''}`,
          before: before ?? undefined, after,
        });
      });
    },
  };
}

export type PopulationService = ReturnType<typeof populationService>;
