// The population a partnership uses for rates, chosen per assessment year: an ONS series
// (analysis/population.ts) and an optional district figure that overrides it, with the reason.
// A request may ask for a series for one view; without that or a stored choice the default rule
// applies (the estimate nearest the middle of the period that was published by its end). Every
// change of the stored choice is audited.
import type { Db } from '../../../platform/db/types.ts';
import { recordChange } from '../../../platform/audit.ts';
import { ForbiddenError, ValidationError } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { actorCan } from '../../../platform/auth/actor.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { SOURCE_LABEL, POPULATION_SERIES, defaultSeries, isPopulationSeries, type PopulationSource } from './population.ts';
import { assertMonth, monthName, addMonths } from './months.ts';
import * as q from './queries.ts';

export interface PopulationChoiceFor {
  /** First month of the assessment year the choice belongs to, 'YYYY-MM'. */
  yearStart: string;
  source: PopulationSource;
  ladOverride: number | null;
  note: string | null;
  /** false when no choice is stored and the default applies. */
  stored: boolean;
  chosenBy: 'request' | 'partnership' | 'default';
  /** Why this series (see AssessmentPopulationBase.reason). */
  reason: string;
  /** What the default rule gives for the period, and why. */
  defaultSeries: PopulationSource;
  defaultReason: string;
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

/** The default series for a whole assessment year starting with `yearStart`. */
export const defaultSourceForYear = (yearStart: string): PopulationSource => defaultSeries(yearStart, addMonths(yearStart, 11)).series;

export interface PopulationInput { yearStart: string; source: string; ladOverride: string | number | null | undefined; note: string | null | undefined }

const MAX_POPULATION = 20_000_000;

export function populationService(db: Db) {
  return {
    list: (partnershipId: number) => q.populationChoices(db, partnershipId),

    /**
     * The base for a period: the series asked for (no override), else the partnership's choice for
     * the assessment year that holds the period's last month, else the default rule.
     */
    async choiceFor(partnership: Partnership, period: { start: string; end: string }, requested?: PopulationSource): Promise<PopulationChoiceFor> {
      const yearStart = assessmentYearStartFor(period.end, partnership.assessmentYearStartMonth);
      const def = defaultSeries(period.start, period.end);
      const base = { yearStart, defaultSeries: def.series, defaultReason: def.reason };
      if (requested) {
        const reason = requested === def.series
          ? `as asked for, which is also the default for this period: ${def.reason}`
          : `as asked for; without a choice this period would use ${POPULATION_SERIES[def.series].name}, ${def.reason}`;
        return { ...base, source: requested, ladOverride: null, note: null, stored: false, chosenBy: 'request', reason };
      }
      const stored = (await q.populationChoices(db, partnership.id)).find((c) => c.yearStart === yearStart);
      if (stored) {
        return { ...base, ...stored, stored: true, chosenBy: 'partnership', reason: `chosen by the partnership for ${assessmentYearLabel(yearStart)}` };
      }
      return { ...base, source: def.series, ladOverride: null, note: null, stored: false, chosenBy: 'default', reason: def.reason };
    },

    /** Validate and store a choice (analysts, coordinators and administrators). */
    async set(partnership: Partnership, input: PopulationInput, actor: Actor): Promise<void> {
      if (!actorCan(actor, 'analyse')) throw new ForbiddenError('Only an analyst, coordinator or administrator can choose the population.');
      const errors: { field: string; message: string }[] = [];
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.yearStart) || Number(input.yearStart.slice(5, 7)) !== partnership.assessmentYearStartMonth) {
        errors.push({ field: 'yearStart', message: 'Select the assessment year' });
      }
      if (!isPopulationSeries(input.source)) errors.push({ field: 'source', message: 'Select the population source' });
      const raw = typeof input.ladOverride === 'string' ? input.ladOverride.replace(/[,\s]/g, '') : input.ladOverride;
      let override: number | null = null;
      if (raw !== '' && raw !== null && raw !== undefined) {
        const n = Number(raw);
        if (!Number.isInteger(n) || n <= 0 || n > MAX_POPULATION) errors.push({ field: 'ladOverride', message: 'Enter the population as a whole number, like 150000' });
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
