import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverPoliceFiles, classifyHeader } from './discover.ts';
import { ImportError } from '../../csv/errors.ts';
import { fixture } from './fixtures.test-helper.ts';

test('bulk archive layout: street files found in month folders, stop and search skipped', async () => {
  const d = await discoverPoliceFiles([fixture('archive')]);
  assert.deepEqual(
    d.files.map((f) => [f.label, f.kind, f.nameMonth, f.nameForce]),
    [
      ['2022-08/2022-08-essex-street.csv.gz', 'street', '2022-08', 'essex'],
      ['2022-09/2022-09-essex-street.csv', 'street', '2022-09', 'essex'],
      ['2022-09/2022-09-northern-ireland-street.csv', 'street', '2022-09', 'northern-ireland'],
      ['2022-09/2022-09-suffolk-street.csv.gz', 'street', '2022-09', 'suffolk'],
    ],
  );
  assert.equal(d.skipped.length, 1);
  assert.match(d.skipped[0]!.reason, /stop and search/);
});

test('a single file, classified by its header', async () => {
  const d = await discoverPoliceFiles([fixture('outcomes/2021-03-essex-outcomes.csv')]);
  assert.equal(d.files[0]!.kind, 'outcomes');
  assert.equal(classifyHeader('Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type'), 'outcomes');
  assert.equal(classifyHeader('area_code,period,category,count'), 'other');
});

test('a single file that is not police.uk data is refused, naming the problem', async () => {
  await assert.rejects(discoverPoliceFiles([fixture('broken/wrong-header.csv')]), (e: ImportError) => {
    assert.ok(e instanceof ImportError);
    assert.equal(e.line, 1);
    assert.match(e.message, /wrong-header\.csv, line 1: .*column 10 of the header is 'Crime category' where 'Crime type' was expected/);
    return true;
  });
  await assert.rejects(discoverPoliceFiles([fixture('nowhere')]), /no such file or folder/);
});
