// The help directory through HTTP on the demo partnership: the public pages (emergency numbers, the
// kinds of help, the quick-exit button where it belongs, the reporting centres), the coordinator's
// add / edit / remove with their refusals, drafts kept off every public page and the API, and who may
// change it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, Agent, DEMO_PASSWORD } from '../../../test/helpers.ts';
import { QUICK_EXIT_URL } from './categories.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let coordinator: Agent;
before(async () => {
  t = await testApp();
  coordinator = await new Agent(t.app).signIn('coordinator@demo.csp-hub.test', DEMO_PASSWORD);
});
after(async () => { await t?.close(); });

const anon = () => new Agent(t.app);
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const entryFields = (over: Record<string, string | string[]> = {}) => ({
  kind: 'support_service', name: 'Test Advice Line', helpsWith: 'Advice', whoFor: '', phone: '01206 000000', website: 'https://example.org/help',
  openingHours: '', address: '', categories: ['domestic-abuse'], version: '', ...over,
});
const auditOf = async (id: number) => (await t.db.query<{ action: string; summary: string }>(
  "SELECT action, summary FROM audit_log WHERE record_type = 'help_service' AND record_id = $1 ORDER BY id", [id]));

test('the public help pages: emergency numbers, the kinds of help with their counts, and the demo services as the papers give them', async () => {
  const home = await anon().get('/p/scp/help');
  assert.equal(home.statusCode, 200);
  const html = decode(home.body);
  assert.match(html, /href="tel:999">999<\/a>/);
  assert.match(html, /href="tel:101">101<\/a>/);
  assert.match(html, /Domestic abuse<\/a>\s*<span class="govuk-body-s">\(1 service or place\)/);
  assert.match(html, /Hate crime<\/a>\s*<span class="govuk-body-s">\(8 services and places\)/, 'six reporting centres, Victim Support and Project Omnis');
  assert.doesNotMatch(html, /govuk-exit-this-page/, 'no quick exit on the general page');

  const da = decode((await anon().get('/p/scp/help/domestic-abuse')).body);
  assert.match(da, /Next Chapter<\/a>/);
  assert.match(da, new RegExp(`class="govuk-exit-this-page"[\\s\\S]*?href="${QUICK_EXIT_URL.replace(/[/.]/g, '\\$&')}"`), 'the quick exit is a plain link to a neutral page');
  assert.match(da, /Leave this site quickly/);
  assert.doesNotMatch(decode((await anon().get('/p/scp/help/hate-crime')).body), /govuk-exit-this-page/);

  const nextChapter = (await t.services.help.published({ id: (await t.services.partnerships.bySlug('scp')).id })).find((e) => e.name === 'Next Chapter')!;
  const page = decode((await anon().get(`/p/scp/help/services/${nextChapter.id}`)).body);
  assert.match(page, /govuk-exit-this-page/, 'a domestic-abuse service’s own page has the quick exit too');
  assert.match(page, /Phone\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not recorded/, 'no phone number is made up');

  const report = decode((await anon().get('/p/scp/help/report')).body);
  const centres = report.slice(report.indexOf('id="reporting-centres"'), report.indexOf('id="safe-places"'));
  for (const name of ['Colchester Library', 'University of Essex', 'Community 360', 'Job Centre', 'Colchester Refugee Action', 'Firstsite']) assert.match(centres, new RegExp(`>${name}</a>`));
  assert.equal(centres.match(/<li>/g)?.length, 6);
  assert.match(report.slice(report.indexOf('id="safe-places"')), /Project Omnis<\/a>/);
  assert.equal((await anon().get('/p/scp/help/not-a-category')).statusCode, 404);
  assert.equal((await anon().get('/p/scp/help/services/999999')).statusCode, 404);
});

test('the API lists the published directory in its one shape', async () => {
  const res = await anon().get('/api/v1/public/partnerships/scp/services');
  assert.equal(res.statusCode, 200);
  const { services } = res.json() as { services: { name: string; categories: string[]; phone: string | null; kind: string; html: string }[] };
  assert.equal(services.length, 11);
  const crimestoppers = services.find((s) => s.name === 'Crimestoppers')!;
  assert.deepEqual([crimestoppers.phone, crimestoppers.kind, crimestoppers.categories], ['0800 555 111', 'support_service', ['reporting-crime']]);
  assert.equal(services.find((s) => s.name === 'Next Chapter')!.phone, null);
  assert.match(crimestoppers.html, /^\/p\/scp\/help\/services\/\d+$/);
  assert.equal((await anon().get('/api/v1/public/partnerships/nowhere/services')).statusCode, 404);
  const doc = (await anon().get('/api/openapi.json')).json() as { paths: Record<string, unknown> };
  assert.ok(doc.paths['/api/v1/public/partnerships/{slug}/services'], 'in the OpenAPI document');
});

