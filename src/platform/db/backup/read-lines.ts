// The lines of a gzip-compressed file, streamed; a damaged or cut-short file ends the stream with
// an error that says so in words.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';

export class UnreadableBackupError extends Error {}

export interface LineReader {
  lines: AsyncGenerator<string>;
  /** Compressed bytes read so far (for a progress bar). */
  bytesRead(): number;
}

export function gzipLines(path: string, label: string): LineReader {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  async function* lines(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of gunzip) {
        const parts = (rest + decoder.write(chunk as Buffer)).split('\n');
        rest = parts.pop()!;
        yield* parts;
      }
    } catch (e) {
      throw new UnreadableBackupError(describeReadError(e, label));
    } finally {
      file.destroy();
      gunzip.destroy();
    }
    rest += decoder.end();
    if (rest) yield rest;
  }
  return { lines: lines(), bytesRead: () => file.bytesRead };
}

function describeReadError(e: unknown, label: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `There is no file ${label}.`;
  if (code === 'EISDIR') return `${label} is a folder, not a backup file.`;
  if (code === 'EACCES') return `${label} cannot be read (permission denied).`;
  if (code === 'Z_DATA_ERROR') return `${label} is not a CSP Hub backup: it is not a gzip-compressed file, or it is damaged.`;
  if (code === 'Z_BUF_ERROR') return `${label} is cut short: the file ends part-way through.`;
  return `${label} cannot be read: ${(e as Error).message}`;
}
