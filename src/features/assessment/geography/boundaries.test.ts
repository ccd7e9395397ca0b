// Importing ONS boundary files: a good file stores the right codes, names and vintage and the ward
// map draws them; a file of the wrong vintage, with broken shapes or not GeoJSON at all is refused
// with the codes or the reason named, and nothing is stored. Through the service, the command
// line and the upload page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, Agent, DEMO_PASSWORD } from '../../../../test/helpers.ts';
import { ValidationError } from '../../../platform/errors.ts';
import { wardRateMap } from '../analysis/charts/ward-map.ts';
import { runBoundariesCommand } from './boundaries-cli.ts';
import type { Partnership } from '../../partnerships/queries.ts';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/boundaries');
const fx = (name: string): string => join(FIXTURES, name);
const WARDS_4 = ['E05010828', 'E05010830', 'E05010835', 'E05010837'];

let t: Awaited<ReturnType<typeof testApp>>;
let scp: Partnership;
let tmp: string;
before(async () => {
  t = await testApp();
  scp = (await t.services.partnerships.findBySlug('scp'))!;
  tmp = await mkdtemp(join(tmpdir(), 'csp-hub-boundaries-test-'));
});
after(async () => {
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const who = { importedBy: 'a test', userId: null };
const stored = async (): Promise<number[]> => {
  const [b] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM boundaries');
  const [i] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM boundary_imports');
  return [b!.n, i!.n];
};

async function refusal(files: string[], claimed?: { layer: 'wards' | 'lsoa11' | 'lsoa21' | 'districts'; vintage: string }): Promise<string> {
  const e = await t.services.boundaries.importFiles(scp, files.map((path) => ({ path, label: path.split('/').pop()! })), who, { claimed }).then(
    () => assert.fail('the import should have been refused'), (err: unknown) => err);
  assert.ok(e instanceof ValidationError, String(e));
  return e.message;
}

/** A copy of the good ward fixture with one change to its first feature. */
async function broken(name: string, change: (f: { geometry: { type: string; coordinates: number[][][] } }) => void): Promise<string> {
  const fc = JSON.parse(await readFile(fx('wards-2022-colchester-4.geojson'), 'utf8')) as { features: { geometry: { type: string; coordinates: number[][][] } }[] };
  change(fc.features[1]!);
  const path = join(tmp, name);
  await writeFile(path, JSON.stringify(fc));
  return path;
}

test('a 2025 ward file claimed as 2022 is refused, naming its codes, and nothing is stored', async () => {
  const msg = await refusal([fx('wards-2025-colchester-4.geojson')], { layer: 'wards', vintage: 'WD22' });
  assert.match(msg, /wards-2025-colchester-4\.geojson was refused: it holds wards \(2025, WD25CD\), not wards \(2022, WD22CD\)/);
  for (const c of WARDS_4) assert.ok(msg.includes(c), c);
  assert.match(msg, /\(4 codes\)/);
  assert.match(msg, /Nothing was stored/);
  assert.deepEqual(await stored(), [0, 0]);
});

test('2011 LSOA codes where 2021 LSOAs are expected are refused with the codes that are not 2021 codes', async () => {
  const msg = await refusal([fx('lsoa-2011-colchester-3.geojson')], { layer: 'lsoa21', vintage: 'LSOA21' });
  assert.match(msg, /codes not among LSOAs \(2021, LSOA21CD\): E0\d{7}, E0\d{7}, E0\d{7} \(3 codes\)/);
  // All or nothing: a good file alongside a refused one is not stored either.
  await refusal([fx('wards-2022-colchester-4.geojson'), fx('wards-2025-colchester-4.geojson')], { layer: 'wards', vintage: 'WD22' });
  assert.deepEqual(await stored(), [0, 0]);
});

test('broken shapes, British National Grid coordinates and files that are not GeoJSON are refused with a clear reason', async () => {
  const open = await broken('open.geojson', (f) => { f.geometry.coordinates[0]!.pop(); });
  assert.match(await refusal([open]), /the area E05010830 has a broken shape: a polygon ring is not closed/);
  const bng = await broken('bng.geojson', (f) => { f.geometry.coordinates[0] = [[599892, 222089], [600000, 222089], [600000, 222200], [599892, 222089]]; });
  assert.match(await refusal([bng]), /British National Grid .* download the GeoJSON version/);
  const point = await broken('point.geojson', (f) => { (f.geometry as { type: string }).type = 'Point'; });
  assert.match(await refusal([point]), /its geometry is a Point, not a Polygon or MultiPolygon/);
  const text = join(tmp, 'wards.geojson');
  await writeFile(text, 'WD22CD,WD22NM\nE05010828,Castle\n');
  assert.match(await refusal([text]), /wards\.geojson was refused: it is not a GeoJSON file/);
  const empty = join(tmp, 'empty.geojson');
  await writeFile(empty, '{"type":"FeatureCollection","features":[]}');
  assert.match(await refusal([empty]), /it has no features/);
  const noCodes = join(tmp, 'nocodes.geojson');
  await writeFile(noCodes, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'x' }, geometry: null }] }));
  assert.match(await refusal([noCodes]), /has no ward, LSOA or district code column/);
  assert.deepEqual(await stored(), [0, 0]);
});

