// Graceful shutdown of a real server process: SIGTERM while a request is in progress lets that
// request finish with its answer, refuses new ones, closes the database and exits 0; the request
// log is JSON lines carrying the request id the proxy gave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./shutdown-server.ts', import.meta.url));

/** Resolves with the first stderr line matching `pattern` (the child's own messages). */
function waitFor(lines: string[], emitter: NodeJS.EventEmitter, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      for (const l of lines) { const m = pattern.exec(l); if (m) { resolve(m); return true; } }
      return false;
    };
    if (check()) return;
    const onLine = (): void => { if (check()) emitter.off('line', onLine); };
    emitter.on('line', onLine);
    emitter.once('exit', () => reject(new Error(`the server exited before saying ${pattern}:\n${lines.join('\n')}`)));
  });
}

test('SIGTERM mid-request: the request completes, new ones are refused, the database closes, exit 0', { timeout: 120_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const said: string[] = [];
  let stdout = '';
  child.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
  let partial = '';
  child.stderr!.on('data', (b: Buffer) => {
    const parts = (partial + b.toString()).split('\n');
    partial = parts.pop()!;
    said.push(...parts);
    child.emit('line');
  });
  try {
    const [, port] = await waitFor(said, child, /^listening (\d+)$/);
    const base = `http://127.0.0.1:${port}`;
    const slow = fetch(`${base}/slow`, { headers: { 'x-request-id': 'shutdown-test-1' } });
    await waitFor(said, child, /^slow started$/);
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    child.kill('SIGTERM');

    // While it stops, a new request is turned away (503 on an open connection, or no connection at all).
    await new Promise((r) => setTimeout(r, 200));
    const late = await fetch(`${base}/healthz`).then((r) => r.status, (e: unknown) => (e as Error).name);
    assert.ok(late === 503 || late === 'TypeError', `a request after SIGTERM was answered ${late}`);

    const res = await slow;
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'finished');
    assert.equal(res.headers.get('x-request-id'), 'shutdown-test-1');

    const [code] = await exited;
    assert.equal(code, 0, `${said.join('\n')}\n${stdout}`);
    assert.ok(said.includes('database closed'), said.join('\n'));
    // The request log: JSON lines, the request's id on both of its lines, its route pattern and status.
    const log = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = log.filter((l) => l.reqId === 'shutdown-test-1');
    assert.deepEqual(mine.map((l) => l.msg), ['incoming request', 'request completed']);
    assert.deepEqual(mine[0]!.req, { method: 'GET', path: '/slow', route: '/slow', remoteAddress: '127.0.0.1' });
    assert.deepEqual(mine[1]!.res, { statusCode: 200 });
    assert.ok(log.some((l) => l.msg === 'stopped'));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
