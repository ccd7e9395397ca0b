// Turn aggregated buckets into plain rows for Db.insertMany, plus what to clear so that a
// re-imported force-month replaces the earlier import (run both in the import's transaction).
// Every table is keyed by force: one copy per instance, which each partnership of the force reads.
import { CRIME_TYPES } from './format.ts';
import type { Bucket } from './aggregate.ts';
import type { Clearing } from '../queries.ts';

export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

/** Rows for crime_lsoa_month, crime_outcome_lsoa_month, outcome_lsoa_month, crime_district_month and crime_places. */
export function toTableRows(
  buckets: Iterable<Bucket>,
  outcomeNames: readonly string[],
  lsoaToLad: (code: string) => string | undefined,
): TableRows[] {
  const lsoa: TableRows = { table: 'crime_lsoa_month', columns: ['force', 'month', 'lsoa_code', 'crime_type', 'count'], rows: [] };
  const crimeOutcome: TableRows = {
    table: 'crime_outcome_lsoa_month',
    columns: ['force', 'month', 'lsoa_code', 'crime_type', 'outcome', 'count'],
    rows: [],
  };
  const outcome: TableRows = { table: 'outcome_lsoa_month', columns: ['force', 'month', 'lsoa_code', 'outcome_type', 'count'], rows: [] };
  const district: TableRows = { table: 'crime_district_month', columns: ['force', 'month', 'lad_code', 'crime_type', 'count'], rows: [] };
  const places: TableRows = { table: 'crime_places', columns: ['force', 'month', 'lsoa_code', 'location', 'crimes', 'asb'], rows: [] };

  for (const b of buckets) {
    if (b.kind === 'outcomes') {
      for (const [code, c] of b.lsoa) {
        for (const [k, n] of c.outcomes) outcome.rows.push([b.force, b.month, code, outcomeNames[k], n]);
      }
      continue;
    }
    // The imported force: LSOA detail, and district totals made from it so every force is in one table.
    const byLad = new Map<string, Int32Array>(b.lad);
    for (const [code, c] of b.lsoa) {
      const lad = lsoaToLad(code)!;
      let sum = byLad.get(lad);
      if (!sum) byLad.set(lad, (sum = new Int32Array(CRIME_TYPES.length)));
      c.types.forEach((n, i) => {
        if (n > 0) lsoa.rows.push([b.force, b.month, code, CRIME_TYPES[i], n]);
        sum![i]! += n;
      });
      for (const [k, n] of c.outcomes) {
        crimeOutcome.rows.push([b.force, b.month, code, CRIME_TYPES[Math.floor(k / 1024)], outcomeNames[k % 1024], n]);
      }
      for (const [location, [crimes, asb]] of c.places) places.rows.push([b.force, b.month, code, location, crimes, asb]);
    }
    for (const [lad, counts] of byLad) {
      counts.forEach((n, i) => {
        if (n > 0) district.rows.push([b.force, b.month, lad, CRIME_TYPES[i], n]);
      });
    }
  }
  return [lsoa, crimeOutcome, outcome, district, places];
}

/**
 * What to clear of every force-month this import brings, so nothing is counted twice: a
 * republished month replaces the earlier one for every partnership of the force.
 */
export function replaceClearings(buckets: Iterable<Bucket>, ownForce: string): Clearing[] {
  const out: Clearing[] = [];
  for (const b of buckets) {
    if (b.kind === 'outcomes') {
      out.push({ table: 'outcome_lsoa_month', force: b.force, month: b.month });
      continue;
    }
    out.push({ table: 'crime_district_month', force: b.force, month: b.month });
    if (b.force === ownForce) {
      out.push({ table: 'crime_lsoa_month', force: b.force, month: b.month });
      out.push({ table: 'crime_outcome_lsoa_month', force: b.force, month: b.month });
      out.push({ table: 'crime_places', force: b.force, month: b.month });
    }
  }
  return out;
}
