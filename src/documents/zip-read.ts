// A tiny zip reader so tests can look inside the .docx files we generate (word/document.xml)
// without another dependency. It reads the central directory, as zip tools do, because local
// headers may leave sizes out when the writer streamed the data. No zip64, no encryption.
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50; // end of central directory record
const CENTRAL = 0x02014b50; // central directory file header
const LOCAL = 0x04034b50; // local file header

export interface ZipEntry { name: string; method: number; compressedSize: number; size: number; localOffset: number }

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes at the very end.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= stop; i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw new Error('Not a zip file: no end of central directory record');
}

/** Lists the entries of a zip held in memory. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`Broken zip: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function extract(zip: Buffer, e: ZipEntry): Buffer {
  if (zip.readUInt32LE(e.localOffset) !== LOCAL) throw new Error(`Broken zip: bad local header for ${e.name}`);
  // The local header's own name and extra lengths can differ from the central directory's.
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) return Buffer.from(data);
  if (e.method === 8) return inflateRawSync(data);
  throw new Error(`Unsupported zip compression method ${e.method} for ${e.name}`);
}

/** Reads every entry of a zip into memory, keyed by path. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  return new Map(zipEntries(zip).map((e) => [e.name, extract(zip, e)]));
}

/** Reads one entry as UTF-8 text (e.g. 'word/document.xml'), or undefined when it is missing. */
export function readZipText(zip: Buffer, name: string): string | undefined {
  const entry = zipEntries(zip).find((e) => e.name === name);
  return entry ? extract(zip, entry).toString('utf8') : undefined;
}
