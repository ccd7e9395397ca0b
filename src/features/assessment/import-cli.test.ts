// `csp-hub import` as a user runs it: on a database of its own (an embedded one in a temporary
// folder, or a fresh schema on PostgreSQL when DATABASE_URL is set).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipBomb } from './csv/bombs.test-helper.ts';
import { cliSandbox } from '../../../test/cli-sandbox.ts';
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
  assert.match(ok.out, /Imported 4 files into Safer Colchester Partnership/);
  assert.match(ok.out, /Rows read: +330/);
  assert.match(ok.out, /Rows used: +314/);
  assert.match(ok.out, /13 no LSOA code/);
  assert.match(ok.out, /3 LSOA outside the force's districts \(e\.g\. Redbridge/);
  assert.match(ok.out, /Months imported: 2022-08, 2022-09/);
  assert.match(ok.out, /Months replaced: 2022-08, 2022-09/); // the demo's own months
  assert.match(ok.out, /2022-09-essex-stop-and-search\.csv: stop and search data is not used/);

  const bad = cli('import', 'police-uk', fixture('archive'), fixture('broken/month-mismatch'));
  assert.equal(bad.code, 1);
  assert.match(bad.out, /refused and nothing was written\. 2022-09-essex-street\.csv, line 5: the row is for 2022-08 but the file is for 2022-09/);

  const partner = cli('import', 'partner', fixture('partner-data/colchester-partner.csv'), '--dataset', 'fire');
  assert.equal(partner.code, 0, partner.out);
  assert.match(partner.out, /Periods imported: 2022-09, 2022-Q3/);
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
