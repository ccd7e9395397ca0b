// The four demo documents as people receive them, made through the reports service: each Word file
// passes the package check (what Word would otherwise "repair"), LibreOffice converts each to PDF
// without error, and page 1 of each PDF is drawn with ink on it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDb } from '../../../test/helpers.ts';
import { needsChromium, needsPdftotext } from '../../../test/tools.ts';
import { inkShare, readPng } from '../../../test/png.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { checkDocx } from '../../documents/docx-check.ts';
import { closePdfBrowser } from '../../documents/render-pdf.ts';
import type { ReportKind, ReportScope } from './types.ts';

const t = await testDb();
const s = t.services;
const coordinator: Actor = { userId: null, role: 'coordinator', organisationId: null };

const needsSoffice = spawnSync('soffice', ['--version']).error
  ? 'needs LibreOffice to open the Word files (apt-get install libreoffice-writer-nogui)' : false;
const needsPdftoppm = spawnSync('pdftoppm', ['-v']).error ? 'needs pdftoppm (apt-get install poppler-utils)' : false;
// Converting Word files does not touch the database: once, in the embedded-database run, is enough.
const onceOnly = process.env.DATABASE_URL ? 'the Word files are converted in the embedded-database run' : false;

/** What each document must say, whichever program printed it. */
interface Made { kind: ReportKind; scope: ReportScope; expect: string[]; docx: Buffer }
const made: Made[] = [];

before(async () => {
  const scp = await s.partnerships.bySlug('scp');
  const { meetings } = await s.meetings.allMeetings(scp);
  const committee = meetings.find((m) => m.meetsOn === '2022-11-07');
  assert.ok(committee, 'the demo has the committee meeting of 7 November 2022');
  const plan = await s.plans.get(scp, 2022, coordinator);
  const wanted: Omit<Made, 'docx'>[] = [
    { kind: 'plan', scope: { year: 2022 }, expect: [plan.priorities[0]!.title] },
    { kind: 'committee-report', scope: { meetingId: committee.id }, expect: ['Executive Summary', plan.priorities[0]!.title] },
    { kind: 'assessment', scope: { year: 2023 }, expect: ['Completeness'] },
    { kind: 'agenda-pack', scope: { meetingId: committee.id }, expect: ['Agenda'] },
  ];
  for (const w of wanted) {
    const docx = Buffer.from(await s.reports.render(scp, w.kind, w.scope, 'docx', coordinator));
    made.push({ ...w, docx });
  }
});

after(async () => {
  await closePdfBrowser();
  await t.close();
});

test('each generated Word file passes the package check', () => {
  assert.equal(made.length, 4);
  for (const m of made) assert.deepEqual(checkDocx(m.docx), [], `${m.kind}: the package is sound`);
});

test('LibreOffice converts each generated Word file to PDF, text intact', { skip: needsSoffice || needsPdftotext || onceOnly }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'csp-hub-generated-'));
  try {
    const files = made.map((m) => {
      const file = join(dir, `${m.kind}.docx`);
      writeFileSync(file, m.docx);
      return file;
    });
    // One LibreOffice start converts all four; a private profile keeps other runs out of the way.
    const run = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...files],
      { encoding: 'utf8', timeout: 300_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    for (const m of made) {
      const text = spawnSync('pdftotext', [join(dir, `${m.kind}.pdf`), '-'], { encoding: 'utf8' }).stdout;
      for (const e of m.expect) assert.ok(text.includes(e), `${m.kind}: "${e}" in LibreOffice's PDF`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('page 1 of each generated PDF has ink on it', { skip: needsChromium || needsPdftoppm }, async () => {
  const scp = await s.partnerships.bySlug('scp');
  const dir = mkdtempSync(join(tmpdir(), 'csp-hub-page1-'));
  try {
    for (const m of made) {
      const pdf = await s.reports.render(scp, m.kind, m.scope, 'pdf', coordinator);
      writeFileSync(join(dir, `${m.kind}.pdf`), pdf);
      const out = join(dir, m.kind);
      const run = spawnSync('pdftoppm', ['-r', '40', '-f', '1', '-l', '1', '-singlefile', '-png', join(dir, `${m.kind}.pdf`), out]);
      assert.equal(run.status, 0, String(run.stderr));
      const ink = inkShare(readPng(readFileSync(`${out}.png`)));
      assert.ok(ink > 0.005 && ink < 0.6, `${m.kind}: ${(ink * 100).toFixed(2)}% of page 1 is ink`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
