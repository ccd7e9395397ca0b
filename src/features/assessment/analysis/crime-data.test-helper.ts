// Crime data for the assessment tests (not a test file itself): the demo's police.uk aggregates
// when the demo loader brings them, otherwise the real Essex months from ../shared/data imported
// here (LSOA detail kept for the partnership's own districts only, to keep the database small).
import { join } from 'node:path';
import type { Db } from '../../../platform/db/types.ts';
import type { Partnership } from '../../partnerships/service.ts';
import { importPoliceUk } from '../import/police-uk/import.ts';
import { hasShared, SHARED_POLICE } from '../import/police-uk/fixtures.test-helper.ts';
import { loadGeography } from '../geography/lookup.ts';

export { hasShared, SHARED_POLICE };

/** Make sure the database holds Essex crime aggregates; returns where they came from. */
export async function ensureCrimeData(db: Db, partnership: Partnership): Promise<'demo' | 'imported'> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM crime_district_month');
  if (n > 0) return 'demo';
  const g = await loadGeography();
  const lads = new Set(partnership.areas.map((a) => a.code));
  const imp = await importPoliceUk([join(SHARED_POLICE, 'essex/street')], {
    force: partnership.policeForce, lsoaToLad: g.lsoaToLad,
    forceLads: g.ladsOfForce(partnership.policeForce), by: 'test',
  });
  await db.transaction(async (tx) => {
    for (const t of imp.tables) {
      if (t.table === 'crime_district_month') await db.insertMany(tx, t.table, t.columns, t.rows);
      if (t.table === 'crime_lsoa_month') {
        const rows = t.rows.filter((r) => lads.has(g.lsoaToLad(r[2] as string) ?? ''));
        await db.insertMany(tx, t.table, t.columns, rows);
      }
    }
  });
  return 'imported';
}
