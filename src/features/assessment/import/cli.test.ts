// `csp-hub import` as a user runs it: on a database of its own (an embedded one in a temporary
// folder, or a fresh schema on PostgreSQL when DATABASE_URL is set).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { gzipBomb } from '../csv/bombs.test-helper.ts';
import { buildTemplate } from '../../../../test/template.ts';
import { openDb } from '../../../platform/db/client.ts';
import { announceAddress, LOCK_FILE } from '../../../platform/db/data-dir-lock.ts';
import { loadConfig } from '../../../platform/config.ts';
import { buildApp } from '../../../app.ts';
import { cliSandbox } from '../../../../test/cli-sandbox.ts';
import { fixture } from './police-uk/fixtures.test-helper.ts';

const sandbox = await cliSandbox('import_cli');
const { cli } = sandbox;
after(() => sandbox.close());

test('csp-hub import police-uk prints the report; a refused import exits 1 naming file, line and problem', () => {
  const none = cli('import', 'police-uk', fixture('archive'));
  assert.equal(none.code, 1);
  assert.match(none.out, /There is no partnership yet/);
  assert.equal(cli('demo', 'load').code, 0);

  const ok = cli('import', 'police-uk', fixture('archive'), '--partnership', 'scp');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /Imported 4 files of police.uk data for essex \(import \d+\)\.\n  Served: +Safer Colchester Partnership\n/);
  assert.match(ok.out, /Rows read: +330/);
  assert.match(ok.out, /Rows used: +314/);
  assert.match(ok.out, /13 no LSOA code/);
  assert.match(ok.out, /3 LSOA outside the force's districts \(e\.g\. Redbridge/);
  assert.match(ok.out, /Months imported: August 2022, September 2022/);
  assert.match(ok.out, /Months replaced: August 2022, September 2022/); // the demo's own months
  assert.match(ok.out, /2022-09-essex-stop-and-search\.csv: stop and search data is not used/);
  // A force with no partnership yet: the instance holds its data for the partnerships to come.
  const suffolk = cli('import', 'police-uk', fixture('archive/2022-09/2022-09-suffolk-street.csv.gz'), '--force', 'suffolk');
  assert.equal(suffolk.code, 0, suffolk.out);
  assert.match(suffolk.out, /Imported 1 file of police.uk data for suffolk \(import \d+\)\.\n  Served: +no partnership yet\n/);
  assert.doesNotMatch(suffolk.out, /Report: /);

  const bad = cli('import', 'police-uk', fixture('archive'), fixture('broken/month-mismatch'));
  assert.equal(bad.code, 1);
  assert.match(bad.out, /refused and nothing was written\. 2022-09-essex-street\.csv, line 5: the row is for 2022-08 but the file is for 2022-09/);

  const partner = cli('import', 'partner', fixture('partner-data/colchester-partner.csv'), '--dataset', 'fire');
  assert.equal(partner.code, 0, partner.out);
  assert.match(partner.out, /Periods imported: September 2022, July to September 2022/);
  const noDataset = cli('import', 'partner', fixture('partner-data/colchester-partner.csv'));
  assert.equal(noDataset.code, 1);
  assert.match(noDataset.out, /--dataset/);
});

test('csp-hub import refuses a compressed bomb naming the limit and the option that raises it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'csp-hub-cli-bomb-'));
  try {
    const street = fixture('archive/2022-09/2022-09-essex-street.csv');
    const [header, row] = (await readFile(street, 'utf8')).split('\n');
    const bomb = join(dir, '2022-09-essex-street.csv.gz');
    await gzipBomb(bomb, { head: `${header}\n`, body: `${row}\n`, mb: 50 });
    const r = cli('import', 'police-uk', bomb, '--partnership', 'scp', '--max-file-size', '2MB');
    assert.equal(r.code, 1);
    assert.match(r.out, /The import was refused and nothing was written\. 2022-09-essex-street\.csv\.gz: the file holds more than 2 MB once decompressed, the limit for one file \(IMPORT_MAX_FILE_SIZE\)\. If the file is genuine, raise the limit for this run with --max-file-size\./);
    const bad = cli('import', 'police-uk', bomb, '--max-line-length', 'long');
    assert.equal(bad.code, 1);
    assert.match(bad.out, /--max-line-length takes a size such as 64KB, 100MB or 2GB, not 'long'/);
    // Limits given for one run apply to it: a real month is well within 1 MB per file and 2 KB per line.
    const ok = cli('import', 'police-uk', street, '--partnership', 'scp', '--max-file-size', '1MB', '--max-line-length', '2KB');
    assert.equal(ok.code, 0, ok.out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** Every file under `dir` with its size and modification time: proof that nothing opened it. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${st.size} ${st.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

test('csp-hub import beside a running server on the same embedded database: refused, pointed to the upload page, folder untouched', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'csp-hub-running-server-'));
  const bin = fileURLToPath(new URL('../../../../bin/csp-hub.js', import.meta.url));
  // Always the embedded database here, whichever database the suite runs on.
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  const db = await openDb({ dataDir, loadDataDir: new Blob([readFileSync(await buildTemplate())]), owner: 'the CSP Hub server' });
  const app = await buildApp({ config: { ...loadConfig({}), demo: true }, db });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
    announceAddress(dataDir, url);
    const before = listing(dataDir);

    const r = run('import', 'police-uk', fixture('archive'), '--partnership', 'scp');
    assert.equal(r.code, 1, r.out);
    const page = `${url}p/scp/assessment/imports/new`;
    assert.match(r.out, new RegExp(`is in use by the CSP Hub server \\(pid ${process.pid}, running at ${url} since [^)]+\\)\\. Two processes must never open it at once, so it was not opened\\.`));
    assert.ok(r.out.includes(`To import while the server runs, sign in as an analyst, coordinator or administrator and upload the files on ${page}.`), r.out);
    assert.doesNotMatch(r.out, /Imported|at .*\.ts:\d+/); // no success, no stack trace
    const migrate = run('migrate');
    assert.equal(migrate.code, 1);
    assert.match(migrate.out, /in use by the CSP Hub server .*\nStop that process first, then run this command again\./s);
    assert.deepEqual(listing(dataDir), before, 'the refused commands never opened the folder');

    // The server still works, and the page it was pointed to is there (sign-in first).
    const upload = await fetch(page, { redirect: 'manual' });
    assert.equal(upload.status, 303);
    assert.match(upload.headers.get('location') ?? '', /^\/sign-in\?returnTo=/);
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM partnerships');
    assert.ok(n >= 1);
  } finally {
    await app.close();
    await db.close();
  }
  // Closed: the lock is gone, so the command line may open the folder again.
  assert.equal(existsSync(join(dataDir, LOCK_FILE)), false);
  await rm(dataDir, { recursive: true, force: true });
});
