// The embedded database folder's lock: one process at a time, a dead process's lock taken over,
// a lock released on close and at exit, and never someone else's lock removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DataDirInUseError, LOCK_FILE, announceAddress, lockDataDir, type LockHolder } from './data-dir-lock.ts';

let root: string;
before(async () => { root = await mkdtemp(join(tmpdir(), 'csp-hub-lock-test-')); });
after(async () => { if (root) await rm(root, { recursive: true, force: true }); });

let n = 0;
const freshDir = async (): Promise<string> => mkdtemp(join(root, `d${n++}-`));
const holderOf = (dir: string): LockHolder => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

test('another process holding the folder: refused, naming it; the holder keeps it; released when it exits', async () => {
  const dir = await freshDir();
  // The child takes the lock as a server would, then waits until told to go.
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    import { lockDataDir, announceAddress } from ${JSON.stringify(lockModule)};
    lockDataDir(${JSON.stringify(dir)}, 'the CSP Hub server');
    announceAddress(${JSON.stringify(dir)}, 'http://127.0.0.1:40123/');
    console.log('locked');
    process.stdin.once('data', () => process.exit(0));
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [first] = await once(child.stdout!, 'data') as [Buffer];
  assert.equal(first.toString().trim(), 'locked');

  assert.throws(() => lockDataDir(dir, 'csp-hub import'), (e: unknown) => {
    assert.ok(e instanceof DataDirInUseError);
    assert.equal(e.holder.pid, child.pid);
    assert.match(e.message, new RegExp(`^The embedded database in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by the CSP Hub server \\(pid ${child.pid}, running at http://127\\.0\\.0\\.1:40123/ since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)\\. Two processes must never open it at once, so it was not opened\\.$`));
    return true;
  });
  assert.equal(holderOf(dir).pid, child.pid, 'the refused process leaves the lock alone');

  child.stdin!.write('go\n');
  await once(child, 'exit');
  assert.equal(existsSync(join(dir, LOCK_FILE)), false, 'released at exit');
  lockDataDir(dir, 'csp-hub import').release();
});

test('a lock left by a process that died is taken over', async () => {
  const dir = await freshDir();
  const stale: LockHolder = { pid: deadPid(), host: hostname(), command: 'csp-hub import', since: new Date().toISOString(), token: 'old' };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
  const lock = lockDataDir(dir, 'the CSP Hub server');
  assert.equal(holderOf(dir).pid, process.pid);
  assert.equal(holderOf(dir).command, 'the CSP Hub server');
  lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);

  // Our own pid in a lock we do not hold: an earlier process with this pid (a container's pid 1).
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...stale, pid: process.pid }));
  lockDataDir(dir, 'csp-hub migrate').release();
  // An unreadable lock file is not a holder either.
  writeFileSync(join(dir, LOCK_FILE), '{"pid":');
  lockDataDir(dir, 'csp-hub migrate').release();
});

test('in this process, a folder opens once; another host\'s lock is kept and explained', async () => {
  const dir = await freshDir();
  const lock = lockDataDir(dir, 'the CSP Hub server');
  assert.throws(() => lockDataDir(dir, 'the CSP Hub server'), DataDirInUseError);
  announceAddress(dir, 'http://localhost:3000/');
  assert.equal(holderOf(dir).url, 'http://localhost:3000/');
  lock.release();
  lock.release(); // twice is harmless

  const other: LockHolder = { pid: deadPid(), host: 'another-machine', command: 'csp-hub import', since: '2025-01-02T03:04:05.000Z', token: 'x' };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
  assert.throws(() => lockDataDir(dir, 'csp-hub import'), (e: unknown) => {
    assert.ok(e instanceof DataDirInUseError);
    assert.match(e.message, /in use by another CSP Hub process: csp-hub import \(pid \d+, since 2025-01-02 03:04 UTC\)/);
    assert.match(e.message, new RegExp(`That process runs on another-machine; if it is no longer running, delete ${join(dir, LOCK_FILE).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
    return true;
  });
  assert.equal(holderOf(dir).host, 'another-machine');
});
