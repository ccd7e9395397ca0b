import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLogoFile } from './logo-file.ts';
import { gif, jpegBaseline, jpegProgressive, pngOf } from '../../../../test/logos.ts';

test('a PNG is known by its signature and its size read from its header', () => {
  assert.deepEqual(readLogoFile(pngOf(300, 100)), { type: 'png', width: 300, height: 100 });
  assert.deepEqual(readLogoFile(pngOf(1, 2345)), { type: 'png', width: 1, height: 2345 });
});

test('a JPEG, baseline or progressive, is known by its bytes and its size read from its frame header', () => {
  assert.deepEqual(readLogoFile(jpegBaseline()), { type: 'jpg', width: 160, height: 48 });
  assert.deepEqual(readLogoFile(jpegProgressive()), { type: 'jpg', width: 90, height: 30 });
});

test('anything else, or a header cut short, is not a logo file', () => {
  assert.equal(readLogoFile(gif()), null);
  assert.equal(readLogoFile(Buffer.from('%PDF-1.7\n')), null);
  assert.equal(readLogoFile(Buffer.from('just text, named logo.png')), null);
  assert.equal(readLogoFile(new Uint8Array(0)), null);
  assert.equal(readLogoFile(pngOf(10, 10).subarray(0, 20)), null, 'a PNG cut inside its header');
  const jpeg = jpegBaseline();
  const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
  assert.ok(sof > 0);
  assert.equal(readLogoFile(jpeg.subarray(0, sof)), null, 'a JPEG cut before its frame header');
  const zero = pngOf(4, 4);
  zero.writeUInt32BE(0, 16);
  assert.equal(readLogoFile(zero), null, 'a PNG that claims no width');
});
