// One process at a time on an embedded database folder. PGlite has no locking of its own: a
// second process (say `csp-hub import` beside a running server) opens the same files, both write,
// and the folder no longer opens. So the folder holds a lock file naming its process; another
// process is refused with who holds it, and never opens the folder. A lock whose process has
// died (a crash, a kill) is taken over.
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'csp-hub.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** What the process is, in words: 'the CSP Hub server', 'csp-hub import'. */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Where a server answers, once it listens. */
  url?: string;
  /** Tells this lock from an earlier one of the same pid. */
  token: string;
}

const when = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The folder is in use by another process (or, by mistake, already open in this one). */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    const who = holder.url
      ? `the CSP Hub server (pid ${holder.pid}, running at ${holder.url} since ${when(holder.since)})`
      : `another CSP Hub process: ${holder.command} (pid ${holder.pid}, since ${when(holder.since)})`;
    const elsewhere = holder.host !== hostname()
      ? ` That process runs on ${holder.host}; if it is no longer running, delete ${join(dataDir, LOCK_FILE)}.`
      : '';
    super(`The embedded database in ${dataDir} is in use by ${who}. Two processes must never open it at once, so it was not opened.${elsewhere}`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Locks held by this process, by resolved folder. */
const held = new Map<string, { path: string; holder: LockHolder }>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}

function readHolder(path: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return { text, holder: Number.isInteger(h.pid) && typeof h.host === 'string' ? h : null };
  } catch {
    return { text, holder: null };
  }
}

/** A lock is stale when its process is gone: same host only (another host's pids mean nothing here). */
function stale(h: LockHolder): boolean {
  if (h.host !== hostname()) return false;
  // Our own pid but not a lock we hold: left by an earlier process that had this pid (a container's pid 1).
  if (h.pid === process.pid) return ![...held.values()].some((l) => l.holder.token === h.token);
  return !alive(h.pid);
}

/** Write the lock file whole, then link it into place: it exists complete or not at all. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const tmp = `${path}.${holder.pid}.${holder.token}`;
  writeFileSync(tmp, JSON.stringify(holder));
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** Take the folder's lock, or throw DataDirInUseError naming the process that holds it. */
export function lockDataDir(dir: string, command: string): DataDirLock {
  const key = resolve(dir);
  const path = join(dir, LOCK_FILE);
  const mine = held.get(key);
  if (mine) throw new DataDirInUseError(dir, mine.holder);
  const holder: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, holder)) {
      held.set(key, { path, holder });
      const release = (): void => {
        process.off('exit', release);
        if (held.get(key)?.holder.token !== holder.token) return;
        held.delete(key);
        // Remove it only if it is still ours (never another process's lock).
        if (readHolder(path)?.holder?.token === holder.token) unlinkSync(path);
      };
      process.on('exit', release);
      return { release };
    }
    const found = readHolder(path);
    if (!found) continue; // released meanwhile: try again
    if (found.holder && !stale(found.holder)) throw new DataDirInUseError(dir, found.holder);
    // Stale or unreadable: take it over, unless it changed while we looked.
    if (readHolder(path)?.text === found.text) unlinkSync(path);
  }
  throw new Error(`Could not lock the embedded database in ${dir}: its lock file ${path} keeps changing`);
}

/** Record where the server that holds the folder answers, for the message other processes get. */
export function announceAddress(dir: string, url: string): void {
  const lock = held.get(resolve(dir));
  if (!lock) return;
  lock.holder = { ...lock.holder, url };
  const tmp = `${lock.path}.${lock.holder.pid}.${lock.holder.token}`;
  writeFileSync(tmp, JSON.stringify(lock.holder));
  renameSync(tmp, lock.path);
}
