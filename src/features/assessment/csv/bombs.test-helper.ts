// Compressed bombs for the limit tests (not a test file itself): made here with zlib from a
// stream, so a few hundred megabytes of text cost a few hundred kilobytes on disk.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const MB = 1 << 20;

/** `text` repeated (whole copies) to about `mb` megabytes, one megabyte-sized buffer at a time. */
function* repeated(text: string, mb: number): Generator<Buffer> {
  const unit = Buffer.from(text);
  const chunk = Buffer.alloc(Math.max(1, Math.floor(MB / unit.length)) * unit.length);
  for (let i = 0; i < chunk.length; i += unit.length) unit.copy(chunk, i);
  for (let done = 0; done < mb * MB; done += chunk.length) yield chunk;
}

/** Write a gzip file of `head` followed by `body` repeated to about `mb` megabytes. */
export async function gzipBomb(path: string, { head = '', body = '\0', mb }: { head?: string; body?: string; mb: number }): Promise<void> {
  async function* content(): AsyncGenerator<Buffer> {
    if (head) yield Buffer.from(head);
    yield* repeated(body, mb);
  }
  await pipeline(Readable.from(content()), createGzip(), createWriteStream(path));
}
