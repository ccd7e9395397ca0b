// The import limits on real streams: compressed bombs made with zlib, a header followed by an
// endless line, a stray quote that would swallow the file, and the budget shared by an import.
// Each is refused after reading at most a limit's worth, naming the file and the limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecords } from './read-records.ts';
import { ImportError } from './errors.ts';
import { importReadLimits, type ReadLimits } from './limits.ts';
import { gzipBomb } from './bombs.test-helper.ts';

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'csp-hub-limits-test-')); });
after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

const KB = 1024;
const MB = 1024 * KB;
const opts = (label: string, limits?: ReadLimits) => ({ header: ['a', 'b'], kind: 'a test file', label, limits });
const read = (path: string, label: string, limits?: ReadLimits) => readRecords(path, opts(label, limits), () => undefined);

/** The ImportError a read is refused with. */
async function refusal(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ImportError, String(e));
    return e;
  }
  assert.fail('the read was not refused');
}

test('a gzip bomb of zeros (200 MB in about 200 KB) is refused at line 1 for its length', async () => {
  const path = join(dir, 'zeros.csv.gz');
  await gzipBomb(path, { mb: 200 });
  const e = await refusal(read(path, 'zeros.csv.gz'));
  assert.equal(e.exceeded, 'line');
  assert.equal(e.message, 'zeros.csv.gz, line 1: the line is longer than 64 KB, the limit for one line (IMPORT_MAX_LINE_LENGTH): this is not a file of CSV records');
});

test('a valid header and row followed by a huge line of zeros is refused at that line for its length', async () => {
  const path = join(dir, 'header-then-zeros.csv.gz');
  await gzipBomb(path, { head: 'a,b\n1,2\n', mb: 200 });
  const e = await refusal(read(path, 'header-then-zeros.csv.gz'));
  assert.equal(e.exceeded, 'line');
  assert.equal(e.line, 3);
  assert.match(e.message, /^header-then-zeros\.csv\.gz, line 3: the line is longer than 64 KB/);
});

test('a bomb of valid records is refused for its decompressed size, and so is a plain file over the limit', async () => {
  const path = join(dir, 'records.csv.gz');
  await gzipBomb(path, { head: 'a,b\n', body: '1,2\n', mb: 8 });
  const small = { maxFileBytes: 1 * MB, maxLineBytes: 64 * KB };
  const e = await refusal(read(path, 'records.csv.gz', small));
  assert.equal(e.exceeded, 'file');
  assert.equal(e.message, 'records.csv.gz: the file holds more than 1 MB once decompressed, the limit for one file (IMPORT_MAX_FILE_SIZE)');
  const plain = join(dir, 'records.csv');
  await writeFile(plain, 'a,b\n' + '1,2\n'.repeat(300_000));
  const p = await refusal(read(plain, 'records.csv', small));
  assert.equal(p.message, 'records.csv: the file is larger than 1 MB, the limit for one file (IMPORT_MAX_FILE_SIZE)');
  // Under the limit, the same file reads in full.
  const ok = await read(plain, 'records.csv', { ...small, maxFileBytes: 2 * MB });
  assert.equal(ok.records, 300_000);
});

test('the files of one import share one budget of decompressed bytes', async () => {
  const one = join(dir, 'one.csv.gz');
  const two = join(dir, 'two.csv.gz');
  await gzipBomb(one, { head: 'a,b\n', body: '1,2\n', mb: 3 });
  await gzipBomb(two, { head: 'a,b\n', body: '1,2\n', mb: 3 });
  const limits = importReadLimits({ maxFileBytes: 4 * MB, maxTotalBytes: 5 * MB, maxLineBytes: 64 * KB });
  await read(one, 'one.csv.gz', limits);
  const e = await refusal(read(two, 'two.csv.gz', limits));
  assert.equal(e.exceeded, 'total');
  assert.equal(e.message, 'two.csv.gz: the files of this import hold more than 5 MB once decompressed, the limit for one import (IMPORT_MAX_TOTAL_SIZE): import them in smaller groups');
});

test('a quote never closed cannot gather the rest of the file into one record', async () => {
  const path = join(dir, 'open-quote.csv.gz');
  await gzipBomb(path, { head: 'a,b\n1,2\n3,"four\n', body: 'more text\n', mb: 50 });
  const e = await refusal(read(path, 'open-quote.csv.gz'));
  assert.equal(e.exceeded, 'line');
  assert.equal(e.line, 3);
  assert.match(e.problem, /^the record is longer than 64 KB, the limit for one line \(IMPORT_MAX_LINE_LENGTH\): a quoted field is probably never closed$/);
});

test('the line limit counts bytes, not characters', async () => {
  const limits = { maxFileBytes: MB, maxLineBytes: 100 };
  const path = join(dir, 'accents.csv');
  // 60 characters of two bytes each: 120 bytes, over a 100-byte limit.
  await writeFile(path, `a,b\n1,${'é'.repeat(60)}\n`);
  const e = await refusal(read(path, 'accents.csv', limits));
  assert.equal(e.line, 2);
  assert.equal(e.exceeded, 'line');
  await writeFile(path, `a,b\n1,${'é'.repeat(49)}\n`); // 100 bytes with "1,"
  assert.equal((await read(path, 'accents.csv', limits)).records, 1);
});