test('only coordinators change the directory; others are refused and a stranger is sent to sign in', async () => {
  const res = await anon().get('/p/scp/admin/help');
  assert.equal(res.statusCode, 303);
  const viewer = await new Agent(t.app).signIn('viewer@demo.csp-hub.test', DEMO_PASSWORD);
  for (const url of ['/p/scp/admin/help', '/p/scp/admin/help/new']) assert.equal((await viewer.get(url)).statusCode, 403);
  assert.match((await viewer.get('/p/scp/admin/help')).body, /Only the partnership’s coordinators can change the help directory/);
});

test('adding refuses bad details field by field and keeps what was typed; a draft stays off the public pages until published', async () => {
  const before = (await t.services.help.all({ id: (await t.services.partnerships.bySlug('scp')).id }, { userId: null, role: 'admin', organisationId: null })).length;
  const bad = await coordinator.post('/p/scp/admin/help', entryFields({ name: ' ', kind: 'nonsense', phone: 'call us', website: 'example.org', categories: [] }), '/p/scp/admin/help/new');
  assert.equal(bad.statusCode, 400);
  const html = decode(bad.body);
  for (const m of ['Enter the name of the service or place', 'Select what kind of place or service this is', 'Enter the phone number in digits',
    'Enter the website’s full address, starting with https://', 'Select at least one kind of help']) assert.ok(html.includes(m), m);
  assert.match(html, /value="call us"/, 'the typed phone is kept');
  const tooLong = await coordinator.post('/p/scp/admin/help', entryFields({ helpsWith: 'x'.repeat(2001) }), '/p/scp/admin/help/new');
  assert.match(decode(tooLong.body), /What it helps with must be 2000 characters or fewer/);
  const dup = await coordinator.post('/p/scp/admin/help', entryFields({ name: 'next chapter' }), '/p/scp/admin/help/new');
  assert.match(decode(dup.body), /already has an entry called next chapter/);
  const scp = await t.services.partnerships.bySlug('scp');
  const system = { userId: null, role: 'admin' as const, organisationId: null };
  assert.equal((await t.services.help.all(scp, system)).length, before, 'nothing stored by a refused form');

  const added = await coordinator.post('/p/scp/admin/help', entryFields({ draft: 'yes' }), '/p/scp/admin/help/new');
  assert.equal(added.statusCode, 303);
  assert.equal(added.headers.location, '/p/scp/admin/help?saved=added');
  const entry = (await t.services.help.all(scp, system)).find((e) => e.name === 'Test Advice Line')!;
  assert.equal(entry.published, false);
  assert.doesNotMatch((await anon().get('/p/scp/help/domestic-abuse')).body, /Test Advice Line/);
  assert.equal((await anon().get(`/p/scp/help/services/${entry.id}`)).statusCode, 404);
  assert.ok(!(await anon().get('/api/v1/public/partnerships/scp/services')).body.includes('Test Advice Line'));
  assert.match((await coordinator.get('/p/scp/admin/help')).body, /Test Advice Line <strong class="govuk-tag govuk-tag--grey">\s*Draft/);

  const published = await coordinator.post(`/p/scp/admin/help/${entry.id}`, entryFields({ version: String(entry.version) }), `/p/scp/admin/help/${entry.id}/edit`);
  assert.equal(published.statusCode, 303);
  assert.match((await anon().get('/p/scp/help/domestic-abuse')).body, /Test Advice Line/);

  // A form opened before that save is refused with the saved version shown; what was typed is kept.
  const stale = await coordinator.post(`/p/scp/admin/help/${entry.id}`, entryFields({ version: String(entry.version), phone: '01206 111111' }), `/p/scp/admin/help/${entry.id}/edit`);
  assert.equal(stale.statusCode, 409);
  assert.match(decode(stale.body), /Someone else saved this directory entry after you opened it/);
  assert.match(stale.body, /value="01206 111111"/);
  assert.equal((await t.services.help.entry(scp, entry.id, system)).phone, '01206 000000');

  const removed = await coordinator.post(`/p/scp/admin/help/${entry.id}/remove`, {}, `/p/scp/admin/help/${entry.id}/remove`);
  assert.equal(removed.statusCode, 303);
  assert.equal((await anon().get(`/p/scp/help/services/${entry.id}`)).statusCode, 404);
  assert.deepEqual((await auditOf(entry.id)).map((a) => a.action), ['create', 'update', 'delete']);
  assert.equal((await coordinator.get(`/p/scp/admin/help/${entry.id}/edit`)).statusCode, 404);
});
