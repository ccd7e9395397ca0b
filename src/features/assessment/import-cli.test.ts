// `csp-hub import` as a user runs it: on a database of its own (an embedded one in a temporary
// folder, or a fresh schema on PostgreSQL when DATABASE_URL is set).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
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
