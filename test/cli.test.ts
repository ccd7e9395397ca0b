import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cliSandbox } from './cli-sandbox.ts';

// The `csp-hub` command on a database of its own (see cliSandbox).
const sandbox = await cliSandbox('cli');
const { cli } = sandbox;
after(() => sandbox.close());

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
