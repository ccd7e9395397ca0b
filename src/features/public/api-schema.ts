// The public "Your area" API's shapes (zod; the OpenAPI document is made from them). A count is a
// number, or `{ "fewerThan": 5 }` when it is small, or `{ "withheld": true }` when it is hidden so that
// a small one cannot be worked out from the total: the number itself is never sent.
import { z } from 'zod';
import type { PublicCount, WardProfile } from '../assessment/analysis/service.ts';

const month = z.string().meta({ description: 'A month, YYYY-MM', example: '2022-11' });

export const Count = z.union([
  z.number().int().meta({ description: 'The count' }),
  z.object({ fewerThan: z.number().int().meta({ description: 'A count from 1 to this number less one, not given so that nobody can be identified' }) }),
  z.object({ withheld: z.literal(true).meta({ description: 'A count of 5 or more, hidden so that a smaller one cannot be worked out from the total' }) }),
]).meta({ id: 'PublicCount' });

export const PlaceList = z.object({
  places: z.array(z.object({
    name: z.string().meta({ description: 'The street, place or ward matched', example: 'Magdalen Street' }),
    wardCode: z.string().meta({ example: 'E05004142' }),
    wardName: z.string().meta({ example: 'Castle' }),
  })).meta({ description: 'Best match first' }),
}).meta({ id: 'PlaceList' });

const Row = z.object({ type: z.string(), count: Count, previousCount: Count, changePct: z.number().nullable().meta({ description: 'Change on the 12 months before, in %; null where either count is hidden or nothing can be compared' }) });
const Span = z.object({ from: month, to: month, monthsHeld: z.array(month) });

export const WardFigures = z.object({
  ward: z.object({ code: z.string(), name: z.string(), district: z.object({ code: z.string(), name: z.string() }) }),
  period: Span.meta({ description: 'The latest 12 months' }),
  previous: Span.meta({ description: 'The 12 months before' }),
  comparison: z.object({ months: z.number().int(), note: z.string().nullable() }),
  crimeTypes: z.array(Row),
  total: Row.meta({ description: 'All crime, anti-social behaviour apart' }),
  asb: Row,
  monthly: z.array(z.object({ month, crimes: Count.nullable().meta({ description: 'null where no data is held for the month' }) })),
  rates: z.object({
    ward: z.number().nullable(), district: z.number().nullable(), wardPopulation: z.number().nullable(), districtPopulation: z.number().nullable(),
    months: z.string(), fullYear: z.boolean(), populationStatement: z.string(),
  }).meta({ description: 'Crimes per 1,000 residents over the months of the latest period held' }),
  caveats: z.array(z.string()),
  links: z.object({ html: z.string() }),
}).meta({ id: 'WardFigures' });

export function countJson(c: PublicCount): z.infer<typeof Count> {
  if (c.kind === 'count') return c.value;
  return c.kind === 'fewer-than' ? { fewerThan: c.threshold } : { withheld: true };
}

const row = (r: WardProfile['total']) => ({ type: r.type, count: countJson(r.count), previousCount: countJson(r.previousCount), changePct: r.changePct });

export function wardFiguresJson(p: WardProfile, html: string): z.infer<typeof WardFigures> {
  return {
    ward: { code: p.ward.code, name: p.ward.name, district: { code: p.ward.districtCode, name: p.ward.districtName } },
    period: { from: p.period.from, to: p.period.to, monthsHeld: p.period.monthsHeld },
    previous: { from: p.previous.from, to: p.previous.to, monthsHeld: p.previous.monthsHeld },
    comparison: p.comparison,
    crimeTypes: p.crimeTypes.map(row), total: row(p.total), asb: row(p.asb),
    monthly: p.monthly.map((m) => ({ month: m.month, crimes: m.crimes ? countJson(m.crimes) : null })),
    rates: p.rates, caveats: p.caveats, links: { html },
  };
}
