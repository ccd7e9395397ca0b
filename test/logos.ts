// Real image files for the tests of the logo: a PNG of any size made here (zlib and CRC-32 from
// node:zlib), and the JPEG fixtures (made with pdftoppm) in test/fixtures/logos.
import { crc32, deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid RGB PNG of `width` × `height` pixels, in one colour; `noise` bytes of random-looking text make it larger. */
export function pngOf(width: number, height: number, opts: { noise?: number } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x40)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  // A text chunk of incompressible bytes: a file that is large for a reason other than its pixels.
  const extra = opts.noise ? [chunk('tEXt', Buffer.concat([Buffer.from('Comment\0'), Buffer.from(Array.from({ length: opts.noise }, (_, i) => 33 + ((i * 7919) % 89)))]))] : [];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), ...extra, chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/logos/${name}`, import.meta.url)));
export const jpegBaseline = () => fixture('logo-160x48.jpg');
export const jpegProgressive = () => fixture('logo-90x30-progressive.jpg');

/** The start of a GIF: an image, but not one a document may carry. */
export const gif = () => Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([10, 0, 10, 0, 0, 0, 0]), Buffer.alloc(40)]);
