// Stream a .csv or .csv.gz file as text lines without holding it in memory, computing the file's
// SHA-256 on the way (the import log records what exactly was imported). Refuses invalid UTF-8,
// corrupt gzip data, files of another format and files over the import limits (limits.ts) with
// an ImportError naming file and line. The limits are checked chunk by chunk, so a compressed
// bomb is refused after at most one limit's worth of reading.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ImportError } from './errors.ts';
import { DEFAULT_READ_LIMITS, fileTooLarge, lineTooLong, longerThan, type ReadLimits } from './limits.ts';

export interface LineInfo {
  /** 1-based physical line number. */
  lineNo: number;
  /** True for a last line with no line break after it (a possible sign of truncation). */
  unterminated: boolean;
}

export interface ReadResult {
  sha256: string;
  /** Size of the file as stored (compressed, for a .gz). */
  bytes: number;
  lines: number;
  gzip: boolean;
}

export type Compression = 'gzip' | 'none';

/** Look at a file's first bytes: gzip is detected by content, and binary formats are named. */
export async function sniffFile(path: string, label = path): Promise<Compression> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && buf.readUInt32BE(0) === 0x504b0304) {
      throw new ImportError(label, 0, 'this is a ZIP archive, not a CSV file: unzip it first and import the folder');
    }
    if (bytesRead >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0) {
      throw new ImportError(label, 0, 'this is an old Excel or Word file, not a CSV file: save it as CSV (UTF-8)');
    }
    if (bytesRead >= 4 && buf.toString('latin1', 0, 4) === '%PDF') {
      throw new ImportError(label, 0, 'this is a PDF, not a CSV file');
    }
    return 'none';
  } finally {
    await fh.close();
  }
}

/** Find the line of the first invalid UTF-8 byte in a chunk (only used on the error path). */
function lineOfBadByte(chunk: Uint8Array, firstLineNo: number): number {
  let line = firstLineNo;
  let start = 0;
  for (let i = 0; i <= chunk.length; i++) {
    if (i === chunk.length || chunk[i] === 0x0a) {
      // The first piece may start mid-character (carried from the previous chunk): skip it.
      if (start > 0 || firstLineNo === 1) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, i));
        } catch {
          return line;
        }
      }
      line++;
      start = i + 1;
    }
  }
  return firstLineNo;
}

export interface ReadLinesOptions {
  /** Name of the file in messages (defaults to the path). */
  label?: string;
  /** Bytes read (and gunzipped) at a time: small when only the first lines are wanted. */
  chunkSize?: number;
  /** Defaults to the default import limits: no read is unlimited. */
  limits?: ReadLimits;
}

/**
 * Call `onLine` for every line of the file (line breaks \n or \r\n removed). `onLine` may throw
 * to stop reading; the error propagates unchanged.
 */
export async function readLines(
  path: string,
  onLine: (line: string, info: LineInfo) => void,
  { label = path, chunkSize = 1 << 20, limits = DEFAULT_READ_LIMITS }: ReadLinesOptions = {},
): Promise<ReadResult> {
  const { maxFileBytes, maxLineBytes, budget, signal } = limits;
  const compression = await sniffFile(path, label);
  const hash = createHash('sha256');
  let bytes = 0;
  const raw = createReadStream(path, { highWaterMark: chunkSize });
  let source: Readable = raw;
  if (compression === 'gzip') {
    raw.on('data', (c) => {
      hash.update(c as Buffer);
      bytes += (c as Buffer).length;
    });
    const gunzip = createGunzip({ chunkSize });
    raw.on('error', (e) => gunzip.destroy(e));
    source = raw.pipe(gunzip);
  }
  // fatal: true makes bad encoding an error instead of silently becoming U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const info: LineInfo = { lineNo: 0, unterminated: false };
  let carry = '';
  let textBytes = 0;
  const emit = (text: string, final: boolean): void => {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (longerThan(text, start, end, maxLineBytes)) throw lineTooLong(label, info.lineNo + 1, maxLineBytes);
      info.lineNo++;
      onLine(text.slice(start, end), info);
      start = nl + 1;
    }
    carry = start === 0 ? text : text.slice(start);
    // The unfinished line is checked too: a line with no end must not grow without bound.
    if (longerThan(carry, 0, carry.length, maxLineBytes)) throw lineTooLong(label, info.lineNo + 1, maxLineBytes);
    if (final && carry.length > 0) {
      info.lineNo++;
      info.unterminated = true;
      const line = carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry;
      carry = '';
      onLine(line, info);
    }
  };
  try {
    for await (const chunk of source) {
      signal?.throwIfAborted();
      const buf = chunk as Buffer;
      if (compression === 'none') {
        hash.update(buf);
        bytes += buf.length;
      }
      textBytes += buf.length;
      if (textBytes > maxFileBytes) throw fileTooLarge(label, maxFileBytes, compression === 'gzip');
      budget?.take(buf.length, label);
      let text: string;
      try {
        text = decoder.decode(buf, { stream: true });
      } catch {
        const line = lineOfBadByte(buf, info.lineNo + 1);
        throw new ImportError(label, line, 'the text is not valid UTF-8: save the file as CSV (UTF-8) and import it again');
      }
      emit(carry.length > 0 ? carry + text : text, false);
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new ImportError(label, info.lineNo + 1, 'the file ends in the middle of a UTF-8 character (it may be truncated)');
    }
    emit(carry + tail, true);
  } catch (e) {
    raw.destroy();
    if (e instanceof ImportError) throw e;
    const code = String((e as NodeJS.ErrnoException).code ?? ''); // a DOMException's code is a number
    // zlib's errors only: anything else (out of memory, a bug) is not the file's fault.
    if (compression === 'gzip' && (code.startsWith('Z_') || /unexpected end of file|incorrect header check/i.test(String((e as Error).message)))) {
      throw new ImportError(label, info.lineNo + 1, `the gzip data is corrupt or cut short (${(e as Error).message})`);
    }
    throw e;
  }
  return { sha256: hash.digest('hex'), bytes, lines: info.lineNo, gzip: compression === 'gzip' };
}
