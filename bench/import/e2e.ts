// One end-to-end import in a fresh process, through the import service (the same path as
// `csp-hub import police-uk` and the upload page), committed to an embedded database (PGlite), or
// to PostgreSQL when DIR is `pg:SCHEMA` (DATABASE_URL names the server; the schema isolates the run).
//   node --import tsx bench/import/e2e.ts prepare DIR
//     creates a new database in the empty folder DIR (or the schema, afresh) and migrates it (what
//     `csp-hub migrate` does once per installation), with one partnership in Essex Police's area;
//     prints its timings.
//   node --import tsx bench/import/e2e.ts import DIR FILE_OR_DIR...
//     opens that database, imports the files and closes the database; prints the time of each
//     phase from process start, and the CPU seconds this process used (PostgreSQL's own are not in them).
// Each prints one JSON line.
import { peakRssMb } from './peak-rss.ts';
import { openDb } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { createServices } from '../../src/services.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';

// performance.now() counts from the start of this process (its time origin), in ms.
const at = (): number => performance.now() / 1000;
const [mode, dataDir, ...paths] = process.argv.slice(2);
if (!dataDir || (mode !== 'prepare' && mode !== 'import')) throw new Error('usage: e2e.ts prepare DIR | import DIR FILE_OR_DIR...');
const modulesLoaded = at();
const pgSchema = dataDir.startsWith('pg:') ? dataDir.slice(3) : null;
const databaseUrl = process.env['DATABASE_URL'];
if (pgSchema !== null && !databaseUrl) throw new Error('pg:SCHEMA needs DATABASE_URL');
if (pgSchema !== null && mode === 'prepare') {
  const admin = await openDb({ databaseUrl });
  await admin.query(`DROP SCHEMA IF EXISTS ${pgSchema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${pgSchema}`);
  await admin.close();
}
const db = await openDb(pgSchema === null ? { dataDir } : { databaseUrl, schema: pgSchema });
const opened = at();
await migrate(db);
const migrated = at();
const services = createServices(db);
if (mode === 'prepare') {
  await services.partnerships.create({
    slug: 'bench', name: 'Bench Partnership', shortName: 'Bench', policeForce: 'essex',
    planYearStartMonth: 4, assessmentYearStartMonth: 10, areas: [{ code: 'E07000071', name: 'Colchester' }],
  }, null);
  await db.close();
  process.stdout.write(JSON.stringify({ modulesLoaded, opened, migrated, seconds: at() }) + '\n');
} else {
  const partnership = await services.partnerships.bySlug('bench');
  const ready = at();
  const actor: Actor = { userId: null, role: 'admin', organisationId: null };
  let parsed = 0;
  const report = await services.assessmentImport.importPoliceFiles(partnership, paths, actor, (p) => {
    if (p.phase === 'saving' && parsed === 0) parsed = at();
  });
  const committed = at();
  const [{ n }] = await db.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM crime_lsoa_month) + (SELECT count(*) FROM crime_outcome_lsoa_month) + (SELECT count(*) FROM crime_district_month) AS n',
  );
  const cpuSeconds = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  if (pgSchema !== null) await db.query(`DROP SCHEMA ${pgSchema} CASCADE`);
  await db.close();
  process.stdout.write(JSON.stringify({
    rows: report.rowsRead,
    rowsWritten: n,
    // Seconds from process start: modules loaded, database opened, schema checked, import committed.
    modulesLoaded, opened, migrated, ready, parsed, committed,
    /** Service call: geography, read + aggregate every file, then write and commit. */
    readSeconds: parsed - ready,
    writeSeconds: committed - parsed,
    seconds: committed,
    cpuSeconds,
    peakRssMb: peakRssMb(),
  }) + '\n');
}
