// Uploaded files on their way to an import. Each upload streams into its own folder under one
// known folder, <temp>/csp-hub-uploads/<pid>-<id>, as the form arrives (never into memory). The
// folder is removed before the response is sent, unless an import job took it over (the job
// removes it when it ends). Folders left by a crash are removed at the next start.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { UploadLimits } from '../../../platform/config.ts';
import { formatSize } from '../../../platform/sizes.ts';

export interface Upload {
  dir: string | null;
  files: { name: string; path: string }[];
  /** What is wrong with the upload, for the form's error messages. */
  problems: string[];
  /** A file or the whole upload was over a size limit (answered 413). */
  tooLarge: boolean;
  /** A job owns the folder now. */
  takenOver: boolean;
  /** The request is over: nothing more may be written. */
  closed: boolean;
  bytes: number;
  parts: number;
}

/** The folder every upload goes into (read at each use: tests point TMPDIR elsewhere). */
export const uploadRoot = (): string => join(tmpdir(), 'csp-hub-uploads');

const DAY_MS = 24 * 60 * 60 * 1000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove upload folders left behind by a crash: those of processes no longer running, and any
 * older than a day (a pid can be reused, as in a container whose server is always pid 1).
 * Folders of running processes (another instance, or this one) younger than a day are kept.
 */
export async function sweepUploads(now = Date.now()): Promise<string[]> {
  const root = uploadRoot();
  const names = await readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const path = join(root, name);
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    const orphan = !Number.isInteger(pid) || (pid !== process.pid && !alive(pid));
    if (orphan || now - info.mtimeMs > DAY_MS) {
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

const uploads = new WeakMap<FastifyRequest, Upload>();

export function uploadOf(request: FastifyRequest): Upload {
  let u = uploads.get(request);
  if (!u) uploads.set(request, (u = { dir: null, files: [], problems: [], tooLarge: false, takenOver: false, closed: false, bytes: 0, parts: 0 }));
  return u;
}

/** Remove the request's folder unless a job took it over; nothing is written to it afterwards. */
export async function discard(request: FastifyRequest): Promise<void> {
  const u = uploads.get(request);
  if (!u) return;
  u.closed = true;
  if (u.takenOver || !u.dir) return;
  const dir = u.dir;
  u.dir = null;
  await rm(dir, { recursive: true, force: true });
}

const drain = (part: MultipartFile): Promise<void> => pipeline(part.file, new Writable({ write: (_c, _e, cb) => cb() }));

/** A safe local name that keeps police.uk names as they are (they carry the month and force). */
function safeName(filename: string): string {
  const name = basename(filename.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return name || 'upload.csv';
}

/**
 * The multipart `onFile` handler. Problems (a wrong type, a file or an upload over its size
 * limit, too many files) become messages for the form; the rest of the upload is then read and
 * dropped, so the browser receives the answer, and nothing more is written to disk.
 */
export function saveUploadedFile(limits: UploadLimits & { maxFiles: number }, accept = { pattern: /\.csv(\.gz)?$/i, kinds: 'a .csv or .csv.gz file' }) {
  return async function saveFile(this: FastifyRequest, part: MultipartFile): Promise<void> {
    if (part.fieldname !== 'files' || !part.filename) return drain(part);
    const u = uploadOf(this);
    u.parts++;
    if (u.closed || u.problems.length > 0) return drain(part);
    const name = safeName(part.filename);
    if (u.parts > limits.maxFiles) {
      u.problems.push(`Choose at most ${limits.maxFiles} files at a time`);
      u.tooLarge = true;
      return drain(part);
    }
    if (!accept.pattern.test(name)) {
      u.problems.push(`${part.filename} is not ${accept.kinds}`);
      return drain(part);
    }
    if (u.files.some((f) => f.name === name)) {
      u.problems.push(`You chose two files called ${name}: choose each file once`);
      return drain(part);
    }
    if (!u.dir) {
      await mkdir(uploadRoot(), { recursive: true });
      const dir = join(uploadRoot(), `${process.pid}-${randomUUID()}`);
      await mkdir(dir);
      if (u.closed) {
        // The request ended while the folder was being made.
        await rm(dir, { recursive: true, force: true });
        return drain(part);
      }
      u.dir = dir;
    }
    const path = join(u.dir, name);
    u.files.push({ name, path });
    let overTotal = false;
    // Counts the upload as it arrives; past the total, the rest is read but not written.
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        u.bytes += chunk.length;
        if (u.bytes > limits.maxTotalBytes) overTotal = true;
        cb(null, overTotal ? undefined : chunk);
      },
    });
    await pipeline(part.file, count, createWriteStream(path));
    if (part.file.truncated) {
      u.problems.push(`${part.filename} is larger than ${formatSize(limits.maxFileBytes)}, the most one uploaded file may hold (UPLOAD_MAX_FILE_SIZE): upload it compressed (.csv.gz), or split it into months`);
    } else if (overTotal) {
      u.problems.push(`The files chosen come to more than ${formatSize(limits.maxTotalBytes)}, the most one upload may hold (UPLOAD_MAX_TOTAL_SIZE): import them in smaller groups`);
    }
    if (part.file.truncated || overTotal) {
      u.tooLarge = true;
      await rm(path, { force: true });
    }
  };
}
