import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSize, parseSize } from './sizes.ts';
import { loadConfig, DEFAULT_IMPORT_LIMITS } from './config.ts';

test('sizes are read as people write them, in powers of 1024', () => {
  assert.equal(parseSize('64KB'), 65536);
  assert.equal(parseSize('1 GB'), 1024 ** 3);
  assert.equal(parseSize('1.5mb'), 1.5 * 1024 ** 2);
  assert.equal(parseSize('4096'), 4096);
  assert.equal(parseSize('8G'), 8 * 1024 ** 3);
  for (const bad of ['', 'lots', '-1MB', '0', '1 parsec', '1e9']) assert.equal(parseSize(bad), null, bad);
  assert.equal(formatSize(65536), '64 KB');
  assert.equal(formatSize(1024 ** 3), '1 GB');
  assert.equal(formatSize(1.5 * 1024 ** 2), '1.5 MB');
  assert.equal(formatSize(100), '100 bytes');
});

test('import and upload limits come from the environment, with defaults', () => {
  const d = loadConfig({});
  assert.deepEqual(d.importLimits, DEFAULT_IMPORT_LIMITS);
  assert.deepEqual(d.importLimits, { maxFileBytes: 1024 ** 3, maxTotalBytes: 8 * 1024 ** 3, maxLineBytes: 64 * 1024 });
  assert.deepEqual(d.uploadLimits, { maxFileBytes: 100 * 1024 ** 2, maxTotalBytes: 1024 ** 3 });
  const c = loadConfig({ IMPORT_MAX_FILE_SIZE: '2GB', IMPORT_MAX_TOTAL_SIZE: '', IMPORT_MAX_LINE_LENGTH: '128KB', UPLOAD_MAX_FILE_SIZE: '20MB' });
  assert.deepEqual(c.importLimits, { maxFileBytes: 2 * 1024 ** 3, maxTotalBytes: 8 * 1024 ** 3, maxLineBytes: 128 * 1024 });
  assert.equal(c.uploadLimits.maxFileBytes, 20 * 1024 ** 2);
  assert.throws(() => loadConfig({ IMPORT_MAX_LINE_LENGTH: 'long' }), /IMPORT_MAX_LINE_LENGTH: 'long' is not a size such as 64KB, 100MB or 1GB/);
});