test('the upload page: the error summary names the problem, and who may load boundaries', async () => {
  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  const seen = await viewer.get('/p/scp/assessment/boundaries');
  assert.equal(seen.statusCode, 200);
  assert.match(seen.body, /A coordinator or administrator of the partnership can load boundaries/);
  assert.equal((await post(viewer, {}, [{ filename: 'a.geojson', content: Buffer.from('{}') }])).statusCode, 403);

  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const none = await post(coordinator, { vintage: '' }, []);
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /There is a problem/);
  assert.match(none.body, /Choose the boundary files to import/);
  const csv = await post(coordinator, { vintage: '' }, [{ filename: 'wards.csv', content: Buffer.from('a,b\n') }]);
  assert.match(csv.body, /wards\.csv is not a \.geojson, \.json or \.geojson\.gz file/);
  const wrong = await post(coordinator, { vintage: 'WD22' }, [{ filename: 'wards-2025.geojson', content: await readFile(fx('wards-2025-colchester-4.geojson')) }]);
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.body, /govuk-error-summary/);
  assert.match(wrong.body, /not wards \(2022, WD22CD\) as chosen/);
  assert.ok(wrong.body.includes('E05010837'));
  assert.deepEqual(await stored(), [0, 0]);
});

test('a good ward file is stored with its codes, names and vintage, and the assessment map draws those wards', async () => {
  const coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
  const res = await post(coordinator, { vintage: 'WD22' }, [{ filename: 'Wards_December_2022_Boundaries_UK_BGC.geojson', content: await readFile(fx('wards-2022-colchester-4.geojson')) }]);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.body, /Boundaries imported/);
  assert.match(res.body, /4 wards \(2022, WD22CD\) kept of 4/);
  const rows = await t.db.query<{ code: string; name: string; vintage: string; layer: string; lad_code: string }>('SELECT code, name, vintage, layer, lad_code FROM boundaries ORDER BY code');
  assert.deepEqual(rows.map((r) => r.code), WARDS_4);
  assert.deepEqual(rows.map((r) => r.name), ['Castle', 'Highwoods', 'New Town and Christ Church', 'Prettygate']);
  assert.ok(rows.every((r) => r.vintage === 'WD22' && r.layer === 'wards' && r.lad_code === 'E07000071'));
  const [imp] = await t.db.query<{ source_file: string; resolution: string; features_read: number; features_kept: number; bytes_read: number; bytes_stored: number; imported_by: string }>('SELECT * FROM boundary_imports');
  assert.equal(imp!.source_file, 'Wards_December_2022_Boundaries_UK_BGC.geojson');
  assert.equal(imp!.resolution, 'BGC');
  assert.deepEqual([imp!.features_read, imp!.features_kept], [4, 4]);
  assert.ok(imp!.bytes_stored > 0 && imp!.bytes_stored < imp!.bytes_read, `${imp!.bytes_stored} < ${imp!.bytes_read}`);
  assert.equal(imp!.imported_by, 'Chris Coordinator');

  // The map now draws the four imported wards, not the demo's seventeen.
  const page = await coordinator.get('/p/scp/assessment');
  assert.equal(page.statusCode, 200);
  const figure = /<figure class="app-figure" id="figure-map">([\s\S]*?)<\/figure>/.exec(page.body)![1]!;
  assert.equal(figure.match(/<path /g)?.length, 4);
  const key = /<ol class="govuk-list govuk-list--number app-map-key"[^>]*>([\s\S]*?)<\/ol>/.exec(page.body)![1]!;
  assert.deepEqual([...key.matchAll(/>([^<]+)<\/a>/g)].map((m) => m[1]), ['Castle', 'Highwoods', 'New Town and Christ Church', 'Prettygate']);
  // So does the assessment report's ward map.
  const preview = await coordinator.get('/p/scp/documents/assessment/2023-24/preview');
  assert.equal(preview.statusCode, 200);
  const reportMap = /<svg[^>]*aria-labelledby="map-wards-title[\s\S]*?<\/svg>/.exec(preview.body)?.[0] ?? '';
  assert.equal(reportMap.match(/<path /g)?.length, 4, 'the report draws the four imported wards');
  const list = await coordinator.get('/p/scp/assessment/boundaries');
  assert.match(list.body, /4 wards \(2022, WD22CD\)/);
  assert.match(list.body, /Wards_December_2022_Boundaries_UK_BGC\.geojson/);
});

test('the command line imports LSOAs for the partnership, and a district without boundaries has no map', async () => {
  const out = await runBoundariesCommand(t.services, [fx('lsoa-2021-colchester-3.geojson'), '--partnership', 'scp'], async () => scp);
  assert.match(out, /lsoa-2021-colchester-3\.geojson: LSOAs \(2021, LSOA21CD\), resolution not stated; 3 of 3 areas kept/);
  const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM boundaries WHERE layer = 'lsoa21' AND vintage = 'LSOA21'`);
  assert.equal(n!.n, 3);
  await assert.rejects(runBoundariesCommand(t.services, [fx('lsoa-2021-colchester-3.geojson'), '--vintage', 'WD99X'], async () => scp), /--vintage must be/);
  assert.equal(await wardRateMap(['E07000072'], 'Epping Forest', [], t.services.boundaries.wards), null);
});

interface Upload { filename: string; content: Buffer }
/** Open the page (for its CSRF token) and post a multipart form built by hand. */
async function post(agent: Agent, fields: Record<string, string>, files: Upload[]) {
  await agent.get('/p/scp/assessment/boundaries');
  const boundary = `----csp-hub-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: agent.csrfToken(), ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return t.app.inject({ method: 'POST', url: '/p/scp/assessment/boundaries', payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: agent['cookieHeader']() } });
}
