// Measures (KPIs): what the partnership counts, from which organisation, how often and which way is
// good; their values per period; and which priorities and initiatives of the plans they follow.
//
// Who sees what: a measure and its values are published figures — everyone sees every measure once it
// is saved (there is no draft measure and no private note). Its links to the plans are shown only as
// far as the viewer may see those plans (a draft plan's priorities only to members).
// Who changes them: analysts, coordinators and administrators (`analyse`). Partner editors send their
// figures to the analysts, who check them before they appear in public charts.
import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/audit.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { actorCan, type Actor } from '../../platform/auth/actor.ts';
import type { Partnership, PartnershipsService } from '../partnerships/service.ts';
import type { PlansService } from '../plans/service.ts';
import { priorityHeading } from '../plans/priority-service.ts';
import { priorityAnchor } from '../plans/priority-label.ts';
import * as q from './queries.ts';
import { comparePeriods, periodOf, FREQUENCY_NAMES, type Frequency } from './periods.ts';
import { parseMeasureForm, DIRECTION_NAMES, type MeasureFormValues } from './measure-form.ts';
import { readValue, readValuesCsv } from './values-csv.ts';

export interface MeasuresDeps {
  plans: PlansService;
  partnerships: PartnershipsService;
}

export interface MeasureValue { period: string; label: string; value: number; note: string; /** As shown: 1,234.5 */ text: string }

/** A figure as people read it: 1,234.5. */
export const figureText = (n: number | null): string => (n === null ? '' : (Math.round(n * 100) / 100).toLocaleString('en-GB'));

export interface LinkRef { id: number; text: string; href: string; year: string }

export interface Measure extends q.MeasureRow {
  sourceName: string | null;
  frequencyName: string; directionName: string;
  baselinePeriodLabel: string | null; targetPeriodLabel: string | null;
  baselineText: string; targetText: string;
  values: MeasureValue[];
}

/** The plans' priorities and initiatives a viewer can see, by id, as links. */
export interface Linkables {
  plans: { year: string; priorities: LinkRef[]; initiatives: (LinkRef & { priorityId: number })[] }[];
  priorities: Map<number, LinkRef>;
  initiatives: Map<number, LinkRef>;
}

const editorsOnly = (actor: Actor, what: string) => {
  if (!actorCan(actor, 'analyse')) throw new ForbiddenError(`Only the partnership’s analysts, coordinators and administrators can ${what}.`);
};

const snapshotOf = (m: q.MeasureFields, links?: q.Links) => ({ ...m, ...(links ?? {}) });

/** Reads which measures follow given priorities or initiatives: handed to the plans feature for its pages. */
export function measureLinksReader(db: Db) {
  return async (partnershipId: number, kind: 'priority' | 'initiative', ids: number[]): Promise<Map<number, { id: number; name: string }[]>> => {
    const out = new Map<number, { id: number; name: string }[]>();
    for (const r of await q.measuresLinkedTo(db, partnershipId, kind, ids)) {
      const list = out.get(r.linkedId) ?? [];
      list.push({ id: r.id, name: r.name });
      out.set(r.linkedId, list);
    }
    return out;
  };
}

