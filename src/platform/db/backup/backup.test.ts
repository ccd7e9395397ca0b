// Backup and restore of a whole instance: the demo (with values of every awkward kind planted in
// it) written to a file and restored into a database of the other kind, equal in every table's
// checksum — PostgreSQL → embedded and embedded → PostgreSQL when run on PostgreSQL, embedded →
// embedded otherwise — and every bad file or refused target leaving the target as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDb } from '../../../../test/helpers.ts';
import { pgDatabaseCopy } from '../../../../test/template.ts';
import { cliSandbox } from '../../../../test/cli-sandbox.ts';
import { openDb } from '../client.ts';
import type { Db } from '../types.ts';
import { migrationNames } from '../migrate.ts';
import { writeBackup } from './write-backup.ts';
import { restoreBackup, RestoreRefusedError } from './restore.ts';
import { instanceChecksums, type TableSum } from './rows.ts';
import { runBackupCommand, runRestoreCommand } from './cli.ts';

const pgUrl = process.env.DATABASE_URL;
let source: Awaited<ReturnType<typeof testDb>>;
let dir: string;
let file: string;
let sourceSums: Record<string, TableSum>;
const cleanups: (() => Promise<void>)[] = [];

const EVERY_BYTE = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
const AWKWARD_TEXT = 'Line one\nline two\t"quoted" \\ back-slash – £5 🚓 \u0000'.replace('\u0000', '');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'csp-hub-backup-test-'));
  file = join(dir, 'instance.backup.gz');
  source = await testDb();
  // Values of each awkward kind: bytes 0-255, microseconds and a zone, float digits, json with quotes and emoji.
  const [{ id: partnershipId }] = await source.db.query<{ id: number }>(`SELECT id FROM partnerships WHERE slug = 'scp'`);
  await source.db.query(`DELETE FROM partnership_logos WHERE partnership_id = $1`, [partnershipId]);
  await source.db.query(
    `INSERT INTO partnership_logos (partnership_id, content, type, alt, width, height, sha256, uploaded_at)
     VALUES ($1, $2, 'png', $3, 10, 10, 'x', '2022-03-27 01:30:00.123456+01')`, [partnershipId, EVERY_BYTE, AWKWARD_TEXT]);
  const [{ id: measureId }] = await source.db.query<{ id: number }>(`SELECT id FROM measures ORDER BY id LIMIT 1`);
  await source.db.query(`INSERT INTO measure_values (measure_id, period, starts, ends, value) VALUES ($1, 'zz-a', '2022-04-01', '2022-04-30', $2), ($1, 'zz-b', '2022-04-01', '2022-04-30', $3)`,
    [measureId, 0.1 + 0.2, 1e-300]);
  await source.db.query(`INSERT INTO audit_log (partnership_id, record_type, record_id, action, summary, before, after)
     VALUES ($1, 'test', 1, 'update', $2, $3::jsonb, NULL)`, [partnershipId, AWKWARD_TEXT, JSON.stringify({ said: AWKWARD_TEXT, n: 1.5, list: [1, 'two', null] })]);
  sourceSums = await instanceChecksums(source.db);
  await writeBackup(source.db, file);
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An empty database of the given kind, closed and removed after the file's tests. */
async function emptyDb(kind: 'pglite' | 'postgres'): Promise<Db> {
  if (kind === 'pglite') {
    const db = await openDb({});
    cleanups.push(() => db.close());
    return db;
  }
  const copy = await pgDatabaseCopy(pgUrl!, { demo: false });
  const db = await openDb({ databaseUrl: copy.url });
  cleanups.push(async () => { await db.close(); await copy.drop(); });
  return db;
}

const refused = async (run: Promise<unknown>, message: RegExp) => {
  await assert.rejects(run, (e: unknown) => { assert.ok(e instanceof RestoreRefusedError, String(e)); assert.match(e.message, message); return true; });
};

let restored: Db;

test(`a backup restored into ${pgUrl ? 'the embedded database (PostgreSQL → PGlite)' : 'another embedded database'} is equal in every table’s checksum`, async () => {
  const header = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n', 1)[0]!);
  assert.equal(header.format, 'csp-hub-backup');
  assert.deepEqual(header.migrations, migrationNames(), 'the file names the schema level: every migration of this release');
  assert.equal(header.database, source.db.kind);
  assert.ok(header.tables.find((t: { name: string; rows: number }) => t.name === 'audit_log').rows > 0);

  restored = await emptyDb('pglite');
  const result = await restoreBackup(restored, file);
  assert.deepEqual(result.migratedAfter, [], 'the target is at the file’s level, which is this release’s');
  const sums = await instanceChecksums(restored);
  assert.ok(Object.keys(sums).length > 40, 'every table is compared');
  assert.deepEqual(sums, sourceSums);
  assert.ok(Object.values(sums).some((s) => s.rows > 1000), 'the demo’s crime counts are in it');

  // The values themselves, as the application reads them.
  const [logo] = await restored.query<{ content: Uint8Array; alt: string; at: string }>(`SELECT content, alt, to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM partnership_logos`);
  assert.deepEqual(Buffer.from(logo!.content), EVERY_BYTE);
  assert.equal(logo!.alt, AWKWARD_TEXT);
  assert.equal(logo!.at, '2022-03-27 00:30:00.123456');
  const values = await restored.query<{ value: number }>(`SELECT value FROM measure_values WHERE period LIKE 'zz-%' ORDER BY period`);
  assert.deepEqual(values.map((v) => v.value), [0.1 + 0.2, 1e-300]);
  const [audit] = await restored.query<{ before: unknown }>(`SELECT before FROM audit_log WHERE record_type = 'test'`);
  assert.deepEqual(audit!.before, { said: AWKWARD_TEXT, n: 1.5, list: [1, 'two', null] });

  // Sequences follow the restored ids: a new row gets the next one, not a clash.
  const [{ max }] = await restored.query<{ max: number }>('SELECT max(id) AS max FROM audit_log');
  const [{ id }] = await restored.query<{ id: number }>(`INSERT INTO audit_log (record_type, record_id, action) VALUES ('test', 2, 'create') RETURNING id`);
  assert.equal(id, max + 1);
  await restored.query(`DELETE FROM audit_log WHERE id = $1`, [id]);
});

