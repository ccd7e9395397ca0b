// The logo and the glossary through HTTP on the demo partnership: uploads of good and bad files (the
// old logo kept), the public address, the plan document carrying the logo, the glossary's entries
// added, edited and removed with their checks, and who may do any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { testApp, Agent, DEMO_PASSWORD } from '../../../../test/helpers.ts';
import { gif, jpegBaseline, jpegProgressive, pngOf } from '../../../../test/logos.ts';
import { ANONYMOUS } from '../../../platform/auth/actor.ts';

let t: Awaited<ReturnType<typeof testApp>>;
before(async () => { t = await testApp(); });
after(async () => { await t?.close(); });

// Sign-in is rate limited, so each account signs in once per file.
const agents = new Map<string, Agent>();
async function signedIn(who: string) {
  if (!agents.has(who)) agents.set(who, await new Agent(t.app).signIn(`${who}@demo.csp-hub.test`, DEMO_PASSWORD));
  return agents.get(who)!;
}
const PUBLIC = ANONYMOUS;
const scp = () => t.services.partnerships.bySlug('scp');
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** The logo form sent as multipart/form-data by hand: its CSRF token, the description, then the file (if any). */
async function upload(agent: Agent, file: { name: string; type: string; content: Buffer } | null, alt = '') {
  const page = await agent.get('/p/scp/admin/logo');
  assert.equal(page.statusCode, 200);
  const boundary = `----logo-${randomBytes(6).toString('hex')}`;
  const field = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const payload = Buffer.concat([
    field('_csrf', agent.csrfToken()), field('alt', alt),
    ...(file ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n')] : []),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: '/p/scp/admin/logo', payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: (agent as unknown as { cookieHeader(): string }).cookieHeader() } });
}

const storedLogo = async () => (await t.db.query<{ sha256: string; type: string; width: number; height: number; alt: string }>(
  'SELECT sha256, type, width, height, alt FROM partnership_logos p JOIN partnerships s ON s.id = p.partnership_id WHERE s.slug = $1', ['scp']))[0];
const auditSummaries = async (recordType: string) => (await t.db.query<{ summary: string }>(
  'SELECT summary FROM audit_log WHERE record_type = $1 ORDER BY id', [recordType])).map((r) => r.summary);

test('only coordinators and administrators reach the logo and glossary pages; a refused upload stores nothing', async () => {
  const anon = new Agent(t.app);
  const res = await anon.get('/p/scp/admin/logo');
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/sign-in/);
  for (const who of ['viewer', 'police', 'analyst', 'councillor']) {
    const agent = await signedIn(who);
    for (const url of ['/p/scp/admin/logo', '/p/scp/admin/logo/remove', '/p/scp/admin/glossary', '/p/scp/admin/glossary/new']) {
      assert.equal((await agent.get(url)).statusCode, 403, `${who} refused ${url}`);
    }
  }
  // The viewer's multipart POST is refused before its file is read (its token from a page it may see).
  const viewer = await signedIn('viewer');
  await viewer.get('/p/scp');
  const boundary = '----refused';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${viewer.csrfToken()}\r\n--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`),
    pngOf(20, 10), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const refused = await t.app.inject({ method: 'POST', url: '/p/scp/admin/logo', payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: (viewer as unknown as { cookieHeader(): string }).cookieHeader() } });
  assert.equal(refused.statusCode, 403);
  assert.equal(await storedLogo(), undefined);
  const viewerPost = await viewer.post('/p/scp/admin/glossary', { term: 'XYZ', meaning: 'Not allowed' }, '/p/scp');
  assert.equal(viewerPost.statusCode, 403);
  assert.deepEqual((await t.services.partnerships.glossary(await scp())).filter((g) => g.term === 'XYZ'), []);

  const admin = await signedIn('admin');
  const index = await admin.get('/p/scp/admin');
  assert.match(index.body, /href="\/p\/scp\/admin\/logo"/);
  assert.match(index.body, /href="\/p\/scp\/admin\/glossary"/);
});

test('an administrator uploads a PNG: shown on the page, served publicly as uploaded, carried by the plan document', async () => {
  const p = await scp();
  assert.equal(await t.services.partnerships.logo(p), undefined);
  assert.equal((await new Agent(t.app).get('/p/scp/logo')).statusCode, 404, 'no logo yet');
  assert.equal((await t.services.plans.document(p, 2022, PUBLIC)).logo, undefined);

  const admin = await signedIn('admin');
  const png = pngOf(300, 100);
  const res = await upload(admin, { name: 'scp.png', type: 'image/png', content: png }, 'Safer Colchester Partnership');
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const page = await admin.get(String(res.headers.location));
  assert.match(page.body, /Logo saved/);
  assert.match(page.body, /PNG, 300 × 100 pixels/);
  const img = /<img src="([^"]+)" alt="([^"]+)" width="(\d+)" height="(\d+)">/.exec(page.body);
  assert.ok(img, 'the page shows the logo');
  assert.equal(img[2], 'Safer Colchester Partnership');
  assert.deepEqual([img[3], img[4]], ['300', '100'], 'shown in proportion');

  // The partnership's public home shows it too, at the same address.
  const home = await new Agent(t.app).get('/p/scp');
  assert.ok(home.body.includes(`<img src="${img[1]}" alt="Safer Colchester Partnership" width="300" height="100">`), 'the public home shows the logo');

  // Public: the same bytes, under its media type, for anyone.
  const served = await new Agent(t.app).get(decode(img[1]!));
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'image/png');
  assert.ok(served.rawPayload.equals(png), 'the bytes uploaded');

  const logo = await t.services.partnerships.logo(p);
  assert.deepEqual({ ...logo, data: undefined }, { data: undefined, type: 'png', alt: 'Safer Colchester Partnership', width: 300, height: 100 });
  assert.ok(Buffer.from(logo!.data).equals(png));
  const doc = await t.services.plans.document(p, 2022, PUBLIC);
  assert.equal(doc.logo?.width, 300);
  assert.ok(Buffer.from(doc.logo!.data).equals(png), 'the plan document carries it');
  assert.deepEqual(await auditSummaries('partnership').then((s) => s.filter((x) => /Logo/.test(x))), ['Logo added']);
});

test('bad files get a clear message and the logo already kept stays', async () => {
  const admin = await signedIn('admin');
  const before = await storedLogo();
  assert.ok(before, 'the PNG of the test before');
  const cases: { file: Parameters<typeof upload>[1]; status: number; message: RegExp }[] = [
    { file: { name: 'logo.png', type: 'image/png', content: gif() }, status: 400, message: /The logo must be a PNG or JPEG file/ },
    { file: { name: 'logo.jpg', type: 'image/jpeg', content: Buffer.from('not an image at all') }, status: 400, message: /The logo must be a PNG or JPEG file/ },
    { file: { name: 'huge.png', type: 'image/png', content: pngOf(200, 100, { noise: 1_100_000 }) }, status: 413, message: /The logo must be smaller than 1 MB/ },
    { file: { name: 'banner.png', type: 'image/png', content: pngOf(5000, 10) }, status: 400, message: /at most 4000 pixels wide and 4000 pixels high \(this one is 5000 by 10\)/ },
    { file: null, status: 400, message: /Select a PNG or JPEG file of the logo/ },
  ];
  for (const c of cases) {
    const res = await upload(admin, c.file, 'Kept description');
    assert.equal(res.statusCode, c.status, c.file?.name ?? 'no file');
    const body = decode(res.body);
    assert.match(body, /There is a problem/);
    assert.match(body, c.message);
    assert.match(body, /href="#logo"/, 'the summary links to the file field');
    assert.match(body, /value="Kept description"/, 'the typed description is kept');
    assert.doesNotMatch(body, /at [\w.]+ \(|node_modules/, 'no stack trace');
    assert.deepEqual(await storedLogo(), before, 'the old logo is kept');
  }
  const long = await upload(admin, { name: 'logo.png', type: 'image/png', content: pngOf(30, 10) }, 'x'.repeat(151));
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /The description must be 150 characters or fewer/);
  assert.deepEqual(await storedLogo(), before);
});

test('a coordinator replaces the logo with a JPEG, then removes it', async () => {
  const coordinator = await signedIn('coordinator');
  const jpeg = jpegBaseline();
  const res = await upload(coordinator, { name: 'logo.jpeg', type: 'image/jpeg', content: jpeg });
  assert.equal(res.statusCode, 303);
  assert.deepEqual({ ...await storedLogo(), sha256: undefined }, { sha256: undefined, type: 'jpg', width: 160, height: 48, alt: 'Safer Colchester Partnership logo' },
    'no description typed: the partnership’s name');
  const page = await coordinator.get('/p/scp/admin/logo');
  assert.match(page.body, /JPEG, 160 × 48 pixels/);
  const served = await new Agent(t.app).get('/p/scp/logo');
  assert.equal(served.headers['content-type'], 'image/jpeg');
  assert.ok(served.rawPayload.equals(jpeg));

  const progressive = await upload(coordinator, { name: 'logo.jpg', type: 'image/jpeg', content: jpegProgressive() });
  assert.equal(progressive.statusCode, 303);
  assert.equal((await storedLogo())?.width, 90);

  const confirm = await coordinator.get('/p/scp/admin/logo/remove');
  assert.match(confirm.body, /Remove the logo\?/);
  const removed = await coordinator.post('/p/scp/admin/logo/remove', {}, '/p/scp/admin/logo/remove');
  assert.equal(removed.statusCode, 303);
  assert.match((await coordinator.get(String(removed.headers.location))).body, /Logo removed/);
  assert.equal(await storedLogo(), undefined);
  assert.equal((await new Agent(t.app).get('/p/scp/logo')).statusCode, 404);
  assert.doesNotMatch((await new Agent(t.app).get('/p/scp')).body, /\/p\/scp\/logo/, 'the home shows no logo');
  assert.equal((await t.services.plans.document(await scp(), 2022, PUBLIC)).logo, undefined);
  assert.deepEqual((await auditSummaries('partnership')).filter((x) => /Logo/.test(x)), ['Logo added', 'Logo replaced', 'Logo replaced', 'Logo removed']);
});

test('the demo glossary holds the seed’s acronyms, in term order', async () => {
  const glossary = await t.services.partnerships.glossary(await scp());
  assert.equal(glossary.length, 26);
  assert.deepEqual(glossary.find((g) => g.term === 'ECFRS'), { term: 'ECFRS', meaning: 'Essex County Fire and Rescue Service' });
  assert.deepEqual(glossary.find((g) => g.term === 'ASB'), { term: 'ASB', meaning: 'anti-social behaviour' });
  const terms = glossary.map((g) => g.term);
  assert.deepEqual(terms, [...terms].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  const page = await (await signedIn('coordinator')).get('/p/scp/admin/glossary');
  assert.match(page.body, /26 terms/);
  assert.match(page.body, /<th scope="row" class="govuk-table__header">ECFRS<\/th>\s*<td class="govuk-table__cell">Essex County Fire and Rescue Service<\/td>/);
});

test('a coordinator adds a term; blank, too long or repeated terms are refused with what was typed kept', async () => {
  const coordinator = await signedIn('coordinator');
  const count = async () => (await t.services.partnerships.glossary(await scp())).length;
  const n = await count();
  const added = await coordinator.post('/p/scp/admin/glossary', { term: '  VAWG ', meaning: 'violence against  women and girls' }, '/p/scp/admin/glossary/new');
  assert.equal(added.statusCode, 303);
  assert.match((await coordinator.get(String(added.headers.location))).body, /Term added/);
  assert.deepEqual((await t.services.partnerships.glossary(await scp())).find((g) => g.term === 'VAWG'), { term: 'VAWG', meaning: 'violence against women and girls' });
  assert.equal(await count(), n + 1);

  const refusals: [Record<string, string>, RegExp[]][] = [
    [{ term: '', meaning: ' ' }, [/Enter the term, for example ASB/, /Enter what the term means/]],
    [{ term: 'asb', meaning: 'anything' }, [/The glossary already has ASB: edit that entry instead/]],
    [{ term: 'T'.repeat(31), meaning: 'Too long a term' }, [/The term must be 30 characters or fewer/]],
    [{ term: 'LONG', meaning: 'm'.repeat(201) }, [/The meaning must be 200 characters or fewer/]],
  ];
  for (const [form, messages] of refusals) {
    const res = await coordinator.post('/p/scp/admin/glossary', form, '/p/scp/admin/glossary/new');
    assert.equal(res.statusCode, 400, JSON.stringify(form));
    for (const m of messages) assert.match(res.body, m);
    if (form.term) assert.ok(res.body.includes(`value="${form.term}"`), 'the typed term is kept');
  }
  assert.equal(await count(), n + 1, 'nothing more was added');
});

test('a coordinator edits a term, is told when someone saved first, and removes it', async () => {
  const coordinator = await signedIn('coordinator');
  const [row] = await t.db.query<{ id: number; version: number }>(`SELECT id, version FROM glossary_terms WHERE term = 'VAWG'`);
  const edit = await coordinator.get(`/p/scp/admin/glossary/${row!.id}/edit`);
  assert.match(edit.body, /Edit VAWG/);
  const saved = await coordinator.post(`/p/scp/admin/glossary/${row!.id}`, { term: 'VAWG', meaning: 'violence against women and girls (VAWG)', version: String(row!.version) },
    `/p/scp/admin/glossary/${row!.id}/edit`);
  assert.equal(saved.statusCode, 303);
  // The form of the version before: someone else saved since.
  const stale = await coordinator.post(`/p/scp/admin/glossary/${row!.id}`, { term: 'VAWG', meaning: 'an older wording', version: String(row!.version) },
    `/p/scp/admin/glossary/${row!.id}/edit`);
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Someone else saved this entry after you opened it/);
  assert.match(stale.body, /violence against women and girls \(VAWG\)/, 'their version is shown');
  assert.match(stale.body, /value="an older wording"/, 'yours is kept in the form');
  // Renaming onto an existing term is refused.
  const clash = await coordinator.post(`/p/scp/admin/glossary/${row!.id}`, { term: 'Asb', meaning: 'x', version: String(row!.version + 1) }, `/p/scp/admin/glossary/${row!.id}/edit`);
  assert.equal(clash.statusCode, 400);
  assert.match(clash.body, /The glossary already has ASB/);
  assert.deepEqual((await t.services.partnerships.glossary(await scp())).find((g) => g.term === 'VAWG')?.meaning, 'violence against women and girls (VAWG)');

  assert.match((await coordinator.get(`/p/scp/admin/glossary/${row!.id}/remove`)).body, /Remove VAWG from the glossary\?/);
  const removed = await coordinator.post(`/p/scp/admin/glossary/${row!.id}/remove`, {}, `/p/scp/admin/glossary/${row!.id}/remove`);
  assert.equal(removed.statusCode, 303);
  assert.equal((await t.services.partnerships.glossary(await scp())).some((g) => g.term === 'VAWG'), false);
  assert.equal((await coordinator.get(`/p/scp/admin/glossary/${row!.id}/edit`)).statusCode, 404);
  assert.equal((await coordinator.get('/p/scp/admin/glossary/99999/remove')).statusCode, 404);
  assert.deepEqual(await auditSummaries('glossary_term').then((s) => s.filter((x) => /VAWG/.test(x))),
    ['Added VAWG to the glossary', 'Changed VAWG in the glossary', 'Removed VAWG from the glossary']);
});
