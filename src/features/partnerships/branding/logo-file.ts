// What an uploaded logo file is, read from its own bytes (never from its name): PNG or JPEG, and
// its size in pixels from the file header, so documents can print it in proportion.

export interface LogoFileInfo { type: 'png' | 'jpg'; width: number; height: number }

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The file's kind and pixel size, or null when it is not a PNG or JPEG whose header can be read. */
export function readLogoFile(bytes: Uint8Array): LogoFileInfo | null {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return readPng(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  return null;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// The first chunk of a PNG is IHDR: width and height as 4-byte big-endian numbers.
function readPng(bytes: Uint8Array): LogoFileInfo | null {
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  const v = view(bytes);
  return sized('png', v.getUint32(16), v.getUint32(20));
}

// A JPEG is a run of segments (0xFF, marker, 2-byte length); a start-of-frame segment (SOF0–SOF15,
// except DHT, JPG and DAC which share the range) holds the height then the width.
function readJpeg(bytes: Uint8Array): LogoFileInfo | null {
  const v = view(bytes);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { at += 1; continue; } // fill byte
    // Markers that stand alone, without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { at += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
    const length = v.getUint16(at + 2);
    if (length < 2) return null;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return null;
      return sized('jpg', v.getUint16(at + 7), v.getUint16(at + 5));
    }
    at += 2 + length;
  }
  return null;
}

const sized = (type: LogoFileInfo['type'], width: number, height: number): LogoFileInfo | null =>
  width > 0 && height > 0 ? { type, width, height } : null;
