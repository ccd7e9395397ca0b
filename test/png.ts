// Reads a PNG into greyscale pixels, so tests can look at what a picture shows (is it blank, is
// there text). Enough for the 8-bit, non-interlaced PNGs our tools write: grey, RGB and RGBA.
import { inflateSync } from 'node:zlib';

export interface Grey { width: number; height: number; pixels: Uint8Array }

export function readPng(png: Uint8Array): Grey {
  const buf = Buffer.from(png);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let at = 8;
  let width = 0; let height = 0; let channels = 0;
  const data: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour!] ?? 0;
      if (depth !== 8 || interlace !== 0 || !channels) throw new Error(`unsupported PNG (depth ${depth}, colour ${colour}, interlace ${interlace})`);
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1
        : (Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c);
      out[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const px = out.subarray(i * channels, i * channels + channels);
    // Colour to grey by luminance; a transparent pixel counts as white paper.
    const grey = channels >= 3 ? 0.299 * px[0]! + 0.587 * px[1]! + 0.114 * px[2]! : px[0]!;
    const alpha = channels === 4 ? px[3]! / 255 : channels === 2 ? px[1]! / 255 : 1;
    pixels[i] = Math.round(grey * alpha + 255 * (1 - alpha));
  }
  return { width, height, pixels };
}

/** Share of pixels darker than near-white. */
export function inkShare(g: Grey, below = 230): number {
  let ink = 0;
  for (const p of g.pixels) if (p < below) ink++;
  return ink / g.pixels.length;
}
