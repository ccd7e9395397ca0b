import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parsePartnerFile, partnerTables, periodProblem } from './parse.ts';
import { ImportError } from '../../csv/errors.ts';
import { REPO_ROOT } from '../../geography/paths.ts';

const fx = (name: string): string => join(REPO_ROOT, 'test/fixtures/police-uk/partner-data', name);

test('a partner dataset with months, quarters and a count with a thousands separator', async () => {
  const imp = await parsePartnerFile(fx('colchester-partner.csv'));
  assert.equal(imp.figures.length, 4);
  assert.deepEqual(imp.figures[3], { areaCode: 'E07000071', period: '2022-Q3', category: 'Deliberate fires', count: 1041 });
  assert.deepEqual(imp.periods, ['2022-09', '2022-Q3']);
  const { deletes, tables } = partnerTables(imp, 'colchester', 'fire');
  assert.deepEqual(deletes, [{ table: 'partner_figure', partnershipId: 'colchester', dataset: 'fire', periods: ['2022-09', '2022-Q3'] }]);
  assert.deepEqual(tables[0]!.rows[0], ['colchester', 'fire', 'E07000071', '2022-09', 'Council ASB reports', 143]);
  assert.match(imp.sha256, /^[0-9a-f]{64}$/);
});

test('header names are matched ignoring case and spaces', async () => {
  assert.equal((await parsePartnerFile(fx('loose-header.csv'))).figures.length, 1);
});

const cases: [string, number, RegExp][] = [
  ['wrong-header.csv', 1, /column 1 of the header is 'area' where 'area_code' was expected/],
  ['bad-quarter.csv', 3, /neither a month \(YYYY-MM\) nor a quarter/],
  ['bad-count.csv', 2, /count '3\.5' is not a whole number/],
  ['duplicate.csv', 3, /already on line 2/],
  ['bad-area.csv', 2, /not an ONS code/],
  ['truncated.csv', 3, /cut short: 3 of 4 columns/],
];
for (const [file, line, problem] of cases) {
  test(`refused: ${file}`, async () => {
    await assert.rejects(parsePartnerFile(fx(file)), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.file, file);
      assert.equal(e.line, line);
      assert.match(e.problem, problem);
      return true;
    });
  });
}

test('period rules', () => {
  assert.equal(periodProblem('2022-13'), "'2022-13' is not a real month");
  assert.equal(periodProblem('2022-Q4'), null);
  assert.match(periodProblem('1999-01')!, /out of range/);
});
