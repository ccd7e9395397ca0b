// A partnership outside the demo's force, set up as a newcomer would: through the pages, with a real
// police.uk file of another force (Sussex Police, September 2022, Brighton and Hove). Its figures must
// equal a count made here from the raw file, its map must say that no ward boundaries are loaded, and
// none of its pages may name anything of the demo partnership.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { testApp, Agent, DEMO_PASSWORD } from './helpers.ts';
import { loadGeography, wardNamesOf } from '../src/features/assessment/geography/lookup.ts';

const FILE = new URL('./fixtures/police-uk/other-force/2022-09-sussex-street.csv.gz', import.meta.url);
const SLUG = 'brighton-hove';
const ASB = 'Anti-social behaviour';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

/** What people read on a page: its text without markup, scripts or styles. */
const text = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ')
  .replace(/&#39;|&rsquo;|’/g, '\'').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

/** Counts by crime type of the raw file's Brighton and Hove rows, made without the product's code. */
async function rawCounts(): Promise<Map<string, number>> {
  const rows = parse(gunzipSync(await readFile(FILE)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (!r['LSOA name']!.startsWith('Brighton and Hove ')) continue;
    counts.set(r['Crime type']!, (counts.get(r['Crime type']!) ?? 0) + 1);
  }
  return counts;
}

/** Names of the demo partnership that must never reach another partnership's pages. */
async function demoNames(): Promise<string[]> {
  const q = async (sql: string) => (await t.db.query<{ name: string }>(sql)).map((r) => r.name);
  const scp = `(SELECT id FROM partnerships WHERE slug = 'scp')`;
  const names = [
    'Colchester', 'Essex', 'Tendring', 'Safer Colchester',
    ...await q(`SELECT name FROM frameworks WHERE partnership_id = ${scp}`),
    ...await q(`SELECT name FROM organisations WHERE partnership_id = ${scp}`),
    ...await q(`SELECT title AS name FROM priorities WHERE plan_id IN (SELECT id FROM plans WHERE partnership_id = ${scp})`),
  ];
  // Colchester's wards, by name, from the geography the product ships.
  names.push(...wardNamesOf(await loadGeography(), ['E07000071']));
  // Crimestoppers is a national charity: every partnership's help pages give its number.
  const national = new Set(['Crimestoppers']);
  return [...new Set(names.filter((n) => n.length >= 4 && !national.has(n)))];
}

test('a partnership of another force: set up through the pages, its file imported, assessed; nothing of the demo shows', async (tc) => {
  const admin = await new Agent(t.app).signIn('admin@demo.csp-hub.test', DEMO_PASSWORD);

  // Set up by district name; the force is derived and confirmed.
  const fields = { name: 'Safer Brighton and Hove Partnership', shortName: 'SBHP', slug: SLUG, planYearStartMonth: '4', assessmentYearStartMonth: '10', areaCodes: 'E06000043' };
  const check = await admin.post('/partnerships/new', { ...fields, action: 'check' }, '/partnerships/new');
  assert.match(text(check.body), /Police force Sussex Police/);
  const made = await admin.post('/partnerships/new', { ...fields, confirmedForce: 'sussex', action: 'confirm' }, '/partnerships/new');
  assert.equal(made.statusCode, 303, made.body);

  // Before any import the assessment says there is nothing to assess, and names no demo place.
  const empty = await admin.get(`/p/${SLUG}/assessment`);
  assert.equal(empty.statusCode, 200);
  assert.doesNotMatch(text(empty.body), /Colchester|Essex/);

  // The police.uk file, uploaded through the import page, followed to the end.
  const upload = await admin.postMultipart(`/p/${SLUG}/assessment/imports`, { source: 'police-uk', dataset: '' },
    [{ filename: '2022-09-sussex-street.csv.gz', content: await readFile(FILE) }], `/p/${SLUG}/assessment/imports/new`);
  assert.equal(upload.statusCode, 303, upload.body);
  const events = await admin.get(`${upload.headers.location}/events`);
  const last = events.body.split('\n\n').filter((b) => b.startsWith('event:')).at(-1)!;
  assert.match(last, /^event: done/, events.body);

  // The assessment equals the raw file's count, type by type.
  const raw = await rawCounts();
  const res = await admin.get(`/p/${SLUG}/assessment?to=2022-09&format=json`);
  assert.equal(res.statusCode, 200, res.body);
  const r = JSON.parse(res.body) as { area: { codes: string[]; force: string }; crimeTypes: { type: string; count: number }[]; totalCrimes: number; totalAsb: number; wards: { code: string; name: string; crimes: number; asb: number }[] };
  assert.deepEqual(r.area.codes, ['E06000043']);
  const product = new Map(r.crimeTypes.filter((c) => c.count > 0).map((c) => [c.type, c.count]));
  const expected = new Map([...raw].filter(([type]) => type !== ASB));
  assert.deepEqual(new Map([...product].sort()), new Map([...expected].sort()));
  assert.equal(r.totalCrimes, 2380);
  assert.equal(r.totalAsb, raw.get(ASB));
  assert.equal(r.totalAsb, 369);
  // Every row is in one of the district's own wards (Brighton and Hove's codes), none of the demo's.
  assert.ok(r.wards.length > 10, `${r.wards.length} wards`);
  assert.equal(r.wards.reduce((s, w) => s + w.crimes, 0), 2380);
  assert.equal(r.wards.reduce((s, w) => s + w.asb, 0), 369);
  const geography = await loadGeography();
  for (const w of r.wards) assert.equal(geography.wardToLad(w.code), 'E06000043', `${w.code} ${w.name} is a Brighton and Hove ward`);

  // The assessment page: its own area and force, and the map's place says no boundaries are loaded.
  const page = await admin.get(`/p/${SLUG}/assessment?to=2022-09`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /No ward boundaries are loaded for Brighton and Hove, so there is no ward map/);
  assert.match(page.body, new RegExp(`href="/p/${SLUG}/assessment/boundaries"`));
  assert.match(text(page.body), /Sussex/);

  // Every page of the new partnership an administrator can reach names nothing of the demo.
  const names = await demoNames();
  const seen = new Set<string>();
  const queue = [`/p/${SLUG}`, `/p/${SLUG}/assessment?to=2022-09`];
  const offending: string[] = [];
  while (queue.length && seen.size < 120) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const got = await admin.get(url);
    if (got.statusCode !== 200 || !String(got.headers['content-type']).startsWith('text/html')) continue;
    const words = text(got.body.replace(/<header[\s\S]*?<\/header>/, ''));
    for (const n of names) if (new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(words)) offending.push(`${url}: ${n}`);
    for (const m of got.body.matchAll(/href="(\/p\/[^"#]+)"/g)) {
      const link = m[1]!.replace(/&amp;/g, '&');
      if (link.startsWith(`/p/${SLUG}/`) || link === `/p/${SLUG}`) {
        if (!/\.(pdf|docx|csv|ics|json|png|svg)(\?|$)|format=|\/logo$/.test(link)) queue.push(link);
      }
    }
  }
  assert.ok(seen.size >= 15, `reached ${seen.size} pages: ${[...seen].join(', ')}`);
  tc.diagnostic(`${seen.size} pages of ${SLUG} read`);
  assert.deepEqual(offending, []);
});