test('the embedded database backed up and restored into PostgreSQL (PGlite → PostgreSQL) is equal in every table’s checksum', { skip: pgUrl ? false : 'set DATABASE_URL to test moves to and from PostgreSQL' }, async () => {
  const second = join(dir, 'from-pglite.backup.gz');
  await writeBackup(restored, second);
  const target = await emptyDb('postgres');
  await restoreBackup(target, second);
  assert.deepEqual(await instanceChecksums(target), sourceSums);
});

test('a database that is not empty is refused, saying what it holds, and replaced only with --force', async () => {
  await refused(restoreBackup(restored, file), /not empty: it holds 1 partnership \(Safer Colchester Partnership\), \d+ users and [\d,]+ rows in \d+ other tables.*--force/);
  await restored.query(`UPDATE partnerships SET name = 'Changed since the backup'`);
  await restoreBackup(restored, file, { force: true });
  assert.deepEqual(await instanceChecksums(restored), sourceSums);
});

test('a cut-short, damaged, foreign or newer file is refused with a reason, and the target is left as it was', async () => {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const write = (name: string, content: Buffer | string) => { const p = join(dir, name); writeFileSync(p, content); return p; };
  const header = JSON.parse(lines[0]!);

  const cut = readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2));
  await refused(restoreBackup(restored, write('cut.gz', cut), { force: true }), /is cut short: the file ends part-way through\. Nothing was restored\./);
  // Cut at a line's end and compressed again: a complete gzip file, but no summary.
  const rowIndex = lines.findIndex((l, i) => i > 0 && l.startsWith('['));
  await refused(restoreBackup(restored, write('no-summary.gz', gzipSync(lines.slice(0, lines.length - 200).join('\n'))), { force: true }), /cut short: it ends before its summary/);
  const tampered = [...lines];
  tampered[rowIndex] = tampered[rowIndex]!.replace(/"(\d)/, (_, d: string) => `"${(Number(d) + 1) % 10}`);
  assert.notEqual(tampered[rowIndex], lines[rowIndex]);
  await refused(restoreBackup(restored, write('tampered.gz', gzipSync(tampered.join('\n'))), { force: true }), /is damaged: the rows of \w+ do not match its checksum/);

  await refused(restoreBackup(restored, write('notes.txt', 'Minutes of the board\n'), { force: true }), /is not a CSP Hub backup: it is not a gzip-compressed file/);
  await refused(restoreBackup(restored, write('other.json.gz', gzipSync('{"rows":[1,2,3]}\n')), { force: true }), /is not a CSP Hub backup \(it does not start with a backup’s header\)/);
  await refused(restoreBackup(restored, join(dir, 'no-such-file.gz'), { force: true }), /There is no file/);

  const newer = [JSON.stringify({ ...header, migrations: [...header.migrations, '999-from-a-later-release.sql'] }), ...lines.slice(1)];
  await refused(restoreBackup(restored, write('newer.gz', gzipSync(newer.join('\n'))), { force: true }),
    /comes from a newer CSP Hub: its database has migration 999-from-a-later-release\.sql, which this release does not have/);
  const newerFormat = [JSON.stringify({ ...header, formatVersion: 2 }), ...lines.slice(1)];
  await refused(restoreBackup(restored, write('format2.gz', gzipSync(newerFormat.join('\n'))), { force: true }), /made by a newer CSP Hub \(backup format 2/);

  assert.deepEqual(await instanceChecksums(restored), sourceSums, 'nothing of any refused file was kept');
});

test('csp-hub backup and restore on the command line', async () => {
  const sandbox = await cliSandbox('backup_cli', { demo: true });
  cleanups.push(() => sandbox.close());
  const out = join(dir, 'cli.backup.gz');
  const backup = sandbox.cli('backup', '--out', out);
  assert.equal(backup.code, 0, backup.out);
  assert.match(backup.out, /^Backed up [\d,]+ rows in \d+ tables \(schema \d+-[\w-]+\.sql\) to .*cli\.backup\.gz \([\d.]+ [KM]B\)\.$/m);
  const refusedRun = sandbox.cli('restore', out);
  assert.equal(refusedRun.code, 1);
  assert.match(refusedRun.out, /The database is not empty: it holds 1 partnership \(Safer Colchester Partnership\)/);
  assert.doesNotMatch(refusedRun.out, /Error:|at .*\.ts:\d+/, 'a refusal, not a stack trace');
  const forced = sandbox.cli('restore', out, '--force');
  assert.equal(forced.code, 0, forced.out);
  assert.match(forced.out, /Restored [\d,]+ rows in \d+ tables from .*; every table’s checksum matches the file\./);
  // Usage is checked before any database is opened: in this process, rather than two more.
  await assert.rejects(runRestoreCommand([]), /restore needs one FILE/);
  await assert.rejects(runBackupCommand([]), /backup needs --out FILE/);
});
