import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readZip, readZipText, zipEntries } from './zip-read.js';

// Writes a minimal zip by hand (CRC left at 0: the reader does not check it) so the reader is
// tested against the format itself, not only against what `docx` happens to produce.
function makeZip(files: { name: string; data: Buffer; deflate: boolean }[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const c = Buffer.from(comment);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(c.length, 20);
  return Buffer.concat([...locals, cd, eocd, c]);
}

test('reads stored and deflated entries through the central directory', () => {
  const xml = '<w:document>' + 'Crucial Crew '.repeat(200) + '</w:document>';
  const zip = makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), deflate: false },
    { name: 'word/document.xml', data: Buffer.from(xml), deflate: true },
  ], 'a trailing comment');
  assert.deepEqual(zipEntries(zip).map((e) => e.name), ['[Content_Types].xml', 'word/document.xml']);
  const all = readZip(zip);
  assert.equal(all.get('[Content_Types].xml')?.toString(), '<Types/>');
  assert.equal(readZipText(zip, 'word/document.xml'), xml);
  assert.equal(readZipText(zip, 'word/missing.xml'), undefined);
});

test('refuses something that is not a zip', () => {
  assert.throws(() => zipEntries(Buffer.from('%PDF-1.7 not a zip at all, just some bytes here')), /Not a zip file/);
});
