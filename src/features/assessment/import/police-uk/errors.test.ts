import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPoliceUk } from './import.ts';
import { ImportError } from '../../csv/errors.ts';
import { fixture, essexOptions } from './fixtures.test-helper.ts';

// Each broken fixture is real police.uk rows with one fault. The import must refuse the whole
// import with the file, the line and the problem, and return nothing to write.
const cases: [file: string, line: number, problem: RegExp][] = [
  ['wrong-header.csv', 1, /column 10 of the header is 'Crime category' where 'Crime type' was expected/],
  ['truncated-line.csv', 7, /the last line is cut short: \d+ of 12 columns/],
  ['wrong-columns.csv', 4, /expected 12 columns, found 11/],
  ['bad-utf8.csv', 4, /not valid UTF-8/],
  ['month-13.csv', 2, /'2022-13' is not a real month/],
  ['month-mismatch/2022-09-essex-street.csv', 5, /the row is for 2022-08 but the file is for 2022-09/],
  ['cut-short.csv.gz', -1, /gzip data is corrupt or cut short/],
  ['corrupt.csv.gz', -1, /gzip data is corrupt or cut short|not valid UTF-8|columns/],
  ['archive.csv', 0, /ZIP archive, not a CSV file/],
  ['unclosed-quote.csv', 5, /quoted field is never closed/],
];

for (const [file, line, problem] of cases) {
  test(`refused: ${file}`, async () => {
    await assert.rejects(importPoliceUk([fixture(`broken/${file}`)], await essexOptions()), (e: unknown) => {
      assert.ok(e instanceof ImportError, String(e));
      assert.equal(e.file, file.split('/').pop());
      if (line >= 0) assert.equal(e.line, line, e.message);
      else assert.ok(e.line >= 1, e.message); // zlib fails at a block, not a line
      assert.match(e.problem, problem);
      assert.ok(e.message.startsWith(`${e.file}, line ${e.line}: `) || e.line === 0);
      return true;
    });
  });
}

test('one bad file in a folder refuses the whole import', async () => {
  await assert.rejects(importPoliceUk([fixture('archive'), fixture('broken/month-mismatch')], await essexOptions()), /2022-08 but the file is for 2022-09/);
});

test('a month in the future is impossible', async () => {
  const opts = { ...(await essexOptions()), today: new Date('2022-08-15') };
  await assert.rejects(importPoliceUk([fixture('archive/2022-09/2022-09-essex-street.csv')], opts), /'2022-09' is in the future/);
});
