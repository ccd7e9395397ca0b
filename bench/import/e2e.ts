// One end-to-end import in a fresh process: open a new embedded database (PGlite) in an empty
// temporary DATA_DIR, migrate it, add one partnership (Essex Police area), then import the files
// through the import service (the same path as `csp-hub import police-uk` and the upload page),
// committed. Prints one JSON line with the time of each phase, measured from process start.
// Usage: node --import tsx bench/import/e2e.ts FILE_OR_DIR...
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createServices } from '../../src/services.ts';
import type { Actor } from '../../src/features/plans/actor.ts';

// performance.now() counts from the start of this process (its time origin).
const at = (): number => performance.now() / 1000;
const paths = process.argv.slice(2);
const modulesLoaded = at();
const dataDir = mkdtempSync(join(tmpdir(), 'csp-hub-bench-db-'));
try {
  const db = await openDb({ dataDir });
  const opened = at();
  await migrate(db);
  const migrated = at();
  const services = createServices(db);
  await services.partnerships.create({
    slug: 'bench', name: 'Bench Partnership', shortName: 'Bench', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000071', name: 'Colchester' }],
  }, null);
  const partnership = await services.partnerships.bySlug('bench');
  const ready = at();
  const actor: Actor = { userId: null, role: 'admin', organisationId: null };
  let parsed = 0;
  const report = await services.assessmentImport.importPoliceFiles(partnership, paths, actor, (p) => {
    if (p.phase === 'saving' && parsed === 0) parsed = at();
  });
  const committed = at();
  const [{ n }] = await db.query<{ n: number }>('SELECT (SELECT count(*) FROM crime_lsoa_month) + (SELECT count(*) FROM crime_outcome_lsoa_month) + (SELECT count(*) FROM crime_district_month) AS n');
  await db.close();
  process.stdout.write(JSON.stringify({
    rows: report.rowsRead,
    rowsWritten: n,
    // From process start: modules loaded, database opened, migrated, ready (partnership added), import committed.
    modulesLoaded, opened, migrated, ready, parsed, committed,
    importSeconds: committed - ready,
    parseSeconds: parsed - ready,
    writeSeconds: committed - parsed,
    seconds: committed,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n');
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