export function measuresService(db: Db, deps: MeasuresDeps) {
  async function describe(partnership: Partnership, rows: q.MeasureRow[]): Promise<Measure[]> {
    const [values, organisations] = await Promise.all([q.valuesOf(db, rows.map((r) => r.id)), deps.partnerships.organisations(partnership.id)]);
    const orgName = new Map(organisations.map((o) => [o.id, o.name]));
    return rows.map((m) => {
      const label = (code: string | null) => (code ? periodOf(code, m.frequency).label : null);
      const own = values.filter((v) => v.measureId === m.id).map((v) => ({ ...periodOf(v.period, m.frequency), value: v.value, note: v.note }))
        .sort(comparePeriods).map((p) => ({ period: p.code, label: p.label, value: p.value, note: p.note, text: figureText(p.value) }));
      return {
        ...m, sourceName: m.sourceOrganisationId ? orgName.get(m.sourceOrganisationId) ?? null : null,
        frequencyName: FREQUENCY_NAMES[m.frequency], directionName: DIRECTION_NAMES[m.direction],
        baselinePeriodLabel: label(m.baselinePeriod), targetPeriodLabel: label(m.targetPeriod), values: own,
        baselineText: figureText(m.baseline), targetText: figureText(m.target),
      };
    });
  }

  async function load(partnership: Partnership, id: number, lock = false, qx = db as Pick<Db, 'query'>) {
    const row = await q.findMeasure(qx, partnership.id, id, lock);
    if (!row) throw new NotFoundError('Measure');
    return row;
  }

  /** Every priority and initiative of the plans this actor may see. */
  async function linkables(partnership: Partnership, actor: Actor): Promise<Linkables> {
    const base = `/p/${partnership.slug}`;
    const plans = await Promise.all((await deps.plans.list(partnership, actor)).map((p) => deps.plans.get(partnership, p.startYear, actor)));
    const out: Linkables = { plans: [], priorities: new Map(), initiatives: new Map() };
    for (const plan of plans) {
      const entry: Linkables['plans'][number] = { year: plan.year, priorities: [], initiatives: [] };
      for (const p of plan.priorities) {
        const ref = { id: p.id, text: priorityHeading(p), href: `${base}/plans/${plan.year}#${priorityAnchor(p)}`, year: plan.year };
        entry.priorities.push(ref);
        out.priorities.set(p.id, ref);
        for (const i of [...p.objectives.flatMap((o) => o.initiatives), ...p.initiatives]) {
          const iref = { id: i.id, text: i.name, href: `${base}/initiatives/${i.id}`, year: plan.year, priorityId: p.id };
          entry.initiatives.push(iref);
          out.initiatives.set(i.id, iref);
        }
      }
      out.plans.push(entry);
    }
    return out;
  }

  async function checkLinks(partnership: Partnership, actor: Actor, links: q.Links) {
    const known = await linkables(partnership, actor);
    const problems: { field: string; message: string }[] = [];
    if (links.priorityIds.some((id) => !known.priorities.has(id))) problems.push({ field: 'priorities', message: 'Select priorities from the list' });
    if (links.initiativeIds.some((id) => !known.initiatives.has(id))) problems.push({ field: 'initiatives', message: 'Select initiatives from the list' });
    if (problems.length) throw new ValidationError(problems);
  }

  async function checkFields(partnership: Partnership, fields: q.MeasureFields, exceptId: number | null) {
    const problems: { field: string; message: string }[] = [];
    if (await q.nameTaken(db, partnership.id, fields.name, exceptId)) problems.push({ field: 'name', message: `The partnership already has a measure called ${fields.name}` });
    if (fields.sourceOrganisationId !== null && !(await deps.partnerships.organisations(partnership.id)).some((o) => o.id === fields.sourceOrganisationId)) {
      problems.push({ field: 'source', message: 'Select the organisation from the list' });
    }
    if (problems.length) throw new ValidationError(problems);
  }

  const audit = (tx: Pick<Db, 'query'>, partnership: Partnership, actor: Actor, id: number, action: 'create' | 'update' | 'delete', extra: { summary?: string; before?: unknown; after?: unknown }) =>
    recordChange(tx, { partnershipId: partnership.id, userId: actor.userId, recordType: 'measure', recordId: id, action, ...extra });

  return {
    linkables,

    canEdit: (actor: Actor) => actorCan(actor, 'analyse'),

    async list(partnership: Partnership): Promise<Measure[]> {
      return describe(partnership, await q.listMeasures(db, partnership.id));
    },

    async get(partnership: Partnership, id: number, actor: Actor) {
      const [measure] = await describe(partnership, [await load(partnership, id)]);
      const links = (await q.linksOf(db, [id])).get(id)!;
      const known = await linkables(partnership, actor);
      return {
        measure: measure!,
        priorities: links.priorityIds.map((p) => known.priorities.get(p)).filter((x): x is LinkRef => !!x),
        initiatives: links.initiativeIds.map((i) => known.initiatives.get(i)).filter((x): x is LinkRef => !!x),
        canEdit: actorCan(actor, 'analyse'),
      };
    },

    /** The form's starting values for a measure being changed. */
    async formValues(partnership: Partnership, id: number, actor: Actor): Promise<MeasureFormValues> {
      editorsOnly(actor, 'change measures');
      const m = await load(partnership, id);
      const links = (await q.linksOf(db, [id])).get(id)!;
      const num = (n: number | null) => (n === null ? '' : String(n));
      return {
        name: m.name, unit: m.unit, description: m.description, source: m.sourceOrganisationId ? String(m.sourceOrganisationId) : '',
        frequency: m.frequency, direction: m.direction, baseline: num(m.baseline), baselinePeriod: m.baselinePeriod ?? '',
        target: num(m.target), targetPeriod: m.targetPeriod ?? '', priorities: links.priorityIds.map(String), initiatives: links.initiativeIds.map(String),
        version: String(m.version),
      };
    },

    async formOptions(partnership: Partnership, actor: Actor) {
      editorsOnly(actor, 'change measures');
      const [organisations, known] = await Promise.all([deps.partnerships.organisations(partnership.id), linkables(partnership, actor)]);
      return { organisations: organisations.map((o) => ({ id: o.id, name: o.name })), plans: known.plans };
    },

    async create(partnership: Partnership, form: MeasureFormValues, actor: Actor): Promise<number> {
      editorsOnly(actor, 'add measures');
      const parsed = parseMeasureForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await checkFields(partnership, parsed.fields, null);
      await checkLinks(partnership, actor, parsed.links);
      return db.transaction(async (tx) => {
        const id = await q.insertMeasure(tx, partnership.id, parsed.fields);
        await q.setLinks(tx, id, parsed.links);
        await audit(tx, partnership, actor, id, 'create', { after: snapshotOf(parsed.fields, parsed.links) });
        return id;
      });
    },

    async update(partnership: Partnership, id: number, form: MeasureFormValues, actor: Actor): Promise<void> {
      editorsOnly(actor, 'change measures');
      const before = await load(partnership, id);
      const parsed = parseMeasureForm(form);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await checkFields(partnership, parsed.fields, id);
      await checkLinks(partnership, actor, parsed.links);
      const values = await q.valuesOf(db, [id]);
      if (parsed.fields.frequency !== before.frequency && values.length) {
        throw new ValidationError([{ field: 'frequency', message: `The measure has ${values.length} values ${FREQUENCY_NAMES[before.frequency].toLowerCase()}: remove them before changing how often it is reported` }]);
      }
      await db.transaction(async (tx) => {
        const beforeLinks = (await q.linksOf(tx, [id])).get(id)!;
        if (!await q.updateMeasure(tx, id, Number(form.version), parsed.fields)) throw new ConflictError(await q.findMeasure(tx, partnership.id, id));
        await q.setLinks(tx, id, parsed.links);
        await audit(tx, partnership, actor, id, 'update', { before: snapshotOf(before, beforeLinks), after: snapshotOf(parsed.fields, parsed.links) });
      });
    },

    /** Add the value of one period, or correct it. */
    async saveValue(partnership: Partnership, id: number, row: { period: string; value: string; note: string }, actor: Actor): Promise<string> {
      editorsOnly(actor, 'enter values');
      const m = await load(partnership, id);
      const read = readValue(row, m.frequency);
      if (!read.ok) throw new ValidationError(read.problems);
      await db.transaction(async (tx) => {
        await load(partnership, id, true, tx);
        await q.upsertValues(tx, id, [read.value]);
        await audit(tx, partnership, actor, id, 'update', { summary: `Value for ${periodOf(read.value.period, m.frequency).label}: ${read.value.value}`, after: read.value });
      });
      return read.value.period;
    },

    /** A whole CSV file of values: every row checked first; one bad row and nothing changes. */
    async importValues(partnership: Partnership, id: number, csv: string, actor: Actor): Promise<{ count: number }> {
      editorsOnly(actor, 'import values');
      const m = await load(partnership, id);
      const read = readValuesCsv(csv, m.frequency);
      if (!read.ok) throw new ValidationError(read.problems.map((p) => ({ field: 'file', message: `Line ${p.line}: ${p.message}` })));
      await db.transaction(async (tx) => {
        await load(partnership, id, true, tx);
        await q.upsertValues(tx, id, read.values);
        await audit(tx, partnership, actor, id, 'update', { summary: `Imported ${read.values.length} values` });
      });
      return { count: read.values.length };
    },

    async removeValue(partnership: Partnership, id: number, period: string, actor: Actor): Promise<void> {
      editorsOnly(actor, 'remove values');
      const m = await load(partnership, id);
      await db.transaction(async (tx) => {
        if (!await q.deleteValue(tx, id, period)) throw new NotFoundError('Value');
        await audit(tx, partnership, actor, id, 'update', { summary: `Removed the value for ${periodOf(period, m.frequency).label}` });
      });
    },
  };
}

export type MeasuresService = ReturnType<typeof measuresService>;
export type { Frequency };
