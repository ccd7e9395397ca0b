// The export command, run as a user runs it: a document written to a file with the plan's own text,
// and a clear message with exit code 1 for what it cannot do (no year given, no such year, meeting or
// partnership, no Chromium for a PDF).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSandbox, type CliSandbox } from '../../../test/cli-sandbox.ts';
import { testDb } from '../../../test/helpers.ts';
import { allInitiatives } from '../plans/compare.ts';

let sandbox: CliSandbox;
let dir: string;
let names: string[];
let planTitle: string;

before(async () => {
  sandbox = await cliSandbox('export_cli', { demo: true });
  dir = mkdtempSync(join(tmpdir(), 'csp-hub-export-'));
  // The same demo in a database of the test's own, to know what the plan says.
  const t = await testDb();
  try {
    const plan = await t.services.plans.get(await t.services.partnerships.bySlug('scp'), 2022, { userId: null, role: 'admin', organisationId: null });
    names = allInitiatives(plan).map((i) => i.name);
    planTitle = `Annual Partnership Plan ${plan.year}`;
  } finally { await t.close(); }
});
after(async () => { await sandbox?.close(); if (dir) rmSync(dir, { recursive: true, force: true }); });

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

test('an HTML export of the plan is written with the plan’s title and every initiative', () => {
  const out = join(dir, 'plan.html');
  const r = sandbox.cli('export', 'plan', '--partnership', 'scp', '--year', '2022-23', '--format', 'html', '--out', out);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Wrote .*plan\.html/);
  const html = decode(readFileSync(out, 'utf8'));
  assert.ok(html.includes(planTitle));
  assert.ok(names.length > 5);
  for (const n of names) assert.ok(html.includes(n), `the export has ${n}`);
});

test('a kind that needs a year, given none, exits 1 saying what to give; nothing is written', () => {
  const out = join(dir, 'none.html');
  const r = sandbox.cli('export', 'plan', '--partnership', 'scp', '--format', 'html', '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.out, /The plan needs --year 2022-23/);
  assert.equal(existsSync(out), false);
});

test('a year or meeting that does not exist, or one the kind is not made for, exits 1 saying so', () => {
  const out = join(dir, 'x.html');
  const year = sandbox.cli('export', 'plan', '--partnership', 'scp', '--year', '2030-31', '--format', 'html', '--out', out);
  assert.equal(year.code, 1);
  assert.match(year.out, /has no plan for 2030-31 \(its plan years: .*2022-23/);
  const meeting = sandbox.cli('export', 'agenda-pack', '--partnership', 'scp', '--meeting', '999999', '--format', 'html', '--out', out);
  assert.equal(meeting.code, 1);
  assert.match(meeting.out, /has no meeting 999999/);
  const wrongScope = sandbox.cli('export', 'agenda-pack', '--partnership', 'scp', '--year', '2022-23', '--format', 'html', '--out', out);
  assert.equal(wrongScope.code, 1);
  assert.match(wrongScope.out, /made for a meeting: give --meeting ID/);
});

test('a PDF without Chromium exits 1 and says how to install it', () => {
  const out = join(dir, 'plan.pdf');
  const r = sandbox.cliWith({ CHROMIUM_PATH: '/nonexistent/chromium' }, 'export', 'plan', '--partnership', 'scp', '--year', '2022-23', '--format', 'pdf', '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.out, /apt-get install chromium/);
  assert.equal(existsSync(out), false);
});
