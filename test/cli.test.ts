import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/platform/db/client.ts';

// The `csp-hub` command on a database of its own: an embedded one in a temporary folder, or a fresh
// schema on PostgreSQL when DATABASE_URL is set.
const bin = fileURLToPath(new URL('../bin/csp-hub.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'csp-hub-cli-'));
const schema = `cli_${process.pid}`;
const pgUrl = process.env.DATABASE_URL;

function env() {
  if (!pgUrl) return { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  const url = new URL(pgUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { ...process.env, DATABASE_URL: url.toString() };
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

if (pgUrl) {
  const admin = await openDb({ databaseUrl: pgUrl });
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
}
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) { const admin = await openDb({ databaseUrl: pgUrl }); await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await admin.close(); }
});

test('migrate creates the schema, then reports it up to date', () => {
  const first = cli('migrate');
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /Applied 001-platform\.sql/);
  const second = cli('migrate');
  assert.match(second.out, /The database is up to date/);
});

test('users add creates the first administrator and refuses bad input', () => {
  const short = cli('users', 'add', '--email', 'a@b.org', '--name', 'A', '--password', 'short');
  assert.equal(short.code, 1);
  assert.match(short.out, /at least 12 characters/);
  const ok = cli('users', 'add', '--admin', '--email', 'first.admin@council.gov.uk', '--name', 'First Admin', '--password', 'a-long-enough-password');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /Added first.admin@council.gov.uk \(instance administrator\)/);
  const again = cli('users', 'add', '--email', 'first.admin@council.gov.uk', '--name', 'X', '--password', 'a-long-enough-password');
  assert.equal(again.code, 1);
  assert.match(again.out, /There is already a user/);
  const role = cli('users', 'add', '--email', 'x@y.org', '--name', 'X', '--password', 'a-long-enough-password', '--partnership', 'nope', '--role', 'viewer');
  assert.equal(role.code, 1);
  assert.match(role.out, /No partnership nope/);
});

test('an unknown command prints the usage', () => {
  const r = cli('frobnicate');
  assert.equal(r.code, 1);
  assert.match(r.out, /Usage: csp-hub <command>/);
});
